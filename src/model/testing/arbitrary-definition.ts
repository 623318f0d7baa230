import fc from 'fast-check';
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
  SlaSpec,
  TimeLimit,
  TimeUnit,
  VariableDef,
} from '../types.ts';

/**
 * Random valid `ProcessDefinition`s for property tests (the YAML round trip; usable by any
 * reader/writer pair). Valid means `compile()` accepts them: every node reaches the next one
 * written, targets point forward, roles and earlier steps exist, FEEL parses. Built with
 * `fc.gen()` because so much depends on what was drawn before (ids, roles, human steps).
 */

type G = fc.GeneratorValue;

const ZH = ['接车', '诊断', '报价', '维修', '交车', '回访', '服务顾问', '客户签字', '您好，欢迎光临！', '严重', '轻微', '预约'];
const FEEL = ['severity = "critical"', 'amount >= 3000', 'vip', 'not(vip)', 'score < 3 and tier = "VIP"', 'count(items) > 0', 'x in [1, 2]', 'name = "O\'Brien: a #1"'];
const PATTERNS = ['^1\\d{10}$', '^[A-Z]{2}\\d+$', '.+', '^\\S+@\\S+$'];
const UNITS: readonly TimeUnit[] = ['seconds', 'minutes', 'hours', 'days', 'weeks'];

