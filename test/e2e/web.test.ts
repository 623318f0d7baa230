import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { BROWSER_REQUIRED, browserMissing, launchBrowser, type LaunchedBrowser } from './support/browser.ts';
import { chineseOnEnglishPage, englishOnChinesePage, overflowsSideways, rawKeys, seriousViolations } from './support/page-checks.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { inLanguage, settled, signIn } from './support/session.ts';
import { DEMO_SOP } from './support/demo-sop.ts';
import { makeWorld, seedHistory, seedOpenWork, startDemoCase, type World } from './support/world.ts';

/**
 * The web app in real headless Chromium against a real server (in-memory PGlite): the work a
 * service advisor and a manager do, the languages, accessibility and the phone layout.
 * Skipped with a message when Chromium is missing, unless SERVFLOW_REQUIRE_BROWSER=1 (CI).
 */
const missing = browserMissing();
if (missing && !BROWSER_REQUIRED) console.warn(`\n[servflow browser tests] SKIPPED: ${missing}\n`);

describe.runIf(missing === undefined || BROWSER_REQUIRED)('web app in Chromium', () => {
  let world: World;
  let server: RunningServer;
  let chrome: LaunchedBrowser;
  let base: string;
  const visited: { task?: string; case?: string } = {};

  beforeAll(async () => {
    if (missing) throw new Error(`SERVFLOW_REQUIRE_BROWSER=1 but ${missing}`);
    world = await makeWorld();
    await seedHistory(world, { days: 8, perDay: 2 });
    await seedOpenWork(world, 6, { claimEvery: 3 });
    server = await startServer(world);
    base = server.url;
    chrome = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  async function pageAs(login: string, opts: { locale?: 'zh-CN' | 'en-US'; width?: number; height?: number; mobile?: boolean } = {}): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await inLanguage(await chrome.context({ ...opts, locale: opts.locale ?? 'zh-CN' }), opts.locale ?? 'zh-CN');
    const page = await ctx.newPage();
    await signIn(page, base, login);
    return { ctx, page };
  }

  it('claims a task, fixes a form error and completes it with checklist and signature', async () => {
    const { ctx, page } = await pageAs('advisor');
    await settled(page);
    await page.getByRole('tab', { name: /岗位队列/ }).click();
    const claim = page.getByRole('button', { name: '领取' }).first();
    await claim.click();
    await page.waitForURL(/\/tasks\//);
    visited.task = decodeURIComponent(page.url().split('/tasks/')[1]!);
    await settled(page);
    await expect(page.getByText('您好，欢迎光临！请问今天需要做什么服务？')).toBeTruthy();
    await page.getByText('您好，欢迎光临！请问今天需要做什么服务？').waitFor();

    // Completing with nothing filled in names what is missing, in Chinese.
    await page.getByRole('button', { name: '完成', exact: true }).click();
    await page.getByText('请填写里程（公里）').waitFor();
    await page.getByText(/未达标：套好车辆四件套/).waitFor();

    await page.getByText('套好车辆四件套', { exact: true }).click();
    await page.getByText('与客户一起环车检查', { exact: true }).click();
    await page.locator('#field-mileage').fill('-5');
    await page.locator('#field-concern').fill('保养，左前轮异响');
    await page.getByText('里程（公里）不能小于 0').waitFor();
    await page.locator('#field-mileage').fill('12345');
    await page.locator('#field-signature').scrollIntoViewIfNeeded();
    const pad = await page.locator('#field-signature').boundingBox();
    expect(pad).not.toBeNull();
    await page.mouse.move(pad!.x + 30, pad!.y + 100);
    await page.mouse.down();
    await page.mouse.move(pad!.x + 120, pad!.y + 60, { steps: 8 });
    await page.mouse.move(pad!.x + 220, pad!.y + 120, { steps: 8 });
    await page.mouse.up();
    await page.getByText('已签名').waitFor();
    await page.getByRole('button', { name: '完成', exact: true }).click();
    await page.waitForURL(/\/inbox$/);
    await page.getByText('已完成：接车登记').waitFor();

    const row = (await world.db.query<{ status: string; result: { form: Record<string, unknown>; checklist: { passed: boolean } }; case_id: string }>(`SELECT status, result, case_id FROM tasks WHERE id = $1`, [visited.task])).rows[0]!;
    expect(row.status).toBe('completed');
    expect(row.result.form['mileage']).toBe(12345);
    expect(row.result.form['concern']).toBe('保养，左前轮异响');
    expect(String(row.result.form['signature'])).toMatch(/^data:image\/png;base64,/);
    expect(row.result.checklist.passed).toBe(true);
    visited.case = row.case_id;
    await ctx.close();
  }, 180_000);

  it('shows the case timeline with who did what, and where the case stands on the diagram', async () => {
    const { ctx, page } = await pageAs('advisor');
    await page.goto(`${base}/cases/${encodeURIComponent(visited.case!)}`);
    await settled(page);
    const timeline = page.locator('.ant-timeline');
    await timeline.getByText('接车登记').first().waitFor();
    await expect(timeline.getByText('王顾问').first().isVisible()).resolves.toBe(true);
    await timeline.getByText(/服务标准：达标/).waitFor();
    await timeline.getByText('12,345').waitFor();
    // The diagram marks the inspection as where the case stands now.
    const current = await page.locator('svg[role="img"]').getAttribute('aria-label');
    expect(current).toContain('当前位置：车辆检查');
    await page.getByRole('textbox', { name: '添加备注' }).fill('客户要求下午三点前交车');
    await page.getByRole('button', { name: '添加备注' }).click();
    await timeline.getByText('客户要求下午三点前交车').waitFor();
    await ctx.close();
  }, 120_000);

  it('shows a new task in the inbox as it arrives, without reloading', async () => {
    const { ctx, page } = await pageAs('advisor');
    await settled(page);
    await page.getByRole('tab', { name: /岗位队列/ }).click();
    const countOf = async () => Number(/\((\d+)\)/.exec((await page.getByRole('tab', { name: /岗位队列/ }).textContent()) ?? '')?.[1] ?? '-1');
    const before = await countOf();
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
    await startDemoCase(world, Date.now(), 4242, 'dalian');
    await page.getByText('新任务：接车登记').waitFor({ timeout: 30_000 });
    await page.waitForFunction((n) => /\((\d+)\)/.exec(document.querySelectorAll('[role="tab"]')[1]?.textContent ?? '')?.[1] === String(n + 1), before, { timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    await ctx.close();
  }, 120_000);

  it('publishes an edited SOP version, with the validator\'s problems shown in place first', async () => {
    const { ctx, page } = await pageAs('manager');
    await page.goto(`${base}/library`);
    await settled(page);
    await page.getByRole('link', { name: '汽车保养服务' }).click();
    await settled(page);
    await page.getByRole('button', { name: '编辑' }).click();
    await page.waitForURL(/\/edit/);
    await page.locator('.cm-content').waitFor();
    await page.getByText('校验通过，可以发布').waitFor();
    // Break a role name: the problem is underlined in the editor and listed with its line.
    const v2 = DEMO_SOP.replace('version: 1', 'version: 2');
    await setEditorText(page, v2.replace('role: technician', 'role: technicien'));
    await page.locator('.cm-lintRange-error').first().waitFor();
    await page.getByText(/个问题/).first().waitFor();
    await page.getByRole('button', { name: /第 \d+ 行第 \d+ 列/ }).first().waitFor();
    await setEditorText(page, v2.replace('sla: { due: 30 min, warning: 0.8 }', 'sla: { due: 20 min, warning: 0.8 }'));
    await page.getByText('校验通过，可以发布').waitFor();
    await page.getByRole('button', { name: '发布新版本' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '发布新版本' }).click();
    await page.getByText('已发布第 2 版').waitFor();
    const v = (await world.db.query<{ status: string; source: string }>(`SELECT status, source FROM definitions WHERE key = 'car-service' AND version = 2`)).rows[0];
    expect(v?.status).toBe('published');
    expect(v?.source).toContain('due: 20 min');
    await ctx.close();
  }, 180_000);

  it('drills down from a dashboard number to the cases behind it', async () => {
    const { ctx, page } = await pageAs('manager');
    await page.goto(`${base}/dashboards`);
    await settled(page);
    await page.locator('.sf-kpi-button').first().click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText(/相关案例/).waitFor();
    const links = drawer.locator('tbody a');
    await links.first().waitFor();
    const n = await links.count();
    expect(n).toBeGreaterThan(0);
    await links.first().click();
    await page.waitForURL(/\/cases\//);
    await settled(page);
    await page.locator('.ant-timeline').waitFor();
    // The process map of one process: the arcs mined from the log, each with its cases.
    await page.goto(`${base}/dashboards`);
    await settled(page);
    await page.getByRole('combobox', { name: '流程' }).click();
    await page.locator('.ant-select-item-option').nth(1).click();
    const arcs = page.locator('.sf-map-arcs tbody button');
    await arcs.first().waitFor();
    expect(await page.locator('.sf-map-arcs tbody tr').count()).toBeGreaterThan(1);
    await arcs.first().click();
    const arcDrawer = page.getByRole('dialog');
    await arcDrawer.getByText(/→/).first().waitFor();
    await arcDrawer.locator('a[href^="/cases/"]').first().click();
    await page.waitForURL(/\/cases\//);
    await ctx.close();
  }, 120_000);

  const PAGES = (): { name: string; path: string; who: string }[] => [
    { name: 'inbox', path: '/inbox', who: 'advisor' },
    { name: 'task', path: `/tasks/${encodeURIComponent(visited.task ?? '')}`, who: 'advisor' },
    { name: 'cases', path: '/cases', who: 'manager' },
    { name: 'case', path: `/cases/${encodeURIComponent(visited.case ?? '')}`, who: 'manager' },
    { name: 'dashboards', path: '/dashboards', who: 'manager' },
    { name: 'library', path: '/library', who: 'manager' },
    { name: 'sop', path: '/library/car-service', who: 'manager' },
    { name: 'sop editor', path: '/library/car-service/edit', who: 'manager' },
  ];

  for (const locale of ['en-US', 'zh-CN'] as const) {
    it(`shows every page in ${locale} only, with no missing key and no serious accessibility violation`, async () => {
      const problems: string[] = [];
      const check = async (page: Page, name: string) => {
        const wrong = locale === 'en-US' ? await chineseOnEnglishPage(page) : await englishOnChinesePage(page);
        if (wrong.length > 0) problems.push(`${name}: other-language text ${JSON.stringify(wrong.slice(0, 8))}`);
        const keys = await rawKeys(page);
        if (keys.length > 0) problems.push(`${name}: raw keys ${keys.join(', ')}`);
        const axe = await seriousViolations(page);
        for (const v of axe) problems.push(`${name}: axe ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(' | ')}`);
      };
      const ctx = await inLanguage(await chrome.context({ locale }), locale);
      const page = await ctx.newPage();
      await page.goto(`${base}/login`);
      await page.locator('#username').waitFor();
      await check(page, 'login');
      await ctx.close();
      for (const who of ['advisor', 'manager']) {
        const { ctx: c, page: p } = await pageAs(who, { locale });
        for (const pg of PAGES().filter((x) => x.who === who)) {
          await p.goto(`${base}${pg.path}`);
          await settled(p);
          // The editor checks the SOP on open: wait for the verdict, so the publish button is final.
          if (pg.name === 'sop editor') await p.locator('.cm-lintRange-error, .ant-alert-success').first().waitFor();
          await check(p, pg.name);
        }
        await c.close();
      }
      expect(problems).toEqual([]);
    }, 300_000);
  }

  it('fits the inbox and the task page on a phone screen', async () => {
    const { ctx, page } = await pageAs('advisor', { width: 390, height: 844, mobile: true });
    await settled(page);
    expect(await overflowsSideways(page)).toBe(false);
    await page.getByRole('button', { name: '菜单' }).waitFor();
    await page.getByRole('tab', { name: /我的任务/ }).click();
    await page.locator('.ant-list-item a').first().click();
    await page.waitForURL(/\/tasks\//);
    await settled(page);
    expect(await overflowsSideways(page)).toBe(false);
    await ctx.close();
  }, 120_000);
});

/** Replaces the whole text of the CodeMirror editor as typing would (select all, then insert). */
async function setEditorText(page: Page, text: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+a');
  await page.keyboard.insertText(text);
}
