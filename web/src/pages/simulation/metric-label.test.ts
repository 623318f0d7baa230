import { describe, expect, it } from 'vitest';
import { translate } from '../../i18n/messages.ts';
import { metricLabel } from './metric-label.ts';

const names: Record<string, string> = { repair: '维修', technician: '技师' };
const zh = (key: string, subject?: string) => metricLabel({ key, subject }, (k, p) => translate('zh-CN', k, p), (id) => names[id] ?? id);
const en = (key: string) => metricLabel({ key }, (k, p) => translate('en-US', k, p), (id) => (id === 'repair' ? 'Repair' : id === 'technician' ? 'Technician' : id));

describe('simulation metric names', () => {
  it('names every kind of metric the simulator reports, in both languages, with the SOP names', () => {
    expect(zh('cycleTime.mean')).toBe('周期时间（平均）');
    expect(en('cycleTime.mean')).toBe('Cycle time, mean');
    expect(zh('step.repair.wait')).toBe('维修：等待（平均）');
    expect(en('step.repair.breachRate')).toBe('Repair: SLA breached');
    expect(zh('step.repair.waitOver.2h')).toBe('维修：等待超过 2 小时的比例');
    expect(en('role.technician.utilisation')).toBe('Technician: utilisation');
    expect(zh('cycleTime.over.4h')).toBe('周期超过 4 小时的比例');
    expect(en('tier.vip.wait')).toBe('vip customers: waiting per task, mean');
  });

  it('every metric key the simulator can emit has a name (none falls back to the raw key)', () => {
    const keys = ['cycleTime.p50', 'cycleTime.p90', 'cycleTime.p95', 'throughput', 'wip', 'sla.case.breachRate', 'sla.anyStep.breachRate', 'cost.direct', 'cost.staff', 'failedRate',
      'step.repair.waited', 'step.repair.waitP90', 'step.repair.work', 'step.repair.inStep', 'step.repair.count', 'role.technician.people', 'role.technician.queue', 'role.technician.queueMax', 'tier.vip.cycleTime'];
    for (const k of keys) {
      expect(zh(k)).not.toBe(k);
      expect(en(k)).not.toBe(k);
      expect(zh(k)).not.toMatch(/sim\.m\./);
    }
  });
});
