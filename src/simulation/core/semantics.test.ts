import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../calendar/index.ts';
import { end, human, minutes, proc } from '../../engine/testing/build.ts';
import { simulate } from '../simulate.ts';
import { afterSalesParams, afterSalesProcess } from '../testing/after-sales.ts';
import type { ProcessNode } from '../../model/types.ts';

// The simulator plays the runtime around the real engine: these pin down the rules a simulated
// case follows — rosters, SLAs and escalations, assignment, timers, service calls, sub-cases.
const one = { cases: 200, replications: 1, seed: 3, collectLog: true } as const;

describe('simulated cases follow the engine’s rules', () => {
  it('people work only while their roster is open', () => {
    const params = afterSalesParams();
    const r = simulate({ process: afterSalesProcess(), params }, { ...one, cases: 300 });
    const cal = createCalendar(params.calendars!['workshop']!);
    const starts = r.replications[0]!.log!.filter((e) => e.scope === 'step' && e.lifecycle === 'start' && e.resource !== undefined);
    expect(starts.length).toBeGreaterThan(1000);
    expect(starts.filter((e) => !cal.isOpen(e.at))).toEqual([]);
  });

  it('a step longer than its SLA breaches every time; one well inside it never does', () => {
    const p = proc('sla', [human('slow', 'a', { sla: { due: minutes(5) } }), human('quick', 'b', { sla: { due: minutes(30) } }), end()]);
    const r = simulate({ process: p, params: { arrivals: { kind: 'poisson', perHour: 1 }, durations: { slow: { kind: 'fixed', value: 10 }, quick: { kind: 'fixed', value: 1 } }, staff: { a: 5, b: 5 } } }, one);
    expect(r.replications[0]!.values['step.slow.breachRate']).toBe(1);
    expect(r.replications[0]!.values['step.quick.breachRate']).toBe(0);
  });

  it('an escalation hands a waiting task to another role', () => {
    const p = proc('escalate', [human('intake', 'junior', { sla: { due: minutes(10), escalations: [{ actions: [{ kind: 'reassign', role: 'senior' }] }] } }), end()], {
      roles: [{ id: 'senior', name: { en: 'senior' } }],
    });
    const r = simulate({ process: p, params: { arrivals: { kind: 'poisson', perHour: 20 }, durations: { intake: { kind: 'fixed', value: 6 } }, staff: { junior: 1, senior: 2 } } }, one);
    const done = r.replications[0]!.log!.filter((e) => e.activity === 'intake' && e.lifecycle === 'complete');
    expect(done.some((e) => e.resource?.startsWith('senior#'))).toBe(true);
    expect(done.some((e) => e.resource?.startsWith('junior#'))).toBe(true);
  });

  it('rotation hands tasks to people in turn', () => {
    const p = proc('rotate', [human('welcome', 'advisor', { assignment: { strategy: 'rotation' } }), end()]);
    const r = simulate({ process: p, params: { arrivals: { kind: 'poisson', perHour: 2 }, durations: { welcome: { kind: 'fixed', value: 1 } }, staff: { advisor: 3 } } }, { ...one, cases: 300 });
    const by = new Map<string, number>();
    for (const e of r.replications[0]!.log!) if (e.lifecycle === 'complete' && e.resource) by.set(e.resource, (by.get(e.resource) ?? 0) + 1);
    const counts = [...by.values()];
    expect(counts).toHaveLength(3);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it('timers wait, service calls answer after their response time and fail to their error path', () => {
    const nodes: ProcessNode[] = [
      { kind: 'timer', id: 'cool', name: { en: 'cool down' }, wait: { duration: minutes(30) } },
      { kind: 'service', id: 'notify', name: { en: 'SMS' }, request: { method: 'POST', url: 'https://sms.example/send' }, timeoutMs: 5000, retries: 0, backoff: { initialMs: 1000, factor: 2, maxMs: 1000 }, onError: 'callBack' },
      human('done', 'clerk', { next: 'end' }),
      human('callBack', 'clerk', { next: 'end' }),
      end(),
    ];
    const p = proc('signals', nodes);
    const r = simulate(
      {
        process: p,
        params: {
          arrivals: { kind: 'poisson', perHour: 0.5 },
          durations: { notify: { kind: 'fixed', value: 2 }, done: { kind: 'fixed', value: 3 }, callBack: { kind: 'fixed', value: 3 } },
          serviceFailure: { notify: 0.25 },
          staff: { clerk: 20 },
        },
      },
      { ...one, cases: 2000 },
    );
    const v = r.replications[0]!.values;
    expect(v['cycleTime.mean']).toBeCloseTo(35, 6); // 30 min timer + 2 min answer + 3 min work, nobody waits
    expect(v['step.callBack.count']).toBeGreaterThan(0.2);
    expect(v['step.callBack.count']).toBeLessThan(0.3);
  });

  it('a call step runs the other SOP as a sub-case and waits for it', () => {
    const child = proc('check', [human('inspect', 'inspector'), end()]);
    const parent = proc('visit', [{ kind: 'call', id: 'sub', name: { en: 'inspection' }, process: 'check' }, human('close', 'clerk'), end()]);
    const r = simulate(
      { process: parent, subProcesses: [child], params: { arrivals: { kind: 'poisson', perHour: 0.1 }, durations: { inspect: { kind: 'fixed', value: 20 }, close: { kind: 'fixed', value: 5 } }, staff: { inspector: 3, clerk: 3 } } },
      one,
    );
    expect(r.replications[0]!.values['cycleTime.mean']).toBeCloseTo(25, 6);
    expect(r.replications[0]!.values['step.inspect.count']).toBe(1);
  });

  it('without branch probabilities, gateways decide by their FEEL conditions on generated case data', () => {
    const p = proc('feel', [
      { kind: 'exclusive', id: 'tier', name: { en: 'VIP?' }, branches: [{ when: 'vip = true', to: 'lounge' }], default: 'desk' },
      human('lounge', 'host', { next: 'end' }),
      human('desk', 'clerk', { next: 'end' }),
      end(),
    ]);
    const r = simulate(
      { process: p, params: { arrivals: { kind: 'poisson', perHour: 1 }, data: { vip: { kind: 'boolean', p: 0.3 } }, durations: { lounge: { kind: 'fixed', value: 1 }, desk: { kind: 'fixed', value: 1 } }, staff: { host: 2, clerk: 2 } } },
      { ...one, cases: 4000 },
    );
    const share = r.replications[0]!.values['step.lounge.count']!;
    expect(Math.abs(share - 0.3)).toBeLessThan(0.04); // ±5.5 standard errors
  });
});
