import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../src/engine/index.ts';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';

/** The harness runner (in memory or on the store), whichever templates/testing.ts provides. */
type R = Awaited<ReturnType<typeof runner>>;

// S05 汽车销售服务流程 (篇五), run end to end on the real engine with a fake clock.
let sop: CompiledProcess;
let call: CompiledProcess;
beforeAll(async () => {
  sop = await template('./automotive/car-sales.yaml');
  call = await template('./automotive/car-sales-inbound-call.yaml');
});

const MIN = 60_000;
const HOUR = 60 * MIN;
const staff = { 'sales-consultant': ['sc-chen', 'sc-liu', 'sc-yang'] };

/** Checklist item ids of a step, in the order written. */
function items(p: CompiledProcess, node: string): string[] {
  const n = p.nodes[node];
  return n?.kind === 'human' ? (n.checklist?.items ?? []).map((i) => i.id) : [];
}
/** Every item of a step's checklist ticked. */
const all = (node: string, p: CompiledProcess = sop) => Object.fromEntries(items(p, node).map((i) => [i, true]));

const SIGNED_AT = '2026-03-07T10:00';

/** A showroom visit through the presentation, by the consultant on duty. */
async function visit(r: R, needs: Record<string, unknown> = {}, testDriveWanted = true): Promise<{ id: string; sc: string }> {
  const id = await r.start('car-sales');
  const sc = r.taskAt(id, 'welcome').assignee!;
  await r.completeAt(id, 'welcome', sc, { customerName: '王先生', customerPhone: '139 0000 0000' }, all('welcome'));
  await r.completeAt(id, 'needs', sc, { purpose: '家用，周末带孩子出游', needsSummary: '预算15万内，重视安全和油耗', droveIn: false, ...needs }, all('needs'));
  await r.completeAt(id, 'vehicle-choice', sc, { recommendedModel: '福克斯 1.5T' }, all('vehicle-choice'));
  await r.completeAt(id, 'presentation', sc, { testDriveWanted }, all('presentation'));
  return { id, sc };
}

async function testDrive(r: R, id: string, sc: string, minutes = 20, km = 8): Promise<void> {
  await r.completeAt(id, 'test-drive-prep', sc, { licenceCopy: 'photo-licence', agreementSignature: 'sig-agreement', route: 'city' }, all('test-drive-prep'));
  await r.completeAt(id, 'test-drive', sc, { driveMinutes: minutes, driveKm: km }, all('test-drive'));
}

const quote = (deal: boolean, extra: Record<string, unknown> = {}) => ({
  quoteTotal: 149_800,
  quoteBreakdown: '车价139800 + 购置税 + 上牌服务',
  inStock: true,
  dealSigned: deal,
  ...(deal ? { contractSignature: 'sig-contract', deliveryAt: '2026-03-12T10:00:00+08:00' } : {}),
  ...extra,
});

