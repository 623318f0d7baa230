import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_REQUIRED, browserMissing, launchBrowser, type LaunchedBrowser } from './support/browser.ts';
import { chineseOnEnglishPage, englishOnChinesePage, rawKeys, seriousViolations } from './support/page-checks.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { inLanguage, settled, signIn } from './support/session.ts';
import { makeWorld, ORG, startDemoCase, type World } from './support/world.ts';
import { addRequirement } from '../../src/staff/certification/repo.ts';

/**
 * The staff pages in headless Chromium (light: one pass through each tab): the manager studies
 * the advisor's steps of the demo SOP and hands in the quiz; computes the month's appraisal and
 * scores and signs the technician's sheet; records practical sign-offs and writes, edits and
 * sees their own quiz questions in the quiz (zh and en); an advisor without the certificate a
 * step needs is told which one and how to get it. The database is checked after each.
 */
const missing = browserMissing();
if (missing && !BROWSER_REQUIRED) console.warn(`\n[servflow browser tests] SKIPPED: ${missing}\n`);

describe.runIf(missing === undefined || BROWSER_REQUIRED)('staff pages in Chromium', () => {
  let world: World;
  let server: RunningServer;
  let chrome: LaunchedBrowser;

  beforeAll(async () => {
    if (missing) throw new Error(`SERVFLOW_REQUIRE_BROWSER=1 but ${missing}`);
    world = await makeWorld();
    server = await startServer(world);
    chrome = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  it('study page and quiz, then the appraisal sheet scored and signed', async () => {
    const ctx = await inLanguage(await chrome.context({ locale: 'zh-CN' }), 'zh-CN');
    const page = await ctx.newPage();
    await signIn(page, server.url, 'manager');
    await page.getByRole('menuitem', { name: '员工' }).click();
    await page.waitForURL(/\/staff/);
    await settled(page);

    await page.getByRole('combobox', { name: '流程' }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '汽车保养服务' }).click();
    await page.getByRole('combobox', { name: '岗位' }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '服务顾问' }).click();
    await page.getByText('学习内容（第 1 版）：').waitFor();
    await page.getByRole('button', { name: '开始测验' }).click();
    const questions = page.locator('[data-question]');
    await questions.first().waitFor();
    const n = await questions.count();
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) await questions.nth(i).locator('.ant-radio-wrapper').first().click();
    await page.getByRole('button', { name: '交卷' }).click();
    await page.locator('[data-quiz-result]').waitFor();
    const attempt = await world.db.query<{ staff_id: string; total: number }>(`SELECT staff_id, total FROM staff_quiz_attempts`);
    expect(attempt.rows).toEqual([{ staff_id: 'manager', total: n }]);
    expect(await rawKeys(page)).toEqual([]);

    await page.getByRole('tab', { name: '考核' }).click();
    await page.getByRole('button', { name: '计算本月考核' }).click();
    await page.getByRole('button', { name: '李师傅 (tech)' }).click();
    const sheet = page.locator('[data-sheet]');
    await sheet.getByText('员工考核表').waitFor();
    await sheet.getByRole('spinbutton', { name: '主管评分（0–10）' }).fill('8');
    await sheet.getByRole('button', { name: '保存评分' }).click();
    await sheet.getByText('8', { exact: true }).first().waitFor();
    await sheet.getByRole('button', { name: '签核' }).click();
    await sheet.getByText(/manager 于 .* 签核/).waitFor();
    const row = await world.db.query<{ status: string; supervisor_score: string; signed_by: string }>(`SELECT status, supervisor_score, signed_by FROM staff_appraisals WHERE staff_id = 'tech'`);
    expect(row.rows.map((r) => [r.status, Number(r.supervisor_score), r.signed_by])).toEqual([['signed', 8, 'manager']]);
    const audit = await world.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE action LIKE 'appraisal.%' ORDER BY seq`);
    expect(audit.rows.map((r) => r.action)).toEqual(['appraisal.compute', 'appraisal.score', 'appraisal.sign']);
    await page.getByRole('heading', { name: '按岗位汇总' }).waitFor();
    await page.getByRole('cell', { name: 'dalian:technician', exact: true }).waitFor();
    expect(await rawKeys(page)).toEqual([]);
    await ctx.close();
  }, 180_000);

  it('a manager records a practical sign-off and writes a question that then appears in the quiz (zh, then en)', async () => {
    const runs = [
      { locale: 'zh-CN', process: '汽车保养服务', post: '服务顾问', skill: 'reception', assessor: 'tech', passed: '合格', note: '递送托盘平稳', prompt: '客户到店第一件事是什么？', options: ['问候并引导', '先看手机'], edited: '客户到店后第一件事是什么？' },
      { locale: 'en-US', process: 'Car service', post: 'Service advisor', skill: 'handover', assessor: '', passed: 'Not passed', note: 'spilled the tea', prompt: 'What comes first when a customer arrives?', options: ['Greet them', 'Check the phone'], edited: 'What do you do first when a customer arrives?' },
    ] as const;
    for (const r of runs) {
      const zh = r.locale === 'zh-CN';
      const ctx = await inLanguage(await chrome.context({ locale: r.locale }), r.locale);
      const page = await ctx.newPage();
      await signIn(page, server.url, 'manager');
      await page.goto(`${server.url}/staff?tab=training`);
      await settled(page);
      await page.getByRole('combobox', { name: zh ? '流程' : 'Process' }).click();
      await page.locator('.ant-select-item-option').filter({ hasText: r.process }).click();
      await page.getByRole('combobox', { name: zh ? '岗位' : 'Post' }).click();
      await page.locator('.ant-select-item-option').filter({ hasText: r.post }).click();

      // The practical sign-off: who, which skill or step, assessor, result, note; the list shows it.
      const signoffs = page.locator('[data-signoffs]');
      await signoffs.waitFor();
      await signoffs.getByLabel(zh ? '员工工号' : 'Staff id').fill('advisor');
      await signoffs.getByLabel(zh ? '技能或步骤' : 'Skill or step').fill(r.skill);
      await page.keyboard.press('Escape'); // close the step suggestions
      if (r.assessor) await signoffs.getByLabel(zh ? '考核人' : 'Assessor').fill(r.assessor);
      await signoffs.getByLabel(r.passed, { exact: true }).check();
      await signoffs.getByLabel(zh ? '备注' : 'Note').fill(r.note);
      await signoffs.getByRole('button', { name: zh ? '记录签核' : 'Record the sign-off' }).click();
      await signoffs.getByRole('row').filter({ hasText: r.note }).waitFor();
      const signed = await world.db.query<{ node: string; passed: boolean; assessor_id: string | null; signed_by: string; note: string }>(`SELECT node, passed, assessor_id, signed_by, note FROM staff_practical_signoffs WHERE note = $1`, [r.note]);
      expect(signed.rows).toEqual([{ node: r.skill, passed: zh, assessor_id: r.assessor || null, signed_by: 'manager', note: r.note }]);

      // The manager's own question: added, then seen in the quiz; edited, and the quiz follows.
      const own = page.locator('[data-own-questions]');
      await own.getByLabel(zh ? '题目' : 'Question', { exact: true }).fill(r.prompt);
      await own.getByLabel(zh ? '选项（每行一个，2–6 个）' : 'Options (one per line, 2–6)').fill(r.options.join('\n'));
      await own.getByLabel(zh ? '正确答案' : 'Right answer').click();
      await page.locator('.ant-select-item-option').filter({ hasText: r.options[0] }).click();
      await own.getByRole('button', { name: zh ? '添加题目' : 'Add the question' }).click();
      await own.locator('[data-own-question]').filter({ hasText: r.prompt }).waitFor();
      const stored = await world.db.query<{ id: string; question: { prompt: Record<string, string>; correct: number } }>(`SELECT id, question FROM staff_quiz_questions WHERE question->'prompt'->>$1 = $2`, [zh ? 'zh' : 'en', r.prompt]);
      expect(stored.rows.map((x) => x.question.correct)).toEqual([0]);
      const qid = `custom:${stored.rows[0]!.id}`;
      await page.getByRole('button', { name: zh ? '开始测验' : 'Start the quiz' }).click();
      await page.locator(`[data-question="${qid}"]`).filter({ hasText: r.prompt }).waitFor();
      await page.locator(`[data-question="${qid}"]`).getByText(r.options[1]).waitFor();
      expect(await rawKeys(page)).toEqual([]);
      expect(zh ? await englishOnChinesePage(page) : await chineseOnEnglishPage(page)).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);

      await own.locator('[data-own-question]').filter({ hasText: r.prompt }).getByRole('button', { name: zh ? '编辑' : 'Edit' }).click();
      await own.getByLabel(zh ? '题目' : 'Question', { exact: true }).fill(r.edited);
      await own.getByRole('button', { name: zh ? '保存' : 'Save' }).click();
      await page.locator(`[data-question="${qid}"]`).filter({ hasText: r.edited }).waitFor();
      const audit = await world.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE target_id = $1 ORDER BY seq`, [stored.rows[0]!.id]);
      expect(audit.rows.map((a) => a.action)).toEqual(['training.question', 'training.question.edit']);
      expect(await rawKeys(page)).toEqual([]);
      await ctx.close();
    }
  }, 240_000);

  it('the inbox says which certificate a claim needs and how to get it (zh, then en)', async () => {
    await addRequirement(world.db, { id: 'rq-e2e', orgId: ORG, processKey: 'car-service', node: null, role: 'advisor', certType: 'reception' }, Date.now());
    await startDemoCase(world, Date.now() - 60_000, 0, 'dalian');
    const ctx = await inLanguage(await chrome.context({ locale: 'zh-CN' }), 'zh-CN');
    const page = await ctx.newPage();
    await signIn(page, server.url, 'advisor');
    await settled(page);
    await page.getByRole('tab', { name: /岗位队列/ }).click();
    await page.getByRole('button', { name: '领取' }).first().click();
    const said = page.locator('[data-certificate-required="reception"]');
    await said.waitFor();
    expect(await said.innerText()).toBe('这一步需要“reception”上岗证，您还没有。 取得方法：学习本岗位的步骤并通过测验，请主管签核实操考核，再请店长发证。 去学习');
    expect(page.url()).toMatch(/\/inbox$/);
    expect(await rawKeys(page)).toEqual([]);
    expect(await englishOnChinesePage(page)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    // "Study now" opens the study page of the step's post.
    await said.getByRole('link', { name: '去学习' }).click();
    await page.waitForURL(/\/staff\?tab=training&process=car-service&role=advisor$/);
    await page.getByText('学习内容（第 1 版）：').waitFor();
    await ctx.close();

    const en = await inLanguage(await chrome.context({ locale: 'en-US' }), 'en-US');
    const enPage = await en.newPage();
    await signIn(enPage, server.url, 'advisor');
    await settled(enPage);
    await enPage.getByRole('tab', { name: /queue/i }).click();
    await enPage.getByRole('button', { name: 'Claim' }).first().click();
    const enSaid = enPage.locator('[data-certificate-required="reception"]');
    await enSaid.waitFor();
    expect(await enSaid.innerText()).toContain('This step needs the "reception" certificate, which you do not hold.');
    expect(await enSaid.innerText()).toContain('ask your store manager to issue it');
    expect(await chineseOnEnglishPage(enPage)).toEqual([]);
    expect(await rawKeys(enPage)).toEqual([]);
    await en.close();
  }, 180_000);
});
