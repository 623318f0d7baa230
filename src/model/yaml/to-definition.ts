import { parseTimeLimit } from '../time-limit.ts';
import type {
  Assignment,
  Checklist,
  ChecklistItem,
  Escalation,
  EscalationAction,
  FormField,
  LocalizedText,
  ProcessDefinition,
  ProcessNode,
  ScriptLine,
  SlaSpec,
} from '../types.ts';
import { autoItemId, autoOptionalId, SERVICE_DEFAULTS } from './defaults.ts';
import { detectKind } from './node-kind.ts';
import type { SopFile, SurfaceNode, SurfaceSla, SurfaceText } from './schema.ts';
import { parseWarning } from './values.ts';

/**
 * The mapping from a validated YAML file to the model: fills defaults, turns texts and time
 * limits into their structured forms. Runs only on input the schema accepted, so it trusts the
 * shapes and never reports errors itself.
 */

/** Copies only the keys whose value is defined, so results deep-equal hand-built definitions. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** A plain string is Chinese; `{ zh, en }` is kept as written. */
export function toText(t: SurfaceText): LocalizedText {
  return typeof t === 'string' ? { zh: t } : defined({ zh: t.zh, en: t.en });
}
const optText = (t: SurfaceText | undefined): LocalizedText | undefined => (t === undefined ? undefined : toText(t));

function toAction(a: { notify?: string; message?: SurfaceText; reassign?: string; raisePriority?: number | true }): EscalationAction {
  if (a.notify !== undefined) return defined({ kind: 'notify' as const, role: a.notify, message: optText(a.message) });
  if (a.reassign !== undefined) return { kind: 'reassign', role: a.reassign };
  return a.raisePriority === true || a.raisePriority === undefined ? { kind: 'raisePriority' } : { kind: 'raisePriority', by: a.raisePriority };
}

function toSla(s: SurfaceSla): SlaSpec {
  const escalations = s.escalate?.map(
    (e): Escalation => defined({ after: e.after === undefined ? undefined : parseTimeLimit(e.after), actions: e.do ? e.do.map(toAction) : [toAction(e)] }),
  );
  return defined({
    due: typeof s.due === 'string' ? parseTimeLimit(s.due) : { expression: s.due.expression },
    warning: s.warning === undefined ? undefined : parseWarning(s.warning),
    escalations,
    calendar: s.calendar,
    pauseWhileWaitingForCustomer: s.pauseWhileWaitingForCustomer,
  });
}

function toAssignment(a: SurfaceNode<'human'>['assignment']): Assignment {
  if (a === undefined) return { strategy: 'queue' };
  return typeof a === 'string' ? { strategy: a } : { strategy: 'sameAs', node: a.sameAs };
}

function toChecklist(c: NonNullable<SurfaceNode<'human'>['checklist']>): Checklist {
  const items = (c.items ?? []).map((item, i): ChecklistItem => {
    if (typeof item === 'string' || !('text' in item)) return { id: autoItemId(i), text: toText(item), required: true };
    return defined({ id: item.id, text: toText(item.text), required: item.required ?? true, weight: item.weight });
  });
  for (const [i, t] of (c.optional ?? []).entries()) items.push({ id: autoOptionalId(i), text: toText(t), required: false });
  const pass = defined({ allRequired: c.pass?.allRequired ?? true, minOptional: c.pass?.minOptional, minScore: c.pass?.minScore });
  return defined({ items, pass, onFail: c.onFail });
}

function toScript(lines: NonNullable<SurfaceNode<'human'>['script']>): ScriptLine[] {
  return lines.map((l) => (typeof l === 'string' || !('say' in l) ? { say: toText(l) } : defined({ say: toText(l.say), when: optText(l.when) })));
}

function toForm(fields: NonNullable<SurfaceNode<'human'>['form']>): FormField[] {
  return fields.map((f) =>
    defined({
      id: f.id,
      label: toText(f.label),
      type: f.type ?? 'text',
      required: f.required ?? false,
      options: f.options?.map((o) => (typeof o === 'string' ? { value: o, label: { zh: o } } : { value: o.value, label: toText(o.label) })),
      min: f.min,
      max: f.max,
      pattern: f.pattern,
      variable: f.variable,
    }),
  );
}

