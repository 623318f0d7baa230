import type { SimRow } from '../../api/simulation.ts';
import type { MessageKey } from '../../i18n/index.ts';

type T = (key: MessageKey, params?: Readonly<Record<string, string | number>>) => string;

/**
 * A metric's name in the page's language. The simulator names metrics in English by key
 * (`step.repair.wait`); the page builds the same names from its own catalogue, with the SOP's
 * step and role names in place of their ids.
 */
export function metricLabel(row: Pick<SimRow, 'key' | 'subject'>, t: T, nameOf: (id: string) => string): string {
  const k = row.key;
  const fixed: Record<string, MessageKey> = {
    'cycleTime.mean': 'sim.m.cycleMean',
    'cycleTime.p50': 'sim.m.cycleP50',
    'cycleTime.p90': 'sim.m.cycleP90',
    'cycleTime.p95': 'sim.m.cycleP95',
    throughput: 'sim.m.throughput',
    wip: 'sim.m.wip',
    'sla.case.breachRate': 'sim.m.caseBreach',
    'sla.anyStep.breachRate': 'sim.m.anyStepBreach',
    'cost.direct': 'sim.m.costDirect',
    'cost.staff': 'sim.m.costStaff',
    failedRate: 'sim.m.failed',
  };
  const f = fixed[k];
  if (f !== undefined) return t(f);
  let m = /^cycleTime\.over\.([\d.]+)h$/.exec(k);
  if (m) return t('sim.m.cycleOver', { h: m[1]! });
  m = /^step\.(.+)\.(wait|waited|waitP90|work|inStep|count|breachRate|waitOver\.([\d.]+)h)$/.exec(k);
  if (m) {
    const step = nameOf(m[1]!);
    const what = m[2]!;
    if (m[3] !== undefined) return t('sim.m.stepWaitOver', { step, h: m[3] });
    const key = ({ wait: 'sim.m.stepWait', waited: 'sim.m.stepWaited', waitP90: 'sim.m.stepWaitP90', work: 'sim.m.stepWork', inStep: 'sim.m.stepIn', count: 'sim.m.stepCount', breachRate: 'sim.m.stepBreach' } as const)[what as 'wait'];
    return t(key, { step });
  }
  m = /^role\.(.+)\.(people|utilisation|queue|queueMax)$/.exec(k);
  if (m) {
    const role = nameOf(m[1]!);
    return t(({ people: 'sim.m.rolePeople', utilisation: 'sim.m.roleUtil', queue: 'sim.m.roleQueue', queueMax: 'sim.m.roleQueueMax' } as const)[m[2] as 'people'], { role });
  }
  m = /^tier\.(.+)\.(wait|cycleTime)$/.exec(k);
  if (m) return t(m[2] === 'wait' ? 'sim.m.tierWait' : 'sim.m.tierCycle', { tier: m[1]! });
  return k;
}
