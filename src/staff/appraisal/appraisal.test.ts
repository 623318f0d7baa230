import { describe, expect, it } from 'vitest';
import { executeCommand, startCase } from '../../store/cases.ts';
import { describeBackends } from '../../store/testing/backends.ts';
import { StoreRunner } from '../../testing/store-runner.ts';
import { TEMPLATE_CALENDARS, shanghai, template } from '../../../templates/testing.ts';
import { commissions, type CaseWork } from './commission.ts';
import { computeSheets, ranking } from './compute.ts';
import { appraisalRulesSchema } from './rules.ts';
import { filled } from './fill.testing.ts';

const HOUR = 3_600_000;

/**
 * Drives cases straight through the store (each command one transaction, on a clock the test
 * sets) without the runner's mirror of every table after each command, which would make a
 * month of cases quadratic. SLA jobs are not run: breaches are read from due and close times.
 */
function driver(r: StoreRunner) {
  const db = r.store.db;
  const d = {
    now: r.now,
    async start(process: string, data: Record<string, unknown>): Promise<string> {
      return (await startCase(r.store, { orgId: 'tpl-org', process, storeId: 'tpl-shop', data }, { now: d.now, actor: 'system' })).caseId;
    },
    async task(caseId: string, node: string): Promise<{ id: string; assignee: string | null }> {
      const t = (await db.query<{ id: string; assignee: string | null }>(`SELECT id, assignee FROM tasks WHERE case_id = $1 AND node = $2 AND status IN ('open', 'claimed')`, [caseId, node])).rows[0];
      if (t === undefined) throw new Error(`no open task at ${node} in ${caseId}`);
      return t;
    },
    async complete(caseId: string, node: string, by: string, f: { form?: Record<string, unknown>; checklist?: Record<string, boolean> } = {}): Promise<void> {
      const t = await d.task(caseId, node);
      await executeCommand(r.store, caseId, { type: 'complete', taskId: t.id, by, form: f.form, checklist: f.checklist }, { now: d.now, actor: by });
    },
  };
  return d;
}
const DAY = 24 * HOUR;

/**
 * The organisation's rules as it would write them:
 * - S30: 5 yuan off per work order (the repair step's record) without the customer's signature;
 * - S12: a repair that left students without hot water that evening (the repair finished after
 *   its due time, or not fixed) costs the maintenance person who did it and the project
 *   manager who dispatched it their month's bonus;
 * - a 200 yuan reward for a score of 90 or more.
 */
const RULES = appraisalRulesSchema.parse({
  counters: [
    { id: 'unsignedOrders', label: { zh: '无客户签字的委托书', en: 'Work orders without signature' }, process: 'installation-and-repair', steps: ['repair'], when: 'userSignature = null' },
    { id: 'noHotWater', label: { zh: '造成当晚不能供水', en: 'Students left without hot water' }, process: 'hot-water-repair', steps: ['repair', 'dispatch'], when: 'list contains(breachedSteps, "repair") or fixed = false' },
  ],
  lines: [
    { id: 'signatureFines', label: { zh: '委托书无签字罚款', en: 'Fines for unsigned orders' }, amount: '-5 * unsignedOrders' },
    { id: 'hotWaterDeduction', label: { zh: '扣除当月奖金', en: "Month's bonus deducted" }, amount: 'if noHotWater > 0 then -baseBonus else 0' },
    { id: 'highScore', label: { zh: '高分奖励', en: 'High-score reward' }, amount: 'if score >= 90 then 200 else 0' },
  ],
});

