import { csatByStaff, slaCompliance } from '../../kpi/index.ts';
import { commissions, countCases, type CaseWork, type CommissionLine, type Period } from './commission.ts';
import { DEFAULT_SCORE, feelNumber, yuan, type AppraisalRules } from './rules.ts';
import type { Queryable } from '../../store/db.ts';
import type { PostRow, RankRow } from './rows.ts';

export type { PostRow, RankRow } from './rows.ts';
import type { LocalizedText } from '../../model/types.ts';

/**
 * A person's appraisal for a period, computed from what the store already holds: the tasks
 * they completed (the event log's mirror), the SLA-compliance and CSAT KPIs of src/kpi,
 * checklist outcomes (standards compliance), the organisation's counters and commission rules,
 * their base bonus and a supervisor score. Personal data stays out: the sheet names staff ids
 * and the staff member's own name only.
 */

export interface Metrics {
  readonly tasksDone: number;
  readonly slaTotal: number;
  readonly slaOnTime: number;
  readonly slaBreached: number;
  readonly slaCompliance: number | null;
  readonly checklistTotal: number;
  readonly checklistPassed: number;
  readonly standardsCompliance: number | null;
  readonly csat: number | null;
  readonly csatCases: number;
  /** Survey answers (1–5) of cases the person served, answered in the period (src/surveys). */
  readonly surveyCsat: number | null;
  readonly surveys: number;
  /** Complaints registered in the person's store in the period, and how many repeat an earlier one. */
  readonly storeComplaints: number;
  readonly repeatComplaints: number;
  /**
   * Complaints registered in the period that are about this person (src/complaints/staff-link.ts:
   * they served the case complained about, or were named), how many of those a manager upheld,
   * and how many repeat an earlier complaint.
   */
  readonly complaints: number;
  readonly complaintsUpheld: number;
  readonly complaintsRepeat: number;
}

export interface SheetLine {
  readonly rule: string;
  readonly label: LocalizedText;
  readonly amount: number;
}

export interface AppraisalSheet {
  readonly staffId: string;
  readonly name: string;
  /** The store the person is ranked in (their first store in roster order), or null. */
  readonly storeId: string | null;
  /** Posts: the roles they hold, store:role. */
  readonly posts: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly metrics: Metrics;
  readonly counters: Readonly<Record<string, number>>;
  readonly supervisorScore: number | null;
  readonly score: number;
  readonly baseBonus: number;
  readonly lines: readonly SheetLine[];
  readonly commission: readonly CommissionLine[];
  readonly commissionTotal: number;
  /** baseBonus + lines + commission. */
  readonly total: number;
}

const ms = (d: Date | string) => new Date(d).getTime();

/** The completed tasks of every case of these processes that had a task completed in the period. */
export async function caseWork(db: Queryable, orgId: string, processes: readonly string[], period: Period): Promise<CaseWork[]> {
  if (processes.length === 0) return [];
  const r = await db.query<{ case_id: string; process_key: string; data: Record<string, unknown> | null; node: string; closed_by: string; closed_at: Date; due_at: Date | null; form: Record<string, unknown> | null }>(
    `SELECT t.case_id, t.process_key, c.state->'data' AS data, t.node, t.closed_by, t.closed_at, t.due_at, t.result->'form' AS form
       FROM tasks t JOIN cases c ON c.id = t.case_id
      WHERE t.org_id = $1 AND t.status = 'completed' AND t.closed_by IS NOT NULL AND t.closed_by <> 'system'
        AND t.process_key IN (SELECT jsonb_array_elements_text($2::jsonb))
        AND t.case_id IN (SELECT t2.case_id FROM tasks t2 WHERE t2.org_id = $1 AND t2.status = 'completed' AND t2.closed_at >= $3 AND t2.closed_at < $4)
      ORDER BY t.case_id, t.closed_at, t.id`,
    [orgId, JSON.stringify(processes), new Date(period.from).toISOString(), new Date(period.to).toISOString()],
  );
  const out: CaseWork[] = [];
  let cur: { caseId: string; processKey: string; data: Record<string, unknown>; tasks: CaseWork['tasks'][number][] } | undefined;
  for (const x of r.rows) {
    if (cur?.caseId !== x.case_id) {
      cur = { caseId: x.case_id, processKey: x.process_key, data: x.data ?? {}, tasks: [] };
      out.push(cur);
    }
    cur.tasks.push({ node: x.node, by: x.closed_by, closedAt: ms(x.closed_at), dueAt: x.due_at === null ? null : ms(x.due_at), form: x.form ?? {} });
  }
  return out;
}

interface Person {
  readonly id: string;
  readonly name: string;
  readonly posts: string[];
  storeId: string | null;
}

