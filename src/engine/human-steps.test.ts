import { describe, expect, it } from 'vitest';
import { EngineError } from './errors.ts';
import { execute } from './execute.ts';
import { counterIds } from './ids.ts';
import { ALWAYS_OPEN } from './calendar-clock.ts';
import { end, human, proc } from './testing/build.ts';
import { MemoryRunner } from './testing/memory-runner.ts';
import type { ChecklistItem } from '../model/types.ts';

const reception = proc('reception', [
  human('greet', 'advisor', {
    form: [
      { id: 'words', label: { zh: '客户原话', en: "Customer's words" }, type: 'longText', required: true },
      { id: 'mileage', label: { zh: '里程', en: 'Mileage' }, type: 'integer', required: false, min: 0 },
      { id: 'sign', label: { zh: '客户签字', en: 'Signature' }, type: 'signature', required: true },
    ],
  }),
  human('inspect', 'advisor', { assignment: { strategy: 'sameAs', node: 'greet' } }),
  end('done', 'delivered'),
]);

function err(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw e;
  }
  throw new Error('expected an EngineError');
}

describe('a human step', () => {
  it('opens a task in the role queue, and completing it moves the case on', () => {
    const r = new MemoryRunner({ processes: [reception] });
    const id = r.start('reception');
    const greet = r.taskAt(id, 'greet');
    expect(greet).toMatchObject({ role: 'advisor', status: 'open' });
    expect(greet.assignee).toBeUndefined();
    r.send(id, { type: 'claim', taskId: greet.id, by: 'li' });
    r.completeAt(id, 'greet', 'li', { words: '刹车有异响', sign: 'att-1' });
    expect(r.cases.get(id)!.data).toMatchObject({ words: '刹车有异响', sign: 'att-1' });
    expect(r.trail(id)).toEqual(['greet:complete']);
  });

  it('gives the next step to the same person when the SOP says so (one advisor end to end)', () => {
    const r = new MemoryRunner({ processes: [reception] });
    const id = r.start('reception');
    r.completeAt(id, 'greet', 'wang', { words: 'x', sign: 's' });
    expect(r.taskAt(id, 'inspect')).toMatchObject({ assignee: 'wang', status: 'claimed' });
    r.completeAt(id, 'inspect', 'wang');
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'delivered' });
  });

  it('refuses a form with a missing required field or a wrong type, naming each field', () => {
    const r = new MemoryRunner({ processes: [reception] });
    const id = r.start('reception');
    const e = err(() => r.completeAt(id, 'greet', 'li', { mileage: -5 }));
    expect(e.code).toBe('FORM_INVALID');
    expect(e.issues.map((i) => i.field).sort()).toEqual(['mileage', 'sign', 'words']);
    expect(r.taskAt(id, 'greet').status).toBe('open');
  });

  it('lets only the holder complete a claimed task', () => {
    const r = new MemoryRunner({ processes: [reception] });
    const id = r.start('reception');
    const t = r.taskAt(id, 'greet');
    r.send(id, { type: 'claim', taskId: t.id, by: 'li' });
    expect(err(() => r.send(id, { type: 'claim', taskId: t.id, by: 'zhao' })).code).toBe('ALREADY_CLAIMED');
    expect(err(() => r.completeAt(id, 'greet', 'zhao', { words: 'x', sign: 's' })).code).toBe('NOT_ASSIGNEE');
  });

  it('completes a task once: the second completion of the same state is a conflict', () => {
    const ctx = { now: 0, ids: counterIds(), calendar: () => ALWAYS_OPEN };
    const s0 = execute(reception, undefined, { type: 'start', caseId: 'c1' }, ctx).state;
    const taskId = s0.tasks[0]!.id;
    const form = { words: 'x', sign: 's' };
    // Two callers read the same state; the store serialises them, so the second sees s1.
    const s1 = execute(reception, s0, { type: 'complete', taskId, by: 'a', form }, ctx).state;
    const e = err(() => execute(reception, s1, { type: 'complete', taskId, by: 'b', form }, ctx));
    expect(e.code).toBe('TASK_NOT_OPEN');
    expect(e.conflict).toBe(true);
  });

  it('never changes the state it was given', () => {
    const ctx = { now: 0, ids: counterIds(), calendar: () => ALWAYS_OPEN };
    const s0 = execute(reception, undefined, { type: 'start', caseId: 'c1' }, ctx).state;
    const snapshot = JSON.stringify(s0);
    const taskId = s0.tasks[0]!.id;
    execute(reception, s0, { type: 'complete', taskId, by: 'a', form: { words: 'x', sign: 's' } }, ctx);
    expect(JSON.stringify(s0)).toBe(snapshot);
  });

  it('puts a released task back in the queue and hands a task over on reassign', () => {
    const r = new MemoryRunner({ processes: [reception] });
    const id = r.start('reception');
    const t = r.taskAt(id, 'greet');
    r.send(id, { type: 'claim', taskId: t.id, by: 'li' });
    r.send(id, { type: 'release', taskId: t.id, by: 'li' });
    expect(r.taskAt(id, 'greet').status).toBe('open');
    expect(r.taskAt(id, 'greet').assignee).toBeUndefined();
    r.send(id, { type: 'reassign', taskId: t.id, to: { staffId: 'zhao' }, by: 'manager' });
    expect(r.taskAt(id, 'greet')).toMatchObject({ status: 'claimed', assignee: 'zhao' });
    r.send(id, { type: 'reassign', taskId: t.id, to: { role: 'manager' }, by: 'manager' });
    expect(r.taskAt(id, 'greet')).toMatchObject({ status: 'open', role: 'manager' });
  });

  it('withdraws a step that is not needed and goes on', () => {
    const r = new MemoryRunner({ processes: [reception] });
    const id = r.start('reception');
    r.send(id, { type: 'cancelTask', taskId: r.taskAt(id, 'greet').id, by: 'manager', reason: 'walk-in without car' });
    expect(r.taskAt(id, 'inspect').assignee).toBeUndefined();
    expect(r.tasks.get([...r.tasks.keys()][0]!)!.closed).toBe('cancelled');
  });
});

