import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BROWSER_REQUIRED, browserMissing, launchBrowser, type LaunchedBrowser } from './support/browser.ts';
import { chineseOnEnglishPage, englishOnChinesePage, rawKeys, seriousViolations } from './support/page-checks.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { inLanguage, settled, signIn } from './support/session.ts';
import { makeWorld, type World } from './support/world.ts';

/**
 * The SOP as a BPMN diagram (bpmn-js) and the BPMN designer, in real headless Chromium: open
 * the SOP, see the diagram with roles and time limits, change a step's time limit in the
 * settings panel, publish, see the new version. Skipped with a message when Chromium is
 * missing, unless SERVFLOW_REQUIRE_BROWSER=1.
 */
const missing = browserMissing();
if (missing && !BROWSER_REQUIRED) console.warn(`\n[servflow browser tests] SKIPPED: ${missing}\n`);

describe.runIf(missing === undefined || BROWSER_REQUIRED)('BPMN diagram and designer in Chromium', () => {
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

  async function managerPage(locale: 'zh-CN' | 'en-US'): Promise<Page> {
    const ctx = await inLanguage(await chrome.context({ locale }), locale);
    const page = await ctx.newPage();
    await signIn(page, server.url, 'manager');
    return page;
  }

  const diagramShown = async (page: Page) => {
    await page.locator('.sf-bpmn [data-element-id="reception"]').first().waitFor();
    await page.locator('.sf-bpmn-badge').first().waitFor();
  };

  for (const locale of ['en-US', 'zh-CN'] as const)
    it(`shows the SOP as a BPMN diagram in ${locale} only, with roles and time limits, and no serious accessibility violation`, async () => {
      const page = await managerPage(locale);
      await page.goto(`${server.url}/library/car-service`);
      await settled(page);
      await diagramShown(page);
      const badges = await page.locator('.sf-bpmn-badge').allTextContents();
      expect(badges.join(' | ')).toContain(locale === 'zh-CN' ? '服务顾问' : 'Service advisor');
      expect(await page.locator('.sf-bpmn [data-element-id="reception"]').first().textContent()).toBe(locale === 'zh-CN' ? '接车登记' : 'Vehicle reception');
      const wrong = locale === 'en-US' ? await chineseOnEnglishPage(page) : await englishOnChinesePage(page);
      expect(wrong).toEqual([]);
      expect(await rawKeys(page)).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);
      await page.context().close();
    }, 180_000);

  it("edits a step's time limit in the designer's settings panel and publishes a new version", async () => {
    const page = await managerPage('zh-CN');
    await page.goto(`${server.url}/library/car-service`);
    await settled(page);
    await diagramShown(page);
    await page.getByRole('button', { name: '设计流程图' }).click();
    await page.waitForURL(/\/edit\?mode=bpmn/);
    const shape = page.locator('.sf-bpmn [data-element-id="reception"]').first();
    await shape.waitFor();
    // The designer is ready once its buttons are enabled.
    await page.waitForFunction(() => [...document.querySelectorAll('button')].some((b) => b.textContent?.includes('校验') && !b.disabled));
    await shape.click();
    const due = page.locator('#sf-sla-due');
    await due.waitFor();
    expect(await due.inputValue()).toBe('30 min');
    await due.fill('20 min');
    await page.getByRole('button', { name: '校验' }).click();
    await page.getByText('校验通过，可以发布').waitFor();
    await page.getByRole('button', { name: '发布新版本' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '发布新版本' }).click();
    await page.getByText('已发布第 2 版').waitFor();
    await page.waitForURL(/\/library\/car-service\?version=2/);
    await settled(page);
    await diagramShown(page);
    expect((await page.locator('.sf-bpmn-badge').allTextContents()).join(' | ')).toMatch(/20\s*分钟/);

    const v = (await world.db.query<{ status: string; format: string; source: string }>(`SELECT status, format, source FROM definitions WHERE key = 'car-service' AND version = 2`)).rows[0];
    expect(v).toMatchObject({ status: 'published', format: 'bpmn' });
    expect(v?.source).toContain('due="20 min"');
    await page.context().close();
  }, 240_000);
});