/** Active staff of the organisation with their posts, plus anyone who completed a task in the period. */
async function people(db: Queryable, orgId: string, period: Period): Promise<Map<string, Person>> {
  const r = await db.query<{ id: string; name: string; store_id: string | null; role: string | null }>(
    `SELECT s.id, s.name, sr.store_id, sr.role FROM staff s LEFT JOIN staff_roles sr ON sr.staff_id = s.id
      WHERE s.org_id = $1 AND (s.active OR EXISTS (SELECT 1 FROM tasks t WHERE t.org_id = $1 AND t.closed_by = s.id AND t.closed_at >= $2 AND t.closed_at < $3))
      ORDER BY s.id, sr.store_id, sr.duty_order, sr.role`,
    [orgId, new Date(period.from).toISOString(), new Date(period.to).toISOString()],
  );
  const m = new Map<string, Person>();
  for (const x of r.rows) {
    const p = m.get(x.id) ?? { id: x.id, name: x.name, posts: [], storeId: null };
    if (x.store_id !== null && x.role !== null) {
      p.posts.push(`${x.store_id}:${x.role}`);
      p.storeId ??= x.store_id;
    }
    m.set(x.id, p);
  }
  return m;
}

export interface ComputeInput {
  readonly orgId: string;
  readonly period: Period;
  readonly rules: AppraisalRules;
  /** Base bonus per person (yuan); absent = 0. */
  readonly baseBonus: ReadonlyMap<string, number>;
  /** Supervisor scores already given for this period. */
  readonly supervisorScores: ReadonlyMap<string, number>;
}

