import { parseTimeLimit } from '../../model/index.ts';
import { SimulationError } from '../errors.ts';
import { find, freshId, nextOf, redirect, replace, retargetSameAs, type Nodes } from './graph-edit.ts';
import type { HumanStep, LocalizedText, ProcessDefinition, ProcessNode, SlaSpec } from '../../model/types.ts';
import type { Distribution } from '../random/distribution.ts';
import type { Shift, SimulationParams, StaffSpec } from '../params.ts';
import type { Change } from './schema.ts';

/** An SOP and its parameters, as a scenario edits them. */
export interface Variant {
  readonly definition: ProcessDefinition;
  readonly nodes: Nodes;
  readonly params: SimulationParams;
  /** The first node (the SOP starts at the first node written; edits keep track of it). */
  readonly start: string;
}

/** Where the process starts after `from` is replaced by `to`. */
function startAfter(v: Variant, from: string, to: string): string {
  return v.start === from ? to : v.start;
}

type C<K extends Change['change']> = Extract<Change, { change: K }>;

function human(nodes: Nodes, id: string): HumanStep {
  const n = find(nodes, id);
  if (n.kind !== 'human') throw new SimulationError('BAD_SCENARIO', `"${id}" is a ${n.kind} node, not a step a person does`);
  return n;
}

function renameTarget(params: SimulationParams, from: string, to: string): SimulationParams['branches'] {
  if (!params.branches) return undefined;
  return Object.fromEntries(Object.entries(params.branches).map(([g, p]) => [g, Object.fromEntries(Object.entries(p).map(([t, v]) => [t === from ? to : t, v]))]));
}

function withoutKey<T>(r: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const { [key]: _gone, ...rest } = r;
  return rest;
}

/** Takes a work step out: whatever led to it now leads to what came after it. */
export function removeStep(v: Variant, c: C<'removeStep'>): Variant {
  const next = nextOf(v.nodes, c.step);
  let nodes = redirect(v.nodes, c.step, next).filter((n) => n.id !== c.step);
  nodes = retargetSameAs(nodes, c.step, undefined);
  return { ...v, nodes, start: startAfter(v, c.step, next), params: { ...v.params, durations: withoutKey(v.params.durations, c.step), branches: renameTarget(v.params, c.step, next) } };
}

/** Moves a work step after (or before) another one; the flow closes up where it was. */
export function moveStep(v: Variant, c: C<'moveStep'>): Variant {
  const step = find(v.nodes, c.step);
  const next = nextOf(v.nodes, c.step);
  let nodes = redirect(v.nodes, c.step, next).filter((n) => n.id !== c.step);
  let start = startAfter(v, c.step, next);
  if (c.after !== undefined) {
    const after = nextOf(nodes, c.after);
    nodes = replace(nodes, c.after, (n) => ({ ...n, next: c.step }) as ProcessNode);
    nodes = [...nodes, { ...step, next: after } as ProcessNode];
  } else {
    find(nodes, c.before!);
    nodes = redirect(nodes, c.before!, c.step);
    nodes = [...nodes, { ...step, next: c.before } as ProcessNode];
    if (start === c.before) start = c.step;
  }
  return { ...v, nodes, start, params: { ...v.params, branches: renameTarget(v.params, c.step, next) } };
}

/** Runs two consecutive steps at the same time: a parallel split before the first and a join after the second. */
export function parallel(v: Variant, c: C<'parallel'>): Variant {
  const [a, b] = c.steps;
  if (nextOf(v.nodes, a) !== b) throw new SimulationError('BAD_SCENARIO', `"${a}" is not directly followed by "${b}", so they cannot be run in parallel this way`);
  const after = nextOf(v.nodes, b);
  const split = freshId(v.nodes, `${a}_and_${b}`);
  const join = freshId(v.nodes, `${a}_and_${b}_done`);
  let nodes = redirect(v.nodes, a, split);
  nodes = replace(nodes, a, (n) => ({ ...n, next: join }) as ProcessNode);
  nodes = replace(nodes, b, (n) => ({ ...n, next: join }) as ProcessNode);
  const i = nodes.findIndex((n) => n.id === a);
  const splitNode: ProcessNode = { kind: 'parallel', id: split, name: { en: `${a} and ${b} at once`, zh: `${a}与${b}同时进行` }, to: [a, b] };
  const joinNode: ProcessNode = { kind: 'parallel', id: join, name: { en: `${a} and ${b} done`, zh: `${a}与${b}完成` }, next: after };
  nodes = [...nodes.slice(0, i), splitNode, ...nodes.slice(i), joinNode];
  return { ...v, nodes, start: startAfter(v, a, split), params: { ...v.params, branches: renameTarget(v.params, a, split) } };
}

function joinText(a: LocalizedText, b: LocalizedText): LocalizedText {
  const zh = a.zh !== undefined && b.zh !== undefined ? `${a.zh}+${b.zh}` : undefined;
  const en = `${a.en ?? a.zh ?? ''} + ${b.en ?? b.zh ?? ''}`;
  return zh !== undefined ? { zh, en } : { en };
}

