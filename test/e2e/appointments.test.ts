import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_REQUIRED, browserMissing, launchBrowser, type LaunchedBrowser } from './support/browser.ts';
import { chineseOnEnglishPage, englishOnChinesePage, overflowsSideways, rawKeys } from './support/page-checks.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { inLanguage, settled, signIn } from './support/session.ts';
import { makeWorld, ORG, startDemoCase, type World } from './support/world.ts';
import { setStoreCalendar } from '../../src/store/directory.ts';
import { insertService } from '../../src/appointments/repo.ts';
import { createPublicToken } from '../../src/public/tokens.ts';

/**
 * Appointments in real headless Chromium: an advisor books through the calendar page's dialog;
 * a customer books on the public page and opens a case-status link, both on a phone viewport.
 * The store is open every day 08:00–20:00 so the test finds free times whatever day it runs.
 */
const missing = browserMissing();
if (missing && !BROWSER_REQUIRED) console.warn(`\n[servflow browser tests] SKIPPED: ${missing}\n`);

describe.runIf(missing === undefined || BROWSER_REQUIRED)('appointments in Chromium', () => {
  let world: World;
  let server: RunningServer;
  let chrome: LaunchedBrowser;
  let statusToken: string;

  beforeAll(async () => {
    if (missing) throw new Error(`SERVFLOW_REQUIRE_BROWSER=1 but ${missing}`);
    world = await makeWorld();
    const day = [['08:00', '20:00']] as const;
    await setStoreCalendar(world.db, 'dalian', { timezone: 'Asia/Shanghai', holidays: 'none', week: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day } });
    await world.db.transaction((tx) =>
      insertService(
        tx,
        { id: 'wash', orgId: ORG, storeId: 'dalian', name: { zh: '精致洗车', en: 'Premium wash' }, durationMin: 60, slotStepMin: 60, role: 'advisor', resourceId: null, processKey: null, reminderTime: '18:00', public: true, active: true },
        Date.now(),
      ),
    );
    const caseId = await startDemoCase(world, Date.now() - 600_000, 0, 'dalian');
    statusToken = (await createPublicToken(world.db, { orgId: ORG, purpose: 'case-status', subject: { type: 'case', id: caseId }, ttlMs: 86400_000 }, { now: Date.now() })).token;
    server = await startServer(world);
    chrome = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  it('an advisor books an appointment in the calendar dialog', async () => {
    const ctx = await inLanguage(await chrome.context({ locale: 'zh-CN' }), 'zh-CN');
    const page = await ctx.newPage();
    await signIn(page, server.url, 'advisor');
    await page.getByRole('menuitem', { name: '预约' }).click();
    await page.waitForURL(/\/appointments$/);
    await settled(page);
    await page.getByRole('button', { name: '下一段' }).click();
    await page.getByRole('button', { name: '新建预约' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('.ant-radio-button-wrapper').first().waitFor();
    const time = (await dialog.locator('.ant-radio-button-wrapper').first().innerText()).trim();
    expect(time).toBe('08:00');
    await dialog.locator('.ant-radio-button-wrapper').first().click();
    await dialog.getByRole('button', { name: '新建预约' }).click();
    await page.getByText(/已预约：/).first().waitFor();
    await page.locator('[data-appointment]').filter({ hasText: '08:00–09:00' }).waitFor();
    expect(await rawKeys(page)).toEqual([]);
    expect(await englishOnChinesePage(page)).toEqual([]);
    const rows = await world.db.query<{ staff_id: string; status: string; source: string }>(`SELECT staff_id, status, source FROM appointments`);
    expect(rows.rows).toEqual([{ staff_id: 'advisor', status: 'booked', source: 'staff' }]);
    await ctx.close();

    // the same calendar in English: no Chinese words of the app's own (names aside)
    const en = await inLanguage(await chrome.context({ locale: 'en-US' }), 'en-US');
    const enPage = await en.newPage();
    await signIn(enPage, server.url, 'advisor');
    await enPage.goto(`${server.url}/appointments`);
    await settled(enPage);
    await enPage.getByRole('button', { name: 'Next' }).click();
    await enPage.locator('[data-appointment]').filter({ hasText: 'Premium wash' }).waitFor();
    expect(await chineseOnEnglishPage(enPage)).toEqual([]);
    expect(await rawKeys(enPage)).toEqual([]);
    await en.close();
  }, 120_000);

  it('on a phone: a customer books on the public page, then opens a case-status link', async () => {
    const ctx = await inLanguage(await chrome.context({ locale: 'zh-CN', width: 390, height: 844, mobile: true }), 'zh-CN');
    const page = await ctx.newPage();
    await page.goto(`${server.url}/book/dalian`);
    await page.getByText('精致洗车').first().waitFor();
    const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(Date.now() + 86400_000);
    await page.locator('#book-date').fill(tomorrow);
    await page.locator('.ant-radio-button-wrapper').first().waitFor();
    await page.locator('.ant-radio-button-wrapper').last().click();
    await page.getByLabel('您的称呼').fill('林女士');
    await page.getByLabel('手机号码').fill('139 0000 1234');
    await page.getByRole('button', { name: '提交预约' }).click();
    await page.getByText('预约成功').waitFor();
    expect(await overflowsSideways(page)).toBe(false);
    const booked = await world.db.query<{ source: string; customer_id: string }>(`SELECT source, customer_id FROM appointments WHERE source = 'public'`);
    expect(booked.rows).toHaveLength(1);
    const phone = await world.db.query(`SELECT 1 FROM customer_phones WHERE customer_id = $1 AND phone = '13900001234'`, [booked.rows[0]!.customer_id]);
    expect(phone.rows).toHaveLength(1);

    await page.goto(`${server.url}/s/${statusToken}`);
    await page.getByRole('heading', { name: '服务进度' }).waitFor();
    await page.getByText('汽车保养服务').waitFor();
    await page.getByText('接车登记').waitFor();
    await page.getByText('正在进行').waitFor();
    expect(await overflowsSideways(page)).toBe(false);
    expect(await rawKeys(page)).toEqual([]);
    const text = await page.locator('main').innerText();
    expect(text).not.toContain('王顾问'); // no staff names on the customer's page
    await page.goto(`${server.url}/s/${'x'.repeat(43)}`);
    await page.getByText('链接无效，请检查是否完整复制').waitFor();
    await ctx.close();
  }, 120_000);
});
