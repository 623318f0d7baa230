import { describe, expect, it } from 'vitest';
import { end, HOUR, hours, human, proc } from './testing/build.ts';
import { MemoryRunner } from './testing/memory-runner.ts';
import type { ServiceStep } from '../model/types.ts';

describe('a timer', () => {
  it('waits its duration: the follow-up call comes 48 h after delivery', () => {
    const p = proc('followup', [human('deliver', 'advisor'), { kind: 'timer', id: 'wait48h', name: { zh: '等待48小时' }, wait: { duration: hours(48) } }, human('call', 'advisor'), end()]);
    const r = new MemoryRunner({ processes: [p] });
    const id = r.start('followup');
    r.completeAt(id, 'deliver', 'a');
    r.advance(48 * HOUR - 1);
    expect(r.openTasks(id)).toEqual([]);
    r.advance(1);
    expect(r.taskAt(id, 'call').createdAt).toBe(r.now);
  });

  it('waits until a date in case data minus an offset: reconfirm the day before the appointment', () => {
    const p = proc('reconfirm', [
      { kind: 'timer', id: 'day-before', name: { zh: '预约前一天' }, wait: { until: 'appointmentAt', offset: { amount: -1, unit: 'days', basis: 'elapsed' } } },
      human('reconfirm', 'advisor'),
      end(),
    ]);
    const r = new MemoryRunner({ processes: [p], now: Date.parse('2026-03-02T01:00:00Z') });
    const id = r.start('reconfirm', { appointmentAt: '2026-03-05T10:00:00+08:00' });
    r.advanceTo(Date.parse('2026-03-04T01:59:59Z'));
    expect(r.openTasks(id)).toEqual([]);
    r.advanceTo(Date.parse('2026-03-04T02:00:00Z'));
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['reconfirm']);
  });

  it('fires at once when the date has already passed', () => {
    const p = proc('late', [{ kind: 'timer', id: 't', name: { en: 't' }, wait: { until: 'at' } }, human('x', 'r'), end()]);
    const r = new MemoryRunner({ processes: [p], now: Date.parse('2026-03-02T00:00:00Z') });
    const id = r.start('late', { at: '2026-01-01T00:00:00Z' });
    r.advance(0);
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['x']);
  });
});

describe('a service step', () => {
  const svc = (onError?: string): ServiceStep => ({
    kind: 'service',
    id: 'dms',
    name: { en: 'Open work order in the DMS' },
    request: { method: 'POST', url: 'http://dms.local/orders/{plate}?case={caseId}' },
    timeoutMs: 5000,
    retries: 3,
    backoff: { initialMs: 1000, factor: 2, maxMs: 30000 },
    resultVariable: 'order',
    onError,
  });

  it('calls the other system and puts the answer into case data', () => {
    const p = proc('svc', [svc(), human('work', 'tech'), end()]);
    const seen: string[] = [];
    const r = new MemoryRunner({
      processes: [p],
      services: (req) => {
        seen.push(`${req.method} ${req.url}`);
        return { ok: true, result: { orderNo: 'WO-7' } };
      },
    });
    const id = r.start('svc', { plate: '粤A 12345' });
    r.advance(0);
    expect(seen).toEqual([`POST http://dms.local/orders/${encodeURIComponent('粤A 12345')}?case=${id}`]);
    expect(r.cases.get(id)!.data['order']).toEqual({ orderNo: 'WO-7' });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['work']);
  });

  it('takes the error path when the call finally fails', () => {
    const p = proc('svc', [svc('by-hand'), human('work', 'tech', { next: 'done' }), human('by-hand', 'advisor'), end('done')]);
    const r = new MemoryRunner({ processes: [p], services: () => ({ ok: false, error: 'HTTP 503' }) });
    const id = r.start('svc', { plate: 'x' });
    r.advance(0);
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['by-hand']);
    expect(r.cases.get(id)!.data['dmsError']).toBe('HTTP 503');
  });

  it('fails the case (an incident) when there is no error path', () => {
    const p = proc('svc', [svc(), human('work', 'tech'), end()]);
    const r = new MemoryRunner({ processes: [p] });
    const id = r.start('svc', { plate: 'x' });
    r.advance(0);
    expect(r.cases.get(id)!.status).toBe('failed');
  });
});

describe('calling another SOP', () => {
  const child = proc('estimate', [human('price', 'advisor', { form: [{ id: 'amount', label: { en: 'Amount' }, type: 'money', required: true }] }), end('ok', 'approved')]);
  const parent = proc('repair', [
    human('receive', 'advisor'),
    { kind: 'call', id: 'get-estimate', name: { en: 'Estimate' }, process: 'estimate', output: { estimate: 'amount' } },
    human('repair', 'tech'),
    end(),
  ]);

  it('starts the sub-case, waits for it, and copies its outputs back', () => {
    const r = new MemoryRunner({ processes: [parent, child] });
    const id = r.start('repair', { plate: 'A1' });
    r.completeAt(id, 'receive', 'adv');
    const sub = [...r.cases.values()].find((c) => c.parent?.caseId === id)!;
    expect(sub.data['plate']).toBe('A1');
    r.completeAt(sub.id, 'price', 'adv', { amount: 880 });
    expect(r.openTasks(id)).toEqual([]);
    r.advance(0); // the sub-case's end is delivered to the parent as a job
    expect(r.cases.get(id)!.data['estimate']).toBe(880);
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['repair']);
  });

  it('cancels the sub-case with its parent', () => {
    const r = new MemoryRunner({ processes: [parent, child] });
    const id = r.start('repair');
    r.completeAt(id, 'receive', 'adv');
    const sub = [...r.cases.values()].find((c) => c.parent?.caseId === id)!;
    r.send(id, { type: 'cancelCase', by: 'manager', reason: 'customer left' });
    expect(r.cases.get(sub.id)!.status).toBe('cancelled');
    expect(r.cases.get(id)!.status).toBe('cancelled');
    expect(r.openTasks()).toEqual([]);
  });
});
