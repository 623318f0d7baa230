import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../src/engine/index.ts';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';
import type { StoreRunner } from '../../src/testing/store-runner.ts';

// S28 家装客户服务流程 流程01-10.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./home-improvement/customer-service.yaml');
  // Open the store once here, so that the first test does not pay PGlite's start-up (slow on a busy machine).
  await runner([]);
}, 180_000);

const all = (...ids: string[]) => Object.fromEntries(ids.map((k) => [k, true]));
const lead = { mediaSource: 'web', businessSource: 'community', channel: 'phone', customerName: '刘女士', customerPhone: '135 1234 5678' };
const contractList = all('att-notes', 'att-terms', 'att-owner-materials', 'att-our-materials', 'att-quote', 'att-drawings', 'att-customer-notice', 'att-service-form', 'costs-explained', 'no-heating-gas', 'insulation-walls', 'copies');

async function refusal(command: () => unknown): Promise<EngineError> {
  try {
    await command();
  } catch (e) {
    return e as EngineError;
  }
  throw new Error('expected the engine to refuse');
}

/** Consultation with a deposit paid, measuring, plan and the customer's confirmation. */
async function toContractNumber(r: StoreRunner): Promise<string> {
  const id = await r.start('home-improvement-service');
  await r.completeAt(id, 'consult', 'des-wang', { ...lead, wantsMeasure: true, depositPaid: true }, all('register', 'no-total-on-phone'));
  await r.completeAt(id, 'measure', 'des-wang', { floorArea: 96 }, all('walls', 'accurate'));
  await r.completeAt(id, 'plan-and-budget', 'des-wang', { floorPlan: 'plan-v1.png', budget: 158000 });
  await r.completeAt(id, 'customer-review', 'des-wang', { designConfirmed: true });
  return id;
}

async function signed(r: StoreRunner): Promise<string> {
  const id = await toContractNumber(r);
  await r.completeAt(id, 'contract-number', 'mgr-sun', { contractDate: '2026-03-12', contractNo: 'A26031201' });
  await r.completeAt(id, 'sign-contract', 'des-wang', { contractAmount: 152000, firstPaymentDue: 45600, customerSignature: 'sig-liu' }, contractList);
  return id;
}

