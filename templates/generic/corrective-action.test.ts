import { beforeAll, describe, expect, it } from 'vitest';
import { runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';

let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./generic/corrective-action.yaml');
});

const T0 = shanghai('2026-03-02T10:00');

describe('corrective action for a failed inspection item', () => {
  it('gives the owner the deadline the inspection set, then the inspector checks the fix', () => {
    const r = runner([sop], { now: T0 });
    const id = r.start('corrective-action', { inspectionCaseId: 'insp-1', item: 'valves', dueLimit: '24 h' });
    expect(r.taskAt(id, 'fix').sla!.dueAt).toBe(T0 + 24 * 3_600_000);
    r.completeAt(id, 'fix', 'mgr', { action: 'replaced the valve' });
    const s = r.completeAt(id, 'recheck', 'insp', { fixHolds: true });
    expect(s.status).toBe('completed');
  });

  it('sends a fix that does not hold back to the owner; 48 hours unless told', () => {
    const r = runner([sop], { now: T0 });
    const id = r.start('corrective-action', { inspectionCaseId: 'insp-1', item: 'valves' });
    expect(r.taskAt(id, 'fix').sla!.dueAt).toBe(T0 + 48 * 3_600_000);
    r.completeAt(id, 'fix', 'mgr', { action: 'tightened' });
    r.completeAt(id, 'recheck', 'insp', { fixHolds: false });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['fix']);
  });
});
