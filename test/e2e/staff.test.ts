import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_REQUIRED, browserMissing, launchBrowser, type LaunchedBrowser } from './support/browser.ts';
import { rawKeys } from './support/page-checks.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { inLanguage, settled, signIn } from './support/session.ts';
import { makeWorld, ORG, startDemoCase, type World } from './support/world.ts';
import { addRequirement } from '../../src/staff/certification/repo.ts';

/**
 * The staff pages in headless Chromium (light: one pass through each tab): the manager studies
 * the advisor's steps of the demo SOP and hands in the quiz; computes the month's appraisal and
 * scores and signs the technician's sheet. The database is checked after each.
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

  it('the inbox says why a claim is refused for want of a certificate', async () => {
    await addRequirement(world.db, { id: 'rq-e2e', orgId: ORG, processKey: 'car-service', node: null, role: 'advisor', certType: 'reception' }, Date.now());
    await startDemoCase(world, Date.now() - 60_000, 0, 'dalian');
    const ctx = await inLanguage(await chrome.context({ locale: 'zh-CN' }), 'zh-CN');
    const page = await ctx.newPage();
    await signIn(page, server.url, 'advisor');
    await settled(page);
    await page.getByRole('tab', { name: /岗位队列/ }).click();
    await page.getByRole('button', { name: '领取' }).first().click();
    await page.getByText('这一步需要有效的上岗证').waitFor();
    expect(page.url()).toMatch(/\/inbox$/);
    await ctx.close();
  }, 120_000);
});