describe('car sales (S05)', () => {
  it('welcomes each customer by the consultant next in duty order', async () => {
    const r = await runner([sop], { staff, now: shanghai(SIGNED_AT) });
    const ids = [await r.start('car-sales'), await r.start('car-sales'), await r.start('car-sales'), await r.start('car-sales')];
    expect(ids.map((id) => r.taskAt(id, 'welcome').assignee)).toEqual(['sc-chen', 'sc-liu', 'sc-yang', 'sc-chen']);
  });

  it('tells the showroom manager when a customer is not greeted within a minute', async () => {
    const r = await runner([sop], { staff, now: shanghai(SIGNED_AT) });
    const id = await r.start('car-sales');
    await r.advance(MIN - 1);
    expect(r.notifications.filter((n) => n.reason === 'escalation')).toEqual([]);
    await r.advance(1);
    expect(r.taskAt(id, 'welcome').sla!.state).toBe('breached');
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'showroom-manager' }]);
  });

  it('carries every numbered standard of the seed as a checklist with the seed’s item count', () => {
    const counts = {
      welcome: items(sop, 'welcome').length, // 欢迎 1–16
      needs: items(sop, 'needs').length, // 需求评估 1–11
      choice: items(sop, 'vehicle-choice').length, // 车辆选择 1–3
      presentation: items(sop, 'presentation').length, // 产品介绍 1–17
      testDrive: ['test-drive-prep', 'test-drive', 'test-drive-feedback'].flatMap((n) => items(sop, n)).length, // 试乘试驾 1–19
      quote: items(sop, 'quote').length, // 议价及成交 1–16
      finance: items(sop, 'finance').length, // 金融商品及服务 1–3
      ownerFollowUp: ['owner-follow-up', 'home-visit', 'thank-you-letter'].flatMap((n) => items(sop, n)).length, // 顾客回访 1–6
      prospect: items(sop, 'prospect-call').length, // 有望客户回访 1–6
      inboundCall: new Set(['pick-up', 'handle-call', 'manager-call'].flatMap((n) => items(call, n))).size, // 来电接听 1–11
    };
    expect(counts).toEqual({ welcome: 16, needs: 11, choice: 3, presentation: 17, testDrive: 19, quote: 16, finance: 3, ownerFollowUp: 6, prospect: 6, inboundCall: 11 });
  });

  it('holds the 21-item delivery list, each item at the step where it happens', () => {
    const steps = ['call-day-before', 'delivery-prep', 'delivery', 'owner-survey', 'safe-arrival-call'];
    const ids = steps.flatMap((n) => items(sop, n));
    expect(ids.map((i) => Number(i.slice(1, 3))).sort((a, b) => a - b)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(items(sop, 'call-day-before')).toEqual(['d03-call-day-before']);
    expect(items(sop, 'safe-arrival-call')).toEqual(['d21-safe-arrival']);
  });

  it('refuses a test drive without the licence copy and the signed agreement', async () => {
    const r = await runner([sop], { staff, now: shanghai(SIGNED_AT) });
    const { id, sc } = await visit(r);
    try {
      await r.completeAt(id, 'test-drive-prep', sc, { route: 'city' }, all('test-drive-prep'));
      expect.unreachable();
    } catch (e) {
      expect((e as EngineError).code).toBe('FORM_INVALID');
      expect((e as EngineError).issues.map((i) => i.field).sort()).toEqual(['agreementSignature', 'licenceCopy']);
    }
  });

  it.each([
    ['15 minutes', 15, 3],
    ['6 km', 8, 6],
  ])('accepts a test drive of at least %s', async (_what, minutes, km) => {
    const r = await runner([sop], { staff, now: shanghai(SIGNED_AT) });
    const { id, sc } = await visit(r);
    await testDrive(r, id, sc, minutes, km);
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['test-drive-feedback']);
  });

  it('sends a drive shorter than 15 minutes and 6 km back on the road until it is long enough', async () => {
    const r = await runner([sop], { staff, now: shanghai(SIGNED_AT) });
    const { id, sc } = await visit(r);
    await testDrive(r, id, sc, 10, 4);
    expect(r.taskAt(id, 'extend-drive').assignee).toBe(sc);
    await r.completeAt(id, 'extend-drive', sc, { driveMinutes: 14, driveKm: 5.5 });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['extend-drive']);
    await r.completeAt(id, 'extend-drive', sc, { driveMinutes: 18, driveKm: 7 });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['test-drive-feedback']);
  });

  it('requires the customer’s signature on the test-drive feedback form', async () => {
    const r = await runner([sop], { staff, now: shanghai(SIGNED_AT) });
    const { id, sc } = await visit(r);
    await testDrive(r, id, sc);
    await expect(async () => r.completeAt(id, 'test-drive-feedback', sc, { testDriveSatisfaction: 5 }, all('test-drive-feedback'))).rejects.toMatchObject({ code: 'FORM_INVALID' });
  });

  // 重点车主 (a tier in the customer archive) get a home visit; other owners do not.
  for (const keyOwner of [true, false]) {
    it(`sells the car: test drive, free trade-in appraisal, deal, deposit, finance, the day-before call, delivery, safe-arrival call, owner follow-up${keyOwner ? ', home visit to a key owner' : ' (no home visit for an owner who is not a key owner)'}`, async () => {
      const r = await runner([sop], { staff, now: shanghai(SIGNED_AT) });
      const id = await r.start('car-sales', {}, { customer: { id: '', tier: keyOwner ? 'key-owner' : 'regular' } }); // 重点车主 by the archive's tier
      const sc = r.taskAt(id, 'welcome').assignee!;
      await r.completeAt(id, 'welcome', sc, { customerName: '王先生' }, all('welcome'));
      await r.completeAt(id, 'needs', sc, { purpose: '换车', needsSummary: '想置换一台SUV', droveIn: true, tradeInWanted: true }, all('needs'));
      await r.completeAt(id, 'vehicle-choice', sc, { recommendedModel: '翼虎' }, all('vehicle-choice'));
      await r.completeAt(id, 'presentation', sc, { testDriveWanted: true }, all('presentation'));
      await testDrive(r, id, sc);
      await r.completeAt(id, 'test-drive-feedback', sc, { testDriveSatisfaction: 5, feedbackSignature: 'sig-feedback' }, all('test-drive-feedback'));
      // 开车来的客户有置换需求 → 二手车部门免费评估, with the customer.
      expect(r.taskAt(id, 'appraisal').role).toBe('used-car-appraiser');
      await r.completeAt(id, 'appraisal', 'uc-he', { usedCar: '2016款 福克斯 8万公里', appraisalAmount: 42_000 });
      expect(r.taskAt(id, 'quote').assignee).toBe(sc);
      await r.completeAt(id, 'quote', sc, quote(true), all('quote'));
      expect(r.taskAt(id, 'deposit').role).toBe('cashier');
      await r.completeAt(id, 'deposit', 'cash-1', { depositAmount: 5_000, receiptNo: 'R-0307-01' });
      await r.completeAt(id, 'finance', 'fi-1', { payment: 'loan', insuranceTaken: true }, all('finance'));
      // 交车前一日电话: opens exactly one day before the agreed delivery time.
      await r.advanceTo(shanghai('2026-03-11T09:59'));
      expect(r.openTasks(id)).toEqual([]);
      await r.advanceTo(shanghai('2026-03-11T10:00'));
      expect(r.taskAt(id, 'call-day-before')).toMatchObject({ assignee: sc, createdAt: shanghai('2026-03-11T10:00') });
      await r.completeAt(id, 'call-day-before', sc, { deliveryConfirmed: true }, all('call-day-before'));
      await r.advanceTo(shanghai('2026-03-12T08:00'));
      await r.completeAt(id, 'delivery-prep', sc, undefined, all('delivery-prep'));
      await r.advanceTo(shanghai('2026-03-12T10:00'));
      await r.completeAt(id, 'delivery', sc, { deliveryFormSignature: 'sig-delivery', vin: 'LVSHFFAC5GF123456' }, all('delivery'));
      await r.completeAt(id, 'owner-survey', sc, { deliverySatisfaction: 5, expectedArrivalAt: '2026-03-12T12:30:00+08:00' }, all('owner-survey'));
      // 预测客户到达目的地的时间，并主动致电以确认客户安全到达.
      await r.advanceTo(shanghai('2026-03-12T12:29'));
      expect(r.openTasks(id)).toEqual([]);
      await r.advanceTo(shanghai('2026-03-12T12:30'));
      expect(r.taskAt(id, 'safe-arrival-call').assignee).toBe(sc);
      await r.completeAt(id, 'safe-arrival-call', sc, { arrivedSafely: true }, all('safe-arrival-call'));
      // Three days later: the consultant's follow-up and the GM's signed letter from customer service.
      await r.advance(3 * 24 * HOUR);
      expect(r.openTasks(id).map((t) => [t.node, t.role]).sort()).toEqual([
        ['owner-follow-up', 'sales-consultant'],
        ['thank-you-letter', 'customer-service'],
      ]);
      await r.completeAt(id, 'owner-follow-up', sc, { ownerFeedback: '车很好开，油耗不高' }, all('owner-follow-up'));
      // 对重点车主的售后跟踪要用上门的方式.
      if (keyOwner) {
        expect(r.taskAt(id, 'home-visit').assignee).toBe(sc);
        await r.completeAt(id, 'home-visit', sc, { homeVisitNotes: '上门送保养手册，客户满意' }, all('home-visit'));
      } else expect(r.openTasks(id).map((t) => t.node)).toEqual(['thank-you-letter']);
      await r.completeAt(id, 'thank-you-letter', 'cs-1', undefined, all('thank-you-letter'));
      expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'delivered' });
      expect(r.trail(id)).toEqual([
        'welcome:complete', 'needs:complete', 'vehicle-choice:complete', 'presentation:complete',
        'test-drive-prep:complete', 'test-drive:complete', 'test-drive-feedback:complete', 'appraisal:complete',
        'quote:complete', 'deposit:complete', 'finance:complete', 'wait-day-before:complete', 'call-day-before:complete',
        'wait-delivery-day:complete', 'delivery-prep:complete', 'delivery:complete', 'owner-survey:complete',
        'wait-arrival:complete', 'safe-arrival-call:complete', 'wait-follow-up:complete', 'owner-follow-up:complete',
        ...(keyOwner ? ['home-visit:complete'] : []), 'thank-you-letter:complete', 'delivered:complete',
      ]);
    });
  }

  it('skips the test drive when the customer declines it, and the appraisal when the customer did not drive in', async () => {
    const r = await runner([sop], { staff, now: shanghai(SIGNED_AT) });
    const { id } = await visit(r, { droveIn: false, tradeInWanted: true }, false);
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['quote']);
  });

  it('escalates a day-before call not made within 4 working hours to the showroom manager', async () => {
    const r = await runner([sop], { staff, now: shanghai(SIGNED_AT) });
    const { id, sc } = await visit(r, {}, false);
    await r.completeAt(id, 'quote', sc, quote(true), all('quote'));
    await r.completeAt(id, 'deposit', 'cash-1', { depositAmount: 5_000, receiptNo: 'R-1' });
    await r.completeAt(id, 'finance', 'fi-1', { payment: 'cash', insuranceTaken: false }, all('finance'));
    await r.advanceTo(shanghai('2026-03-11T14:00'));
    expect(r.taskAt(id, 'call-day-before').sla!.state).toBe('breached');
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'showroom-manager' }]);
  });

  it('calls a prospect who leaves without buying within 48 h, warns the consultant at 44 h and tells the sales manager at 48 h', async () => {
    const r = await runner([sop], { staff, now: shanghai(SIGNED_AT) });
    const { id, sc } = await visit(r, {}, false);
    await r.completeAt(id, 'quote', sc, quote(false), all('quote'));
    const left = r.now;
    expect(r.taskAt(id, 'prospect-call')).toMatchObject({ assignee: sc, createdAt: left });
    expect(r.taskAt(id, 'prospect-call').sla!.dueAt).toBe(left + 48 * HOUR);
    await r.advance(44 * HOUR);
    expect(r.notifications.filter((n) => n.reason === 'sla.warning').map((n) => n.to)).toEqual([{ staffId: sc }]);
    await r.advance(4 * HOUR);
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'sales-manager' }]);
  });

  it.each([
    ['visit', 'visit-booked'],
    ['lost', 'lost'],
  ])('ends the prospect follow-up when the result is "%s"', async (prospectResult, outcome) => {
    const r = await runner([sop], { staff, now: shanghai(SIGNED_AT) });
    const { id, sc } = await visit(r, {}, false);
    await r.completeAt(id, 'quote', sc, quote(false), all('quote'));
    await r.completeAt(id, 'prospect-call', sc, { reasonNotBuying: '还要对比竞品', prospectResult, nextCallAt: '2026-03-14T10:00:00+08:00' }, all('prospect-call'));
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome });
  });

  it('calls a prospect to be followed again at each planned time until a visit is booked', async () => {
    const r = await runner([sop], { staff, now: shanghai(SIGNED_AT) });
    const { id, sc } = await visit(r, {}, false);
    await r.completeAt(id, 'quote', sc, quote(false), all('quote'));
    await expect(async () => r.completeAt(id, 'prospect-call', sc, { reasonNotBuying: '等年终奖', prospectResult: 'later' }, all('prospect-call'))).rejects.toMatchObject({ code: 'FORM_INVALID' });
    await r.completeAt(id, 'prospect-call', sc, { reasonNotBuying: '等年终奖', prospectResult: 'later', nextCallAt: '2026-03-20T10:00:00+08:00' }, all('prospect-call'));
    await r.advanceTo(shanghai('2026-03-20T09:59'));
    expect(r.openTasks(id)).toEqual([]);
    await r.advanceTo(shanghai('2026-03-20T10:00'));
    expect(r.taskAt(id, 'prospect-follow')).toMatchObject({ assignee: sc, createdAt: shanghai('2026-03-20T10:00') });
    await r.completeAt(id, 'prospect-follow', sc, { reasonNotBuying: '还在等', prospectResult: 'later', nextCallAt: '2026-03-27T10:00:00+08:00' });
    await r.advanceTo(shanghai('2026-03-27T10:00'));
    await r.completeAt(id, 'prospect-follow', sc, { reasonNotBuying: '年终奖到了', prospectResult: 'visit', nextCallAt: '2026-03-28T10:00:00+08:00' });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'visit-booked' });
    expect(r.trail(id).filter((s) => s.startsWith('prospect'))).toEqual(['prospect-call:complete', 'prospect-follow:complete', 'prospect-follow:complete']);
  });
});