describe('assignment strategies', () => {
  const p = proc('welcome', [human('welcome', 'sales', { assignment: { strategy: 'rotation' } }), end()]);
  it('rotates new customers through the sales staff in duty order (S05)', () => {
    const r = new MemoryRunner({ processes: [p], staff: { sales: ['a', 'b', 'c'] } });
    const who = [1, 2, 3, 4].map(() => r.taskAt(r.start('welcome'), 'welcome').assignee);
    expect(who).toEqual(['a', 'b', 'c', 'a']);
  });

  it("gives the step to the customer's owner (account manager)", () => {
    const q = proc('visit', [human('visit', 'manager', { assignment: { strategy: 'customerOwner' } }), end()]);
    const r = new MemoryRunner({ processes: [q] });
    const id = r.start('visit', {}, { customer: { id: 'cust-1', ownerId: 'zhang' } });
    expect(r.taskAt(id, 'visit').assignee).toBe('zhang');
  });

  it('gives the step to the least loaded person', () => {
    const q = proc('ll', [human('x', 'tech', { assignment: { strategy: 'leastLoaded' } }), end()]);
    const r = new MemoryRunner({ processes: [q], staff: { tech: ['a', 'b'] } });
    const ids = [1, 2, 3].map(() => r.start('ll'));
    expect(ids.map((c) => r.taskAt(c, 'x').assignee)).toEqual(['a', 'b', 'a']);
  });
});

describe('service standards as a checklist', () => {
  const required: ChecklistItem[] = [1, 2, 3].map((i) => ({ id: `r${i}`, text: { zh: `必备${i}` }, required: true }));
  const optional: ChecklistItem[] = Array.from({ length: 78 }, (_, i) => ({ id: `o${i + 1}`, text: { zh: `选项${i + 1}` }, required: false }));
  const inspection = proc('five-star', [
    human('inspect', 'auditor', { checklist: { items: [...required, ...optional], pass: { allRequired: true, minOptional: 35 } } }),
    end(),
  ]);
  const checks = (opt: number, req = 3) => Object.fromEntries([...required.slice(0, req), ...optional.slice(0, opt)].map((i) => [i.id, true]));

  it('passes with all required items and at least 35 of the 78 optional ones', () => {
    const r = new MemoryRunner({ processes: [inspection] });
    const id = r.start('five-star');
    r.completeAt(id, 'inspect', 'auditor-1', undefined, checks(35));
    expect(r.cases.get(id)!.steps['inspect']!.checklist).toMatchObject({ passed: true, optionalChecked: 35 });
  });

  it('refuses 34 of 78, and a missing required item, saying which', () => {
    const r = new MemoryRunner({ processes: [inspection] });
    const id = r.start('five-star');
    expect(err(() => r.completeAt(id, 'inspect', 'a', undefined, checks(34))).message).toContain('34 of at least 35 optional items');
    expect(err(() => r.completeAt(id, 'inspect', 'a', undefined, checks(40, 2))).message).toContain('r3');
  });

  it('records a failed checklist and goes on when the SOP says "record"', () => {
    const q = proc('round', [human('round', 'pm', { checklist: { items: required, pass: { allRequired: true }, onFail: 'record' } }), end()]);
    const r = new MemoryRunner({ processes: [q] });
    const id = r.start('round');
    r.completeAt(id, 'round', 'pm-1', undefined, { r1: true });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed' });
    expect(r.cases.get(id)!.steps['round']!.checklist).toMatchObject({ passed: false, missingRequired: ['r2', 'r3'] });
  });
});
