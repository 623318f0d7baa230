import type { Queryable } from '../store/db.ts';

/**
 * Which SOPs send a satisfaction-survey link by themselves when a case completes (table
 * `survey_settings`, migration 350). Kept per organisation, not in the SOP file: the SOP says
 * how the work is done, while whether its customers get a text message, through which
 * gateway, after how long and to which public address is the organisation's decision — the
 * same split as inspections and complaints (src/complaints). Switching it on affects cases
 * that complete from then on.
 */

/** Channels that reach a customer: SMS to the customer's first phone, e-mail to the `email` attribute. */
export const CUSTOMER_CHANNELS = ['sms', 'email'] as const;
export type CustomerChannel = (typeof CUSTOMER_CHANNELS)[number];

export interface SurveySettings {
  readonly process: string;
  /** Tried in this order: the first the customer consented to and can be reached on is used. */
  readonly channels: readonly CustomerChannel[];
  readonly ttlDays: number;
  /** Minutes after the case completes before the link goes out (0: at once). */
  readonly delayMinutes: number;
  /** The server's public address; the link is `<linkBase>/survey/<token>`. */
  readonly linkBase: string;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

interface Row {
  process_key: string;
  channels: CustomerChannel[];
  ttl_days: number;
  delay_minutes: number;
  link_base: string;
  updated_by: string;
  updated_at: Date;
}
const COLS = 'process_key, channels, ttl_days, delay_minutes, link_base, updated_by, updated_at';
const toSettings = (r: Row): SurveySettings => ({
  process: r.process_key,
  channels: r.channels,
  ttlDays: r.ttl_days,
  delayMinutes: r.delay_minutes,
  linkBase: r.link_base,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at.toISOString(),
});

export async function listSurveySettings(q: Queryable, orgId: string): Promise<SurveySettings[]> {
  return (await q.query<Row>(`SELECT ${COLS} FROM survey_settings WHERE org_id = $1 ORDER BY process_key`, [orgId])).rows.map(toSettings);
}

export async function getSurveySettings(q: Queryable, orgId: string, process: string): Promise<SurveySettings | undefined> {
  const r = (await q.query<Row>(`SELECT ${COLS} FROM survey_settings WHERE org_id = $1 AND process_key = $2`, [orgId, process])).rows[0];
  return r === undefined ? undefined : toSettings(r);
}

export async function putSurveySettings(
  q: Queryable,
  orgId: string,
  s: { process: string; channels: readonly CustomerChannel[]; ttlDays: number; delayMinutes: number; linkBase: string },
  by: string,
  now: number,
): Promise<SurveySettings> {
  const r = await q.query<Row>(
    `INSERT INTO survey_settings (org_id, process_key, channels, ttl_days, delay_minutes, link_base, updated_by, updated_at)
     VALUES ($1, $2, $3::text[], $4, $5, $6, $7, $8)
     ON CONFLICT (org_id, process_key) DO UPDATE SET channels = EXCLUDED.channels, ttl_days = EXCLUDED.ttl_days, delay_minutes = EXCLUDED.delay_minutes,
       link_base = EXCLUDED.link_base, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
     RETURNING ${COLS}`,
    [orgId, s.process, [...s.channels], s.ttlDays, s.delayMinutes, s.linkBase, by, new Date(now).toISOString()],
  );
  return toSettings(r.rows[0]!);
}

export async function deleteSurveySettings(q: Queryable, orgId: string, process: string): Promise<boolean> {
  return (await q.query(`DELETE FROM survey_settings WHERE org_id = $1 AND process_key = $2`, [orgId, process])).rowCount > 0;
}
