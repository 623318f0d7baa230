import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateForm } from '../../src/engine/form.ts';
import type { FormField } from '../../src/model/types.ts';
import { checkForm } from '../../web/src/pages/task/formRules.ts';

// The task page checks a form before sending it, with messages in the reader's language; the
// engine judges it again on the server. Both must flag the same fields for the same values, or
// people would see "fixed" forms refused (or errors the server would accept).
const FIELDS: FormField[] = [
  { id: 'mileage', label: { zh: '里程' }, type: 'integer', required: true, min: 0, max: 2_000_000 },
  { id: 'amount', label: { zh: '金额' }, type: 'money', required: false, min: 0 },
  { id: 'ratio', label: { zh: '比例' }, type: 'number', required: false, max: 1 },
  { id: 'concern', label: { zh: '描述' }, type: 'longText', required: true, max: 20 },
  { id: 'code', label: { zh: '编码' }, type: 'text', required: false, pattern: '^[A-Z]{2}\\d+$', min: 3 },
  { id: 'ok', label: { zh: '确认' }, type: 'boolean', required: true },
  { id: 'day', label: { zh: '日期' }, type: 'date', required: false },
  { id: 'at', label: { zh: '时间' }, type: 'datetime', required: false },
  { id: 'parts', label: { zh: '旧件' }, type: 'select', required: true, options: [{ value: 'return', label: { zh: '交还' } }, { value: 'dispose', label: { zh: '处理' } }] },
  { id: 'extras', label: { zh: '附加' }, type: 'multiSelect', required: false, options: [{ value: 'wash', label: { zh: '洗车' } }, { value: 'wax', label: { zh: '打蜡' } }] },
  { id: 'phone', label: { zh: '电话' }, type: 'phone', required: false },
  { id: 'sig', label: { zh: '签字' }, type: 'signature', required: true },
  { id: 'photo', label: { zh: '照片' }, type: 'photo', required: false },
];

const value = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constant(''),
  fc.integer({ min: -5, max: 3_000_000 }),
  fc.double({ min: -2, max: 2, noNaN: true }),
  fc.boolean(),
  fc.constantFrom('return', 'dispose', 'other', 'AB12', 'ab', '2026-10-01', '2026-13-45', '2026-10-01T09:30:00+08:00', '13800001234', 'x'.repeat(25), 'data:image/png;base64,AA'),
  fc.array(fc.constantFrom('wash', 'wax', 'nope'), { maxLength: 3 }),
);

describe('task form rules in the browser', () => {
  it('flag exactly the fields the engine flags, for any values', () => {
    fc.assert(
      fc.property(fc.record(Object.fromEntries(FIELDS.map((f) => [f.id, value])) as Record<string, fc.Arbitrary<unknown>>), (raw) => {
        const values = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
        const server = new Set(validateForm(FIELDS, values).map((i) => i.field));
        const browser = new Set(checkForm(FIELDS, values, (f) => f.label.zh ?? f.id).keys());
        expect([...browser].sort()).toEqual([...server].sort());
      }),
      { numRuns: 2000 },
    );
  });

  it('names the rule that failed, to be shown in the reader\'s language', () => {
    const m = checkForm(FIELDS, { mileage: -5, concern: 'ok', ok: true, parts: 'return', sig: 'data:x' }, (f) => f.label.zh ?? f.id);
    expect([...m]).toEqual([['mileage', { key: 'form.min', params: { label: '里程', n: 0 } }]]);
  });
});
