import { beforeAll, describe, expect, it } from 'vitest';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess, HumanStep } from '../../src/model/types.ts';

/** The harness runner (in memory or on the store), whichever templates/testing.ts provides. */
type R = Awaited<ReturnType<typeof runner>>;

// S03 定制衣柜全流程服务“六步走”: the eight stages, time / owner / department per node, touchpoints.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./home-furnishing/custom-wardrobe.yaml');
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const staff = { 'store-sales': ['guide-1'], designer: ['des-lin', 'des-xu'], installer: ['ins-ma'] };
const humanSteps = (): HumanStep[] => Object.values(sop.nodes).filter((n): n is HumanStep => n.kind === 'human');
const all = (node: string) => {
  const n = sop.nodes[node];
  return Object.fromEntries((n?.kind === 'human' ? (n.checklist?.items ?? []) : []).map((i) => [i.id, true]));
};

/** From the store order to the drawing handed to the customer; returns the designer. */
async function toConfirmation(r: R): Promise<{ id: string; designer: string }> {
  const id = await r.start('custom-wardrobe', { customerName: '李女士', address: '幸福小区3栋1201' });
  await r.completeAt(id, 'store-order', 'guide-1', { customerPhone: '139 0000 1111', rooms: '主卧、衣帽间', measureAt: '2026-03-05T14:00:00+08:00' });
  await r.advanceTo(shanghai('2026-03-05T14:00'));
  const designer = r.taskAt(id, 'measure').assignee!;
  await r.completeAt(id, 'measure', designer, { measurements: '主卧墙宽3.2m 层高2.75m', sitePhotos: 'p1' }, all('measure'));
  await r.completeAt(id, 'drawing', designer, { drawingFile: 'd1', price: 18_600 });
  return { id, designer };
}

async function toProduction(r: R): Promise<string> {
  const { id, designer } = await toConfirmation(r);
  await r.completeAt(id, 'confirm-drawing', designer, { decision: 'confirm', drawingSignature: 'sig-drawing' });
  await r.completeAt(id, 'payment', 'cash-1', { amountPaid: 18_600, receiptNo: 'R-88', promisedInstallDate: '2026-04-10' });
  await r.completeAt(id, 'production-order', 'clerk-1', { productionOrderNo: 'PO-2603-015', bomChecked: true });
  return id;
}