describeBackends('appraisal from a simulated month', (b) => {
  it('S30 fines per unsigned work order and the S12 bonus deduction, from a month of after-sales and hot-water repairs', async () => {
    const after = await template('after-sales/installation-and-repair.yaml');
    const water = await template('utilities/hot-water-repair.yaml');
    const r = await StoreRunner.open({
      processes: [after, water],
      calendars: TEMPLATE_CALENDARS,
      now: shanghai('2026-03-01T08:00'),
      staff: { 'service-desk': ['desk'], technician: ['tech-a', 'tech-b'], supervisor: ['sup'], 'project-manager': ['pm'], maintenance: ['mnt-a', 'mnt-b'], 'general-manager': ['gm'], 'dept-head': ['head'] },
      db: await b.fresh(),
    });
    const db = r.store.db;
    const d = driver(r);
    // What the month was, kept as the test drives it (the expected figures come from here).
    const unsigned = new Map<string, number>();
    const dryNights = new Map<string, number>();
    for (let day = 0; day < 31; day++) {
      d.now = shanghai('2026-03-01T09:00') + day * DAY;
      // After-sales: a reported fault, fixed on the spot; every third order goes unsigned.
      const c = await d.start('installation-and-repair', { jobType: 'repair', site: `site-${day}` });
      await d.complete(c, 'log-fault', 'desk', filled(after, 'log-fault'));
      const tech = (await d.task(c, 'contact-user')).assignee!;
      await d.complete(c, 'contact-user', tech, filled(after, 'contact-user'));
      const signed = day % 3 !== 0;
      if (!signed) unsigned.set(tech, (unsigned.get(tech) ?? 0) + 1);
      await d.complete(c, 'repair', tech, filled(after, 'repair', { fixed: true, productDefect: false, userSignature: signed ? 'sig-ref' : undefined }));

      // Hot water: a machine fault (to be fixed within 8 h); on days 10 and 20 the repair takes 10 h.
      const w = await d.start('hot-water-repair', { severity: 'machine', location: `building-${day % 5}` });
      await d.complete(w, 'log', 'desk', filled(water, 'log'));
      await d.complete(w, 'dispatch', 'pm');
      const mnt = day % 2 === 0 ? 'mnt-a' : 'mnt-b';
      const late = day === 10 || day === 20;
      d.now += late ? 10 * HOUR : HOUR;
      await d.complete(w, 'repair', mnt, { form: { repairResult: 'valve replaced', fixed: true } });
      if (late) {
        dryNights.set(mnt, (dryNights.get(mnt) ?? 0) + 1);
        dryNights.set('pm', (dryNights.get('pm') ?? 0) + 1);
      }
      await d.complete(w, 'tell-student', 'desk', { form: { studentTold: true, studentSatisfied: !late } });
    }
    expect([...unsigned.values()].reduce((a, b) => a + b, 0)).toBe(11);
    expect(dryNights.get('mnt-a')).toBe(2); // days 10 and 20 are both even

    const period = { from: shanghai('2026-03-01T00:00'), to: shanghai('2026-04-01T00:00') };
    const baseBonus = new Map([['tech-a', 800], ['tech-b', 800], ['pm', 1500], ['mnt-a', 600], ['mnt-b', 600], ['desk', 500]]);
    const sheets = await computeSheets(db, { orgId: 'tpl-org', period, rules: RULES, baseBonus, supervisorScores: new Map([['tech-a', 9]]) });
    const by = new Map(sheets.map((s) => [s.staffId, s]));
    for (const tech of ['tech-a', 'tech-b']) {
      const s = by.get(tech)!;
      expect(s.counters.unsignedOrders).toBe(unsigned.get(tech) ?? 0);
      expect(s.lines.find((l) => l.rule === 'signatureFines')!.amount).toBe(0 - 5 * (unsigned.get(tech) ?? 0));
      expect(s.counters.noHotWater).toBe(0);
    }
    // tech-a and tech-b share the 31 repairs (least loaded, ties by duty order).
    expect(by.get('tech-a')!.metrics.tasksDone + by.get('tech-b')!.metrics.tasksDone).toBe(62);
    expect(by.get('mnt-a')!.counters.noHotWater).toBe(2);
    expect(by.get('pm')!.counters.noHotWater).toBe(2);
    expect(by.get('mnt-b')!.counters.noHotWater).toBe(0);
    expect(by.get('mnt-a')!.lines.find((l) => l.rule === 'hotWaterDeduction')!.amount).toBe(-600);
    expect(by.get('pm')!.lines.find((l) => l.rule === 'hotWaterDeduction')!.amount).toBe(-1500);
    expect(by.get('mnt-b')!.lines.find((l) => l.rule === 'hotWaterDeduction')!.amount).toBe(0);
    // mnt-a: 16 repairs, 2 late → SLA compliance 14/16; the KPI module's figure is on the sheet.
    expect(by.get('mnt-a')!.metrics.slaCompliance).toBeCloseTo(14 / 16);
    expect(by.get('mnt-b')!.metrics.slaCompliance).toBe(1);
    // Totals: base bonus + rules (+ the 200 reward when the score reaches 90).
    for (const s of sheets) {
      const reward = s.score >= 90 ? 200 : 0;
      expect(s.lines.find((l) => l.rule === 'highScore')!.amount).toBe(reward);
      expect(s.total).toBe(s.baseBonus + s.lines.reduce((a, l) => a + l.amount, 0));
    }
    expect(by.get('tech-a')!.supervisorScore).toBe(9);
    expect(by.get('mnt-a')!.total).toBe(0 + (by.get('mnt-a')!.score >= 90 ? 200 : 0));
    const rank = ranking(sheets);
    expect(rank.filter((x) => x.storeId === 'tpl-shop').map((x) => x.rank)[0]).toBe(1);
    expect(rank.map((x) => x.staffId).sort()).toEqual(sheets.map((s) => s.staffId).sort());
  }, 600_000);

  it('a two-beautician commission split on the salon template: the treatment handed to a second beautician halves each share', async () => {
    const salon = await template('beauty/salon-visit.yaml');
    const r = await StoreRunner.open({
      processes: [salon],
      calendars: TEMPLATE_CALENDARS,
      now: shanghai('2026-03-02T10:00'),
      staff: { 'duty-beautician': ['duty'], consultant: ['con'], beautician: ['bea-a', 'bea-b'], materials: ['mat'], cashier: ['cash'], 'store-manager': ['boss'] },
      db: await b.fresh(),
    });
    const d = driver(r);
    const visit = async (amount: number, twoBeauticians: boolean, cardOpened: boolean) => {
      const c = await d.start('salon-visit', { customerName: '王小姐' });
      const step = (node: string, by: string, over: Record<string, unknown> = {}) => d.complete(c, node, by, filled(salon, node, over));
      await step('greet', 'duty');
      await step('consult-new', 'con', { treatmentAccepted: true });
      await step('work-order', 'con');
      await step('prepare-materials', 'mat');
      await step('changing-room', 'bea-a');
      if (twoBeauticians) await executeCommand(r.store, c, { type: 'reassign', taskId: (await d.task(c, 'treatment')).id, to: { staffId: 'bea-b' }, by: 'boss' }, { now: d.now, actor: 'boss' });
      await step('treatment', twoBeauticians ? 'bea-b' : 'bea-a');
      await step('reconsult', 'con', { productSold: false });
      await step('checkout', 'cash', { amount, cardOpened });
    };
    await visit(600, true, true);
    await visit(400, false, false);
    await visit(1000, true, false);
    const rules = appraisalRulesSchema.parse({
      commission: [
        { id: 'service', label: { zh: '护理提成', en: 'Treatment commission' }, kind: 'service', process: 'salon-visit', step: 'checkout', amount: 'amount', servedBy: ['changing-room', 'treatment'], pay: { percent: 10 } },
        { id: 'card', label: { zh: '开卡提成', en: 'Card sold' }, kind: 'card', process: 'salon-visit', step: 'checkout', when: 'cardOpened = true', amount: 'amount', servedBy: ['consult-new', 'consult-returning'], pay: { fixed: 50 } },
      ],
    });
    const sheets = await computeSheets(r.store.db, { orgId: 'tpl-org', period: { from: shanghai('2026-03-01T00:00'), to: shanghai('2026-04-01T00:00') }, rules, baseBonus: new Map(), supervisorScores: new Map() });
    const by = new Map(sheets.map((s) => [s.staffId, s]));
    // bea-a: half of 600, all of 400, half of 1000 = 1200 → 120; bea-b: half of 600 and of 1000 = 800 → 80.
    expect(by.get('bea-a')!.commission).toEqual([{ rule: 'service', label: { zh: '护理提成', en: 'Treatment commission' }, kind: 'service', cases: 2, base: 1200, amount: 120 }]);
    expect(by.get('bea-b')!.commission).toEqual([{ rule: 'service', label: { zh: '护理提成', en: 'Treatment commission' }, kind: 'service', cases: 1, base: 800, amount: 80 }]);
    expect(by.get('con')!.commission.map((x) => [x.rule, x.cases, x.amount])).toEqual([['card', 1, 50]]);
    expect(by.get('bea-a')!.total).toBe(120);
  }, 600_000);
});

