import type { FormField } from '../../api/types.ts';
import type { MessageKey, Params } from '../../i18n/index.ts';

/**
 * The server's form rules (src/engine/form.ts `validateForm`), answered as catalogue messages
 * so the person sees them in their language before submitting. The engine stays the judge —
 * its answer still comes back as a 422 if the two ever disagree — and a test feeds both the
 * same values and checks they flag the same fields.
 */

export interface FieldMessage {
  readonly key: MessageKey;
  readonly params: Params;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const PHONE = /^\+?[\d\s-]{5,20}$/;

/** Whether a value counts as "not filled in" (the engine's `isEmpty`). */
export function isEmptyValue(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** What is wrong with one value of a field, or undefined when it is acceptable. */
export function checkField(f: FormField, v: unknown, label: string): FieldMessage | undefined {
  if (isEmptyValue(v)) return f.required ? { key: f.type === 'signature' || f.type === 'photo' ? 'form.attachment' : 'form.required', params: { label } } : undefined;
  const p = { label };
  switch (f.type) {
    case 'number':
    case 'money':
    case 'integer':
      if (typeof v !== 'number' || !Number.isFinite(v)) return { key: 'form.number', params: p };
      if (f.type === 'integer' && !Number.isInteger(v)) return { key: 'form.integer', params: p };
      if (f.min !== undefined && v < f.min) return { key: 'form.min', params: { label, n: f.min } };
      if (f.max !== undefined && v > f.max) return { key: 'form.max', params: { label, n: f.max } };
      return undefined;
    case 'boolean':
      return typeof v === 'boolean' ? undefined : { key: 'form.required', params: p };
    case 'date':
      return typeof v === 'string' && ISO_DATE.test(v) && !Number.isNaN(Date.parse(v)) ? undefined : { key: 'form.date', params: p };
    case 'datetime':
      return typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? undefined : { key: 'form.datetime', params: p };
    case 'select':
      if (typeof v !== 'string') return { key: 'form.option', params: p };
      return f.options && !f.options.some((o) => o.value === v) ? { key: 'form.option', params: p } : undefined;
    case 'multiSelect':
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) return { key: 'form.option', params: p };
      return f.options && v.some((x) => !f.options!.some((o) => o.value === x)) ? { key: 'form.option', params: p } : undefined;
    case 'phone':
      return typeof v === 'string' && PHONE.test(v) ? undefined : { key: 'form.phone', params: p };
    case 'signature':
    case 'photo':
      return typeof v === 'string' && v.length > 0 ? undefined : { key: 'form.attachment', params: p };
    default:
      if (typeof v !== 'string') return { key: 'form.required', params: p };
      if (f.min !== undefined && v.length < f.min) return { key: 'form.minLength', params: { label, n: f.min } };
      if (f.max !== undefined && v.length > f.max) return { key: 'form.maxLength', params: { label, n: f.max } };
      if (f.pattern !== undefined && !new RegExp(f.pattern, 'u').test(v)) return { key: 'form.pattern', params: p };
      return undefined;
  }
}

/** Every field's problem (field id → message), for a whole submission. */
export function checkForm(fields: readonly FormField[], values: Readonly<Record<string, unknown>>, label: (f: FormField) => string): Map<string, FieldMessage> {
  const out = new Map<string, FieldMessage>();
  for (const f of fields) {
    const m = checkField(f, values[f.id], label(f));
    if (m) out.set(f.id, m);
  }
  return out;
}