describe('home-improvement customer service (S28)', () => {
  it('registers every lead and gives no overall price on the phone; a lead without a measuring request ends there', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-10T10:00') });
    const id = await r.start('home-improvement-service');
    const e = await refusal(() => r.completeAt(id, 'consult', 'des-wang', { ...lead, wantsMeasure: false, depositPaid: false }, all('register')));
    expect(e.issues.map((i) => i.field)).toEqual(['no-total-on-phone']);
    await r.completeAt(id, 'consult', 'des-wang', { ...lead, wantsMeasure: false, depositPaid: false }, all('register', 'no-total-on-phone'));
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'lead' });
  });

  it('asks the design-room manager before measuring a home without a deposit, and never refuses the request', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-10T10:00') });
    const id = await r.start('home-improvement-service');
    await r.completeAt(id, 'consult', 'des-wang', { ...lead, wantsMeasure: true, depositPaid: false }, all('register', 'no-total-on-phone'));
    expect(r.taskAt(id, 'ask-manager').role).toBe('design-manager');
    await r.completeAt(id, 'ask-manager', 'mgr-sun', { measureAt: '2026-03-11T14:00:00+08:00' });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['measure']);
  });

  it('revises the plan and budget until the customer confirms them', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-10T10:00') });
    const id = await r.start('home-improvement-service');
    await r.completeAt(id, 'consult', 'des-wang', { ...lead, wantsMeasure: true, depositPaid: true }, all('register', 'no-total-on-phone'));
    await r.completeAt(id, 'measure', 'des-wang', { floorArea: 96 }, all('walls', 'accurate'));
    await r.completeAt(id, 'plan-and-budget', 'des-wang', { floorPlan: 'plan-v1.png', budget: 180000 });
    await r.completeAt(id, 'customer-review', 'des-wang', { designConfirmed: false, changes: '预算压到16万以内' });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['plan-and-budget']);
  });

  it.each([
    ['no letter for the design room', '26031201'],
    ['month 13', 'A26131201'],
    ['a one-digit sequence', 'A2603121'],
  ])('refuses a contract number with %s (A+YY+MM+DD+sequence)', async (_name, contractNo) => {
    const r = await runner([sop], { now: shanghai('2026-03-12T10:00') });
    const id = await toContractNumber(r);
    const e = await refusal(() => r.completeAt(id, 'contract-number', 'mgr-sun', { contractDate: '2026-03-12', contractNo }));
    expect(e.issues.map((i) => i.field)).toEqual(['contractNo']);
  });

  it('sends a contract number dated another day back to the manager, and lets the designer sign with the right one', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-12T10:00') });
    const id = await toContractNumber(r);
    await r.completeAt(id, 'contract-number', 'mgr-sun', { contractDate: '2026-03-12', contractNo: 'A26031101' });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['contract-number']);
    await r.completeAt(id, 'contract-number', 'mgr-sun', { contractDate: '2026-03-12', contractNo: 'A26031203' });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['sign-contract']);
  });

  it('refuses a contract without all eight attachments or without the costs explained', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-12T10:00') });
    const id = await toContractNumber(r);
    await r.completeAt(id, 'contract-number', 'mgr-sun', { contractDate: '2026-03-12', contractNo: 'A26031201' });
    const e = await refusal(() => r.completeAt(id, 'sign-contract', 'des-wang', { contractAmount: 152000, firstPaymentDue: 45600, customerSignature: 'sig-liu' }, { ...contractList, 'att-customer-notice': false, 'costs-explained': false }));
    expect(e.issues.map((i) => i.field)).toEqual(['att-customer-notice', 'costs-explained']);
  });

  it('takes the first payment only through the manager’s assistant and finance (within 2 hours), while the contract goes to the project office the same day', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-12T10:00') });
    const id = await signed(r);
    expect(r.openTasks(id).map((t) => [t.node, t.role]).sort()).toEqual([
      ['contract-to-project-office', 'designer'],
      ['first-payment', 'manager-assistant'],
    ]);
    await r.completeAt(id, 'first-payment', 'asst-zhao', { amountReceived: 45600, receiptNo: 'SJ-0312-07' });
    const finance = r.taskAt(id, 'hand-to-finance');
    expect(finance.role).toBe('finance');
    expect(finance.sla!.dueAt - r.now).toBe(2 * 3_600_000);
    await r.advance(2 * 3_600_000);
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toContainEqual({ role: 'design-manager' });
  });

  it('draws the four detailed drawings free and ends with the design handover signed by designer, QC and foreman', async () => {
    const r = await runner([sop], { now: shanghai('2026-03-12T10:00') });
    const id = await signed(r);
    await r.completeAt(id, 'first-payment', 'asst-zhao', { amountReceived: 45600, receiptNo: 'SJ-0312-07' });
    await r.completeAt(id, 'hand-to-finance', 'fin-1', { financeReceiptNo: 'CW-0312-19' });
    await r.completeAt(id, 'contract-to-project-office', 'des-wang');
    await r.completeAt(id, 'detailed-drawings', 'des-wang', undefined, all('plan', 'ceiling', 'elevations', 'details'));
    await r.completeAt(id, 'register-project', 'po-1', undefined, all('job-list', 'documents-list', 'forms-issued'));
    const e = await refusal(() => r.completeAt(id, 'design-handover', 'des-wang', { designerSignature: 's1', qcSignature: 's2' }, all('contract-review')));
    expect(e.issues.map((i) => i.field)).toEqual(['foremanSignature']);
    await r.completeAt(id, 'design-handover', 'des-wang', { designerSignature: 's1', qcSignature: 's2', foremanSignature: 's3' }, all('contract-review'));
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'handed-over' });
  });
});
