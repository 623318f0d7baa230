import { describe, expect, it } from 'vitest';
import { compile, parseSop } from '../../model/index.ts';
import { alignLog } from '../algo/conformance/alignments/align-log.ts';
import { replayTokens } from '../algo/conformance/token-replay/replay-log.ts';
import { parseCsv } from '../read/csv.ts';
import { completeEvents } from './complete-events.ts';
import { sopConformance } from './conformance.ts';
import { sopNet } from './sop-to-net.ts';

// Every construct the translation handles: a choice, a parallel split and join, a service with
// an error path inside one branch (merged back by an exclusive gateway, as the engine's join
// counts arrivals per flow), a timer, a loop back to the first step, and an end.
const SOP = compile(
  parseSop(
    `
key: net-demo
version: 1
name: Net demo
roles: [ { id: staff, name: Staff } ]
nodes:
  - { id: a, human: A, role: staff }
  - id: fast?
    exclusive: Fast lane?
    branches: [ { when: 'fast = true', to: f } ]
    default: split
  - { id: f, human: F, role: staff, next: d }
  - { id: split, parallel: Split, to: [b, c] }
  - { id: b, human: B, role: staff, next: join }
  - { id: c, service: C, request: { url: 'http://c.local/' }, onError: e, next: merge }
  - { id: e, human: E, role: staff, next: merge }
  - { id: merge, exclusive: Merge, branches: [ { when: 'true', to: join } ] }
  - { id: join, parallel: Join, next: d }
  - { id: d, timer: D, wait: 1 h }
  - id: again?
    exclusive: Again?
    branches: [ { when: 'redo = true', to: a } ]
    default: done
  - { id: done, end: Done }
`,
    'net-demo.yaml',
  ),
);

/** A log with one complete event per listed step, a minute apart. */
async function logOf(cases: Record<string, string[]>) {
  let t = Date.UTC(2026, 0, 1);
  const rows = ['case:concept:name,concept:name,time:timestamp,lifecycle:transition'];
  for (const [id, steps] of Object.entries(cases)) for (const s of steps) rows.push(`${id},${s},${new Date((t += 60_000)).toISOString()},complete`);
  return parseCsv(rows.join('\n') + '\n');
}

describe('sopNet', () => {
  const net = sopNet(SOP);

  it('has one visible transition per step and end, labelled with the node id, and silent gateways', () => {
    const visible = net.net.transitions.filter((t) => t.label !== null).map((t) => t.label).sort();
    expect(visible).toEqual(['a', 'b', 'c', 'd', 'done', 'e', 'f']);
    const silent = net.net.transitions.filter((t) => t.label === null).map((t) => t.id).sort();
    // two branches of each choice, the merge, the split, the join, the service's error path
    expect(silent).toHaveLength(8);
    expect(net.initialMarking).toEqual({ 'p:a': 1 });
    expect(net.finalMarking).toEqual({});
  });

  it('accepts every run the engine can make: both orders of a parallel block, the error path, the shortcut, the loop', async () => {
    const log = await logOf({
      cb: ['a', 'c', 'b', 'd', 'done'],
      bc: ['a', 'b', 'c', 'd', 'done'],
      failed: ['a', 'b', 'e', 'd', 'done'],
      failedFirst: ['a', 'e', 'b', 'd', 'done'],
      fast: ['a', 'f', 'd', 'done'],
      loop: ['a', 'f', 'd', 'a', 'c', 'b', 'd', 'done'],
    });
    const aligned = alignLog(log, net);
    expect(aligned.traces.map((t) => t.fitness)).toEqual([1, 1, 1, 1, 1, 1]);
    const replay = replayTokens(log, net);
    expect(replay.traces.map((t) => t.fitness)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('names the skipped and the extra steps of runs the SOP does not allow', async () => {
    const log = await logOf({
      ok: ['a', 'f', 'd', 'done'],
      skippedB: ['a', 'c', 'd', 'done'],
      twiceB: ['a', 'b', 'b', 'c', 'd', 'done'],
      unfinished: ['a', 'f', 'd'],
      bothPaths: ['a', 'b', 'c', 'e', 'd', 'done'],
    });
    const r = sopConformance(log, net);
    expect(r.perCase.map((c) => [c.caseId, c.skipped, c.extra])).toEqual([
      ['ok', [], []],
      ['skippedB', ['b'], []],
      ['twiceB', [], ['b']],
      ['unfinished', ['done'], []],
      ['bothPaths', [], ['e']],
    ]);
    expect(r.fittingCases).toBe(1);
    expect(r.perCase[0]!.fitness).toBe(1);
    expect(r.perCase[1]!.fitness).toBeLessThan(1);
  });

  it('token replay points at the same cases (its diagnosis is a hint, the alignments are exact)', async () => {
    const log = await logOf({ ok: ['a', 'b', 'c', 'd', 'done'], twiceB: ['a', 'b', 'b', 'c', 'd', 'done'], unfinished: ['a', 'f', 'd'] });
    const r = sopConformance(log, net, { method: 'tokens' });
    expect(r.perCase.map((c) => c.fitness === 1)).toEqual([true, false, false]);
    expect(r.perCase[1]!.extra).toEqual(['b']);
    // it stopped before the gateway that leads to "done" (or back to "a")
    expect(r.perCase[2]!.skipped).toEqual(['again?']);
  });

  it('a join as the first node does not wait (the engine enters it without a flow)', () => {
    const proc = compile(
      parseSop(
        `
key: join-first
version: 1
name: Join first
roles: [ { id: staff, name: Staff } ]
nodes:
  - { id: go, parallel: Go, to: [x, y] }
  - { id: x, human: X, role: staff, next: back? }
  - { id: y, human: Y, role: staff, next: go }
  - { id: back?, exclusive: Back?, branches: [ { when: 'again = true', to: go } ], default: fin }
  - { id: fin, end: Fin }
`,
        'join-first.yaml',
      ),
    );
    const n = sopNet(proc);
    expect(n.initialMarking).toEqual({ source: 1 });
    expect(n.net.transitions.find((t) => t.id === 't:go:begin')?.label).toBeNull();
  });
});

describe('completeEvents', () => {
  it('keeps complete events (and events without a lifecycle), dropping cases left empty', async () => {
    const log = await parseCsv(
      'case:concept:name,concept:name,time:timestamp,lifecycle:transition\n' +
        'c1,a,2026-01-01T00:00:00Z,start\nc1,a,2026-01-01T00:01:00Z,complete\nc1,b,2026-01-01T00:02:00Z,\n' +
        'c2,a,2026-01-01T00:03:00Z,start\n',
    );
    const done = completeEvents(log);
    expect(done.caseIds).toEqual(['c1']);
    expect([...done.activity].map((a) => done.activityNames[a])).toEqual(['a', 'b']);
    expect(done.time[0]).toBe(Date.UTC(2026, 0, 1, 0, 1));
  });
});
