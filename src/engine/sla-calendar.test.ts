import { describe, expect, it } from 'vitest';
import { calendarClock, createCalendar } from '../calendar/index.ts';
import { days, end, human, proc } from './testing/build.ts';
import { MemoryRunner } from './testing/memory-runner.ts';

// An office open Mon–Fri 09:00–18:00 in Shanghai that follows China's statutory holidays.
const office = calendarClock(
  createCalendar({
    timezone: 'Asia/Shanghai',
    week: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']], wed: [['09:00', '18:00']], thu: [['09:00', '18:00']], fri: [['09:00', '18:00']], sat: [], sun: [] },
    holidays: 'CN',
  }),
);

const connection = proc(
  'connection',
  [
    human('survey', 'engineer', {
      sla: {
        due: days(3, 'working'),
        warning: { before: { amount: 1, unit: 'hours', basis: 'working' } },
        escalations: [{ after: days(1, 'working'), actions: [{ kind: 'notify', role: 'director' }] }],
      },
    }),
    end(),
  ],
  { calendar: 'office', roles: [{ id: 'director', name: { en: 'director' } }] },
);

const shanghai = (local: string) => Date.parse(`${local}+08:00`);

describe('SLA on a business calendar with China’s holidays', () => {
  it('counts "3 working days" from Friday 17:30 before National Day over the adjusted Sunday', () => {
    // 2025: Sun 28 Sep is an adjusted working day, 1–8 Oct are holidays, Sat 11 Oct works again.
    const r = new MemoryRunner({ processes: [connection], calendars: { office }, now: shanghai('2025-09-26T17:30:00') });
    const id = r.start('connection');
    const sla = r.taskAt(id, 'survey').sla!;
    expect(new Date(sla.dueAt).toISOString()).toBe(new Date(shanghai('2025-09-30T17:30:00')).toISOString());
    expect(new Date(sla.warnAt!).toISOString()).toBe(new Date(shanghai('2025-09-30T16:30:00')).toISOString());
    r.advanceTo(shanghai('2025-09-30T17:30:00'));
    expect(r.taskAt(id, 'survey').sla!.state).toBe('breached');
    // One working day after the breach is the first day after the holiday, not 1 October.
    r.advanceTo(shanghai('2025-10-09T17:29:59'));
    expect(r.notifications.filter((n) => n.reason === 'escalation')).toEqual([]);
    r.advanceTo(shanghai('2025-10-09T17:30:00'));
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'director' }]);
  });

  it('stops the clock over the holiday while waiting for the customer, counting only open time', () => {
    const paused = proc('p', [human('x', 'r', { sla: { due: { amount: 4, unit: 'hours', basis: 'working' }, pauseWhileWaitingForCustomer: true } }), end()], { calendar: 'office' });
    const r = new MemoryRunner({ processes: [paused], calendars: { office }, now: shanghai('2025-09-30T14:00:00') });
    const id = r.start('p');
    expect(r.taskAt(id, 'x').sla!.dueAt).toBe(shanghai('2025-09-30T18:00:00'));
    r.advanceTo(shanghai('2025-09-30T16:00:00'));
    r.send(id, { type: 'waitForCustomer', taskId: r.taskAt(id, 'x').id, by: 'r' });
    r.advanceTo(shanghai('2025-10-09T10:00:00'));
    r.send(id, { type: 'customerResponded', taskId: r.taskAt(id, 'x').id, by: 'r' });
    // 2 working hours were used before the pause; 2 remain from 10:00 on the 9th.
    expect(r.taskAt(id, 'x').sla!.dueAt).toBe(shanghai('2025-10-09T12:00:00'));
  });
});
