import { beforeAll, describe, expect, it } from 'vitest';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';

// S32 快递服务: pickup checks, the signed waybill, transit scans and exceptions, 2 free attempts, record keeping.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./courier/express-shipment.yaml');
});

type R = Awaited<ReturnType<typeof runner>>;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const AT = shanghai('2026-03-04T09:00');
const staff = { courier: ['cr-zhou'] };
const all = (node: string) => {
  const n = sop.nodes[node];
  return Object.fromEntries((n?.kind === 'human' ? (n.checklist?.items ?? []) : []).filter((i) => i.required).map((i) => [i.id, true]));
};
const goods = { prohibited: false, destinationCovered: true, isLetter: false, weightKg: 2.4, pieces: 1, insuredValue: 5000 };
const escalations = (r: R) => r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to);

async function request(r: R): Promise<string> {
  const id = await r.start('express-shipment', { senderAddress: '高新区科技路88号A座1203' });
  await r.completeAt(id, 'take-request', 'cs-1', { exactAddress: true, pickupAt: '2026-03-04T10:00:00+08:00', senderPhone: '139 0000 4444' });
  await r.advanceTo(shanghai('2026-03-04T10:00'));
  return id;
}

/** Picked up, waybill signed, through the hub, handed to the delivery courier. */
async function toDelivery(r: R): Promise<string> {
  const id = await request(r);
  await r.completeAt(id, 'pickup', 'cr-zhou', goods, all('pickup'));
  await r.completeAt(id, 'waybill', 'cr-zhou', { waybillNo: 'SF1234567890', payment: 'cash', fee: 38, senderSignature: 'sig' }, all('waybill'));
  await r.completeAt(id, 'inbound-scan', 'hub-1', { sealIntact: true, countMatches: true, exception: 'none' });
  await r.completeAt(id, 'outbound-scan', 'hub-1', undefined, all('outbound-scan'));
  await r.completeAt(id, 'delivery-handover', 'cr-zhou', undefined, all('delivery-handover'));
  return id;
}

const notHome = { deliveryResult: 'not-home', retainReason: '收件人不在' };
const signed = { deliveryResult: 'delivered', recipientSignature: 'sig-recipient' };

