import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_REQUIRED, browserMissing, launchBrowser, type LaunchedBrowser } from './support/browser.ts';
import { overflowsSideways, rawKeys } from './support/page-checks.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { inLanguage } from './support/session.ts';
import { makeWorld, ORG, startDemoCase, type World } from './support/world.ts';
import { createPublicToken } from '../../src/public/tokens.ts';

/**
 * The satisfaction survey in real headless Chromium on a phone viewport: a customer opens the
 * one-time link, gives 4 stars, 9 of 10 and a comment, and sends it; opening the link again says
 * it has been used, and a second submission is refused by the server.
 */
const missing = browserMissing();
if (missing && !BROWSER_REQUIRED) console.warn(`\n[servflow browser tests] SKIPPED: ${missing}\n`);

describe.runIf(missing === undefined || BROWSER_REQUIRED)('survey in Chromium', () => {
  let world: World;
  let server: RunningServer;
  let chrome: LaunchedBrowser;
  let token: string;
  let caseId: string;

  beforeAll(async () => {
    if (missing) throw new Error(`SERVFLOW_REQUIRE_BROWSER=1 but ${missing}`);
    world = await makeWorld();
    caseId = await startDemoCase(world, Date.now() - 600_000, 0, 'dalian');
    token = (await createPublicToken(world.db, { orgId: ORG, purpose: 'survey', subject: { type: 'case', id: caseId }, ttlMs: 86400_000 }, { now: Date.now() })).token;
    server = await startServer(world);
    chrome = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  it('on a phone: a customer answers the survey once; the link then says it was used', async () => {
    const ctx = await inLanguage(await chrome.context({ locale: 'zh-CN', width: 390, height: 844, mobile: true }), 'zh-CN');
    const page = await ctx.newPage();
    await page.goto(`${server.url}/survey/${token}`);
    await page.getByText('总体满意度').waitFor();
    expect(await overflowsSideways(page)).toBe(false);
    expect(await rawKeys(page)).toEqual([]);
    await page.locator('.ant-rate-star').nth(3).click();
    await page.locator('.sf-nps .ant-segmented-item').nth(9).click();
    await page.getByLabel('意见和建议（选填）').fill('师傅很专业');
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText('谢谢您的评价！').waitFor();
    const rows = await world.db.query<{ csat: number; nps: number; comment: string }>(`SELECT csat, nps, comment FROM survey_responses WHERE case_id = $1`, [caseId]);
    expect(rows.rows).toEqual([{ csat: 4, nps: 9, comment: '师傅很专业' }]);

    await page.reload();
    await page.getByText('这个调查已经提交过了，谢谢！').waitFor();
    const again = await page.evaluate(async (t) => (await fetch(`/api/public/surveys/${t}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ csat: 1 }) })).status, token);
    expect(again).toBe(410);
    expect((await world.db.query(`SELECT 1 FROM survey_responses`)).rows).toHaveLength(1);
    await ctx.close();
  }, 120_000);
});
