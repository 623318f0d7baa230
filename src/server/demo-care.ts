import { complaintSettings } from '../complaints/routes.ts';
import { LOW_CSAT, RECOVERY_PROCESS } from '../surveys/routes.ts';
import { DEFAULT_CSAT_VARIABLE } from '../kpi/csat.ts';
import { joinTransaction } from '../api/store-tx.ts';
import { startCase } from '../store/cases.ts';
import { DemoRandom } from './demo-people.ts';
import type { CustomerCase } from './demo-customers-write.ts';
import type { Store } from '../store/store.ts';
import type { Tx } from '../store/db.ts';

/**
 * Complaints and satisfaction surveys in the demo history, the way the complaint desk and the
 * survey page record them (src/complaints/routes.ts, src/surveys/routes.ts keep that logic in
 * their handlers; the same rows are written here, on the fake clock of each case):
 *
 * - every S12 hot-water case of a student is a filed complaint: its subject and severity are
 *   the case's own data, and whether it repeats an earlier one is found with the desk's rule
 *   (same student, same subject, within the organisation's window) — the plan gave the case the
 *   same `repeatCount`, so the repeat went to the general manager in the history;
 * - a share of the finished cases of customers have a survey answer, written like the public
 *   answer: the score into the case data (`satisfaction`, which the CSAT KPI reads), the staff
 *   who served, the store; one low score, recently, opened a service-recovery case through the
 *   store's own `startCase`, waiting in the store manager's inbox.
 *
 * No audit entries, as for the rest of the demo history: nobody did this through the API.
 */

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Files the complaint of every hot-water case with a customer, oldest first. */
export async function fileDemoComplaints(tx: Tx, orgId: string, cases: readonly CustomerCase[]): Promise<{ complaints: number; repeats: number }> {
  const settings = await complaintSettings(tx, orgId);
  let complaints = 0;
  let repeats = 0;
  for (const c of cases) {
    if (c.key !== settings.process || c.storeId === null) continue;
    const data = (await tx.query<{ subject: string | null; severity: string | null }>(`SELECT state->'data'->>'subject' AS subject, state->'data'->>'severity' AS severity FROM cases WHERE id = $1`, [c.id])).rows[0];
    if (data?.subject == null || data.severity == null) continue;
    const since = new Date(c.startedAt - settings.repeatWindowDays * 86_400_000).toISOString();
    const earlier = (
      await tx.query<{ case_id: string }>(`SELECT case_id FROM complaints WHERE org_id = $1 AND customer_id = $2 AND subject = $3 AND created_at > $4 ORDER BY created_at DESC, case_id DESC`, [
        orgId,
        c.customerId,
        data.subject,
        since,
      ])
    ).rows;
    await tx.query(`INSERT INTO complaints (case_id, org_id, store_id, customer_id, subject, severity, repeat_of, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
      c.id,
      orgId,
      c.storeId,
      c.customerId,
      data.subject,
      data.severity,
      earlier[0]?.case_id ?? null,
      new Date(c.startedAt).toISOString(),
    ]);
    complaints++;
    if (earlier.length > 0) repeats++;
  }
  return { complaints, repeats };
}

const COMMENTS: Readonly<Record<number, readonly string[]>> = {
  5: ['服务很周到，谢谢！', '非常专业，下次还来。', '速度快，态度好。'],
  4: ['整体不错，等候时间稍长。', '挺好的，环境可以再改进。'],
  3: ['一般，沟通可以更清楚。', '价格说明不够透明。'],
  2: ['等了很久也没人解释，很失望。'],
};

/** The survey answers: about one finished case in ten, answered within a day; one low score, recent, with its recovery case. */
export async function answerDemoSurveys(
  tx: Tx,
  store: Store,
  orgId: string,
  cases: readonly CustomerCase[],
  now: number,
  seed = 1,
): Promise<{ answers: number; recoveryCaseId: string | null }> {
  const r = new DemoRandom(seed, 4);
  const done = cases.filter((c) => c.status === 'completed' && c.endedAt !== null && c.endedAt < now - 2 * HOUR && c.key !== RECOVERY_PROCESS);
  // The low score: the latest case of a store's customer that ended a few hours ago at least.
  const low = [...done].reverse().find((c) => c.storeId !== null && c.endedAt! < now - 3 * HOUR);
  let answers = 0;
  let recoveryCaseId: string | null = null;
  for (const c of done) {
    const isLow = c === low;
    if (!isLow && !r.chance(0.1)) continue;
    const csat = isLow ? LOW_CSAT : r.pick([5, 5, 5, 4, 4, 4, 3]);
    const nps = isLow ? r.int(1, 4) : csat === 5 ? r.int(9, 10) : csat === 4 ? r.int(7, 8) : r.int(4, 6);
    const at = isLow ? Math.max(c.endedAt! + 30 * MIN, now - 90 * MIN) : Math.min(now - 5 * MIN, c.endedAt! + r.int(20, 20 * 60) * MIN);
    const comment = r.chance(0.5) || isLow ? r.pick(COMMENTS[csat]!) : null;
    const staff = (
      await tx.query<{ s: string }>(`SELECT DISTINCT closed_by AS s FROM tasks WHERE case_id = $1 AND status = 'completed' AND closed_by IS NOT NULL AND closed_by <> 'system' ORDER BY 1`, [c.id])
    ).rows.map((x) => x.s);
    await tx.query(
      `UPDATE cases SET state = jsonb_set(jsonb_set(state, '{data,${DEFAULT_CSAT_VARIABLE}}', to_jsonb($2::int)), '{data,nps}', to_jsonb($3::int)), updated_at = $4 WHERE id = $1`,
      [c.id, csat, nps, new Date(at).toISOString()],
    );
    let recovery: string | null = null;
    if (csat <= LOW_CSAT) {
      const joined = joinTransaction(store, tx);
      const started = await startCase(
        joined.store,
        { orgId, process: RECOVERY_PROCESS, caseId: `demo-recovery-${c.id}`, storeId: c.storeId ?? undefined, customerId: c.customerId, data: { surveyCaseId: c.id, csat } },
        { now: at, actor: 'system' },
      );
      recovery = recoveryCaseId = started.caseId;
    }
    await tx.query(
      `INSERT INTO survey_responses (case_id, org_id, store_id, staff_ids, csat, nps, comment, recovery_case_id, answered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [c.id, orgId, c.storeId, staff, csat, nps, comment, recovery, new Date(at).toISOString()],
    );
    answers++;
  }
  return { answers, recoveryCaseId };
}
