import { resolveModel } from '../simulation/core/model.ts';
import { Replication } from '../simulation/core/replication.ts';
import { STREAM, substream } from '../simulation/random/streams.ts';
import { EffectRows } from '../store/effects.ts';
import { caseWrite } from '../store/case-write.ts';
import { insertNewCases } from './demo-history-write.ts';
import type { CaseWrite } from '../store/sql/write-case.ts';
import type { CalendarSpec } from '../calendar/spec.ts';
import type { CaseCustomer, Effect, IdSource } from '../engine/types.ts';
import type { CompiledProcess, FormField, ProcessNode, TimeUnit } from '../model/types.ts';
import type { DataGenerator, SimulationParams } from '../simulation/params.ts';
import type { Distribution } from '../simulation/random/distribution.ts';
import type { SimCase } from '../simulation/core/world.ts';
import type { Tx } from '../store/db.ts';

/**
 * Demo history: a few weeks of simulated work in every installed template, written as real
 * rows (cases, tasks, the event log, pending jobs), so that inboxes, case timelines and the
 * KPI dashboards have something to show on first start.
 *
 * Each template is run by the simulator — which drives the real engine, with the staff on the
 * store's opening hours — on a virtual clock from `days` ago up to now, one run per demo store.
 * Every engine result of every simulated case (its start and each command, with their effects)
 * is folded with the store's own `EffectRows` into the rows of the store's own `caseWrite`, as
 * if each case had run on the server until now: cases that ended are finished, the others are
 * open with their tasks waiting or being worked on, and their future timers and SLA points are
 * pending jobs the worker will fire. Jobs that already fired in the simulation are not written
 * again, nor are the past notifications (see demo-history-write.ts).
 */

export interface DemoStaffing {
  readonly storeId: string;
  /** Staff ids holding each role at that store (in duty order). */
  readonly staff: (role: string) => readonly string[];
  /** Cases per template per day at that store. */
  readonly casesPerDay: number;
  /** The last hours before now in which nobody took new work: those cases are open, waiting in the inboxes. */
  readonly backlogHours: number;
  /** Opening hours: the staff's roster and the SOPs' "default" calendar. */
  readonly calendar: CalendarSpec;
}

export interface DemoHistoryOptions {
  readonly orgId: string;
  readonly now: number;
  /** How far back the history starts. */
  readonly days: number;
  readonly stores: readonly DemoStaffing[];
  /** The organisation's named calendars (a template's `calendar:` names one). */
  readonly calendars: Readonly<Record<string, CalendarSpec>>;
  readonly seed?: number;
  /** A template the simulator cannot run is skipped and reported here (the server still starts). */
  readonly onSkip?: (key: string, reason: string) => void;
  /** Who each case serves and what it starts with (demo-customers.ts), per template and store. */
  readonly extras?: (key: string, storeId: string) => DemoArrivalExtras | undefined;
}

/**
 * What a store's arrivals of one template bring with them, index by index (the same order as
 * `demoArrivalTimes`): case data (the customer's name, the car's plate, the appointment that
 * was checked in) and the customer on the case. The simulator starts cases without a customer
 * record, so the customer is put on the case as the archive would have given it at start.
 * Variables given here are not generated, and gateways that read them decide on them (the
 * engine's own condition) instead of by the demo's branch shares.
 */
export interface DemoArrivalExtras {
  readonly data?: readonly Readonly<Record<string, unknown>>[];
  readonly customers?: readonly (CaseCustomer | undefined)[];
}

