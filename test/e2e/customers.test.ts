import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_REQUIRED, browserMissing, launchBrowser, type LaunchedBrowser } from './support/browser.ts';
import { chineseOnEnglishPage, englishOnChinesePage, overflowsSideways, rawKeys } from './support/page-checks.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { inLanguage, settled, signIn } from './support/session.ts';
import { makeWorld, ORG, startDemoCase, type World } from './support/world.ts';
import { move, openCard } from '../../src/cards/store.ts';
import { changeCustomer } from '../../src/customers/store.ts';

/**
 * The customers page in real headless Chromium, in Chinese and in English: the list, a
 * customer's archive with tier, a membership card with its ledger and the outstanding balance
 * reception must settle (also on the task page), the case history, and adding a note.
 */
const missing = browserMissing();
if (missing && !BROWSER_REQUIRED) console.warn(`\n[servflow browser tests] SKIPPED: ${missing}\n`);

describe.runIf(missing === undefined || BROWSER_REQUIRED)('customers page in Chromium', () => {
  let world: World;
  let server: RunningServer;
  let chrome: LaunchedBrowser;
  let taskId: string;

  beforeAll(async () => {
    if (missing) throw new Error(`SERVFLOW_REQUIRE_BROWSER=1 but ${missing}`);
    world = await makeWorld();
    const now = Date.now();
    const caseId = await startDemoCase(world, now - 3600_000, 0, 'dalian'); // cust-1, 陈先生
    await world.db.transaction(async (tx) => {
      await changeCustomer(tx, ORG, 'cust-1', { phones: ['13800138000'], tags: ['老客户'] }, now);
      await openCard(tx, { id: 'card-chen', orgId: ORG, customerId: 'cust-1', kind: 'balance', label: '金卡', storeId: 'dalian', opening: 100_000, caseId, by: 'advisor' }, now);
      await move(tx, ORG, 'card-chen', { kind: 'consume', amount: 128_000, caseId, by: 'advisor', signed: true }, now);
    });
    taskId = (await world.db.query<{ id: string }>(`SELECT id FROM tasks WHERE case_id = $1 AND status = 'open'`, [caseId])).rows[0]!.id;
    server = await startServer(world);
    chrome = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  it('in Chinese: finds a customer, shows the card ledger and the outstanding balance, adds a note', async () => {
    const ctx = await inLanguage(await chrome.context({ locale: 'zh-CN' }), 'zh-CN');
    const page = await ctx.newPage();
    await signIn(page, server.url, 'advisor');
    await page.getByRole('menuitem', { name: '客户' }).click();
    await page.waitForURL(/\/customers$/);
    await settled(page);
    await page.getByRole('searchbox', { name: '搜索' }).fill('0013');
    await page.getByRole('searchbox', { name: '搜索' }).press('Enter');
    await page.waitForURL(/q=0013/);
    await page.getByRole('link', { name: '陈先生' }).click();
    await page.waitForURL(/\/customers\/cust-1$/);
    await settled(page);
    await page.getByText('有未结余额：请客人补交或签名').waitFor();
    await page.getByText('欠 ¥280.00').waitFor();
    await page.getByRole('button', { name: '明细' }).click();
    await page.getByText('客人已签名').waitFor();
    expect(await page.getByRole('cell', { name: '开卡' }).count()).toBe(1);
    await page.getByRole('textbox', { name: '添加备注' }).fill('对香精过敏');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('对香精过敏').waitFor();
    await page.getByRole('link', { name: 'car-service' }).waitFor();
    expect(await rawKeys(page)).toEqual([]);
    expect(await englishOnChinesePage(page)).toEqual([]);
    expect(await overflowsSideways(page)).toBe(false);
    // reception sees the outstanding balance on the task's customer card
    await page.goto(`${server.url}/tasks/${encodeURIComponent(taskId)}`);
    await settled(page);
    await page.getByText('欠 ¥280.00').waitFor();
    await ctx.close();
  });

  it('in English: the same customer, every label translated', async () => {
    const ctx = await inLanguage(await chrome.context({ locale: 'en-US' }), 'en-US');
    const page = await ctx.newPage();
    await signIn(page, server.url, 'manager');
    await page.getByRole('menuitem', { name: 'Customers' }).click();
    await page.waitForURL(/\/customers$/);
    await settled(page);
    await page.getByText('Owes CN¥280.00').first().waitFor();
    await page.getByRole('link', { name: '陈先生' }).click();
    await settled(page);
    await page.getByText('Outstanding balance: settle it or have the customer sign').waitFor();
    await page.getByText('Membership cards', { exact: true }).first().waitFor();
    await page.getByText('Case history', { exact: true }).first().waitFor();
    expect(await rawKeys(page)).toEqual([]);
    expect(await chineseOnEnglishPage(page)).toEqual([]);
    await ctx.close();
  });
});
