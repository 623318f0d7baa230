import { describe, expect, it } from 'vitest';
import { simulate } from '../simulate.ts';
import { carAfterSales } from '../testing/after-sales.ts';
import { tandemLine } from '../testing/models.ts';
import { applyChanges } from './apply.ts';
import { scenarioFileSchema, type Change } from './schema.ts';

const flow = (p: ReturnType<typeof applyChanges>['process']): string[] => {
  const out: string[] = [];
  let id: string | undefined = p.start;
  while (id !== undefined && out.length < 50) {
    out.push(id);
    const f: readonly { to: string }[] = p.outgoing[id] ?? [];
    id = f.length === 1 ? f[0]!.to : undefined;
  }
  return out;
};

describe('scenario changes to the SOP', () => {
  const { process, params } = tandemLine();

  it('remove, move and merge steps keep a valid graph and their durations', () => {
    const removed = applyChanges(process, params, [{ change: 'removeStep', step: 'estimate' }]);
    expect(flow(removed.process)).toEqual(['reception', 'diagnosis', 'repair', 'delivery', 'end']);
    expect(removed.params.durations['estimate']).toBeUndefined();
    expect(removed.process.definition.version).toBe(2);

    const moved = applyChanges(process, params, [{ change: 'moveStep', step: 'reception', after: 'diagnosis' }]);
    expect(flow(moved.process)).toEqual(['diagnosis', 'reception', 'estimate', 'repair', 'delivery', 'end']);

    const merged = applyChanges(process, params, [{ change: 'mergeSteps', steps: ['diagnosis', 'estimate'], role: 'diagnostician' }]);
    expect(flow(merged.process)).toEqual(['reception', 'diagnosis_estimate', 'repair', 'delivery', 'end']);
    expect(merged.params.durations['diagnosis_estimate']).toEqual({ kind: 'sum', of: [params.durations['diagnosis'], params.durations['estimate']] });
  });

  it('runs two steps in parallel with a split and a join', () => {
    const par = applyChanges(process, params, [{ change: 'parallel', steps: ['estimate', 'repair'] }]);
    expect(par.process.outgoing['estimate_and_repair']!.map((f) => f.to)).toEqual(['estimate', 'repair']);
    expect(par.process.incoming['estimate_and_repair_done']!.map((f) => f.from).sort()).toEqual(['estimate', 'repair']);
    const r = simulate(par, { cases: 500, replications: 1, seed: 1 });
    expect(r.warnings).toEqual([]);
    expect(r.replications[0]!.values['step.repair.count']).toBe(1);
  });

  it('merges roles into one post with the people pooled', () => {
    const merged = applyChanges(process, params, [{ change: 'mergeRoles', roles: ['advisor', 'deliverer'], into: 'desk' }]);
    expect(merged.process.definition.roles.map((r) => r.id)).toContain('desk');
    expect(merged.params.staff['desk']).toEqual({ shifts: [{ count: 2 }, { count: 2 }] });
    expect((merged.process.nodes['delivery'] as { role: string }).role).toBe('desk');
  });

  it('changes SLAs, arrivals and staff in the parameters and the SOP', () => {
    const a = carAfterSales();
    const changes: Change[] = [
      { change: 'sla', step: 'repair', due: '3 working hours' },
      { change: 'arrivals', factor: 1.5 },
      { change: 'staff', role: 'technician', delta: 2 },
    ];
    const out = applyChanges(a.process, a.params, changes);
    const repair = out.process.nodes['repair'];
    expect(repair?.kind === 'human' && repair.sla?.due).toEqual({ amount: 3, unit: 'hours', basis: 'working' });
    expect(out.params.staff['technician']).toEqual({ count: 14, calendar: 'workshop' });
    expect(out.params.arrivals.kind === 'profile' && out.params.arrivals.weekly?.mon?.[9]).toBe(6);
  });

  it('rejects a scenario file without baseline or log, and a change naming no step', () => {
    expect(scenarioFileSchema.safeParse({ scenarios: [] }).success).toBe(false);
    expect(() => applyChanges(process, params, [{ change: 'removeStep', step: 'nope' }])).toThrow(/"nope", which is not in the SOP/);
  });
});
