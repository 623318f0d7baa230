import { describe, expect, it } from 'vitest';
import { EngineError } from './errors.ts';
import { end, human, proc } from './testing/build.ts';
import { MemoryRunner } from './testing/memory-runner.ts';

// A task given to someone by assignment is theirs but not started: claiming it is when work
// starts, and the log must say so (a `start` event), as for a claim from the queue.
const handover = proc('handover', [human('greet', 'advisor'), human('deliver', 'advisor', { assignment: { strategy: 'sameAs', node: 'greet' } }), end('done')]);

const starts = (r: MemoryRunner, node: string) => r.events.filter((e) => e.activity === node && e.lifecycle === 'start');

describe('claiming a task assigned to you', () => {
  it('starts it: status stays claimed, claimedAt is set, a start event names the person', () => {
    const r = new MemoryRunner({ processes: [handover] });
    const id = r.start('handover');
    r.completeAt(id, 'greet', 'li');
    const t = r.taskAt(id, 'deliver');
    expect(t).toMatchObject({ status: 'claimed', assignee: 'li' });
    expect(t.claimedAt).toBeUndefined();
    r.now += 5 * 60_000;
    r.send(id, { type: 'claim', taskId: t.id, by: 'li' });
    expect(r.taskAt(id, 'deliver')).toMatchObject({ status: 'claimed', assignee: 'li', claimedAt: r.now });
    expect(starts(r, 'deliver')).toEqual([expect.objectContaining({ taskId: t.id, resource: 'li', at: r.now })]);
  });

  it('claiming it again changes nothing and logs nothing more', () => {
    const r = new MemoryRunner({ processes: [handover] });
    const id = r.start('handover');
    r.completeAt(id, 'greet', 'li');
    const t = r.taskAt(id, 'deliver');
    r.send(id, { type: 'claim', taskId: t.id, by: 'li' });
    const before = { state: structuredClone(r.cases.get(id)), events: r.events.length };
    r.now += 60_000;
    r.send(id, { type: 'claim', taskId: t.id, by: 'li' });
    expect(r.cases.get(id)).toEqual(before.state);
    expect(r.events.length).toBe(before.events);
    expect(starts(r, 'deliver')).toHaveLength(1);
  });

  it('someone else still cannot claim it', () => {
    const r = new MemoryRunner({ processes: [handover] });
    const id = r.start('handover');
    r.completeAt(id, 'greet', 'li');
    const t = r.taskAt(id, 'deliver');
    let code: string | undefined;
    try {
      r.send(id, { type: 'claim', taskId: t.id, by: 'wang' });
    } catch (e) {
      code = (e as EngineError).code;
    }
    expect(code).toBe('ALREADY_CLAIMED');
    expect(starts(r, 'deliver')).toHaveLength(0);
  });
});
