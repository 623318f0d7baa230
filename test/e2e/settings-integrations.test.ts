import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BROWSER_REQUIRED, browserMissing, launchBrowser, type LaunchedBrowser } from './support/browser.ts';
import { chineseOnEnglishPage, englishOnChinesePage, rawKeys, seriousViolations } from './support/page-checks.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { inLanguage, settled, signIn } from './support/session.ts';
import { makeWorld, ORG, startDemoCase, type World } from './support/world.ts';
import { deliverWebhooks } from '../../src/notify/webhooks.ts';
import { verifySignature } from '../../src/notify/signature.ts';
import { startReceiver, type Receiver } from '../../src/notify/testing/receiver.ts';
import { useTestSecretKey } from '../../src/notify/testing/secret-key.ts';

/**
 * Settings → integrations in headless Chromium, zh and en: the admin configures the SMS channel
 * and sends a test message, adds a webhook pointing at a local HTTP server started here, copies
 * the signing secret shown once, pings it, and after a real case event (delivered by the
 * worker's webhook loop) sees the delivery in the log. The receiver checks every signature;
 * the database is checked to hold no secret in clear.
 */
const missing = browserMissing();
if (missing && !BROWSER_REQUIRED) console.warn(`\n[servflow browser tests] SKIPPED: ${missing}\n`);

useTestSecretKey();

async function checkPage(page: Page, lang: 'zh' | 'en', what: string): Promise<void> {
  expect(await rawKeys(page), `${what}: raw keys`).toEqual([]);
  expect(await (lang === 'zh' ? englishOnChinesePage(page) : chineseOnEnglishPage(page)), `${what}: other language`).toEqual([]);
  expect(await seriousViolations(page), `${what}: axe`).toEqual([]);
}

/** Opens a page from the main navigation; on a narrower screen the item sits in the menu's overflow ("…"). */
async function openNav(page: Page, name: string): Promise<void> {
  const item = page.locator('nav').getByRole('menuitem', { name });
  if (await item.isVisible()) return item.click();
  await page.locator('nav .ant-menu-overflow-item-rest').hover();
  await page.locator('.ant-menu-submenu-popup').getByRole('menuitem', { name }).click();
}