type AnyNode = { readonly id: string; readonly description?: SurfaceText; readonly name?: SurfaceText } & Readonly<Record<string, unknown>>;

function toNode(raw: AnyNode): ProcessNode {
  const guess = detectKind(raw);
  if (guess.kind === undefined) throw new Error(`unreachable: node "${raw.id}" passed the schema without a kind`);
  const kind = guess.kind;
  const name = toText((guess.form === 'key' ? raw[kind] : raw.name) as SurfaceText);
  const base = { id: raw.id, name, description: optText(raw.description) };
  switch (kind) {
    case 'human': {
      const n = raw as unknown as SurfaceNode<'human'>;
      return defined({
        kind,
        ...base,
        next: n.next,
        role: n.role,
        assignment: toAssignment(n.assignment),
        sla: n.sla && toSla(n.sla),
        checklist: n.checklist && toChecklist(n.checklist),
        script: n.script && toScript(n.script),
        form: n.form && toForm(n.form),
        touchpoint: n.touchpoint,
        certificate: n.certificate,
        priority: n.priority,
      });
    }
    case 'service': {
      const n = raw as unknown as SurfaceNode<'service'>;
      const d = SERVICE_DEFAULTS;
      return defined({
        kind,
        ...base,
        next: n.next,
        request: defined({ method: n.request.method ?? d.method, url: n.request.url, headers: n.request.headers, body: n.request.body }),
        timeoutMs: n.timeoutMs ?? d.timeoutMs,
        retries: n.retries ?? d.retries,
        backoff: { initialMs: n.backoff?.initialMs ?? d.backoff.initialMs, factor: n.backoff?.factor ?? d.backoff.factor, maxMs: n.backoff?.maxMs ?? d.backoff.maxMs },
        resultVariable: n.resultVariable,
        onError: n.onError,
      });
    }
    case 'timer': {
      const n = raw as unknown as SurfaceNode<'timer'>;
      const wait =
        n.wait !== undefined
          ? defined({ duration: parseTimeLimit(n.wait), calendar: n.calendar })
          : defined({ until: n.until!, offset: n.offset === undefined ? undefined : parseTimeLimit(n.offset, { signed: true }), calendar: n.calendar });
      return defined({ kind, ...base, next: n.next, wait });
    }
    case 'exclusive': {
      const n = raw as unknown as SurfaceNode<'exclusive'>;
      return defined({ kind, ...base, branches: n.branches.map((b) => defined({ when: b.when, to: b.to, name: optText(b.name) })), default: n.default });
    }
    case 'parallel': {
      const n = raw as unknown as SurfaceNode<'parallel'>;
      return defined({ kind, ...base, next: n.next, to: n.to });
    }
    case 'call': {
      const n = raw as unknown as SurfaceNode<'call'>;
      return defined({ kind, ...base, next: n.next, process: n.process, input: n.input, output: n.output });
    }
    case 'end': {
      const n = raw as unknown as SurfaceNode<'end'>;
      return defined({ kind, ...base, outcome: n.outcome });
    }
  }
}

/** Maps a file the schema accepted onto a `ProcessDefinition`, filling the documented defaults. */
export function toDefinition(file: SopFile): ProcessDefinition {
  return defined({
    key: file.key,
    version: file.version,
    name: toText(file.name),
    description: optText(file.description),
    industry: file.industry,
    seeds: file.seeds,
    roles: (file.roles ?? []).map((r) => ({ id: r.id, name: toText(r.name) })),
    calendar: file.calendar,
    variables: (file.variables ?? []).map((v) => defined({ id: v.id, type: v.type, label: optText(v.label), required: v.required, default: v.default })),
    sla: file.sla && toSla(file.sla),
    schedules: file.schedules?.map((s) => defined({ rrule: s.rrule, data: s.data })),
    nodes: file.nodes.map((n) => toNode(n as AnyNode)),
  });
}
