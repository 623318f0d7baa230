import type { BrowserContext, Page } from 'playwright-core';
import { PASSWORD } from './world.ts';

/** Signs in through the login page (labels in either language) and waits for the inbox. */
export async function signIn(page: Page, base: string, login: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.locator('#username').fill(login);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL(/\/inbox$/);
}

/** Waits until the page's heading is shown and no spinner is turning. */
export async function settled(page: Page): Promise<void> {
  await page.locator('h1').first().waitFor({ state: 'visible' });
  await page.waitForFunction(() => document.querySelectorAll('.ant-spin-spinning, .ant-skeleton-active').length === 0, undefined, { timeout: 30_000 });
  // Let entering animations (drawers, messages) finish so colours are final for contrast checks.
  await page.waitForTimeout(350);
}

/** A context whose pages start in a language (the choice the language switch stores). */
export async function inLanguage(ctx: BrowserContext, locale: 'zh-CN' | 'en-US'): Promise<BrowserContext> {
  await ctx.addInitScript((l) => localStorage.setItem('servflow.locale', l), locale);
  return ctx;
}
