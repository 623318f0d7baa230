import { beforeAll, describe, expect, it } from 'vitest';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';

// S33 营业厅业务受理: seven business types, each with its numbered steps and preconditions (pay first).
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./telecom/business-hall.yaml');
});

/** The harness runner (in memory or on the store), whichever templates/testing.ts provides. */
type R = Awaited<ReturnType<typeof runner>>;
const AT = shanghai('2026-03-04T10:00');
const staff = { clerk: ['clerk-1', 'clerk-2'] };
const items = (node: string) => {
  const n = sop.nodes[node];
  return n?.kind === 'human' ? (n.checklist?.items ?? []) : [];
};
const all = (node: string) => Object.fromEntries(items(node).filter((i) => i.required).map((i) => [i.id, true]));

async function visit(r: R, businessType: string): Promise<{ id: string; clerk: string }> {
  const id = await r.start('business-hall');
  const clerk = r.taskAt(id, 'greet').assignee!;
  await r.completeAt(id, 'greet', clerk, { businessType, phoneNumber: '13800138000' });
  return { id, clerk };
}

const payment = { amountPaid: 100 };

describe('telecom business hall (S33)', () => {
  it('has the next clerk in turn ask the customer’s need within 2 minutes, or the duty manager is told', async () => {
    const r = await runner([sop], { staff, now: AT });
    const a = await r.start('business-hall');
    const b = await r.start('business-hall');
    expect([r.taskAt(a, 'greet').assignee, r.taskAt(b, 'greet').assignee]).toEqual(['clerk-1', 'clerk-2']);
    await r.advance(2 * 60_000);
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'hall-manager' }, { role: 'hall-manager' }]);
  });

  it('carries each business’s numbered steps from the seed', () => {
    const counts = Object.fromEntries(['new-line', 'payment', 'plan-change', 'sim-replacement', 'transfer', 'password-reset', 'closing'].map((n) => [n, items(n).length]));
    expect(counts).toEqual({ 'new-line': 11, payment: 7, 'plan-change': 10, 'sim-replacement': 10, transfer: 9, 'password-reset': 7, closing: 9 });
  });

  it('opens a new line only with the customer’s signature', async () => {
    const r = await runner([sop], { staff, now: AT });
    const { id, clerk } = await visit(r, 'new-line');
    const form = { planChosen: '畅享58元套餐', phoneNumber: '13912345678', amountPaid: 100 };
    await expect(async () => r.completeAt(id, 'new-line', clerk, form, all('new-line'))).rejects.toMatchObject({ code: 'FORM_INVALID' });
    await r.completeAt(id, 'new-line', clerk, { ...form, customerSignature: 'sig' }, all('new-line'));
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'done' });
  });

  it('takes a payment without a signature', async () => {
    const r = await runner([sop], { staff, now: AT });
    const { id, clerk } = await visit(r, 'payment');
    await r.completeAt(id, 'payment', clerk, payment, all('payment'));
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'done' });
    expect(r.trail(id)).toEqual(['greet:complete', 'payment:complete', 'done:complete']);
  });

  it.each([
    ['plan-change', { newPlan: '畅享88元套餐', customerSignature: 'sig' }],
    ['sim-replacement', { newSimNo: '89860012345678901234', simFee: 10, customerSignature: 'sig' }],
  ])('has a suspended line pay first before a %s, by the same clerk', async (businessType, form) => {
    const r = await runner([sop], { staff, now: AT });
    const { id, clerk } = await visit(r, businessType);
    await r.completeAt(id, 'status-check', clerk, { lineSuspended: true, identityVerified: true });
    expect(r.openTasks(id).map((t) => [t.node, t.assignee])).toEqual([['payment', clerk]]);
    await r.completeAt(id, 'payment', clerk, payment, all('payment'));
    await r.completeAt(id, businessType, clerk, form, all(businessType));
    expect(r.trail(id)).toEqual(['greet:complete', 'status-check:complete', 'payment:complete', `${businessType}:complete`, 'done:complete']);
  });

  it('changes the plan of an active line straight away', async () => {
    const r = await runner([sop], { staff, now: AT });
    const { id, clerk } = await visit(r, 'plan-change');
    await r.completeAt(id, 'status-check', clerk, { lineSuspended: false, identityVerified: true });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['plan-change']);
  });

  it('transfers a line in arrears only after it is paid, with both parties’ ID copies and signatures', async () => {
    const r = await runner([sop], { staff, now: AT });
    const { id, clerk } = await visit(r, 'transfer');
    await r.completeAt(id, 'status-check', clerk, { lineSuspended: true, identityVerified: true });
    await r.completeAt(id, 'payment', clerk, payment, all('payment'));
    try {
      await r.completeAt(id, 'transfer', clerk, { formerOwnerIdCopy: 'p1', formerOwnerSignature: 's1' }, all('transfer'));
      expect.unreachable();
    } catch (e) {
      expect((e as { issues: { field: string }[] }).issues.map((i) => i.field).sort()).toEqual(['newOwnerIdCopy', 'newOwnerSignature']);
    }
    await r.completeAt(id, 'transfer', clerk, { formerOwnerIdCopy: 'p1', newOwnerIdCopy: 'p2', formerOwnerSignature: 's1', newOwnerSignature: 's2' }, all('transfer'));
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'done' });
  });

  it('sends a customer who knows the password to change it by phone', async () => {
    const r = await runner([sop], { staff, now: AT });
    const { id, clerk } = await visit(r, 'password-reset');
    await r.completeAt(id, 'knows-password', clerk, { knowsPassword: true });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'self-service' });
  });

  it('resets a forgotten password after the identity check, paying first on a suspended line', async () => {
    const r = await runner([sop], { staff, now: AT });
    const { id, clerk } = await visit(r, 'password-reset');
    await r.completeAt(id, 'knows-password', clerk, { knowsPassword: false });
    await r.completeAt(id, 'status-check', clerk, { lineSuspended: true, identityVerified: true, idCopy: 'p' });
    await r.completeAt(id, 'payment', clerk, payment, all('payment'));
    await r.completeAt(id, 'password-reset', clerk, { idCopy: 'p', customerSignature: 'sig' }, all('password-reset'));
    expect(r.trail(id)).toEqual(['greet:complete', 'knows-password:complete', 'status-check:complete', 'payment:complete', 'password-reset:complete', 'done:complete']);
  });

  it.each([
    [{ customerStays: true }, 'retained'],
    [{ customerStays: false, conditionsMet: false }, 'not-eligible'],
  ])('tries to keep a customer who wants to close the line: %j ends %s', async (form, outcome) => {
    const r = await runner([sop], { staff, now: AT });
    const { id, clerk } = await visit(r, 'closing');
    await r.completeAt(id, 'closing-check', clerk, { closingReason: '出国', ...form });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome });
  });

  it('closes a line that meets the conditions, with the ID copy, the fees and the customer’s signature', async () => {
    const r = await runner([sop], { staff, now: AT });
    const { id, clerk } = await visit(r, 'closing');
    await r.completeAt(id, 'closing-check', clerk, { closingReason: '出国', customerStays: false, conditionsMet: true });
    await r.completeAt(id, 'closing', clerk, { idCopy: 'p', closingFee: 12.5, customerSignature: 'sig' }, all('closing'));
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'done' });
  });
});