/** Two consecutive steps become one, done by one person (horizontal integration). */
export function mergeSteps(v: Variant, c: C<'mergeSteps'>): Variant {
  const [a, b] = c.steps;
  const x = human(v.nodes, a);
  const y = human(v.nodes, b);
  if (nextOf(v.nodes, a) !== b) throw new SimulationError('BAD_SCENARIO', `"${a}" is not directly followed by "${b}", so they cannot be merged`);
  const id = c.into ?? freshId(v.nodes, `${a}_${b}`);
  // The merged step keeps the later step's SLA (the customer waits for the whole), its own form and checklist are both.
  const merged: HumanStep = {
    ...x,
    id,
    name: joinText(x.name, y.name),
    role: c.role ?? x.role,
    next: y.next,
    sla: y.sla ?? x.sla,
    form: [...(x.form ?? []), ...(y.form ?? [])],
    checklist: x.checklist && y.checklist ? { ...x.checklist, items: [...x.checklist.items, ...y.checklist.items] } : (x.checklist ?? y.checklist),
    touchpoint: x.touchpoint || y.touchpoint,
  };
  let nodes = redirect(v.nodes, a, id);
  nodes = nodes.flatMap((n) => (n.id === a ? [merged] : n.id === b ? [] : [n]));
  nodes = retargetSameAs(retargetSameAs(nodes, a, id), b, id);
  const da = v.params.durations[a];
  const db = v.params.durations[b];
  const duration: Distribution | undefined = c.duration ?? (da && db ? { kind: 'sum', of: [da, db], ...(c.factor !== undefined ? { factor: c.factor } : {}) } : undefined);
  const durations = withoutKey(withoutKey(v.params.durations, a), b);
  if (duration) durations[id] = duration;
  return { ...v, nodes, start: startAfter(v, a, id), params: { ...v.params, durations, branches: renameTarget(v.params, a, id) } };
}

/** The step is done by another role (vertical integration: the front line decides). */
export function delegate(v: Variant, c: C<'delegate'>): Variant {
  human(v.nodes, c.step);
  const roles = v.definition.roles.some((r) => r.id === c.to) ? v.definition.roles : [...v.definition.roles, { id: c.to, name: { en: c.to } }];
  const nodes = replace(v.nodes, c.step, (n) => ({ ...(n as HumanStep), role: c.to }));
  const durations = c.duration ? { ...v.params.durations, [c.step]: c.duration } : v.params.durations;
  return { ...v, definition: { ...v.definition, roles }, nodes, params: { ...v.params, durations } };
}

/** A new time limit on a step's SLA, or on the case's. */
export function sla(v: Variant, c: C<'sla'>): Variant {
  const due = parseTimeLimit(c.due);
  const set = (old: SlaSpec | undefined): SlaSpec => ({ ...old, due });
  if (c.step === undefined) return { ...v, definition: { ...v.definition, sla: set(v.definition.sla) } };
  human(v.nodes, c.step);
  return { ...v, nodes: replace(v.nodes, c.step, (n) => ({ ...(n as HumanStep), sla: set((n as HumanStep).sla) })) };
}

function shifts(spec: StaffSpec | undefined): Shift[] {
  if (spec === undefined) return [];
  if (typeof spec === 'number') return [{ count: spec }];
  return 'shifts' in spec ? [...spec.shifts] : [spec];
}

/** Several roles become one post: their steps, escalations and people all go to `into`. */
export function mergeRoles(v: Variant, c: C<'mergeRoles'>): Variant {
  const merging = new Set(c.roles);
  for (const r of c.roles) if (!v.definition.roles.some((x) => x.id === r)) throw new SimulationError('BAD_SCENARIO', `role "${r}" is not a role of the SOP`);
  const r = (x: string): string => (merging.has(x) ? c.into : x);
  const nodes = v.nodes.map((n): ProcessNode => {
    if (n.kind !== 'human') return n;
    const escalations = n.sla?.escalations?.map((e) => ({ ...e, actions: e.actions.map((a) => (a.kind === 'raisePriority' ? a : { ...a, role: r(a.role) })) }));
    return { ...n, role: r(n.role), sla: n.sla ? { ...n.sla, escalations } : undefined };
  });
  const names = v.definition.roles.filter((x) => merging.has(x.id)).map((x) => x.name.zh ?? x.name.en ?? x.id);
  const roles = [...v.definition.roles.filter((x) => !merging.has(x.id) && x.id !== c.into), { id: c.into, name: { en: c.into, zh: names.join('+') } }];
  const staff: Record<string, StaffSpec> = {};
  const pooled: Shift[] = [];
  for (const [role, spec] of Object.entries(v.params.staff)) {
    if (merging.has(role) || role === c.into) pooled.push(...shifts(spec));
    else staff[role] = spec;
  }
  staff[c.into] = { shifts: pooled };
  const costs = { ...v.params.costPerHour };
  // Cross-trained people are paid as the best paid of the merged posts, unless the scenario says.
  const cost = c.costPerHour ?? Math.max(0, ...c.roles.map((x) => v.params.costPerHour?.[x] ?? 0));
  for (const x of c.roles) delete costs[x];
  costs[c.into] = cost;
  return { ...v, definition: { ...v.definition, roles }, nodes, params: { ...v.params, staff, costPerHour: costs } };
}