describe('express shipment (S32)', () => {
  it('does not take a request without an exact address (a roadside pickup)', async () => {
    const r = await runner([sop], { staff, now: AT });
    const id = await r.start('express-shipment', { senderAddress: '解放路边' });
    await r.completeAt(id, 'take-request', 'cs-1', { exactAddress: false, pickupAt: '2026-03-04T10:00:00+08:00', senderPhone: '139 0000 4444' });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'refused' });
  });

  it('sends the courier at the agreed time and tells the station manager when the pickup is an hour late', async () => {
    const r = await runner([sop], { staff, now: AT });
    const id = await request(r);
    expect(r.taskAt(id, 'pickup')).toMatchObject({ assignee: 'cr-zhou', createdAt: shanghai('2026-03-04T10:00') });
    await r.advance(HOUR);
    expect(escalations(r)).toEqual([{ role: 'station-manager' }]);
  });

  it.each([
    ['a prohibited item', { prohibited: true }],
    ['a destination outside the network', { destinationCovered: false }],
    ['a letter', { isLetter: true }],
  ])('refuses %s', async (_what, change) => {
    const r = await runner([sop], { staff, now: AT });
    const id = await request(r);
    await r.completeAt(id, 'pickup', 'cr-zhou', { ...goods, ...change }, all('pickup'));
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'refused' });
  });

  it('requires the prohibited-item and coverage checks, the weight and the count before the waybill', async () => {
    const r = await runner([sop], { staff, now: AT });
    const id = await request(r);
    await expect(async () => r.completeAt(id, 'pickup', 'cr-zhou', goods, { ...all('pickup'), 'prohibited-checked': false })).rejects.toMatchObject({ code: 'CHECKLIST_FAILED' });
    await expect(async () => r.completeAt(id, 'pickup', 'cr-zhou', { prohibited: false }, all('pickup'))).rejects.toMatchObject({ code: 'FORM_INVALID' });
  });

  it('does not accept a waybill without the sender’s signature and a waybill number', async () => {
    const r = await runner([sop], { staff, now: AT });
    const id = await request(r);
    await r.completeAt(id, 'pickup', 'cr-zhou', goods, all('pickup'));
    expect(r.taskAt(id, 'waybill').assignee).toBe('cr-zhou');
    try {
      await r.completeAt(id, 'waybill', 'cr-zhou', { payment: 'cash', fee: 38 }, all('waybill'));
      expect.unreachable();
    } catch (e) {
      expect((e as { issues: { field: string }[] }).issues.map((i) => i.field).sort()).toEqual(['senderSignature', 'waybillNo']);
    }
  });

  it('sends an exception found at the inbound scan to customer service, who have 24 h before the station manager is told', async () => {
    const r = await runner([sop], { staff, now: AT });
    const id = await request(r);
    await r.completeAt(id, 'pickup', 'cr-zhou', goods, all('pickup'));
    await r.completeAt(id, 'waybill', 'cr-zhou', { waybillNo: 'SF1234567890', payment: 'monthly', fee: 0, senderSignature: 'sig' }, all('waybill'));
    await r.completeAt(id, 'inbound-scan', 'hub-1', { sealIntact: true, countMatches: false, exception: 'none' });
    expect(r.taskAt(id, 'exception-handling').role).toBe('customer-service');
    await r.advance(24 * HOUR);
    expect(escalations(r)).toEqual([{ role: 'station-manager' }]);
    await r.completeAt(id, 'exception-handling', 'cs-1', { exceptionResolution: '少一件，已找回', canContinue: true });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['outbound-scan']);
  });

  it('delivers on the first attempt after an ID check and inspection before signing', async () => {
    const r = await runner([sop], { staff, now: AT });
    const id = await toDelivery(r);
    await expect(async () => r.completeAt(id, 'attempt-1', 'cr-zhou', signed, { ...all('attempt-1'), 'inspect-first': false })).rejects.toMatchObject({ code: 'CHECKLIST_FAILED' });
    await r.completeAt(id, 'attempt-1', 'cr-zhou', signed, all('attempt-1'));
    expect(r.trail(id)).toContain('attempt-1:complete');
    expect(r.openTasks(id)).toEqual([]);
  });

  it('makes two free attempts a day apart, then tells the recipient the fee before a paid one', async () => {
    const r = await runner([sop], { staff, now: AT });
    const id = await toDelivery(r);
    await r.completeAt(id, 'attempt-1', 'cr-zhou', notHome, all('attempt-1'));
    const first = r.now;
    await r.advance(DAY - 1);
    expect(r.openTasks(id)).toEqual([]);
    await r.advance(1);
    expect(r.taskAt(id, 'attempt-2')).toMatchObject({ assignee: 'cr-zhou', createdAt: first + DAY });
    await r.completeAt(id, 'attempt-2', 'cr-zhou', notHome, all('attempt-2'));
    expect(r.taskAt(id, 'offer-paid-delivery').role).toBe('customer-service');
    await r.completeAt(id, 'offer-paid-delivery', 'cs-1', { feeTold: true, wantsPaidDelivery: true });
    await r.completeAt(id, 'paid-attempt', 'cr-zhou', signed, all('paid-attempt'));
    expect(r.trail(id).filter((s) => /^(attempt|paid-attempt)/.test(s))).toEqual(['attempt-1:complete', 'attempt-2:complete', 'paid-attempt:complete']);
  });

  it('returns the parcel to the sender when the recipient refuses it, or wants no paid delivery', async () => {
    const r = await runner([sop], { staff, now: AT });
    const refused = await toDelivery(r);
    await r.completeAt(refused, 'attempt-1', 'cr-zhou', { deliveryResult: 'refused', refusalReason: '3月5日14:00 外包装破损，拒收（签名）' }, all('attempt-1'));
    expect(r.taskAt(refused, 'returned').role).toBe('customer-service');

    const unwanted = await toDelivery(r);
    await r.completeAt(unwanted, 'attempt-1', 'cr-zhou', notHome, all('attempt-1'));
    await r.advance(DAY);
    await r.completeAt(unwanted, 'attempt-2', 'cr-zhou', notHome, all('attempt-2'));
    await r.completeAt(unwanted, 'offer-paid-delivery', 'cs-1', { feeTold: true, wantsPaidDelivery: false });
    expect(r.openTasks(unwanted).map((t) => t.node)).toEqual(['returned']);
  });

  it('keeps the paper waybill at least 6 months and the electronic record at least a year before they may be disposed of', async () => {
    const r = await runner([sop], { staff, now: AT });
    const id = await toDelivery(r);
    await r.completeAt(id, 'attempt-1', 'cr-zhou', signed, all('attempt-1'));
    const signedAt = r.now;
    await r.advanceTo(signedAt + 184 * DAY - 1);
    expect(r.openTasks(id)).toEqual([]);
    await r.advanceTo(signedAt + 184 * DAY);
    expect(r.taskAt(id, 'paper-disposal').role).toBe('records-clerk');
    await r.completeAt(id, 'paper-disposal', 'clerk-1');
    await r.advanceTo(signedAt + 366 * DAY);
    await r.completeAt(id, 'electronic-disposal', 'clerk-1');
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'delivered' });
  });
});