describe('custom wardrobe, order to after-sales (S03)', () => {
  it('gives every step a time, an owner and a department (the service programme table)', () => {
    const rows = humanSteps().map((n) => ({
      step: n.id,
      time: n.sla !== undefined,
      department: /·/.test(sop.definition.roles.find((r) => r.id === n.role)?.name.zh ?? ''),
      described: /时间.*责任人.*部门/.test(n.description?.zh ?? ''),
    }));
    expect(rows.filter((r) => !(r.time && r.department && r.described))).toEqual([]);
    expect(rows).toHaveLength(12);
  });

  it('marks the customer touchpoints of the chain', () => {
    expect(humanSteps().filter((n) => n.touchpoint).map((n) => n.id)).toEqual([
      'store-order', 'measure', 'confirm-drawing', 'payment', 'book-installation', 'install', 'follow-up-call', 'after-sales',
    ]);
  });

  it('runs the eight stages: order, measure, drawing, confirm and pay, production order, production and inspection, installation, follow-up call', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-03T10:00') });
    const { id, designer } = await toConfirmation(r);
    await r.completeAt(id, 'confirm-drawing', designer, { decision: 'confirm', drawingSignature: 'sig-drawing' });
    await r.completeAt(id, 'payment', 'cash-1', { amountPaid: 18_600, receiptNo: 'R-88', promisedInstallDate: '2026-04-10' });
    await r.completeAt(id, 'production-order', 'clerk-1', { productionOrderNo: 'PO-2603-015', bomChecked: true });
    await r.completeAt(id, 'production', 'workshop-2');
    await r.completeAt(id, 'inspection', 'qc-1', undefined, all('inspection'));
    await r.completeAt(id, 'book-installation', 'disp-1', { installAt: '2026-04-08T09:00:00+08:00' });
    await r.advanceTo(shanghai('2026-04-08T09:00'));
    expect(r.taskAt(id, 'install').assignee).toBe('ins-ma');
    await r.completeAt(id, 'install', 'ins-ma', { acceptanceSignature: 'sig-accept' }, all('install'));
    const installed = r.now;
    await r.advance(3 * DAY);
    expect(r.taskAt(id, 'follow-up-call')).toMatchObject({ role: 'customer-service', createdAt: installed + 3 * DAY });
    await r.completeAt(id, 'follow-up-call', 'cs-1', { satisfaction: 5, problemReported: false });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'completed' });
    expect(r.trail(id)).toEqual([
      'store-order:complete', 'wait-measure:complete', 'measure:complete', 'drawing:complete', 'confirm-drawing:complete',
      'payment:complete', 'production-order:complete', 'production:complete', 'inspection:complete', 'book-installation:complete',
      'wait-install:complete', 'install:complete', 'wait-follow-up:complete', 'follow-up-call:complete', 'completed:complete',
    ]);
  });

  it('sends the measuring designer to the door at the booked time and keeps that designer for the drawing', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-03T10:00') });
    const id = await r.start('custom-wardrobe', { customerName: '李女士', address: '幸福小区' });
    await r.completeAt(id, 'store-order', 'guide-1', { customerPhone: '139 0000 1111', rooms: '主卧', measureAt: '2026-03-05T14:00:00+08:00' });
    await r.advanceTo(shanghai('2026-03-05T13:59'));
    expect(r.openTasks(id)).toEqual([]);
    await r.advanceTo(shanghai('2026-03-05T14:00'));
    const designer = r.taskAt(id, 'measure').assignee!;
    await r.completeAt(id, 'measure', designer, { measurements: 'x', sitePhotos: 'p' }, all('measure'));
    expect(r.taskAt(id, 'drawing').assignee).toBe(designer);
  });

  it('warns the designer a working day before the 3-working-day drawing deadline and tells the store manager when it passes', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-03T10:00') });
    const id = await r.start('custom-wardrobe', { customerName: '李女士', address: '幸福小区' });
    await r.completeAt(id, 'store-order', 'guide-1', { customerPhone: '139 0000 1111', rooms: '主卧', measureAt: '2026-03-05T14:00:00+08:00' });
    await r.advanceTo(shanghai('2026-03-05T14:00'));
    const designer = r.taskAt(id, 'measure').assignee!;
    await r.completeAt(id, 'measure', designer, { measurements: 'x', sitePhotos: 'p' }, all('measure'));
    // The store is open every day, so three working days after Thursday 14:00 is Sunday 14:00.
    expect(r.taskAt(id, 'drawing').sla!.dueAt).toBe(shanghai('2026-03-08T14:00'));
    await r.advanceTo(shanghai('2026-03-07T14:00'));
    expect(r.notifications.filter((n) => n.reason === 'sla.warning').map((n) => n.to)).toEqual([{ staffId: designer }]);
    await r.advanceTo(shanghai('2026-03-08T14:00'));
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'store-manager' }]);
  });

  it('returns the drawing to the same designer when the customer wants changes, and ends when the customer drops the order', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-03T10:00') });
    const { id, designer } = await toConfirmation(r);
    await r.completeAt(id, 'confirm-drawing', designer, { decision: 'revise', revisionNotes: '衣帽间加一组抽屉' });
    expect(r.taskAt(id, 'drawing').assignee).toBe(designer);
    await r.completeAt(id, 'drawing', designer, { drawingFile: 'd2', price: 19_900 });
    await r.completeAt(id, 'confirm-drawing', designer, { decision: 'drop' });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'dropped' });
  });

  it('does not take payment on a drawing the customer has not signed', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-03T10:00') });
    const { id, designer } = await toConfirmation(r);
    await r.completeAt(id, 'confirm-drawing', designer, { decision: 'confirm' });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['confirm-drawing']);
  });

  it('stops the confirmation clock while the designer waits for the customer’s answer', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-03T10:00') });
    const { id } = await toConfirmation(r);
    const task = r.taskAt(id, 'confirm-drawing');
    const due = task.sla!.dueAt;
    await r.send(id, { type: 'waitForCustomer', taskId: task.id, by: task.assignee! });
    await r.advance(5 * DAY);
    await r.send(id, { type: 'customerResponded', taskId: task.id, by: task.assignee! });
    expect(r.taskAt(id, 'confirm-drawing').sla).toMatchObject({ state: 'ok', dueAt: due + 5 * DAY });
    expect(r.notifications.filter((n) => n.reason === 'escalation')).toEqual([]);
  });

  it('gives the factory 15 working days on the statutory calendar (the Qingming holiday does not count)', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-03T10:00') });
    const { id, designer } = await toConfirmation(r);
    await r.advanceTo(shanghai('2026-03-23T10:00'));
    await r.completeAt(id, 'confirm-drawing', designer, { decision: 'confirm', drawingSignature: 'sig-drawing' });
    await r.completeAt(id, 'payment', 'cash-1', { amountPaid: 18_600, receiptNo: 'R-88', promisedInstallDate: '2026-04-20' });
    await r.completeAt(id, 'production-order', 'clerk-1', { productionOrderNo: 'PO-2603-015', bomChecked: true });
    // Monday 23 March 10:00 + 15 working days: 24–27 March, 30 March–3 April, (4–6 April 清明 off),
    // 7–10 April, 13–14 April → Tuesday 14 April 10:00 (Monday 13 April if the holiday counted).
    expect(r.taskAt(id, 'production').sla!.dueAt).toBe(shanghai('2026-04-14T10:00'));
  });

  it('sends an order that fails inspection back to production', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-03T10:00') });
    const id = await toProduction(r);
    await r.completeAt(id, 'production', 'workshop-2');
    await r.completeAt(id, 'inspection', 'qc-1', undefined, { ...all('inspection'), colour: false });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['production']);
    expect(r.cases.get(id)!.steps['inspection']!.checklist).toMatchObject({ passed: false, missingRequired: ['colour'] });
  });

  it('sends a problem reported on the follow-up call to after-sales within 48 h, then the store manager, then a higher priority', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-03T10:00') });
    const id = await toProduction(r);
    await r.completeAt(id, 'production', 'workshop-2');
    await r.completeAt(id, 'inspection', 'qc-1', undefined, all('inspection'));
    await r.completeAt(id, 'book-installation', 'disp-1', { installAt: '2026-04-08T09:00:00+08:00' });
    await r.advanceTo(shanghai('2026-04-08T09:00'));
    await r.completeAt(id, 'install', 'ins-ma', { acceptanceSignature: 'sig' }, all('install'));
    await r.advance(3 * DAY);
    await r.completeAt(id, 'follow-up-call', 'cs-1', { satisfaction: 3, problemReported: true, problem: '衣帽间抽屉推拉有异响' });
    expect(r.taskAt(id, 'after-sales').role).toBe('after-sales');
    await r.advance(48 * HOUR);
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'store-manager' }]);
    await r.advance(24 * HOUR);
    expect(r.taskAt(id, 'after-sales').priority).toBe(1);
    await r.completeAt(id, 'after-sales', 'as-1', { resolution: '更换阻尼滑轨', resolvedSignature: 'sig' });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'completed' });
  });
});