/** Every person's sheet for the period, sorted by staff id. */
export async function computeSheets(db: Queryable, input: ComputeInput): Promise<AppraisalSheet[]> {
  const { orgId, period, rules } = input;
  const f = { orgId, from: period.from, to: period.to };
  const range = [orgId, new Date(period.from).toISOString(), new Date(period.to).toISOString()];
  const [who, sla, csat, done, checklists, surveys, complaints, personal] = await Promise.all([
    people(db, orgId, period),
    slaCompliance(db, f, 'staff'),
    csatByStaff(db, f),
    db.query<{ closed_by: string; n: number }>(
      `SELECT closed_by, count(*)::int AS n FROM tasks WHERE org_id = $1 AND status = 'completed' AND closed_at >= $2 AND closed_at < $3 AND closed_by IS NOT NULL GROUP BY closed_by`,
      range,
    ),
    db.query<{ closed_by: string; n: number; passed: number }>(
      `SELECT closed_by, count(*)::int AS n, count(*) FILTER (WHERE (result->'checklist'->>'passed')::boolean)::int AS passed
         FROM tasks WHERE org_id = $1 AND status = 'completed' AND closed_at >= $2 AND closed_at < $3 AND closed_by IS NOT NULL
          AND jsonb_typeof(result->'checklist') = 'object'
        GROUP BY closed_by`,
      range,
    ),
    db.query<{ staff_id: string; n: number; avg: string }>(
      `SELECT x.staff_id, count(*)::int AS n, avg(r.csat) AS avg FROM survey_responses r CROSS JOIN LATERAL unnest(r.staff_ids) AS x(staff_id)
        WHERE r.org_id = $1 AND r.answered_at >= $2 AND r.answered_at < $3 GROUP BY x.staff_id`,
      range,
    ),
    db.query<{ store_id: string; n: number; repeats: number }>(
      `SELECT store_id, count(*)::int AS n, count(repeat_of)::int AS repeats FROM complaints WHERE org_id = $1 AND created_at >= $2 AND created_at < $3 GROUP BY store_id`,
      range,
    ),
    db.query<{ staff_id: string; n: number; upheld: number; repeats: number }>(
      `SELECT cs.staff_id, count(*)::int AS n, count(*) FILTER (WHERE k.upheld)::int AS upheld, count(k.repeat_of)::int AS repeats
         FROM complaint_staff cs JOIN complaints k ON k.case_id = cs.case_id
        WHERE k.org_id = $1 AND k.created_at >= $2 AND k.created_at < $3 GROUP BY cs.staff_id`,
      range,
    ),
  ]);
  const personalBy = new Map(personal.rows.map((x) => [x.staff_id, x]));
  const surveyBy = new Map(surveys.rows.map((x) => [x.staff_id, x]));
  const complaintsBy = new Map(complaints.rows.map((x) => [x.store_id, x]));
  const processes = [...new Set([...rules.counters.map((c) => c.process), ...rules.commission.map((c) => c.process)])];
  const work = await caseWork(db, orgId, processes, period);
  const counts = countCases(rules.counters, work, period);
  const earned = commissions(rules.commission, work, period);
  const slaBy = new Map(sla.map((x) => [x.key, x]));
  const csatBy = new Map(csat.map((x) => [x.staffId, x]));
  const doneBy = new Map(done.rows.map((x) => [x.closed_by, Number(x.n)]));
  const clBy = new Map(checklists.rows.map((x) => [x.closed_by, x]));

  const sheets: AppraisalSheet[] = [];
  for (const p of [...who.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    const s = slaBy.get(p.id);
    const cl = clBy.get(p.id);
    const metrics: Metrics = {
      tasksDone: doneBy.get(p.id) ?? 0,
      slaTotal: s?.total ?? 0,
      slaOnTime: s?.onTime ?? 0,
      slaBreached: s?.breached ?? 0,
      slaCompliance: s?.compliance ?? null,
      checklistTotal: cl === undefined ? 0 : Number(cl.n),
      checklistPassed: cl === undefined ? 0 : Number(cl.passed),
      standardsCompliance: cl === undefined || Number(cl.n) === 0 ? null : Number(cl.passed) / Number(cl.n),
      csat: csatBy.get(p.id)?.avgScore ?? null,
      csatCases: csatBy.get(p.id)?.cases ?? 0,
      surveyCsat: surveyBy.has(p.id) ? Number(surveyBy.get(p.id)!.avg) : null,
      surveys: surveyBy.get(p.id)?.n ?? 0,
      storeComplaints: p.storeId === null ? 0 : (complaintsBy.get(p.storeId)?.n ?? 0),
      repeatComplaints: p.storeId === null ? 0 : (complaintsBy.get(p.storeId)?.repeats ?? 0),
      complaints: personalBy.get(p.id)?.n ?? 0,
      complaintsUpheld: personalBy.get(p.id)?.upheld ?? 0,
      complaintsRepeat: personalBy.get(p.id)?.repeats ?? 0,
    };
    const counters: Record<string, number> = Object.fromEntries(rules.counters.map((c) => [c.id, counts.get(p.id)?.[c.id] ?? 0]));
    const commission = earned.get(p.id) ?? [];
    const commissionTotal = yuan(commission.reduce((a, c) => a + c.amount, 0));
    const baseBonus = input.baseBonus.get(p.id) ?? 0;
    const supervisorScore = input.supervisorScores.get(p.id) ?? null;
    const ctx: Record<string, unknown> = { ...metrics, ...counters, supervisorScore, baseBonus, commission: commissionTotal };
    const score = Math.round(feelNumber('score', rules.score ?? DEFAULT_SCORE, ctx) * 100) / 100;
    ctx.score = score;
    const lines = rules.lines.map((l) => ({ rule: l.id, label: l.label, amount: yuan(feelNumber(l.id, l.amount, ctx)) }));
    const total = yuan(baseBonus + lines.reduce((a, l) => a + l.amount, 0) + commissionTotal);
    sheets.push({
      staffId: p.id,
      name: p.name,
      storeId: p.storeId,
      posts: p.posts,
      from: new Date(period.from).toISOString(),
      to: new Date(period.to).toISOString(),
      metrics,
      counters,
      supervisorScore,
      score,
      baseBonus,
      lines,
      commission,
      commissionTotal,
      total,
    });
  }
  return sheets;
}


/** Ranking per store: by score, then total, then id; equal score and total share a rank. */
export function ranking(sheets: readonly Pick<AppraisalSheet, 'storeId' | 'staffId' | 'name' | 'score' | 'total'>[]): RankRow[] {
  const byStore = new Map<string | null, typeof sheets[number][]>();
  for (const s of sheets) byStore.set(s.storeId, [...(byStore.get(s.storeId) ?? []), s]);
  const out: RankRow[] = [];
  for (const store of [...byStore.keys()].sort((a, b) => (a ?? '\uffff').localeCompare(b ?? '\uffff'))) {
    const list = [...byStore.get(store)!].sort((a, b) => b.score - a.score || b.total - a.total || a.staffId.localeCompare(b.staffId));
    list.forEach((s, i) => {
      const prev = list[i - 1];
      const rank = prev !== undefined && prev.score === s.score && prev.total === s.total ? out.at(-1)!.rank : i + 1;
      out.push({ storeId: store, rank, staffId: s.staffId, name: s.name, score: s.score, total: s.total });
    });
  }
  return out;
}


/** Appraisal per post (a role in a store): its holders' sheets summed up. A person with two posts counts in both. */
export function byPost(sheets: readonly AppraisalSheet[]): PostRow[] {
  const m = new Map<string, AppraisalSheet[]>();
  for (const s of sheets) for (const post of s.posts) m.set(post, [...(m.get(post) ?? []), s]);
  return [...m.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([post, list]) => {
      const slaTotal = list.reduce((a, s) => a + s.metrics.slaTotal, 0);
      return {
        post,
        people: list.length,
        avgScore: Math.round((list.reduce((a, s) => a + s.score, 0) / list.length) * 100) / 100,
        tasksDone: list.reduce((a, s) => a + s.metrics.tasksDone, 0),
        slaCompliance: slaTotal === 0 ? null : list.reduce((a, s) => a + s.metrics.slaOnTime, 0) / slaTotal,
        total: yuan(list.reduce((a, s) => a + s.total, 0)),
      };
    });
}
