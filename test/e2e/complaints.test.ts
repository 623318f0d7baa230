import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BROWSER_REQUIRED, browserMissing, launchBrowser, type LaunchedBrowser } from './support/browser.ts';
import { chineseOnEnglishPage, englishOnChinesePage, rawKeys, seriousViolations } from './support/page-checks.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { inLanguage, settled, signIn } from './support/session.ts';
import { makeWorld, ORG, startDemoCase, type World } from './support/world.ts';
import { setComplaintStaff } from '../../src/complaints/staff-link.ts';

/**
 * The complaints page in headless Chromium, in Chinese and in English: a complaint about a
 * served case shows whom it is about (the advisor who served it) and that nobody has decided
 * yet; the manager changes the staff and records the finding, and the list, the API and the
 * database show the change. Someone who does not manage the store sees it but cannot change it.
 */
const missing = browserMissing();
if (missing && !BROWSER_REQUIRED) console.warn(`\n[servflow browser tests] SKIPPED: ${missing}\n`);

describe.runIf(missing === undefined || BROWSER_REQUIRED)('complaints page in Chromium', () => {
  let world: World;
  let server: RunningServer;
  let chrome: LaunchedBrowser;
  let complaintId: string;
  let servedId: string;

  beforeAll(async () => {
    if (missing) throw new Error(`SERVFLOW_REQUIRE_BROWSER=1 but ${missing}`);
    world = await makeWorld();
    const now = Date.now();
    // The visit complained about, and the complaint (a case of its own, here of the demo SOP) about it, as filing makes them.
    servedId = await startDemoCase(world, now - 3 * 3600_000, 0, 'dalian');
    complaintId = await startDemoCase(world, now - 3600_000, 1, 'dalian');
    await world.db.query(
      `INSERT INTO complaints (case_id, org_id, store_id, customer_id, subject, severity, repeat_of, created_at, about_case_id) VALUES ($1, $2, 'dalian', 'cust-1', '等待太久', '一般', NULL, $3, $4)`,
      [complaintId, ORG, new Date(now - 3600_000).toISOString(), servedId],
    );
    await setComplaintStaff(world.db, ORG, complaintId, ['advisor'], 'case');
    server = await startServer(world);
    chrome = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await chrome?.close();
    await server?.close();
  });

  const row = (page: Page) => page.locator('tr').filter({ hasText: '等待太久' });
  const inDb = async () => {
    const staff = await world.db.query<{ staff_id: string; source: string }>(`SELECT staff_id, source FROM complaint_staff WHERE case_id = $1 ORDER BY staff_id`, [complaintId]);
    const k = await world.db.query<{ upheld: boolean | null }>(`SELECT upheld FROM complaints WHERE case_id = $1`, [complaintId]);
    return { staff: staff.rows, upheld: k.rows[0]?.upheld };
  };
  const fromApi = (page: Page) =>
    page.evaluate(async (id) => {
      const r = (await (await fetch('/api/complaints?storeId=dalian')).json()) as { items: { caseId: string; staffIds: string[]; upheld: boolean | null }[] };
      const c = r.items.find((x) => x.caseId === id);
      return c && { staffIds: c.staffIds, upheld: c.upheld };
    }, complaintId);

  /** Opens the dialog of the complaint, toggles people in the staff list, picks a finding, saves. */
  async function change(page: Page, o: { staffLabel: string; toggle: string[]; finding: string; save: string }) {
    await row(page).getByRole('button').click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('combobox', { name: o.staffLabel }).click();
    for (const name of o.toggle) await page.locator('.ant-select-item-option').filter({ hasText: name }).click();
    await page.keyboard.press('Escape'); // closes the drop-down, not the dialog
    await dialog.getByRole('radio', { name: o.finding, exact: true }).check();
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: o.save, exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
  }

  it('in Chinese: the manager sees who the complaint is about, names the technician instead and records it upheld', async () => {
    const ctx = await inLanguage(await chrome.context({ locale: 'zh-CN' }), 'zh-CN');
    const page = await ctx.newPage();
    await signIn(page, server.url, 'manager');
    await page.getByRole('menuitem', { name: '投诉' }).click();
    await page.waitForURL(/\/complaints/);
    await settled(page);
    await row(page).getByText('王顾问').waitFor();
    expect(await row(page).locator('[data-finding]').getAttribute('data-finding')).toBe('undecided');
    await row(page).getByText('待认定').waitFor();
    await row(page).getByRole('link', { name: '被投诉的服务单' }).waitFor();
    expect(await rawKeys(page)).toEqual([]);
    expect(await englishOnChinesePage(page)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);

    await change(page, { staffLabel: '涉及员工', toggle: ['王顾问', '李师傅'], finding: '属实', save: '保存' });
    await page.getByText('已保存').waitFor();
    await row(page).getByText('李师傅').waitFor();
    await row(page).getByText('属实', { exact: true }).waitFor();
    expect(await row(page).getByText('王顾问').count()).toBe(0);
    expect(await inDb()).toEqual({ staff: [{ staff_id: 'tech', source: 'chosen' }], upheld: true });
    expect(await fromApi(page)).toEqual({ staffIds: ['tech'], upheld: true });
    expect(await rawKeys(page)).toEqual([]);
    expect(await englishOnChinesePage(page)).toEqual([]);
    await ctx.close();
  }, 120_000);

  it('in English: the manager adds the second advisor and finds it not upheld; a technician cannot change it', async () => {
    const ctx = await inLanguage(await chrome.context({ locale: 'en-US' }), 'en-US');
    const page = await ctx.newPage();
    await signIn(page, server.url, 'manager');
    await page.goto(`${server.url}/complaints?store=dalian`);
    await settled(page);
    await row(page).getByText('李师傅').waitFor();
    await row(page).getByText('Upheld', { exact: true }).waitFor();
    expect(await rawKeys(page)).toEqual([]);
    expect(await chineseOnEnglishPage(page)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);

    await change(page, { staffLabel: 'Staff it is about', toggle: ['刘顾问'], finding: 'Not upheld', save: 'Save' });
    await page.getByText('Saved').waitFor();
    await row(page).getByText('刘顾问').waitFor();
    await row(page).getByText('Not upheld').waitFor();
    expect(await inDb()).toEqual({ staff: [{ staff_id: 'advisor2', source: 'chosen' }, { staff_id: 'tech', source: 'chosen' }], upheld: false });
    expect(await fromApi(page)).toEqual({ staffIds: ['advisor2', 'tech'], upheld: false });
    expect(await chineseOnEnglishPage(page)).toEqual([]);
    await ctx.close();

    // The technician works in the store but does not manage it: the finding is shown, not offered for change.
    const techCtx = await inLanguage(await chrome.context({ locale: 'en-US' }), 'en-US');
    const tech = await techCtx.newPage();
    await signIn(tech, server.url, 'tech');
    await tech.goto(`${server.url}/complaints?store=dalian`);
    await settled(tech);
    await row(tech).getByText('Not upheld').waitFor();
    expect(await row(tech).getByRole('button').count()).toBe(0);
    expect(await rawKeys(tech)).toEqual([]);
    await techCtx.close();
  }, 120_000);
});