describe.runIf(missing === undefined || BROWSER_REQUIRED)('settings → integrations in Chromium', () => {
  let world: World;
  let server: RunningServer;
  let chrome: LaunchedBrowser;
  let rx: Receiver;

  beforeAll(async () => {
    if (missing) throw new Error(`SERVFLOW_REQUIRE_BROWSER=1 but ${missing}`);
    world = await makeWorld();
    server = await startServer(world);
    chrome = await launchBrowser();
    rx = await startReceiver(() => ({ status: 200, body: '{"errcode":0}' }));
    await world.db.query(`INSERT INTO staff_contacts (staff_id, org_id, phone, updated_at) VALUES ('advisor', $1, '13800001234', now())`, [ORG]);
    // A notification that failed once and waits for its retry, so the outbox has a row to show.
    await world.db.query(
      `INSERT INTO notifications (org_id, case_id, store_id, to_role, reason, status, attempts, locked_until, last_error, created_at)
       VALUES ($1, 'c-outbox', 'dalian', 'advisor', 'sla.warning', 'pending', 1, now() + interval '10 minutes', 'sms to advisor: HTTP 502', now())`,
      [ORG],
    );
  }, 240_000);

  afterAll(async () => {
    await rx?.close();
    await chrome?.close();
    await server?.close();
  });

  it('zh: SMS channel configured and tested, a webhook added, pinged and its delivery seen in the log', async () => {
    const ctx = await inLanguage(await chrome.context({ locale: 'zh-CN' }), 'zh-CN');
    const page = await ctx.newPage();
    await signIn(page, server.url, 'manager');
    await openNav(page, '集成设置');
    await page.waitForURL(/\/settings\/integrations/);
    await settled(page);
    await page.getByRole('heading', { name: '通知与集成' }).waitFor();
    await checkPage(page, 'zh', 'channels');

    // The SMS channel: a gateway URL on the local server and its key (write-only).
    const sms = page.locator('[data-channel="sms"]');
    await sms.getByLabel('发送地址').fill(`${rx.url}/sms/send`);
    await sms.getByLabel('携带密钥的请求头（可选）').fill('Authorization');
    await sms.getByLabel('密钥前缀').fill('Bearer ');
    await sms.getByLabel('短信平台密钥').fill('sms-gateway-key-0123456789');
    await sms.getByRole('button', { name: '保存' }).click();
    await sms.getByText('已设置密钥').waitFor();
    await sms.getByRole('combobox', { name: '发送测试给' }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '王顾问' }).click();
    await sms.getByRole('button', { name: '发送测试' }).click();
    await sms.getByText('测试消息已发出').waitFor();
    const smsIn = rx.received.filter((r) => r.url === '/sms/send');
    expect(smsIn.map((r) => [r.headers.authorization, JSON.parse(r.body).to])).toEqual([['Bearer sms-gateway-key-0123456789', '13800001234']]);
    await checkPage(page, 'zh', 'channels after the test send');

    // A webhook to the local server: the secret is shown once.
    await page.getByRole('tab', { name: '事件推送' }).click();
    await settled(page);
    await checkPage(page, 'zh', 'webhooks, empty');
    await page.getByLabel('接收地址').fill(`${rx.url}/hook`);
    await page.getByRole('button', { name: '添加' }).click();
    const secretEl = page.locator('[data-webhook-secret]');
    await secretEl.waitFor();
    const secret = ((await secretEl.locator('code').textContent()) ?? '').trim();
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('cell', { name: `${rx.url}/hook` }).waitFor();

    // The test ping reaches the receiver, signed with that secret.
    await page.getByRole('button', { name: '发送测试' }).click();
    await page.getByText('测试推送成功（对方返回 200）').waitFor();
    const ping = rx.received.filter((r) => r.url === '/hook');
    expect(ping.map((r) => JSON.parse(r.body).type)).toEqual(['ping']);
    expect(verifySignature(secret, ping[0]!.body, ping[0]!.headers['x-servflow-signature'] as string)).toBe(true);

    // A real event: a case starts, the worker's webhook loop delivers it, the log shows it delivered.
    await startDemoCase(world, Date.now(), 0);
    const sent = await deliverWebhooks(world.store, Date.now());
    expect(sent.delivered).toBeGreaterThan(0);
    expect(sent.failed).toBe(0);
    const events = rx.received.filter((r) => r.url === '/hook').slice(1);
    expect(events.map((r) => JSON.parse(r.body).type)).toContain('case.start');
    expect(events.every((r) => verifySignature(secret, r.body, r.headers['x-servflow-signature'] as string))).toBe(true);
    const log = page.locator('[data-delivery-log]');
    await log.getByRole('button', { name: '刷新' }).click();
    await log.getByRole('cell', { name: 'case.start' }).waitFor();
    expect(await log.getByText('已送达').count()).toBe(sent.delivered);
    await page.waitForFunction(() => document.querySelectorAll('.ant-spin-spinning').length === 0);
    await checkPage(page, 'zh', 'webhooks with the delivery log');

    // Neither secret is in the database in clear.
    const stored = await world.db.query<{ s: string }>(`SELECT secret AS s FROM webhook_subscriptions UNION ALL SELECT secret FROM notify_channels`);
    expect(stored.rows).toHaveLength(2);
    expect(stored.rows.every((r) => r.s.startsWith('sf1:') && !r.s.includes(secret) && !r.s.includes('sms-gateway-key'))).toBe(true);

    await page.getByRole('tab', { name: '发件箱' }).click();
    await settled(page);
    await page.getByText('等待重试').first().waitFor();
    await checkPage(page, 'zh', 'outbox');
    await ctx.close();
  }, 240_000);

  it('en: the same pages in English, the delivery log and outbox included', async () => {
    const ctx = await inLanguage(await chrome.context({ locale: 'en-US' }), 'en-US');
    const page = await ctx.newPage();
    await signIn(page, server.url, 'manager');
    await openNav(page, 'Integrations');
    await page.waitForURL(/\/settings\/integrations/);
    await settled(page);
    await page.locator('[data-channel="sms"]').getByText('Secret set').waitFor();
    await checkPage(page, 'en', 'channels');
    await page.getByRole('tab', { name: 'Webhooks' }).click();
    await settled(page);
    await page.getByRole('button', { name: 'Delivery log' }).click();
    const log = page.locator('[data-delivery-log]');
    await log.getByRole('cell', { name: 'case.start' }).waitFor();
    await log.getByText('Delivered').first().waitFor();
    await checkPage(page, 'en', 'webhooks with the delivery log');
    await page.getByRole('tab', { name: 'Outbox' }).click();
    await settled(page);
    await page.getByText('Retrying').first().waitFor();
    await checkPage(page, 'en', 'outbox');
    await ctx.close();
  }, 180_000);

  it('the nav shows integrations to organisation admins only, and the API refuses others', async () => {
    const ctx = await inLanguage(await chrome.context({ locale: 'zh-CN' }), 'zh-CN');
    const page = await ctx.newPage();
    await signIn(page, server.url, 'advisor');
    await page.getByRole('menuitem', { name: '待办' }).waitFor();
    expect(await page.getByRole('menuitem', { name: '集成设置' }).count()).toBe(0);
    const status = await page.evaluate(async () => (await fetch('/api/webhooks')).status);
    expect(status).toBe(403);
    await ctx.close();
  }, 120_000);
});