describe('showroom inbound call (S05 来电接听)', () => {
  it('tells the showroom manager when the hotline is not answered within three rings (15 s)', async () => {
    const r = await runner([call], { now: shanghai(SIGNED_AT) });
    const id = await r.start('car-sales-inbound-call');
    expect(r.taskAt(id, 'pick-up').role).toBe('sales-reception');
    await r.advance(14_999);
    expect(r.taskAt(id, 'pick-up').sla!.state).toBe('ok');
    await r.advance(1);
    expect(r.taskAt(id, 'pick-up').sla!.state).toBe('breached');
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'showroom-manager' }]);
  });

  it('keeps the person who answered on the call and ends it when no call-back is needed', async () => {
    const r = await runner([call], { now: shanghai(SIGNED_AT) });
    const id = await r.start('car-sales-inbound-call');
    await r.completeAt(id, 'pick-up', 'rec-zhang', undefined, all('pick-up', call));
    expect(r.taskAt(id, 'handle-call').assignee).toBe('rec-zhang');
    await r.completeAt(id, 'handle-call', 'rec-zhang', { callerPhone: '138 1111 2222', purpose: 'test-drive' }, all('handle-call', call));
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'answered' });
  });

  it('passes a message for an absent consultant on at once: call back within 30 min or the showroom manager is told', async () => {
    const r = await runner([call], { now: shanghai(SIGNED_AT) });
    const id = await r.start('car-sales-inbound-call');
    await r.completeAt(id, 'pick-up', 'rec-zhang', undefined, all('pick-up', call));
    await r.completeAt(id, 'handle-call', 'rec-zhang', { callerPhone: '138 1111 2222', purpose: 'find-person', personAbsent: true, message: '找刘顾问，问提车时间' }, all('handle-call', call));
    expect(r.taskAt(id, 'call-back').role).toBe('sales-consultant');
    await r.advance(30 * MIN);
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'showroom-manager' }]);
  });

  it('puts an after-hours call through to the showroom manager’s mobile', async () => {
    const r = await runner([call], { now: shanghai('2026-03-07T20:00') });
    const id = await r.start('car-sales-inbound-call', { afterHours: true });
    expect(r.openTasks(id).map((t) => [t.node, t.role])).toEqual([['manager-call', 'showroom-manager']]);
    await r.completeAt(id, 'manager-call', 'mgr-zhou', { callerPhone: '138 1111 2222', purpose: 'enquiry' }, all('manager-call', call));
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'answered' });
  });
});
