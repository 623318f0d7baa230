import type { CompiledProcess, FormField } from '../../model/types.ts';

/** Test helper: valid form values and a fully checked checklist for a step of a template. */
function value(f: FormField, i: number): unknown {
  switch (f.type) {
    case 'number':
    case 'integer':
    case 'money':
      return f.min ?? 1;
    case 'boolean':
      return true;
    case 'select':
      return f.options?.[0]?.value ?? 'x';
    case 'multiSelect':
      return [f.options?.[0]?.value ?? 'x'];
    case 'phone':
      return '13800000000';
    case 'date':
      return '2026-03-01';
    case 'datetime':
      return '2026-03-01T10:00:00+08:00';
    default:
      return `v${i}`;
  }
}

export function filled(proc: CompiledProcess, node: string, over: Record<string, unknown> = {}): { form: Record<string, unknown>; checklist: Record<string, boolean> } {
  const n = proc.nodes[node];
  if (n?.kind !== 'human') throw new Error(`${node} is not a human step of ${proc.definition.key}`);
  const form: Record<string, unknown> = {};
  (n.form ?? []).forEach((f, i) => {
    if (f.required && f.type !== 'signature' && f.type !== 'photo') form[f.id] = value(f, i);
    if (f.required && f.type === 'signature') form[f.id] = 'signed';
  });
  for (const [k, v] of Object.entries(over)) if (v === undefined) delete form[k];
  else form[k] = v;
  const checklist = Object.fromEntries((n.checklist?.items ?? []).map((i) => [i.id, true]));
  return { form, checklist };
}