export interface DemoHistoryResult {
  readonly cases: number;
  readonly ended: number;
  readonly open: number;
  /** Cases per template key. */
  readonly perTemplate: Readonly<Record<string, { readonly ended: number; readonly open: number }>>;
  readonly skipped: readonly string[];
  /** Time spent simulating and writing (ms). */
  readonly simulateMs: number;
  readonly writeMs: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const UNIT_MINUTES: Readonly<Record<TimeUnit, number>> = { seconds: 1 / 60, minutes: 1, hours: 60, days: 480, weeks: 2400 };

/** Work time of a human step: a few minutes to half an hour, a third of its SLA when that is short. */
function workTime(node: Extract<ProcessNode, { kind: 'human' }>): Distribution {
  const due = node.sla?.due;
  const limitMin = due === undefined || !('amount' in due) ? undefined : due.amount * UNIT_MINUTES[due.unit];
  const mean = Math.max(3, Math.min(25, limitMin === undefined ? 25 : limitMin / 3));
  return { kind: 'lognormal', mean, sd: mean * 0.8, truncate: { min: 1, max: mean * 6 } };
}

/** True when a token at `from` can come back to `to` (a branch that loops back: rework, "wait and try again"). */
function reaches(p: CompiledProcess, from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const f of p.outgoing[id] ?? []) stack.push(f.to);
  }
  return false;
}

/**
 * Gateways: a branch that loops back gets 10 % (rework happens, and ends); of the rest the
 * default (usually "all is well") gets two thirds and the other branches share the remainder.
 */
function branchShares(p: CompiledProcess, node: Extract<ProcessNode, { kind: 'exclusive' }>): Record<string, number> {
  const all = [...new Set([...node.branches.map((b) => b.to), ...(node.default !== undefined ? [node.default] : [])])];
  const loops = all.filter((t) => reaches(p, t, node.id));
  const forward = all.filter((t) => !loops.includes(t));
  const out: Record<string, number> = {};
  if (forward.length === 0) {
    for (const t of loops) out[t] = 1 / loops.length;
    return out;
  }
  const loopShare = loops.length > 0 ? 0.1 : 0;
  for (const t of loops) out[t] = loopShare / loops.length;
  const def = node.default !== undefined && forward.includes(node.default) ? node.default : undefined;
  const others = forward.filter((t) => t !== def);
  const rest = 1 - loopShare;
  if (def !== undefined) out[def] = others.length > 0 ? rest * (2 / 3) : rest;
  const share = def !== undefined ? rest / 3 : rest;
  for (const t of others) out[t] = share / others.length;
  return out;
}

/** A value for a required case variable without a default, so the case can start. */
function startValue(type: string, at: number): DataGenerator {
  switch (type) {
    case 'number':
      return { kind: 'constant', value: 1 };
    case 'boolean':
      return { kind: 'constant', value: false };
    case 'date':
      return { kind: 'constant', value: new Date(at).toISOString().slice(0, 10) };
    case 'datetime':
      return { kind: 'constant', value: new Date(at).toISOString() };
    case 'object':
      return { kind: 'constant', value: {} };
    case 'list':
      return { kind: 'constant', value: [] };
    default:
      return { kind: 'constant', value: '演示 demo' };
  }
}

/**
 * A text matching a form field's pattern (the waybill number, the VIN, a blood pressure): the
 * shortest string of the pattern's first alternatives — enough for the common shapes of
 * `^…$` patterns (classes, ranges, groups, quantifiers). Undefined when the result does not match.
 */
