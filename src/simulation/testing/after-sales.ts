/**
 * A car after-sales visit (S09/S30: reception by one advisor, diagnosis, estimate signed by the
 * customer, repair with a quality check and rework, wash and invoice in parallel, delivery,
 * and a follow-up call 48 hours later) on a workshop calendar with SLAs and escalations: the
 * benchmark's "real" process and a model for the scenario and suggestion tests.
 */
import { compile } from '../../model/index.ts';
import type { CompiledProcess, HumanStep, ProcessNode, TimeLimit } from '../../model/types.ts';
import type { SimulationParams } from '../params.ts';

const t = (amount: number, unit: TimeLimit['unit'], basis: TimeLimit['basis'] = 'elapsed'): TimeLimit => ({ amount, unit, basis });
const step = (id: string, role: string, extra: Partial<HumanStep> = {}): HumanStep => ({ kind: 'human', id, name: { en: id }, role, assignment: { strategy: 'queue' }, ...extra });

/** The SOP. */
export function afterSalesProcess(): CompiledProcess {
  const nodes: ProcessNode[] = [
    step('reception', 'advisor', { sla: { due: t(15, 'minutes'), escalations: [{ actions: [{ kind: 'notify', role: 'manager' }] }] } }),
    step('diagnosis', 'technician', { sla: { due: t(1, 'hours', 'working') } }),
    step('estimate', 'advisor', { assignment: { strategy: 'sameAs', node: 'reception' } }),
    { kind: 'exclusive', id: 'approved', name: { en: 'customer approves?' }, branches: [{ when: 'approved = true', to: 'repair' }], default: 'delivery' },
    step('repair', 'technician', { sla: { due: t(4, 'hours', 'working'), warning: { fraction: 0.75 }, escalations: [{ actions: [{ kind: 'raisePriority', by: 1 }] }] } }),
    step('qualityCheck', 'inspector'),
    { kind: 'exclusive', id: 'passed', name: { en: 'passed?' }, branches: [{ when: 'passed = true', to: 'split' }], default: 'repair' },
    { kind: 'parallel', id: 'split', name: { en: 'wash and invoice' }, to: ['wash', 'invoice'] },
    step('wash', 'washer', { next: 'join' }),
    step('invoice', 'cashier', { next: 'join' }),
    { kind: 'parallel', id: 'join', name: { en: 'ready' }, next: 'delivery' },
    step('delivery', 'advisor'),
    { kind: 'timer', id: 'wait48h', name: { en: '48 h later' }, wait: { duration: t(48, 'hours') } },
    step('followUp', 'advisor', { touchpoint: true }),
    { kind: 'end', id: 'done', name: { en: 'done' } },
  ];
  return compile({
    key: 'car-after-sales',
    version: 1,
    name: { en: 'Car after-sales visit', zh: '汽车售后服务' },
    roles: ['advisor', 'technician', 'inspector', 'washer', 'cashier', 'manager'].map((id) => ({ id, name: { en: id } })),
    variables: [],
    calendar: 'workshop',
    sla: { due: t(1, 'days', 'working') },
    nodes,
  });
}

const WORKSHOP_DAY = [['08:30', '12:00'], ['13:00', '18:00']] as const;

/** Parameters: a morning-peaked arrival profile, staff on the workshop calendar, costs. */
export function afterSalesParams(): SimulationParams {
  const day = [0, 0, 0, 0, 0, 0, 0, 0, 3, 4, 3, 2, 0, 2, 2, 1.5, 1, 0, 0, 0, 0, 0, 0, 0];
  const workshop = { timezone: 'Asia/Shanghai', holidays: 'CN' as const, week: { mon: WORKSHOP_DAY, tue: WORKSHOP_DAY, wed: WORKSHOP_DAY, thu: WORKSHOP_DAY, fri: WORKSHOP_DAY, sat: WORKSHOP_DAY } };
  return {
    arrivals: { kind: 'profile', weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day } },
    durations: {
      reception: { kind: 'lognormal', mean: 10, sd: 4 },
      diagnosis: { kind: 'gamma', shape: 2, scale: 15 },
      estimate: { kind: 'triangular', min: 5, mode: 8, max: 20 },
      repair: { kind: 'lognormal', mean: 90, sd: 60, truncate: { max: 480 } },
      qualityCheck: { kind: 'uniform', min: 5, max: 15 },
      wash: { kind: 'normal', mean: 20, sd: 5, truncate: { min: 5 } },
      invoice: { kind: 'exponential', mean: 5 },
      delivery: { kind: 'fixed', value: 10 },
      followUp: { kind: 'exponential', mean: 4 },
    },
    branches: { approved: { repair: 0.85, delivery: 0.15 }, passed: { split: 0.9, repair: 0.1 } },
    staff: {
      advisor: { count: 4, calendar: 'workshop' },
      technician: { count: 12, calendar: 'workshop' },
      inspector: { count: 2, calendar: 'workshop' },
      washer: { count: 2, calendar: 'workshop' },
      cashier: { count: 1, calendar: 'workshop' },
      manager: { count: 1, calendar: 'workshop' },
    },
    costPerHour: { advisor: 60, technician: 80, inspector: 70, washer: 35, cashier: 45, manager: 120 },
    calendars: { workshop },
    warmUp: { hours: 24 * 7 },
  };
}

/** The SOP and its parameters together. */
export function carAfterSales(): { readonly process: CompiledProcess; readonly params: SimulationParams } {
  return { process: afterSalesProcess(), params: afterSalesParams() };
}
