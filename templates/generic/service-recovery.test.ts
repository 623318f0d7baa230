import { beforeAll, describe, expect, it } from 'vitest';
import { runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';

let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./generic/service-recovery.yaml');
});

describe('service recovery after a low survey score', () => {
  it('has the store manager call back within a working day and closes when the customer accepts the remedy', () => {
    const r = runner([sop], { now: shanghai('2026-03-06T16:00') }); // a Friday afternoon
    const id = r.start('service-recovery', { surveyCaseId: 'case-1', csat: 1 });
    const t = r.taskAt(id, 'call-back');
    expect(t.role).toBe('store-manager');
    expect(t.sla!.dueAt).toBeGreaterThan(shanghai('2026-03-06T16:00'));
    const s = r.completeAt(id, 'call-back', 'mgr', { cause: 'waited 40 minutes', remedy: 'free wash', customerSatisfied: true });
    expect(s.status).toBe('completed');
    expect(r.trail(id)).not.toContain('gm-review:complete');
  });

  it('sends a customer who is still unhappy to the general manager', () => {
    const r = runner([sop], { now: shanghai('2026-03-06T10:00') });
    const id = r.start('service-recovery', { surveyCaseId: 'case-1', csat: 2 });
    r.completeAt(id, 'call-back', 'mgr', { cause: 'rude', remedy: 'apology', customerSatisfied: false });
    expect(r.openTasks(id).map((t) => [t.node, t.role])).toEqual([['gm-review', 'general-manager']]);
  });
});
