import { describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/en.ts';
import { translate } from '../../web/src/i18n/messages.ts';
import { zh } from '../../web/src/i18n/zh.ts';

// The web app's two message catalogues (web/src/i18n). Not a browser test: it sits with them
// because test/e2e is the web app's test folder.
describe('message catalogues', () => {
  it('have exactly the same keys in Chinese and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('translate every key (no empty message, no message left in the other language)', () => {
    for (const [k, v] of Object.entries(zh)) expect(v.trim(), k).not.toBe('');
    for (const [k, v] of Object.entries(en)) {
      expect(v.trim(), k).not.toBe('');
      expect(/[\u3400-\u9fff]/.test(v), `${k} in English has Chinese: ${v}`).toBe(false);
    }
  });

  it('use the same placeholders in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of Object.keys(zh) as (keyof typeof zh)[]) expect(names(en[k]), k).toEqual(names(zh[k]));
  });

  it('fill placeholders and leave unknown ones visible', () => {
    expect(translate('zh-CN', 'form.min', { label: '里程', n: 0 })).toBe('里程不能小于 0');
    expect(translate('en-US', 'form.min', { label: 'Mileage', n: 0 })).toBe('Mileage must be at least 0');
    expect(translate('en-US', 'form.min', { label: 'Mileage' })).toBe('Mileage must be at least {n}');
  });
});
