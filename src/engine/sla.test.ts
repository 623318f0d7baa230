import { describe, expect, it } from 'vitest';
import { end, HOUR, hours, human, MIN, minutes, proc } from './testing/build.ts';
import { MemoryRunner } from './testing/memory-runner.ts';

// S20 emergency desk: a test result is due within 30 min, warned at 80 %, escalated after.
const lab = proc('lab', [
  human('ultrasound', 'lab', {
    sla: {
      due: minutes(30),
      warning: { fraction: 0.8 },
      escalations: [
        { actions: [{ kind: 'notify', role: 'head-nurse' }] },
        { after: minutes(10), actions: [{ kind: 'reassign', role: 'senior-lab' }, { kind: 'raisePriority', by: 2 }] },
      ],
      pauseWhileWaitingForCustomer: true,
    },
  }),
  human('read', 'doctor'),
  end(),
], { roles: [{ id: 'head-nurse', name: { en: 'Head nurse' } }, { id: 'senior-lab', name: { en: 'Senior lab' } }] });

const slaEvents = (r: MemoryRunner, id: string) => r.events.filter((e) => e.caseId === id && e.scope === 'sla').map((e) => `${e.lifecycle}@${(e.at - r.cases.get(id)!.startedAt) / MIN}`);

describe('an SLA on a step', () => {
  it('warns at 80 %, breaches at the limit, then escalates along its chain', () => {
    const r = new MemoryRunner({ processes: [lab] });
    const id = r.start('lab');
    expect(r.taskAt(id, 'ultrasound').sla).toMatchObject({ dueAt: r.now + 30 * MIN, warnAt: r.now + 24 * MIN, state: 'ok' });
    r.advance(24 * MIN);
    expect(r.taskAt(id, 'ultrasound').sla!.state).toBe('warning');
    r.advance(6 * MIN);
    expect(r.taskAt(id, 'ultrasound').sla!.state).toBe('breached');
    expect(r.notifications.map((n) => [n.reason, n.to])).toEqual([
      ['sla.warning', { role: 'lab' }],
      ['sla.breach', { role: 'lab' }],
      ['escalation', { role: 'head-nurse' }],
    ]);
    r.advance(10 * MIN);
    expect(r.taskAt(id, 'ultrasound')).toMatchObject({ role: 'senior-lab', status: 'open', priority: 2 });
    expect(slaEvents(r, id)).toEqual(['warning@24', 'breach@30', 'escalation@30', 'escalation@40']);
  });

  it('does nothing more once the step is done in time', () => {
    const r = new MemoryRunner({ processes: [lab] });
    const id = r.start('lab');
    r.advance(20 * MIN);
    r.completeAt(id, 'ultrasound', 'tech');
    r.advance(10 * HOUR);
    expect(slaEvents(r, id)).toEqual([]);
    expect(r.pendingJobs()).toEqual([]);
  });

  it('pauses while waiting for the customer and resumes with the remaining time', () => {
    const r = new MemoryRunner({ processes: [lab] });
    const id = r.start('lab');
    const t = r.taskAt(id, 'ultrasound');
    r.advance(10 * MIN);
    r.send(id, { type: 'waitForCustomer', taskId: t.id, by: 'tech' });
    r.advance(2 * HOUR);
    expect(slaEvents(r, id)).toEqual([]);
    r.send(id, { type: 'customerResponded', taskId: t.id, by: 'tech' });
    // 10 min used before the pause: 14 min to the warning, 20 to the breach.
    r.advance(14 * MIN);
    expect(r.taskAt(id, 'ultrasound').sla!.state).toBe('warning');
    r.advance(6 * MIN);
    expect(r.taskAt(id, 'ultrasound').sla!.state).toBe('breached');
  });

  it('records the SLA state on the completion event, for KPIs', () => {
    const r = new MemoryRunner({ processes: [lab] });
    const id = r.start('lab');
    r.advance(31 * MIN);
    r.completeAt(id, 'ultrasound', 'tech');
    const done = r.events.find((e) => e.caseId === id && e.activity === 'ultrasound' && e.lifecycle === 'complete')!;
    expect(done.attrs).toMatchObject({ slaState: 'breached' });
  });
});

describe('a deadline that depends on the case', () => {
  // S12: valve faults at once (1 h here), machine faults the same day, major ones next day.
  const repair = proc(
    'repair',
    [human('fix', 'plumber', { sla: { due: { expression: 'if severity = "valve" then "1 h" else if severity = "machine" then "8 h" else "24 h"' } } }), end()],
    { variables: [{ id: 'severity', type: 'string', required: true }] },
  );
  it.each([
    ['valve', 1],
    ['machine', 8],
    ['major', 24],
  ])('a %s fault is due in %i h', (severity, h) => {
    const r = new MemoryRunner({ processes: [repair] });
    const id = r.start('repair', { severity });
    expect(r.taskAt(id, 'fix').sla!.dueAt - r.now).toBe(h * HOUR);
  });
});

describe('a case-level SLA', () => {
  const connection = proc('connect', [human('apply', 'clerk'), human('install', 'tech'), end()], {
    roles: [{ id: 'manager', name: { en: 'manager' } }],
    sla: { due: hours(72), warning: { before: hours(24) }, escalations: [{ actions: [{ kind: 'notify', role: 'manager' }, { kind: 'raisePriority' }] }] },
  });
  it('runs from start to end and escalates to the manager when breached', () => {
    const r = new MemoryRunner({ processes: [connection] });
    const id = r.start('connect');
    r.completeAt(id, 'apply', 'c');
    r.advance(48 * HOUR);
    expect(r.cases.get(id)!.sla!.state).toBe('warning');
    r.advance(24 * HOUR);
    expect(r.cases.get(id)!.sla!.state).toBe('breached');
    expect(r.taskAt(id, 'install').priority).toBe(1);
    expect(r.notifications.at(-1)).toMatchObject({ reason: 'escalation', to: { role: 'manager' } });
  });
  it('stops when the case ends', () => {
    const r = new MemoryRunner({ processes: [connection] });
    const id = r.start('connect');
    r.completeAt(id, 'apply', 'c');
    r.completeAt(id, 'install', 't');
    expect(r.pendingJobs()).toEqual([]);
  });
});
