import { beforeAll, describe, expect, it } from 'vitest';
import { calendarClock, createCalendar } from '../../src/calendar/index.ts';
import { TEMPLATE_CALENDARS, storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';

/** The harness runner (in memory or on the store), whichever templates/testing.ts provides. */
type R = Awaited<ReturnType<typeof runner>>;

// S36 业扩报装: time limits per stage, one account manager end to end, a case-level limit.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./power/new-connection.yaml');
});

const office = calendarClock(createCalendar(TEMPLATE_CALENDARS['office']!));
const workingDays = (from: number, n: number) => office.add(from, { amount: n, unit: 'days', basis: 'working' });
const staff = { 'account-manager': ['am-zhao', 'am-sun'] };
const START = shanghai('2026-03-02T09:00'); // a Monday

async function apply(r: R, customerClass: string): Promise<string> {
  const id = await r.start('new-connection', { customerClass, customerName: '周口市XX公司', address: '川汇区XX路' });
  await r.completeAt(id, 'application', 'clerk-1', { contactPhone: '0394-8888888', capacityKw: 400, documentsComplete: true, customerConfirmation: 'sig' });
  return id;
}

/**
 * Walks a case from application to connection, passing every check, and records for each
 * utility stage how many working days it was given (due time against working days from its start).
 */
async function walk(r: R, customerClass: string): Promise<{ id: string; limits: Record<string, number>; am: string }> {
  const id = await apply(r, customerClass);
  const am = r.taskAt(id, 'accept').assignee!;
  const limits: Record<string, number> = {};
  const record = (node: string) => {
    const t = r.taskAt(id, node);
    const n = [1, 2, 3, 4, 5, 7, 8, 10, 15, 20, 30].find((d) => workingDays(t.createdAt, d) === t.sla!.dueAt);
    limits[node] = n ?? Number.NaN;
  };
  const forms: Record<string, Record<string, unknown>> = {
    accept: {},
    survey: { surveyFindings: '就近T接10kV线路' },
    'supply-plan': { supplyPlan: '10kV单电源供电' },
    'plan-reply': { planReceivedSignature: 'sig' },
    'design-submitted': {},
    'design-review': { designApproved: true },
    'mid-check-request': {},
    'mid-check': { midCheckPassed: true },
    'completion-request': {},
    acceptance: { accepted: true },
    connect: { meterNo: 'M-0001', contractSigned: true },
    'tell-customer': { satisfaction: 5 },
  };
  for (;;) {
    const open = r.openTasks(id)[0];
    if (!open) break;
    if (open.sla) record(open.node);
    await r.completeAt(id, open.node, open.assignee ?? 'staff-1', forms[open.node]);
  }
  return { id, limits, am };
}