describe('commission pay', () => {
  const work = (amounts: number[]): CaseWork[] =>
    amounts.map((a, i) => ({ caseId: `c${i}`, processKey: 'p', data: { amount: a }, tasks: [{ node: 'serve', by: 'x', closedAt: 10, dueAt: null, form: {} }] }));
  const period = { from: 0, to: 100 };
  const rule = (pay: object) => appraisalRulesSchema.parse({ commission: [{ id: 'r', label: { en: 'r' }, kind: 'service', process: 'p', step: 'serve', amount: 'amount', servedBy: ['serve'], pay }] }).commission;

  it('tiered: whole-band and marginal rates on the month\'s total', () => {
    const tiers = [{ from: 0, percent: 5 }, { from: 10000, percent: 8 }];
    // 12 000 in the month: whole-band 8% of all; marginal 5% of 10 000 + 8% of 2 000.
    expect(commissions(rule({ tiers, mode: 'whole' }), work([7000, 5000]), period).get('x')![0]!.amount).toBe(960);
    expect(commissions(rule({ tiers, mode: 'marginal' }), work([7000, 5000]), period).get('x')![0]!.amount).toBe(660);
    expect(commissions(rule({ tiers, mode: 'marginal' }), work([3000]), period).get('x')![0]!.amount).toBe(150);
  });

  it('shares from a case variable, and cases outside the period do not count', () => {
    const c: CaseWork[] = [
      { caseId: 'a', processKey: 'p', data: { amount: 1000, shares: { x: 3, y: 1 } }, tasks: [{ node: 'serve', by: 'x', closedAt: 10, dueAt: null, form: {} }, { node: 'serve', by: 'y', closedAt: 11, dueAt: null, form: {} }] },
      { caseId: 'b', processKey: 'p', data: { amount: 1000 }, tasks: [{ node: 'serve', by: 'x', closedAt: 200, dueAt: null, form: {} }] },
    ];
    const rs = appraisalRulesSchema.parse({ commission: [{ id: 'r', label: { en: 'r' }, kind: 'service', process: 'p', step: 'serve', amount: 'amount', servedBy: ['serve'], sharesVariable: 'shares', pay: { percent: 10 } }] }).commission;
    const out = commissions(rs, c, period);
    expect(out.get('x')![0]).toMatchObject({ cases: 0.75, base: 750, amount: 75 });
    expect(out.get('y')![0]).toMatchObject({ cases: 0.25, base: 250, amount: 25 });
  });

  it('refuses rules with FEEL syntax errors and explains non-numbers', () => {
    expect(appraisalRulesSchema.safeParse({ lines: [{ id: 'x', label: { en: 'x' }, amount: 'a == 1' }] }).success).toBe(false);
    expect(() => commissions(rule({ percent: 5 }).map((x) => ({ ...x, amount: '"abc"' })), work([1]), period)).toThrow('rule "r": ""abc"" gave "abc", not a number');
  });
});
