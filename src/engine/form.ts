import type { FieldIssue } from './errors.ts';
import type { FormField } from '../model/types.ts';

/** Plain-language name of a field for messages: the Chinese label, else English, else the id. */
function label(f: FormField): string {
  return f.label.zh ?? f.label.en ?? f.id;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkType(f: FormField, v: unknown): string | undefined {
  switch (f.type) {
    case 'number':
    case 'money':
    case 'integer':
      if (typeof v !== 'number' || !Number.isFinite(v)) return 'must be a number';
      if (f.type === 'integer' && !Number.isInteger(v)) return 'must be a whole number';
      if (f.min !== undefined && v < f.min) return `must be at least ${f.min}`;
      if (f.max !== undefined && v > f.max) return `must be at most ${f.max}`;
      return undefined;
    case 'boolean':
      return typeof v === 'boolean' ? undefined : 'must be true or false';
    case 'date':
      return typeof v === 'string' && ISO_DATE.test(v) && !Number.isNaN(Date.parse(v)) ? undefined : 'must be a date like 2026-10-01';
    case 'datetime':
      return typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? undefined : 'must be a date and time like 2026-10-01T09:30:00+08:00';
    case 'select':
      if (typeof v !== 'string') return 'must be one of the options';
      return f.options && !f.options.some((o) => o.value === v) ? `must be one of: ${f.options.map((o) => o.value).join(', ')}` : undefined;
    case 'multiSelect':
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) return 'must be a list of options';
      if (f.options) {
        const bad = v.filter((x) => !f.options!.some((o) => o.value === x));
        if (bad.length > 0) return `has values that are not options: ${bad.join(', ')}`;
      }
      return undefined;
    case 'phone':
      return typeof v === 'string' && /^\+?[\d\s-]{5,20}$/.test(v) ? undefined : 'must be a phone number';
    case 'signature':
    case 'photo':
      // A reference to a stored attachment (or a data URL from the signature pad).
      return typeof v === 'string' && v.length > 0 ? undefined : 'must be a signature/attachment reference';
    default: {
      if (typeof v !== 'string') return 'must be text';
      if (f.min !== undefined && v.length < f.min) return `must be at least ${f.min} characters`;
      if (f.max !== undefined && v.length > f.max) return `must be at most ${f.max} characters`;
      if (f.pattern !== undefined && !new RegExp(f.pattern, 'u').test(v)) return `does not have the expected format (${f.pattern})`;
      return undefined;
    }
  }
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** Checks submitted form values against a step's fields: required, types, ranges, options. */
export function validateForm(fields: readonly FormField[], values: Readonly<Record<string, unknown>>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  // Most steps have no form: skip building the set of known fields (the simulator's hot path).
  if (fields.length === 0) {
    for (const k of Object.keys(values)) issues.push({ field: k, message: `"${k}" is not a field of this step` });
    return issues;
  }
  const known = new Set(fields.map((f) => f.id));
  for (const k of Object.keys(values)) if (!known.has(k)) issues.push({ field: k, message: `"${k}" is not a field of this step` });
  for (const f of fields) {
    const v = values[f.id];
    if (isEmpty(v)) {
      if (f.required) issues.push({ field: f.id, message: `${label(f)} is required` });
      continue;
    }
    const problem = checkType(f, v);
    if (problem) issues.push({ field: f.id, message: `${label(f)} ${problem}` });
  }
  return issues;
}