describe('new power connection (S36)', () => {
  it.each([
    ['residential', { accept: 1, survey: 1, 'supply-plan': 2, 'plan-reply': 3, acceptance: 5, connect: 3, 'tell-customer': 1 }],
    ['low-voltage', { accept: 1, survey: 2, 'supply-plan': 4, 'plan-reply': 7, 'design-review': 8, acceptance: 5, connect: 5, 'tell-customer': 1 }],
    ['hv-single', { accept: 1, survey: 3, 'supply-plan': 10, 'plan-reply': 15, 'design-review': 20, 'mid-check': 5, acceptance: 7, connect: 7, 'tell-customer': 1 }],
    ['hv-dual', { accept: 1, survey: 3, 'supply-plan': 20, 'plan-reply': 30, 'design-review': 20, 'mid-check': 5, acceptance: 7, connect: 7, 'tell-customer': 1 }],
  ])('gives a %s customer the stage limits in working days (plan reply, design review, mid-construction and completion inspection, connection)', async (customerClass, expected) => {
    const r = await runner([sop], { staff, now: START });
    const { id, limits } = await walk(r, customerClass);
    expect(limits).toEqual(expected);
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'connected' });
  });

  it('has only high-voltage customers inspected mid-construction and only non-residential designs reviewed', async () => {
    const r = await runner([sop], { staff, now: START });
    const trails = {} as Record<string, string[]>;
    for (const c of ['residential', 'low-voltage', 'hv-single']) trails[c] = r.trail((await walk(r, c)).id);
    expect(['design-review', 'mid-check'].map((s) => trails['residential']!.includes(`${s}:complete`))).toEqual([false, false]);
    expect(['design-review', 'mid-check'].map((s) => trails['low-voltage']!.includes(`${s}:complete`))).toEqual([true, false]);
    expect(['design-review', 'mid-check'].map((s) => trails['hv-single']!.includes(`${s}:complete`))).toEqual([true, true]);
  });

  it('keeps one account manager for every customer-facing step, from taking the case to the call after connection', async () => {
    const r = await runner([sop], { staff, now: START });
    const { id, am } = await walk(r, 'hv-single');
    const byAm = [...r.tasks.values()].filter((t) => t.caseId === id && t.role === 'account-manager').map((t) => t.closedBy);
    expect(new Set(byAm)).toEqual(new Set([am]));
    expect(byAm).toHaveLength(7);
    // the next case goes to the next account manager on duty
    const next = await apply(r, 'residential');
    expect(r.taskAt(next, 'accept').assignee).not.toBe(am);
  });

  it('sends the customer back once with every missing document, and takes the case when they are complete', async () => {
    const r = await runner([sop], { staff, now: START });
    const id = await r.start('new-connection', { customerClass: 'residential', customerName: '王某', address: 'XX小区' });
    await r.completeAt(id, 'application', 'clerk-1', { contactPhone: '139 0000 2222', capacityKw: 8, documentsComplete: false, missingDocuments: '房产证复印件', customerConfirmation: 'sig' });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['supplement']);
    await r.completeAt(id, 'supplement', 'clerk-1', { documentsComplete: true });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['accept']);
  });

  it.each([
    ['design-review', { designApproved: false, designComments: '接地设计不符合规范' }, 'design-submitted'],
    ['mid-check', { midCheckPassed: false, midCheckDefects: '电缆沟未按图施工' }, 'mid-check-request'],
    ['acceptance', { accepted: false, acceptanceDefects: '计量柜未封' }, 'completion-request'],
  ])('returns a failed %s to the customer through the account manager', async (node, form, back) => {
    const r = await runner([sop], { staff, now: START });
    const id = await apply(r, 'hv-single');
    const am = r.taskAt(id, 'accept').assignee!;
    const pass: Record<string, Record<string, unknown>> = {
      survey: { surveyFindings: 'x' }, 'supply-plan': { supplyPlan: 'x' }, 'plan-reply': { planReceivedSignature: 's' },
      'design-review': { designApproved: true }, 'mid-check': { midCheckPassed: true },
    };
    while (r.openTasks(id)[0]!.node !== node) {
      const t = r.openTasks(id)[0]!;
      await r.completeAt(id, t.node, t.assignee ?? 'staff-1', pass[t.node]);
    }
    await r.completeAt(id, node, 'checker-1', form);
    expect(r.taskAt(id, back).assignee).toBe(am);
  });

  it('tells the head of the customer department when the plan reply is late', async () => {
    const r = await runner([sop], { staff, now: START });
    const id = await apply(r, 'low-voltage');
    const am = r.taskAt(id, 'accept').assignee!;
    await r.completeAt(id, 'accept', am);
    await r.completeAt(id, 'survey', am, { surveyFindings: 'x' });
    await r.completeAt(id, 'supply-plan', 'plan-1', { supplyPlan: 'x' });
    const due = r.taskAt(id, 'plan-reply').sla!.dueAt;
    expect(due).toBe(shanghai('2026-03-11T09:00')); // 7 working days after Monday 2 March 09:00
    await r.advanceTo(due);
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'customer-dept-head' }]);
  });

  it('holds the whole residential case to 10 working days: warning at 80 %, then the head of the customer department', async () => {
    const r = await runner([sop], { staff, now: START });
    const id = await apply(r, 'residential');
    const clock = r.cases.get(id)!.sla!;
    expect(clock.dueAt).toBe(workingDays(START, 10));
    await r.advanceTo(clock.warnAt!);
    expect(r.notifications.filter((n) => n.reason === 'sla.warning' && n.taskId === undefined).map((n) => n.to)).toEqual([{ role: 'account-manager' }]);
    await r.advanceTo(clock.dueAt);
    expect(r.cases.get(id)!.sla!.state).toBe('breached');
    expect(r.notifications.filter((n) => n.reason === 'escalation' && n.taskId === undefined).map((n) => n.to)).toEqual([{ role: 'customer-dept-head' }]);
  });

  it.each([
    ['low-voltage', 30],
    ['hv-single', 90],
    ['hv-dual', 120],
  ])('gives a %s case %i working days in all', async (customerClass, days) => {
    const r = await runner([sop], { staff, now: START });
    const id = await apply(r, customerClass);
    expect(r.cases.get(id)!.sla!.dueAt).toBe(workingDays(START, days));
  });
});
