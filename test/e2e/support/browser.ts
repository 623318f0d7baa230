import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/**
 * Real headless Chromium for the browser tests, screenshots and benchmark: Debian's package
 * (never a downloaded browser), driven by playwright-core over CDP. Each launch gets a fresh
 * profile, removed on close.
 */
export const CHROMIUM = process.env['SERVFLOW_CHROMIUM'] ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserMissing(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `Chromium not found at ${CHROMIUM} (apt-get install chromium, or set SERVFLOW_CHROMIUM)`;
}

/** True when CI demands the browser tests (a missing browser is then a failure, not a skip). */
export const BROWSER_REQUIRED = process.env['SERVFLOW_REQUIRE_BROWSER'] === '1';

export interface LaunchedBrowser {
  readonly browser: Browser;
  /** A new isolated context (cookies, storage) with a viewport and a language. */
  context(opts?: { width?: number; height?: number; locale?: string; mobile?: boolean }): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** Launches headless Chromium with a throwaway profile. */
export async function launchBrowser(): Promise<LaunchedBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'servflow-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    // Playwright gives every launch its own fresh --user-data-dir (it refuses the flag here);
    // the folder made above holds downloads and traces of this launch.
    downloadsPath: profile,
  });
  return {
    browser,
    context: (o = {}) =>
      browser.newContext({
        viewport: { width: o.width ?? 1280, height: o.height ?? 860 },
        locale: o.locale ?? 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        ...(o.mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
      }),
    async close() {
      await browser.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
