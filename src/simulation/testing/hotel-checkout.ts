/**
 * The hotel checkout of S07 (酒店业的服务流程优化): five steps, about ten minutes of work, three
 * posts — reception (接待), housekeeping (客房) and the cashier (收银). The seed's horizontal
 * integration merges the front desk's cashier and reception posts into one "one-stop" post.
 */
import { compile } from '../../model/index.ts';
import type { CompiledProcess, HumanStep } from '../../model/types.ts';
import type { SimulationParams } from '../params.ts';

const step = (id: string, zh: string, en: string, role: string, touchpoint = true): HumanStep => ({
  kind: 'human',
  id,
  name: { zh, en },
  role,
  assignment: { strategy: 'queue' },
  touchpoint,
});

/** The checkout SOP. */
export function hotelCheckoutProcess(): CompiledProcess {
  return compile({
    key: 'hotel-checkout',
    version: 1,
    name: { zh: '退房结账', en: 'Hotel checkout' },
    seeds: ['S07'],
    roles: [
      { id: 'reception', name: { zh: '接待员', en: 'receptionist' } },
      { id: 'housekeeping', name: { zh: '客房服务员', en: 'room attendant' } },
      { id: 'cashier', name: { zh: '收银员', en: 'cashier' } },
    ],
    variables: [],
    nodes: [
      step('returnKey', '收回房卡', 'take back the key card', 'reception'),
      step('roomCheck', '查房', 'check the room', 'housekeeping', false),
      step('printBill', '打印账单', 'print the bill', 'cashier', false),
      step('payment', '结账收款', 'settle the bill', 'cashier'),
      step('farewell', '开发票送别', 'invoice and farewell', 'reception'),
      { kind: 'end', id: 'done', name: { zh: '离店', en: 'checked out' } },
    ],
  });
}

/** The morning peak: 30 checkouts an hour. */
export function hotelCheckoutParams(): SimulationParams {
  return {
    arrivals: { kind: 'poisson', perHour: 30 },
    durations: {
      returnKey: { kind: 'lognormal', mean: 1.5, sd: 0.5 },
      roomCheck: { kind: 'gamma', shape: 4, scale: 1 },
      printBill: { kind: 'lognormal', mean: 1.5, sd: 0.5 },
      payment: { kind: 'lognormal', mean: 2, sd: 1 },
      farewell: { kind: 'exponential', mean: 1 },
    },
    staff: { reception: 2, housekeeping: 3, cashier: 2 },
    costPerHour: { reception: 40, housekeeping: 30, cashier: 45 },
  };
}