export function exampleOf(pattern: string): string | undefined {
  let i = 0;
  const atom = (): string => {
    const ch = pattern[i++]!;
    if (ch === '\\') {
      const e = pattern[i++]!;
      return e === 'd' ? '1' : e === 'w' ? 'a' : e === 's' ? ' ' : e;
    }
    if (ch === '[') {
      let first: string | undefined;
      if (pattern[i] === '^') return (i = pattern.indexOf(']', i + 1) + 1), '0';
      while (pattern[i] !== ']' && i < pattern.length) {
        let c = pattern[i++]!;
        if (c === '\\') c = pattern[i++] === 'd' ? '1' : pattern[i - 1]!;
        first ??= c;
      }
      i++;
      return first ?? '';
    }
    if (ch === '(') {
      if (pattern.startsWith('?:', i)) i += 2;
      const start = i;
      let depth = 0;
      let out = '';
      let taken = false;
      for (; i < pattern.length; ) {
        const c = pattern[i];
        if (depth === 0 && (c === ')' || c === '|')) {
          if (!taken) {
            out = exampleOf(pattern.slice(start, i)) ?? '';
            taken = true;
          }
          if (c === ')') break;
          i++;
          continue;
        }
        if (c === '\\') i++;
        else if (c === '(') depth++;
        else if (c === ')') depth--;
        i++;
      }
      i++;
      return out;
    }
    if (ch === '.') return 'a';
    return ch;
  };
  let out = '';
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '^' || c === '$') {
      i++;
      continue;
    }
    const a = atom();
    let n = 1;
    const q = pattern[i];
    if (q === '?' || q === '*') (n = 0), i++;
    else if (q === '+') i++;
    else if (q === '{') {
      const close = pattern.indexOf('}', i);
      n = Number.parseInt(pattern.slice(i + 1, close), 10);
      i = close + 1;
    }
    out += a.repeat(n);
  }
  try {
    return new RegExp(pattern).test(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

/** Generators for the form fields a placeholder cannot fill: a pattern to match, a date a timer waits for. */
function patternFields(p: CompiledProcess, data: Record<string, DataGenerator>, start: number, dates: { n: number }): void {
  for (const n of p.definition.nodes) {
    if (n.kind !== 'human') continue;
    for (const f of n.form ?? ([] as FormField[])) {
      const v = f.variable ?? f.id;
      if (data[v] !== undefined) continue;
      // A choice also used as a case variable: a value the form accepts.
      const first = f.options?.[0]?.value;
      if (f.type === 'select' && first !== undefined) data[v] = { kind: 'constant', value: first };
      // Dates given in a form (agreed delivery, when a product runs out) may feed a timer: fill them in.
      if (f.type === 'date' || f.type === 'datetime') data[v] = startValue(f.type, start + 2 * DAY * ++dates.n);
      if (f.pattern === undefined) continue;
      const ex = exampleOf(f.pattern);
      if (ex !== undefined && (f.min === undefined || ex.length >= f.min)) data[v] = { kind: 'constant', value: ex };
    }
  }
}

/** The SOPs a template calls, transitively (each must be installed too). */
function calledProcesses(main: CompiledProcess, all: ReadonlyMap<string, CompiledProcess>): CompiledProcess[] {
  const out = new Map<string, CompiledProcess>();
  const stack = [main];
  while (stack.length > 0) {
    const p = stack.pop()!;
    for (const n of p.definition.nodes) {
      if (n.kind !== 'call' || out.has(n.process) || n.process === main.definition.key) continue;
      const c = all.get(n.process);
      if (c === undefined) throw new Error(`it calls "${n.process}", which is not installed`);
      out.set(n.process, c);
      stack.push(c);
    }
  }
  return [...out.values()];
}

/** Simulation parameters for one template at one store. */
/**
 * Arrival instants: `casesPerDay` a day (fractions carried over) at a random minute of the
 * opening hours 09:00–17:00 Shanghai time, over the `days` before now. Fixed instants rather
 * than a Poisson draw, so every template surely has cases in the last days (the open ones).
 */
export function demoArrivals(casesPerDay: number, o: Pick<DemoHistoryOptions, 'now' | 'days'>, seed: number): number[] {
  const rng = substream(seed, STREAM.arrivals);
  const OFFSET = 8 * HOUR; // Asia/Shanghai, no daylight saving
  const firstDay = Math.floor((o.now - o.days * DAY + OFFSET) / DAY) * DAY - OFFSET;
  const out: number[] = [];
  let carry = 0.999;
  for (let day = firstDay; day <= o.now; day += DAY) {
    for (carry += casesPerDay; carry >= 1; carry--) {
      const t = day + 9 * HOUR + Math.floor(rng.uniform() * 8 * 60) * 60_000;
      if (t >= o.now - o.days * DAY && t <= o.now) out.push(t);
    }
  }
  return out.sort((a, b) => a - b);
}

/** The variables a condition reads among `names` (word match: `repeatCount >= 1` reads repeatCount). */
function readsAny(condition: string, names: readonly string[]): boolean {
  return names.some((v) => new RegExp(`(^|[^\\w.])${v}($|[^\\w])`).test(condition));
}

export function demoParams(
  main: CompiledProcess,
  others: readonly CompiledProcess[],
  store: DemoStaffing,
  arrivals: readonly number[],
  o: Pick<DemoHistoryOptions, 'now' | 'calendars'>,
  arrivalData?: readonly Readonly<Record<string, unknown>>[],
): SimulationParams {
  const given = [...new Set((arrivalData ?? []).flatMap((d) => Object.keys(d)))];
  const durations: Record<string, Distribution> = {};
  const branches: Record<string, Record<string, number>> = {};
  const roles = new Set<string>();
  const data: Record<string, DataGenerator> = {};
  for (const p of [main, ...others]) {
    for (const n of p.definition.nodes) {
      if (n.kind === 'human') {
        durations[n.id] ??= workTime(n);
        roles.add(n.role);
        for (const e of n.sla?.escalations ?? []) for (const a of e.actions) if (a.kind === 'reassign') roles.add(a.role);
      }
      // sub-cases' gateways too; a gateway reading the arrivals' own data decides on it
      if (n.kind === 'exclusive' && !(p === main && n.branches.some((b) => readsAny(b.when, given)))) branches[n.id] ??= branchShares(p, n);
    }
  }
  const start = arrivals[0] ?? o.now;
  // Dates (an appointment, a pick-up, a deadline) are a few days after the first case, each
  // later than the one before (a deadline declared after a start comes after it); timers waiting
  // for them fire within the history.
  const dates = { n: 0 };
  for (const p of [main, ...others]) {
    patternFields(p, data, start, dates);
    for (const v of p.definition.variables)
      if (v.default === undefined && (v.required || v.type === 'date' || v.type === 'datetime'))
        data[v.id] ??= startValue(v.type, v.type === 'date' || v.type === 'datetime' ? start + 2 * DAY * ++dates.n : start);
  }
  for (const v of given) delete data[v];
  const staff: Record<string, { count: number; calendar: string }> = {};
  for (const r of roles) staff[r] = { count: Math.max(1, store.staff(r).length), calendar: '__roster' };
  return {
    arrivals: arrivalData === undefined ? { kind: 'replay', times: arrivals } : { kind: 'replay', times: arrivals, data: arrivalData },
    durations,
    branches,
    data,
    staff,
    calendars: { ...o.calendars, default: store.calendar, __roster: store.calendar },
    start: new Date(start).toISOString(),
    warmUp: { cases: 0 },
  };
}

function prefixIds(prefix: string): IdSource {
  let n = 0;
  return { next: (kind) => `${prefix}${kind}-${++n}` };
}

interface CaseLog {
  readonly c: SimCase;
  readonly effects: Effect[];
}

/** The seed of one template's run at one store. */
const runSeed = (o: Pick<DemoHistoryOptions, 'seed'>, ti: number, si: number) => (o.seed ?? 1) * 7919 + ti * 31 + si;

/** The arrival instants `writeDemoHistory` will replay, per template key and store id (to plan who comes). */
export function demoArrivalTimes(processes: readonly CompiledProcess[], o: Pick<DemoHistoryOptions, 'now' | 'days' | 'stores' | 'seed'>): Map<string, Map<string, number[]>> {
  const out = new Map<string, Map<string, number[]>>();
  for (const [ti, p] of processes.entries()) {
    const per = new Map<string, number[]>();
    for (const [si, store] of o.stores.entries()) per.set(store.storeId, demoArrivals(store.casesPerDay, o, runSeed(o, ti, si)));
    out.set(p.definition.key, per);
  }
  return out;
}

/** Simulates every template at every store from `days` ago to now and writes the cases. */
export async function writeDemoHistory(tx: Tx, processes: readonly CompiledProcess[], o: DemoHistoryOptions): Promise<DemoHistoryResult> {
  const byKey = new Map(processes.map((p) => [p.definition.key, p]));
  const perTemplate: Record<string, { ended: number; open: number }> = {};
  const skipped: string[] = [];
  let cases = 0;
  let ended = 0;
  let simulateMs = 0;
  let writeMs = 0;
  const writes: CaseWrite[] = [];
  for (const [ti, main] of processes.entries()) {
    const key = main.definition.key;
    const logs: CaseLog[] = [];
    const home = new Map<string, string>();
    const customerOf = new Map<string, CaseCustomer>();
    const t0 = performance.now();
    try {
      const others = calledProcesses(main, byKey);
      for (const [si, store] of o.stores.entries()) {
        const seed = runSeed(o, ti, si);
        const extras = o.extras?.(key, store.storeId);
        const params = demoParams(main, others, store, demoArrivals(store.casesPerDay, o, seed), o, extras?.data);
        const model = resolveModel(main, params, others);
        const seen = new Map<SimCase, CaseLog>();
        const tag = `h${si}-${ti}-`;
        new Replication(model, {
          seed,
          stopWorkAt: o.now - store.backlogHours * HOUR,
          cases: 1_000_000,
          collectLog: true,
          until: o.now,
          ids: prefixIds(tag),
          caseId: (i) => `${tag}${i + 1}`, // the engine's own ids (sub-cases) are `${tag}case-N`
          personId: (role, n) => store.staff(role)[n - 1] ?? `${role}#${n}`,
          onResult: (c, effects) => {
            let l = seen.get(c);
            if (l === undefined) {
              seen.set(c, (l = { c, effects: [] }));
              logs.push(l);
              home.set(c.id, store.storeId);
              // a sub-case serves its root case's customer (the engine hands the customer down)
              const who = c.parent === undefined ? extras?.customers?.[c.idx] : customerOf.get((c.root ?? c).id);
              if (who !== undefined) customerOf.set(c.id, who);
            }
            for (const e of effects) l.effects.push(e);
          },
        }).run();
      }
    } catch (e) {
      const reason = (e as Error).message;
      skipped.push(key);
      o.onSkip?.(key, reason);
      continue;
    }
    const t1 = performance.now();
    simulateMs += t1 - t0;
    const stats = (perTemplate[key] ??= { ended: 0, open: 0 });
    for (const l of logs) {
      const rows = new EffectRows();
      rows.add(l.effects);
      // Jobs due by now fired in the simulation; only the future ones are the worker's.
      for (const [id, j] of rows.jobs) if (Date.parse(j.due_at) <= o.now) rows.jobs.delete(id);
      // The simulator started the case without a customer record: put the customer on it as a start would.
      const who = customerOf.get(l.c.state.id);
      const state = who === undefined ? l.c.state : { ...l.c.state, customer: who };
      writes.push(caseWrite({ id: state.id, orgId: o.orgId, storeId: home.get(state.id) ?? null }, state, rows, { insert: true }, { now: o.now, actor: 'system' }));
      cases++;
      if (state.parent !== undefined) continue; // sub-cases count with their template, not here
      if (state.status === 'active') stats.open++;
      else {
        stats.ended++;
        ended++;
      }
    }
    writeMs += performance.now() - t1;
  }
  const t2 = performance.now();
  await insertNewCases(tx, writes);
  writeMs += performance.now() - t2;
  const open = Object.values(perTemplate).reduce((s, t) => s + t.open, 0);
  return { cases, ended, open, perTemplate, skipped, simulateMs: Math.round(simulateMs), writeMs: Math.round(writeMs) };
}
