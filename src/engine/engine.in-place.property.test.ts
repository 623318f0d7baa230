import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { end, HOUR, hours, human, proc } from './testing/build.ts';
import { MemoryRunner } from './testing/memory-runner.ts';
import type { CaseState, Effect } from './types.ts';

// The simulator runs the engine with `inPlace: true, events: false`. These modes must give the
// same states and the same effects (less the log events) as the normal, copying mode, under any
// command sequence: two runners, one per mode, get the same random commands side by side.
const child = proc('child', [human('c1', 'r', { next: 'end', form: [{ id: 'score', label: { en: 'score' }, type: 'number', required: false }] }), end()]);
const p = proc(
  'mixed',
  [
    human('a', 'r', {
      sla: { due: hours(2), warning: { fraction: 0.5 }, escalations: [{ actions: [{ kind: 'reassign', role: 'm' }, { kind: 'raisePriority', by: 1 }, { kind: 'notify', role: 'm' }] }], pauseWhileWaitingForCustomer: true },
      form: [{ id: 'n', label: { en: 'n' }, type: 'number', required: false }],
    }),
    { kind: 'exclusive', id: 'x', name: { en: 'x' }, branches: [{ when: 'n > 0', to: 'split' }, { when: 'n < 0', to: 'call' }], default: 'c' },
    { kind: 'parallel', id: 'split', name: { en: 'split' }, to: ['b1', 'b2', 'b3'] },
    human('b1', 'r', { next: 'join', assignment: { strategy: 'sameAs', node: 'a' } }),
    { kind: 'timer', id: 'b2', name: { en: 'b2' }, wait: { duration: hours(1) }, next: 'join' },
    human('b3', 'q', { next: 'join', assignment: { strategy: 'rotation' }, sla: { due: hours(1) } }),
    { kind: 'parallel', id: 'join', name: { en: 'join' }, next: 'c' },
    { kind: 'call', id: 'call', name: { en: 'call' }, process: 'child', output: { childScore: 'score' }, next: 'c' },
    human('c', 'r', { checklist: { items: [{ id: 'i1', text: { en: 'i1' }, required: true }], pass: { allRequired: true } } }),
    end(),
  ],
  { roles: [{ id: 'm', name: { en: 'm' } }], sla: { due: hours(6) } },
);

type Step =
  | { kind: 'claim' | 'complete' | 'release' | 'pause' | 'resume' | 'cancelTask' | 'reassign'; who: number; pick: number; n: number }
  | { kind: 'advance'; h: number }
  | { kind: 'cancelCase' };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constantFrom('claim', 'complete', 'release', 'pause', 'resume', 'cancelTask', 'reassign'), who: fc.nat(2), pick: fc.nat(5), n: fc.integer({ min: -1, max: 1 }) }) as fc.Arbitrary<Step> },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('advance' as const), h: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'cancelCase' as const }) },
);

function runners(): [MemoryRunner, MemoryRunner] {
  const opts = { processes: [p, child], staff: { q: ['q1', 'q2'] } };
  return [new MemoryRunner(opts), new MemoryRunner({ ...opts, engine: { inPlace: true, events: false } })];
}

/** A deep copy taken now (the in-place state changes later). */
const snap = (s: CaseState | undefined): unknown => (s === undefined ? undefined : structuredClone(s));
const noEvents = (es: readonly Effect[]): Effect[] => es.filter((e) => e.type !== 'event');

describe('the engine in place and without log events', () => {
  it('gives the same states and effects as the copying engine under random commands', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1, max: 1 }), fc.array(step, { maxLength: 40 }), (n, steps) => {
        const [normal, fast] = runners();
        const id = normal.start('mixed', { n });
        expect(fast.start('mixed', { n })).toBe(id);
        let seen = 0;
        let normalSeen = 0;
        const sameStep = (): void => {
          for (const [k, s] of normal.cases) expect(snap(fast.cases.get(k))).toEqual(snap(s));
          expect(fast.cases.size).toBe(normal.cases.size);
          expect(structuredClone(fast.effects.slice(seen))).toEqual(structuredClone(noEvents(normal.effects.slice(normalSeen))));
          expect(fast.effects.slice(seen).some((e) => e.type === 'event')).toBe(false);
          seen = fast.effects.length;
          normalSeen = normal.effects.length;
        };
        sameStep();
        for (const s of steps) {
          if (s.kind === 'advance') {
            normal.advance(s.h * HOUR);
            fast.advance(s.h * HOUR);
            sameStep();
            continue;
          }
          if (s.kind === 'cancelCase') {
            const r = outcome(() => normal.send(id, { type: 'cancelCase', by: 'm1', reason: 'test' }));
            expect(outcome(() => fast.send(id, { type: 'cancelCase', by: 'm1', reason: 'test' }))).toBe(r);
            sameStep();
            continue;
          }
          const open = normal.openTasks();
          const t = open[s.pick % Math.max(1, open.length)];
          if (!t) continue;
          const who = s.who === 2 ? 'q1' : `s${s.who}`;
          const cmd =
            s.kind === 'claim'
              ? ({ type: 'claim', taskId: t.id, by: who } as const)
              : s.kind === 'complete'
                ? ({ type: 'complete', taskId: t.id, by: who, form: t.node === 'a' ? { n: s.n } : t.node === 'c1' ? { score: s.n } : undefined, checklist: t.node === 'c' ? { i1: s.n >= 0 } : undefined } as const)
                : s.kind === 'release'
                  ? ({ type: 'release', taskId: t.id, by: who } as const)
                  : s.kind === 'pause'
                    ? ({ type: 'waitForCustomer', taskId: t.id, by: who } as const)
                    : s.kind === 'resume'
                      ? ({ type: 'customerResponded', taskId: t.id, by: who } as const)
                      : s.kind === 'reassign'
                        ? ({ type: 'reassign', taskId: t.id, by: 'm1', to: s.n === 0 ? { role: 'm' } : { staffId: who } } as const)
                        : ({ type: 'cancelTask', taskId: t.id, by: who, reason: 'test' } as const);
          // A refusal is the same refusal in both modes (and checked before anything changes).
          const r = outcome(() => normal.send(t.caseId, cmd));
          expect(outcome(() => fast.send(t.caseId, cmd))).toBe(r);
          sameStep();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the copying engine leaves its input untouched; the in-place one changes and returns it', () => {
    const [normal, fast] = runners();
    const id = normal.start('mixed', { n: 0 });
    fast.start('mixed', { n: 0 });
    const before = normal.cases.get(id)!;
    const copy = structuredClone(before);
    const after = normal.completeAt(id, 'a', 's0', { n: 0 });
    expect(before).toEqual(copy);
    expect(after).not.toBe(before);
    const own = fast.cases.get(id)!;
    expect(fast.completeAt(id, 'a', 's0', { n: 0 })).toBe(own);
    expect(own.steps['a']?.by).toBe('s0');
    expect(normal.events.length).toBeGreaterThan(0);
    expect(fast.events).toEqual([]);
  });
});

function outcome(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (e) {
    return e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e);
  }
}
