import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { zh } from '../../../web/src/i18n/zh.ts';

/**
 * Checks run on every page the browser tests visit: the language of the app's own words, no
 * catalogue key shown raw, and axe-core's accessibility rules.
 */

/**
 * The app's own text on the page: visible text nodes and the labels people hear (aria-label,
 * placeholder, title, alt) — minus what is marked as other content: elements with a `lang`
 * other than the page's (SOP text the author wrote in one language only, language names in
 * the switch), and `translate="no"` (people's and stores' names, plates, ids).
 */
export async function appText(page: Page, within?: string): Promise<string[]> {
  return page.evaluate((within) => {
    // Only a part of the page when asked (e.g. a panel beside a third-party drawing area).
    const root = (within === undefined ? document.body : document.querySelector(within)) ?? document.body;
    const pageLang = document.documentElement.lang.slice(0, 2);
    const foreign = (el: Element | null): boolean => {
      for (let e = el; e !== null; e = e.parentElement) {
        if (e.getAttribute('translate') === 'no' || e.getAttribute('aria-hidden') === 'true') return true;
        // antd names its icons in English (aria-label="search"): the library's choice, not a
        // text of the app; every icon the app itself uses next to words is aria-hidden.
        if (e.classList.contains('anticon')) return true;
        const l = e.getAttribute('lang');
        if (l !== null && e !== document.documentElement) return l.slice(0, 2) !== pageLang;
      }
      return false;
    };
    const out: string[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n !== null; n = walker.nextNode()) {
      const el = n.parentElement;
      // Form values (TEXTAREA) are what people typed, not the app's words.
      if (!el || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEXTAREA'].includes(el.tagName)) continue;
      const text = (n.textContent ?? '').trim();
      if (text === '' || foreign(el)) continue;
      if (el instanceof HTMLElement && el.offsetParent === null && getComputedStyle(el).position !== 'fixed' && !(el.closest('svg'))) continue;
      out.push(text);
    }
    for (const el of root.querySelectorAll('[aria-label],[placeholder],[title],img[alt]')) {
      if (foreign(el)) continue;
      for (const a of ['aria-label', 'placeholder', 'title', 'alt']) {
        const v = el.getAttribute(a)?.trim();
        if (v) out.push(v);
      }
    }
    return out;
  }, within);
}

const CJK = /[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]/;
// Latin words a Chinese page may show: the product, units and abbreviations Chinese staff use as they are.
const LATIN_OK = new Set(['servflow', 'SLA', 'CSAT', 'YAML', 'KTV', 'VIP', 'ID', 'km', 'h', 'min', 's', 'AM', 'PM']);

/** The app's words on an English page that contain Chinese characters. */
export async function chineseOnEnglishPage(page: Page, within?: string): Promise<string[]> {
  return (await appText(page, within)).filter((t) => CJK.test(t));
}

/** The app's words on a Chinese page that are English (Latin words outside the allowed few). */
export async function englishOnChinesePage(page: Page, within?: string): Promise<string[]> {
  return (await appText(page, within)).filter((t) => (t.match(/[A-Za-z]{2,}/g) ?? []).some((w) => !LATIN_OK.has(w)));
}

const KEYS = Object.keys(zh);

/** Catalogue keys shown raw (a message missing from the catalogue shows its key). */
export async function rawKeys(page: Page): Promise<string[]> {
  const text = (await appText(page)).join('\n');
  return KEYS.filter((k) => text.includes(k));
}

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A and AA rules). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Colours mid-transition (a button turning from disabled to enabled as a check finishes) are
  // not the page's colours: jump every running CSS transition and finite animation to its end.
  await page.evaluate(() => {
    for (const a of document.getAnimations()) {
      try {
        a.finish();
      } catch {
        // an infinite animation (a spinner) cannot finish; it carries no text colour
      }
    }
  });
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const axe = (window as any).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return r.violations.map((v: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  return (result as AxeViolation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Whether the page scrolls sideways (a phone layout must not). */
export async function overflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}
