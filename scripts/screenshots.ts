/**
 * `npm run screenshots`: the main pages of the web app in Chinese and English, saved as PNG in
 * docs/screenshots/ (NAME.zh.png, NAME.en.png). Same set-up as the browser tests: a real
 * server on an in-memory database with the seeded demo world, Debian's headless Chromium.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { browserMissing, launchBrowser } from '../test/e2e/support/browser.ts';
import { startServer } from '../test/e2e/support/server.ts';
import { inLanguage, settled, signIn } from '../test/e2e/support/session.ts';
import { makeWorld, ORG, seedHistory, seedOpenWork } from '../test/e2e/support/world.ts';
import { readFile } from 'node:fs/promises';
import { parseSop } from '../src/model/yaml/read.ts';
import { publishDefinition } from '../src/store/index.ts';

const OUT = resolve(new URL('../docs/screenshots', import.meta.url).pathname);
const missing = browserMissing();
if (missing) {
  process.stderr.write(`screenshots: ${missing}\n`);
  process.exit(1);
}
mkdirSync(OUT, { recursive: true });
process.stdout.write('screenshots: seeding a demo world…\n');
const base = await makeWorld();
await seedHistory(base, { days: 30, perDay: 3 });
await seedOpenWork(base, 14, { claimEvery: 3 });
// The car after-sales template with its shipped what-if study, for the simulation page.
const CAR = 'automotive/car-after-sales.yaml';
const carSource = await readFile(new URL(`../templates/${CAR}`, import.meta.url), 'utf8');
const carDefinition = parseSop(carSource, CAR);
await publishDefinition(base.db, { orgId: ORG, definition: carDefinition, source: carSource, format: 'yaml' }, { now: Date.now() });
const world = { ...base, deps: { ...base.deps, library: [{ file: CAR, source: carSource, definition: carDefinition }] } };
const server = await startServer(world);
const chrome = await launchBrowser();
const ids = (await world.db.query<{ task: string; case_id: string }>(`SELECT t.id AS task, t.case_id FROM tasks t WHERE t.status = 'claimed' AND t.assignee = 'advisor' ORDER BY t.created_at LIMIT 1`)).rows[0]!;
const done = (await world.db.query<{ id: string }>(`SELECT id FROM cases WHERE status = 'active' AND EXISTS (SELECT 1 FROM tasks WHERE case_id = cases.id AND status = 'completed') ORDER BY started_at DESC LIMIT 1`)).rows[0]!;

interface Shot {
  readonly name: string;
  readonly path: string;
  readonly who?: string;
  readonly phone?: boolean;
  readonly full?: boolean;
  readonly before?: (p: Page) => Promise<void>;
}
const SHOTS: Shot[] = [
  { name: 'login', path: '/login' },
  { name: 'inbox', path: '/inbox', who: 'advisor' },
  { name: 'task', path: `/tasks/${ids.task}`, who: 'advisor', full: true },
  { name: 'cases', path: '/cases', who: 'manager' },
  { name: 'case', path: `/cases/${done.id}`, who: 'manager', full: true },
  { name: 'dashboards', path: '/dashboards', who: 'manager', full: true },
  {
    name: 'dashboard-drill',
    path: '/dashboards',
    who: 'manager',
    before: async (p) => {
      await p.locator('.sf-kpi-button').first().click();
      await p.getByRole('dialog').locator('tbody a').first().waitFor();
      await p.waitForTimeout(400);
    },
  },
  { name: 'library', path: '/library', who: 'manager' },
  { name: 'sop', path: '/library/car-service', who: 'manager', full: true },
  { name: 'sop-editor', path: '/library/car-service/edit', who: 'manager', before: async (p) => void (await p.locator('.cm-lintRange-error, .ant-alert-success').first().waitFor()) },
  {
    name: 'process-map',
    path: '/dashboards',
    who: 'manager',
    full: true,
    before: async (p) => {
      await p.getByRole('combobox', { name: /^(流程|Process)$/ }).click();
      await p.locator('.ant-select-item-option').filter({ hasText: /汽车保养服务|Car service visit/ }).first().click();
      await p.locator('.sf-map-arcs tbody button').first().waitFor();
    },
  },
  { name: 'customers', path: '/customers', who: 'manager' },
  { name: 'appointments', path: '/appointments', who: 'manager' },
  { name: 'complaints', path: '/complaints', who: 'manager' },
  { name: 'staff', path: '/staff', who: 'manager' },
  {
    name: 'simulation',
    path: '/simulation',
    who: 'manager',
    full: true,
    before: async (p) => {
      await p.locator('.ant-select').first().click();
      await p.locator('.ant-select-item-option').filter({ hasText: /汽车售后|Car after-sales/ }).first().click();
      await p.locator('.sf-sim-study').waitFor();
      await p.waitForFunction(() => ((document.querySelector('.sf-sim-study') as HTMLTextAreaElement | null)?.value ?? '').includes('one-stop'));
      await p.locator('#sim-reps').fill('3');
      await p.locator('#sim-cases').fill('200');
      await p.locator('.ant-btn-primary').first().click();
      await p.locator('.sf-sim-table').waitFor({ timeout: 300_000 });
    },
  },
  { name: 'inbox-phone', path: '/inbox', who: 'advisor', phone: true },
  { name: 'task-phone', path: `/tasks/${ids.task}`, who: 'advisor', phone: true, full: true },
];

try {
  for (const locale of ['zh-CN', 'en-US'] as const) {
    for (const shot of SHOTS) {
      const ctx = await inLanguage(await chrome.context({ locale, ...(shot.phone ? { width: 390, height: 844, mobile: true } : { width: 1366, height: 900 }) }), locale);
      const page = await ctx.newPage();
      if (shot.who) await signIn(page, server.url, shot.who);
      await page.goto(`${server.url}${shot.path}`);
      await settled(page);
      if (shot.path.endsWith('/edit')) await page.locator('.cm-content').waitFor();
      if (shot.path === '/dashboards') await page.locator('.sf-kpi svg, [role="img"] svg').first().waitFor().catch(() => {});
      await shot.before?.(page);
      await page.waitForTimeout(500);
      const file = join(OUT, `${shot.name}.${locale === 'zh-CN' ? 'zh' : 'en'}.png`);
      await page.screenshot({ path: file, fullPage: shot.full === true });
      process.stdout.write(`screenshots: ${file}\n`);
      await ctx.close();
    }
  }
} finally {
  await chrome.close();
  await server.close();
}
