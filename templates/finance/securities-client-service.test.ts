import { beforeAll, describe, expect, it } from 'vitest';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import { tierOf } from '../../src/customers/tiers.ts';
import type { CompiledProcess } from '../../src/model/types.ts';

/** The harness runner (in memory or on the store), whichever templates/testing.ts provides. */
type R = Awaited<ReturnType<typeof runner>>;

// S22 证券客户分级服务: tiers by assets, services per tier, monthly visit, problems solved within 3 working days.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./finance/securities-client-service.yaml');
});

const staff = { 'account-manager': ['am-qian'] }; // the clients' owner must be on the staff list
const MONTH_START = shanghai('2026-06-01T09:00'); // a Monday
const items = (node: string) => {
  const n = sop.nodes[node];
  return n?.kind === 'human' ? (n.checklist?.items ?? []) : [];
};
const required = (node: string) => Object.fromEntries(items(node).filter((i) => i.required).map((i) => [i.id, true]));
const escalations = (r: R) => r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to);

/** The tier rules the template asks for (docs/customers.md), evaluated as the customer archive does. */
const S22_TIER_RULES = [
  { tier: 'vip', when: 'assets >= 1000000' },
  { tier: 'member', when: 'assets >= 300000' },
];
const tierFor = (assets: number) => tierOf(S22_TIER_RULES, { attributes: { assets }, tags: [], consent: {}, purchaseTotalCents: 0, purchaseMaxCents: 0, purchaseCount: 0 }) ?? undefined;

async function month(r: R, assets: number, extra: Record<string, unknown> = {}): Promise<string> {
  return r.start('securities-client-service', { memberNo: 'M-10086', ...extra }, { customer: { id: 'cust-1', ownerId: 'am-qian', tier: tierFor(assets) } });
}

/** Member and VIP services done, up to the monthly visit. */
async function toVisit(r: R, assets: number, extra: Record<string, unknown> = {}): Promise<string> {
  const id = await month(r, assets, extra);
  await r.completeAt(id, 'member-services', 'am-qian', undefined, required('member-services'));
  if (assets >= 1_000_000) await r.completeAt(id, 'vip-services', 'am-qian', undefined, required('vip-services'));
  return id;
}

const visit = { visitedAt: '2026-06-10T15:00:00+08:00', visitNotes: '面谈持仓结构' };

describe('securities client service by tier (S22)', () => {
  it.each([
    [299_999, ['general-services']],
    [300_000, ['member-services', 'monthly-visit']],
    [999_999, ['member-services', 'monthly-visit']],
    [1_000_000, ['member-services', 'vip-services', 'monthly-visit']],
  ])('serves a client with %i yuan in assets with %j', async (assets, steps) => {
    const r = await runner([sop], { staff, now: MONTH_START });
    const id = await month(r, assets);
    const seen: string[] = [];
    for (let t = r.openTasks(id)[0]; t && steps.includes(t.node); t = r.openTasks(id)[0]) {
      seen.push(t.node);
      await r.completeAt(id, t.node, 'am-qian', t.node === 'monthly-visit' ? { ...visit, problemRaised: false } : undefined, required(t.node));
    }
    expect(seen).toEqual(steps);
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'served' });
  });

  it('lists each tier’s services as the seed numbers them: general A–C, member A①–⑥ and B①–⑦, VIP A①–⑥, B①–③, C, D', () => {
    expect({ general: items('general-services').length, member: items('member-services').length, vip: items('vip-services').length }).toEqual({ general: 3, member: 13, vip: 11 });
  });

  it('gives every step to the client’s own account manager', async () => {
    const r = await runner([sop], { staff, now: MONTH_START });
    const id = await toVisit(r, 2_000_000, { spotCheck: false });
    expect(r.taskAt(id, 'monthly-visit').assignee).toBe('am-qian');
    expect([...r.tasks.values()].filter((t) => t.caseId === id).every((t) => t.assignee === 'am-qian')).toBe(true);
  });

  it('refuses member services without the monthly statement', async () => {
    const r = await runner([sop], { staff, now: MONTH_START });
    const id = await month(r, 500_000);
    await expect(async () => r.completeAt(id, 'member-services', 'am-qian', undefined, { ...required('member-services'), 'm-b3-statement': false })).rejects.toMatchObject({ code: 'CHECKLIST_FAILED' });
  });

  it('wants a face-to-face visit every month: warns the account manager a week before and tells the department head after four weeks', async () => {
    const r = await runner([sop], { staff, now: MONTH_START });
    const id = await toVisit(r, 500_000);
    const t = r.taskAt(id, 'monthly-visit');
    expect(t.sla!.dueAt).toBe(MONTH_START + 28 * 24 * 3_600_000);
    await r.advanceTo(t.sla!.dueAt - 7 * 24 * 3_600_000);
    expect(r.notifications.filter((n) => n.reason === 'sla.warning').map((n) => n.to)).toEqual([{ staffId: 'am-qian' }]);
    await r.advanceTo(t.sla!.dueAt);
    expect(escalations(r)).toEqual([{ role: 'dept-head' }]);
  });

  it('logs a problem not solved on the spot and solves it within 3 working days, or the department head is told and its priority rises', async () => {
    const r = await runner([sop], { staff, now: MONTH_START });
    const id = await toVisit(r, 500_000);
    await r.completeAt(id, 'monthly-visit', 'am-qian', { ...visit, problemRaised: true, solvedOnSite: false, problem: '网上交易软件无法登录' });
    await r.completeAt(id, 'log-problem', 'am-qian', { opinionNo: 'YJ-0601-03' });
    const t = r.taskAt(id, 'solve-problem');
    expect(t.assignee).toBe('am-qian');
    // Monday 1 June 09:00 (the log is made at once) + 3 working days → Thursday 4 June 09:00.
    expect(t.sla!.dueAt).toBe(shanghai('2026-06-04T09:00'));
    await r.advanceTo(shanghai('2026-06-04T09:00'));
    expect(escalations(r)).toEqual([{ role: 'dept-head' }]);
    await r.advanceTo(shanghai('2026-06-05T09:00'));
    expect(r.taskAt(id, 'solve-problem').priority).toBe(1);
    await r.completeAt(id, 'solve-problem', 'am-qian', { solution: '重置交易密码并重装软件', clientConfirmed: true });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'served' });
  });

  it('closes the month without a problem case when the problem was solved on the spot', async () => {
    const r = await runner([sop], { staff, now: MONTH_START });
    const id = await toVisit(r, 500_000);
    await r.completeAt(id, 'monthly-visit', 'am-qian', { ...visit, problemRaised: true, solvedOnSite: true });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'served' });
    expect(r.trail(id)).not.toContain('log-problem:complete');
  });

  it('has the department head check the visit record of a client drawn for the spot check', async () => {
    const r = await runner([sop], { staff, now: MONTH_START });
    const id = await toVisit(r, 1_500_000, { spotCheck: true });
    await r.completeAt(id, 'monthly-visit', 'am-qian', { ...visit, problemRaised: false });
    expect(r.taskAt(id, 'spot-check').role).toBe('dept-head');
    await r.completeAt(id, 'spot-check', 'head-1', { recordGenuine: true });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'served' });
  });

  it('runs every month on the 1st at 9:00', () => {
    expect(sop.definition.schedules).toEqual([{ rrule: 'FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=9;BYMINUTE=0' }]);
  });
});
