import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EngineError } from './errors.ts';
import { end, HOUR, hours, human, proc } from './testing/build.ts';
import { MemoryRunner } from './testing/memory-runner.ts';

// A process with every wait state the engine has: tasks with SLAs, a branch, a parallel
// section and a timer. Random command sequences must keep the engine's invariants.
const p = proc('mixed', [
  human('a', 'r', { sla: { due: hours(2), warning: { fraction: 0.5 }, escalations: [{ actions: [{ kind: 'reassign', role: 'm' }] }], pauseWhileWaitingForCustomer: true } }),
  { kind: 'exclusive', id: 'x', name: { en: 'x' }, branches: [{ when: 'n > 0', to: 'split' }], default: 'c' },
  { kind: 'parallel', id: 'split', name: { en: 'split' }, to: ['b1', 'b2'] },
  human('b1', 'r', { next: 'join' }),
  { kind: 'timer', id: 'b2', name: { en: 'b2' }, wait: { duration: hours(1) }, next: 'join' },
  { kind: 'parallel', id: 'join', name: { en: 'join' }, next: 'c' },
  human('c', 'r'),
  end(),
], { roles: [{ id: 'm', name: { en: 'm' } }] });

type Step = { kind: 'claim' | 'complete' | 'release' | 'pause' | 'resume' | 'cancelTask'; who: number; pick: number } | { kind: 'advance'; h: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constantFrom('claim', 'complete', 'release', 'pause', 'resume', 'cancelTask'), who: fc.nat(2), pick: fc.nat(5) }) as fc.Arbitrary<Step>,
  fc.record({ kind: fc.constant('advance' as const), h: fc.integer({ min: 0, max: 3 }) }),
);

describe('the engine under random commands', () => {
  it('only ever refuses with an EngineError, and keeps tokens, tasks and jobs consistent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.array(step, { maxLength: 40 }), (n, steps) => {
        const r = new MemoryRunner({ processes: [p] });
        const id = r.start('mixed', { n });
        for (const s of steps) {
          if (s.kind === 'advance') {
            r.advance(s.h * HOUR);
            continue;
          }
          const open = r.openTasks(id);
          const t = open[s.pick % Math.max(1, open.length)];
          if (!t) continue;
          const who = `s${s.who}`;
          try {
            if (s.kind === 'claim') r.send(id, { type: 'claim', taskId: t.id, by: who });
            if (s.kind === 'complete') r.send(id, { type: 'complete', taskId: t.id, by: who });
            if (s.kind === 'release') r.send(id, { type: 'release', taskId: t.id, by: who });
            if (s.kind === 'pause') r.send(id, { type: 'waitForCustomer', taskId: t.id, by: who });
            if (s.kind === 'resume') r.send(id, { type: 'customerResponded', taskId: t.id, by: who });
            if (s.kind === 'cancelTask') r.send(id, { type: 'cancelTask', taskId: t.id, by: who });
          } catch (e) {
            expect(e).toBeInstanceOf(EngineError);
          }
          const c = r.cases.get(id)!;
          // Every open task has exactly one token, and every token at a human step has its task.
          const taskTokens = c.tasks.map((x) => x.token).sort();
          const humanTokens = c.tokens.filter((tk) => p.nodes[tk.node]!.kind === 'human').map((tk) => tk.id).sort();
          expect(taskTokens).toEqual(humanTokens);
          expect(r.openTasks(id).length).toBe(c.tasks.length);
          if (c.status !== 'active') expect(c.tokens).toEqual([]);
        }
        // Finishing every task always ends the case.
        for (let i = 0; i < 20 && r.cases.get(id)!.status === 'active'; i++) {
          const t = r.openTasks(id)[0];
          if (t) r.send(id, { type: 'complete', taskId: t.id, by: t.assignee ?? 'closer' });
          else r.advance(2 * HOUR);
        }
        expect(r.cases.get(id)!.status).toBe('completed');
        const stale = r.pendingJobs().filter((j) => j.kind !== 'sla');
        expect(stale).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
