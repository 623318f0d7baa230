import { describe, expect, it } from 'vitest';
import { resolveModel } from './model.ts';
import { Replication } from './replication.ts';
import { tandemLine } from '../testing/models.ts';
import type { Effect } from '../../engine/index.ts';

// The options a caller that keeps what was simulated uses (the server's demo history): stop at
// an instant with cases in flight, stop taking work earlier, see every engine result, own ids.
const HOUR = 3_600_000;

function run(opts: { until?: number; stopWorkAt?: number }) {
  const { process, params } = tandemLine();
  const model = resolveModel(process, params);
  const results = new Map<string, Effect[]>();
  let n = 0;
  const rep = new Replication(model, {
    seed: 5,
    cases: 1_000_000,
    collectLog: true,
    ...opts,
    ids: { next: (kind) => `t-${kind}-${++n}` },
    caseId: (i) => `t-${i + 1}`,
    personId: (role, n) => `${role}-${n}`,
    onResult: (c, effects) => {
      const l = results.get(c.id) ?? [];
      l.push(...effects);
      results.set(c.id, l);
    },
  }).run();
  return { model, rep, results };
}

describe('a replication for a history that goes on', () => {
  it('stops at `until` with cases in flight, and reports every engine result of every case', () => {
    const { model, rep, results } = run({ until: startPlus(48) });
    const until = model.start + 48 * HOUR;
    const events = rep.log!;
    expect(events.length).toBeGreaterThan(1000);
    expect(Math.max(...events.map((e) => e.at))).toBeLessThanOrEqual(until);
    // Everything in the log came through onResult, case by case, with the caller's ids.
    const fromResults = [...results.values()].flat().filter((e) => e.type === 'event');
    expect(fromResults.length).toBe(events.length);
    expect([...results.keys()].every((id) => /^t-\d+$/.test(id))).toBe(true);
    const ended = [...results.values()].filter((l) => l.some((e) => e.type === 'case.ended')).length;
    expect(ended).toBeGreaterThan(50);
    expect(results.size - ended).toBeGreaterThan(0); // in flight at `until`
    const people = new Set(events.filter((e) => e.lifecycle === 'start' && e.scope === 'step').map((e) => e.resource));
    expect([...people].every((p) => /^[a-z]+-\d$/.test(p ?? ''))).toBe(true);
  });

  it('takes no new work after `stopWorkAt`: later cases wait at their first step', () => {
    const { model, rep, results } = run({ until: startPlus(48), stopWorkAt: startPlus(40) });
    const stop = model.start + 40 * HOUR;
    const starts = rep.log!.filter((e) => e.scope === 'step' && e.lifecycle === 'start');
    expect(starts.length).toBeGreaterThan(500);
    expect(starts.filter((e) => e.at >= stop)).toEqual([]);
    const late = [...results.values()].filter((l) => l.some((e) => e.type === 'event' && e.event.scope === 'case' && e.event.lifecycle === 'start' && e.event.at > stop));
    expect(late.length).toBeGreaterThan(10); // 8 hours at 3 an hour
    for (const l of late) expect(l.filter((e) => e.type === 'task.opened').map((e) => (e.type === 'task.opened' ? e.task.node : ''))).toEqual(['reception']);
  });
});

function startPlus(hours: number): number {
  const { process, params } = tandemLine();
  return resolveModel(process, params).start + hours * HOUR;
}