const str = (g: G): string =>
  g(() => fc.oneof(fc.constantFrom(...ZH), fc.string({ minLength: 1, maxLength: 20 }), fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' })));

function text(g: G): LocalizedText {
  switch (g(fc.integer, { min: 0, max: 2 })) {
    case 0:
      return { zh: str(g) };
    case 1:
      return { en: str(g) };
    default:
      return { zh: str(g), en: str(g) };
  }
}

const opt = <T>(g: G, make: () => T): T | undefined => (g(fc.boolean) ? make() : undefined);

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** n distinct ids made of a word of the pool and a number (fc.stringMatching is ten times slower). */
function ids(g: G, n: number, pool: readonly string[]): string[] {
  const word = fc.tuple(fc.constantFrom(...pool), fc.nat(99)).map(([w, k]) => `${w}${k}`);
  return g(() => fc.uniqueArray(word, { minLength: n, maxLength: n }));
}

const NODE_WORDS = ['reception', 'diagnose', 'fix-', 'wait', 'severity?', 'n.', '接车', 'Step_'];
const VAR_WORDS = ['severity', 'amount', 'x_', 'Plate', '_v', '金额'];
const ROLE_WORDS = ['advisor', 'technician', 'manager', 'front-desk', '顾问'];

function limit(g: G, min = 1): TimeLimit {
  const amount = g(() => fc.oneof(fc.integer({ min, max: 500 }), fc.double({ min: Math.max(min, 0.01), max: 500, noNaN: true, noDefaultInfinity: true })));
  return { amount, unit: g(fc.constantFrom, ...UNITS), basis: g(fc.constantFrom, 'elapsed' as const, 'working' as const) };
}

function sla(g: G, roles: readonly string[]): SlaSpec {
  const action = (): EscalationAction => {
    const k = g(fc.integer, { min: 0, max: 2 });
    if (k === 0) return defined({ kind: 'notify' as const, role: g(fc.constantFrom, ...roles), message: opt(g, () => text(g)) });
    if (k === 1) return { kind: 'reassign', role: g(fc.constantFrom, ...roles) };
    return defined({ kind: 'raisePriority' as const, by: opt(g, () => g(fc.integer, { min: 1, max: 5 })) });
  };
  const escalation = (): Escalation =>
    defined({ after: opt(g, () => limit(g)), actions: Array.from({ length: g(fc.integer, { min: 1, max: 3 }) }, action) });
  return defined({
    due: g(fc.boolean) ? limit(g) : { expression: 'if vip then "4 h" else "1 working day"' },
    warning: opt(g, () => (g(fc.boolean) ? { fraction: g(fc.double, { min: 0.01, max: 0.99, noNaN: true }) } : { before: limit(g) })),
    escalations: opt(g, () => Array.from({ length: g(fc.integer, { min: 0, max: 3 }) }, escalation)),
    calendar: opt(g, () => g(fc.constantFrom, 'store', 'default', '门店')),
    pauseWhileWaitingForCustomer: opt(g, () => g(fc.boolean)),
  });
}

function checklist(g: G): Checklist {
  const n = g(fc.integer, { min: 0, max: 5 });
  const own = ids(g, n, ['greet', 'check', 'i-']).map((id) => `i-${id}`);
  const items: ChecklistItem[] = own.map((id, i) =>
    defined({
      id: g(fc.boolean) ? `c${i + 1}` : id,
      text: text(g),
      required: g(fc.boolean),
      weight: opt(g, () => g(fc.integer, { min: 0, max: 5 })),
    }),
  );
  const tail = g(fc.integer, { min: 0, max: 3 });
  for (let k = 0; k < tail; k++) items.push({ id: `o${k + 1}`, text: text(g), required: false });
  const optional = items.filter((c) => !c.required).length;
  const total = items.reduce((a, c) => a + (c.weight ?? 1), 0);
  return defined({
    items,
    pass: defined({ allRequired: g(fc.boolean), minOptional: opt(g, () => g(fc.integer, { min: 0, max: optional })), minScore: opt(g, () => g(fc.integer, { min: 0, max: total })) }),
    onFail: opt(g, () => g(fc.constantFrom, 'block' as const, 'record' as const)),
  });
}

function form(g: G): FormField[] {
  const n = g(fc.integer, { min: 0, max: 4 });
  return ids(g, n, VAR_WORDS).map((id) => {
    const type = g(fc.constantFrom, 'text', 'longText', 'number', 'integer', 'select', 'multiSelect', 'signature', 'photo', 'phone', 'money', 'date') as FormField['type'];
    const select = type === 'select' || type === 'multiSelect';
    const min = opt(g, () => g(fc.integer, { min: -5, max: 5 }));
    return defined({
      id,
      label: text(g),
      type,
      required: g(fc.boolean),
      options: select
        ? ids(g, g(fc.integer, { min: 1, max: 3 }), ['opt', '是', '1']).map((value) => ({ value, label: g(fc.boolean) ? { zh: value } : text(g) }))
        : undefined,
      min,
      max: opt(g, () => (min ?? 0) + g(fc.integer, { min: 0, max: 10 })),
      pattern: opt(g, () => g(fc.constantFrom, ...PATTERNS)),
      variable: opt(g, () => `v_${id}`),
    });
  });
}

function variable(g: G, id: string): VariableDef {
  const type = g(fc.constantFrom, 'string', 'number', 'boolean', 'date', 'list', 'object') as VariableDef['type'];
  const value: Record<string, () => unknown> = {
    string: () => str(g),
    number: () => g(fc.integer, { min: -1000, max: 1000 }) || 1,
    boolean: () => g(fc.boolean),
    date: () => '2026-03-01',
    list: () => g(fc.array, fc.oneof(fc.integer(), fc.string()), { maxLength: 3 }),
    object: () => ({ a: g(fc.integer), b: str(g) }),
  };
  return defined({ id, type, label: opt(g, () => text(g)), required: opt(g, () => g(fc.boolean)), default: opt(g, () => value[type]!()) });
}

type Kind = 'human' | 'service' | 'timer' | 'exclusive' | 'split' | 'join' | 'call';

function node(g: G, kind: Kind, id: string, later: readonly string[], earlierHumans: readonly string[], roles: readonly string[]): ProcessNode {
  const base = defined({ id, name: text(g), description: opt(g, () => text(g)) });
  const following = later[0]!;
  const next = opt(g, () => following);
  const anyLater = (): string => g(fc.constantFrom, ...later);
  switch (kind) {
    case 'human': {
      const strategies: Assignment[] = [{ strategy: 'queue' }, { strategy: 'rotation' }, { strategy: 'leastLoaded' }, { strategy: 'customerOwner' }];
      for (const h of earlierHumans) strategies.push({ strategy: 'sameAs', node: h });
      return defined({
        kind,
        ...base,
        next,
        role: g(fc.constantFrom, ...roles),
        assignment: g(fc.constantFrom, ...strategies),
        sla: opt(g, () => sla(g, roles)),
        checklist: opt(g, () => checklist(g)),
        script: opt(g, () => Array.from({ length: g(fc.integer, { min: 0, max: 3 }) }, () => defined({ say: text(g), when: opt(g, () => text(g)) }))),
        form: opt(g, () => form(g)),
        touchpoint: opt(g, () => g(fc.boolean)),
        certificate: opt(g, () => str(g)),
        priority: opt(g, () => g(fc.integer, { min: -3, max: 10 })),
      });
    }
    case 'service': {
      const initialMs = g(fc.integer, { min: 1, max: 5000 });
      return defined({
        kind,
        ...base,
        next,
        request: defined({
          method: g(fc.constantFrom, 'GET' as const, 'POST' as const, 'PUT' as const, 'PATCH' as const, 'DELETE' as const),
          url: g(fc.constantFrom, 'http://dms/cases/{caseId}', 'https://例子.cn/api?x=1&y=2', 'http://h:8080/a#b'),
          headers: opt(g, () => ({ 'X-Source': str(g) })),
          body: opt(g, () => '{ plate: plate }'),
        }),
        timeoutMs: g(fc.integer, { min: 1, max: 60_000 }),
        retries: g(fc.integer, { min: 0, max: 10 }),
        backoff: { initialMs, factor: g(fc.constantFrom, 1, 1.5, 2, 3), maxMs: initialMs + g(fc.integer, { min: 0, max: 100_000 }) },
        resultVariable: opt(g, () => 'answer'),
        onError: opt(g, anyLater),
      });
    }
    case 'timer': {
      const calendar = opt(g, () => 'store');
      const wait = g(fc.boolean)
        ? defined({ duration: limit(g), calendar })
        : defined({ until: g(fc.constantFrom, 'appointmentAt', 'date and time(appointmentAt)'), offset: opt(g, () => limit(g, -10)), calendar });
      return defined({ kind, ...base, next, wait });
    }
    case 'exclusive': {
      const branches = Array.from({ length: g(fc.integer, { min: 1, max: 3 }) }, () => defined({ when: g(fc.constantFrom, ...FEEL), to: anyLater(), name: opt(g, () => text(g)) }));
      // Reachability: the node written next is the default, or the first branch when there is none.
      if (g(fc.boolean)) return { kind, ...base, branches, default: following };
      return { kind, ...base, branches: [{ ...branches[0]!, to: following }, ...branches.slice(1)] };
    }
    case 'split':
      return { kind: 'parallel', ...base, to: [...new Set([following, ...g(fc.subarray, [...later])])] };
    case 'join':
      return defined({ kind: 'parallel' as const, ...base, next });
    case 'call':
      return defined({
        kind,
        ...base,
        next,
        process: g(fc.constantFrom, 'parts-order', 'complaint.v2'),
        input: opt(g, () => ({ plate: 'plate', total: 'amount * 2' })),
        output: opt(g, () => ({ partsEta: 'eta' })),
      });
  }
}

/** Random valid definitions: every node kind, every optional key sometimes, texts with YAML-hostile characters. */
export const arbitraryDefinition: fc.Arbitrary<ProcessDefinition> = fc.gen().map((g) => {
  const roles = ids(g, g(fc.integer, { min: 1, max: 3 }), ROLE_WORDS);
  const kinds = g(fc.array, fc.constantFrom<Kind>('human', 'service', 'timer', 'exclusive', 'split', 'join', 'call'), { minLength: 1, maxLength: 7 });
  const nodeIds = ids(g, kinds.length + 1, NODE_WORDS);
  const humans: string[] = [];
  const nodes: ProcessNode[] = kinds.map((kind, i) => {
    const n = node(g, kind, nodeIds[i]!, nodeIds.slice(i + 1), [...humans], roles);
    if (n.kind === 'human') humans.push(n.id);
    return n;
  });
  nodes.push(defined({ kind: 'end' as const, id: nodeIds[kinds.length]!, name: text(g), outcome: opt(g, () => str(g)) }));
  const varIds = ids(g, g(fc.integer, { min: 0, max: 3 }), VAR_WORDS);
  return defined({
    key: `${g(fc.constantFrom, 'car-after-sales', 'water.repair', 'A_1')}${g(fc.nat, 9)}`,
    version: g(fc.integer, { min: 1, max: 100 }),
    name: text(g),
    description: opt(g, () => text(g)),
    industry: opt(g, () => g(fc.constantFrom, 'automotive', 'utilities', '美容')),
    seeds: opt(g, () => g(fc.subarray, ['S09', 'S12', 'S30'])),
    roles: roles.map((id) => ({ id, name: text(g) })),
    calendar: opt(g, () => 'store'),
    variables: varIds.map((id) => variable(g, id)),
    sla: opt(g, () => sla(g, roles)),
    schedules: opt(g, () => [defined({ rrule: 'FREQ=DAILY;BYHOUR=9;BYMINUTE=0', data: opt(g, () => ({ round: '巡检', n: 1 })) })]),
    nodes,
  });
});
