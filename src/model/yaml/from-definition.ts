import { formatTimeLimit } from '../time-limit.ts';
import type { Checklist, Escalation, EscalationAction, FormField, LocalizedText, ProcessDefinition, ProcessNode, SlaSpec } from '../types.ts';
import { autoItemId, autoOptionalId, SERVICE_DEFAULTS } from './defaults.ts';
import { formatWarning } from './values.ts';

/**
 * The model written back in the YAML surface syntax, as plain data: the shortest form the
 * reader maps back to the very same definition (defaults left out, `human: 名称` rather than
 * `kind: human`, plain strings for Chinese-only texts). `toYaml` adds the layout.
 */

type Out = Record<string, unknown>;

function defined(o: Out): Out {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** A Chinese-only text is written as a plain string; anything else as { zh, en }. */
function text(t: LocalizedText): unknown {
  return t.zh !== undefined && t.en === undefined ? t.zh : defined({ zh: t.zh, en: t.en });
}
const optText = (t: LocalizedText | undefined): unknown => (t === undefined ? undefined : text(t));

function action(a: EscalationAction): Out {
  switch (a.kind) {
    case 'notify':
      return defined({ notify: a.role, message: optText(a.message) });
    case 'reassign':
      return { reassign: a.role };
    case 'raisePriority':
      return { raisePriority: a.by ?? true };
  }
}

function escalation(e: Escalation): Out {
  const after = e.after === undefined ? undefined : formatTimeLimit(e.after);
  const only = e.actions.length === 1 ? e.actions[0] : undefined;
  return only ? defined({ after, ...action(only) }) : defined({ after, do: e.actions.map(action) });
}

function sla(s: SlaSpec): Out {
  return defined({
    due: 'expression' in s.due ? { expression: s.due.expression } : formatTimeLimit(s.due),
    warning: s.warning === undefined ? undefined : formatWarning(s.warning),
    escalate: s.escalations?.map(escalation),
    calendar: s.calendar,
    pauseWhileWaitingForCustomer: s.pauseWhileWaitingForCustomer,
  });
}

function checklist(c: Checklist): Out {
  // The longest tail of plain optional items o1, o2… is written as the `optional:` list.
  const plainOptional = (start: number): boolean =>
    c.items.slice(start).every((item, i) => !item.required && item.weight === undefined && item.id === autoOptionalId(i));
  let split = c.items.length;
  for (let start = 0; start < c.items.length; start++) {
    if (plainOptional(start)) {
      split = start;
      break;
    }
  }
  const optional = c.items.slice(split).map((item) => text(item.text));
  const items = c.items.slice(0, split).map((item, i) =>
    item.id === autoItemId(i) && item.required && item.weight === undefined
      ? text(item.text)
      : defined({ id: item.id, text: text(item.text), required: item.required ? undefined : false, weight: item.weight }),
  );
  const p = c.pass;
  const pass = defined({ allRequired: p.allRequired ? undefined : false, minOptional: p.minOptional, minScore: p.minScore });
  return defined({ pass: Object.keys(pass).length > 0 ? pass : undefined, onFail: c.onFail, items: items.length > 0 || optional.length === 0 ? items : undefined, optional: optional.length > 0 ? optional : undefined });
}

function field(f: FormField): Out {
  const sameAsValue = (o: { value: string; label: LocalizedText }): boolean => o.label.zh === o.value && o.label.en === undefined;
  return defined({
    id: f.id,
    label: text(f.label),
    type: f.type === 'text' ? undefined : f.type,
    required: f.required ? true : undefined,
    options: f.options?.map((o) => (sameAsValue(o) ? o.value : { value: o.value, label: text(o.label) })),
    min: f.min,
    max: f.max,
    pattern: f.pattern,
    variable: f.variable,
  });
}

function node(n: ProcessNode): Out {
  const head = { id: n.id, [n.kind]: text(n.name), description: optText(n.description) };
  switch (n.kind) {
    case 'human':
      return defined({
        ...head,
        role: n.role,
        assignment: n.assignment.strategy === 'queue' ? undefined : n.assignment.strategy === 'sameAs' ? { sameAs: n.assignment.node } : n.assignment.strategy,
        priority: n.priority,
        certificate: n.certificate,
        touchpoint: n.touchpoint,
        sla: n.sla && sla(n.sla),
        checklist: n.checklist && checklist(n.checklist),
        script: n.script?.map((l) => (l.when === undefined ? text(l.say) : { say: text(l.say), when: text(l.when) })),
        form: n.form?.map(field),
        next: n.next,
      });
    case 'service': {
      const d = SERVICE_DEFAULTS;
      const b = n.backoff;
      const backoff = defined({
        initialMs: b.initialMs === d.backoff.initialMs ? undefined : b.initialMs,
        factor: b.factor === d.backoff.factor ? undefined : b.factor,
        maxMs: b.maxMs === d.backoff.maxMs ? undefined : b.maxMs,
      });
      return defined({
        ...head,
        request: defined({ method: n.request.method, url: n.request.url, headers: n.request.headers, body: n.request.body }),
        timeoutMs: n.timeoutMs === d.timeoutMs ? undefined : n.timeoutMs,
        retries: n.retries === d.retries ? undefined : n.retries,
        backoff: Object.keys(backoff).length > 0 ? backoff : undefined,
        resultVariable: n.resultVariable,
        onError: n.onError,
        next: n.next,
      });
    }
    case 'timer': {
      const w = n.wait;
      const wait = 'duration' in w ? { wait: formatTimeLimit(w.duration) } : { until: w.until, offset: w.offset === undefined ? undefined : formatTimeLimit(w.offset) };
      return defined({ ...head, ...wait, calendar: w.calendar, next: n.next });
    }
    case 'exclusive':
      return defined({ ...head, branches: n.branches.map((b) => defined({ when: b.when, to: b.to, name: optText(b.name) })), default: n.default });
    case 'parallel':
      return defined({ ...head, to: n.to, next: n.next });
    case 'call':
      return defined({ ...head, process: n.process, input: n.input, output: n.output, next: n.next });
    case 'end':
      return defined({ ...head, outcome: n.outcome });
  }
}

/** The YAML surface form of a definition, as plain data (see `toYaml` for the text). */
export function fromDefinition(def: ProcessDefinition): Out {
  return defined({
    key: def.key,
    version: def.version,
    name: text(def.name),
    description: optText(def.description),
    industry: def.industry,
    seeds: def.seeds,
    calendar: def.calendar,
    roles: def.roles.length > 0 ? def.roles.map((r) => ({ id: r.id, name: text(r.name) })) : undefined,
    variables:
      def.variables.length > 0 ? def.variables.map((v) => defined({ id: v.id, type: v.type, label: optText(v.label), required: v.required, default: v.default })) : undefined,
    sla: def.sla && sla(def.sla),
    schedules: def.schedules?.map((s) => defined({ rrule: s.rrule, data: s.data })),
    nodes: def.nodes.map(node),
  });
}
