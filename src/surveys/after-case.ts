import { listChannels, type StoredChannel } from '../notify/channel-store.ts';
import { transportFor, type Transport } from '../notify/channels/transports.ts';
import { loadCustomer, type CustomerRecord } from '../customers/store.ts';
import { createPublicToken, revokePublicToken } from '../public/tokens.ts';
import { backoffMs } from '../runtime/backoff.ts';
import { getSurveySettings, type CustomerChannel, type SurveySettings } from './settings.ts';
import { SURVEY_PURPOSE } from './routes.ts';
import type { LocalizedText } from '../model/types.ts';
import type { Store } from '../store/store.ts';

/**
 * Survey links sent by themselves after a case. When a case of a surveyed SOP (settings.ts)
 * completes, a database trigger on the event log (migration 350) writes one
 * `survey_invitations` row in the transaction that appends the completion event — beside the
 * webhook fan-out, without touching the engine. This worker step then sends each due row:
 *
 * 1. lease it (FOR UPDATE SKIP LOCKED, with a lease that runs out if the process dies), so two
 *    workers never send the same invitation;
 * 2. look at the case and the customer NOW (consent may have been withdrawn during the delay):
 *    no customer, an erased one, a survey already answered, or `consent.survey === false`
 *    skips it; otherwise the first channel of the settings that is configured and enabled in
 *    the organisation, that the customer consented to (`consent.sms`, `consent.email`) and
 *    has an address for (first phone; `email` attribute) is used — none skips it, saying why
 *    per channel;
 * 3. make a one-time survey link (src/public/tokens.ts) and send it through the organisation's
 *    channel adapter (the same SMS gateway / SMTP server as staff notifications);
 * 4. settle: sent; or, when the send failed, revoke that link and retry with backoff (1 min,
 *    4 min, 16 min… 5 attempts), then failed.
 *
 * Exactly once per case as far as a database can promise: the row is unique per case, and a
 * settled row is never leased again. A process that dies after the gateway accepted the
 * message but before settling sends again when its lease runs out (at-least-once, like every
 * outbox here); the SMS body's `reference` ({{notificationId}} = `survey-<case>`) lets a
 * gateway drop that repeat.
 */

export const SURVEY_REASON = 'survey.invite';
const BACKOFF = { initialMs: 60_000, factor: 4, maxMs: 6 * 3_600_000 };

export interface SurveyDispatchOptions {
  readonly batchSize?: number;
  /** Attempts before an invitation is marked failed; default 5. */
  readonly maxAttempts?: number;
  readonly leaseMs?: number;
  /** Builds the adapters (tools may wrap them); default: the real ones. */
  readonly transport?: (c: StoredChannel) => Transport;
}

export interface DispatchResult {
  readonly sent: number;
  readonly skipped: number;
  /** Sends that failed this round (retried later or given up). */
  readonly failed: number;
}

interface Leased {
  case_id: string;
  org_id: string;
  attempts: number;
}

interface CaseFacts {
  status: string;
  store_id: string | null;
  customer_id: string | null;
  process_key: string;
  process: LocalizedText | null;
  store: string | null;
  answered: boolean;
}

type Route = { readonly kind: CustomerChannel; readonly to: string; readonly channel: StoredChannel } | { readonly skip: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The address of a customer on a channel, if any. */
function addressOf(c: CustomerRecord, kind: CustomerChannel): string | undefined {
  if (kind === 'sms') return c.phones[0];
  const e = c.attributes['email'];
  return typeof e === 'string' && EMAIL.test(e.trim()) ? e.trim() : undefined;
}

/** Picks the channel and address, or says why the customer gets no link (never naming the address). */
export function routeFor(settings: Pick<SurveySettings, 'channels'>, channels: readonly StoredChannel[], customer: CustomerRecord | undefined): Route {
  if (customer === undefined) return { skip: 'no customer on the case' };
  if (customer.erasedAt !== null) return { skip: 'the customer was erased' };
  if (customer.consent['survey'] === false) return { skip: 'the customer declined surveys' };
  const why: string[] = [];
  for (const kind of settings.channels) {
    const channel = channels.find((c) => c.kind === kind && c.enabled);
    const to = addressOf(customer, kind);
    if (customer.consent[kind] !== true) why.push(`${kind}: no consent`);
    else if (to === undefined) why.push(`${kind}: no ${kind === 'sms' ? 'phone number' : 'e-mail address'}`);
    else if (channel === undefined) why.push(`${kind}: channel not configured`);
    else return { kind, to, channel };
  }
  return { skip: why.join('; ') };
}

/** The message: Chinese when the SOP has a Chinese name, else English; the store's name, the link and how long it works. */
export function surveyMessage(facts: { process: LocalizedText | null; store: string | null }, url: string, ttlDays: number): { subject: string; text: string } {
  const zh = facts.process?.zh !== undefined;
  const what = (zh ? facts.process?.zh : facts.process?.en) ?? '';
  const store = facts.store ?? '';
  if (zh)
    return {
      subject: `请为本次服务评分${store === '' ? '' : ` · ${store}`}`,
      text: `${store === '' ? '' : `【${store}】`}感谢您的光临！请为本次「${what}」服务评分：${url}（${ttlDays}天内有效）`,
    };
  return {
    subject: `How did we do?${store === '' ? '' : ` · ${store}`}`,
    text: `${store === '' ? '' : `${store}: `}thank you for choosing us. How was your ${what === '' ? 'visit' : what}? Rate us here: ${url} (valid for ${ttlDays} days)`,
  };
}

async function factsOf(store: Store, orgId: string, caseId: string): Promise<CaseFacts | undefined> {
  const r = await store.db.query<CaseFacts>(
    `SELECT c.status, c.store_id, c.customer_id, c.process_key, d.compiled->'definition'->'name' AS process, s.name AS store,
            EXISTS (SELECT 1 FROM survey_responses r WHERE r.case_id = c.id) AS answered
       FROM cases c
       LEFT JOIN definitions d ON d.org_id = c.org_id AND d.key = c.process_key AND d.version = c.process_version
       LEFT JOIN stores s ON s.id = c.store_id
      WHERE c.org_id = $1 AND c.id = $2`,
    [orgId, caseId],
  );
  return r.rows[0];
}

/** Sends the survey links that are due at `now`. Safe to run from several workers at once. */
export async function runSurveyInvitations(store: Store, now: number, opts: SurveyDispatchOptions = {}): Promise<DispatchResult> {
  const db = store.db;
  const at = new Date(now).toISOString();
  const leased = (
    await db.query<Leased>(
      `UPDATE survey_invitations SET status = 'sending', attempts = attempts + 1, locked_until = $3
        WHERE case_id IN (SELECT case_id FROM survey_invitations
                           WHERE (status = 'pending' AND next_attempt_at <= $1) OR (status = 'sending' AND locked_until < $1)
                           ORDER BY next_attempt_at, case_id
                           LIMIT $2
                             FOR UPDATE SKIP LOCKED)
        RETURNING case_id, org_id, attempts`,
      [at, opts.batchSize ?? 20, new Date(now + (opts.leaseMs ?? 120_000)).toISOString()],
    )
  ).rows;
  const mine = `WHERE case_id = $1 AND attempts = $2 AND status = 'sending'`;
  const skip = (l: Leased, reason: string) => db.query(`UPDATE survey_invitations SET status = 'skipped', skip_reason = $3, locked_until = NULL ${mine}`, [l.case_id, l.attempts, reason]);
  const makeTransport = opts.transport ?? ((c: StoredChannel) => transportFor(c.config, c.secret));
  let sent = 0;
  let skipped = 0;
  let failed = 0;
  const retry = (l: Leased, error: string) =>
    db.query(`UPDATE survey_invitations SET status = $3, next_attempt_at = $4, locked_until = NULL, last_error = $5 ${mine}`, [
      l.case_id,
      l.attempts,
      l.attempts >= (opts.maxAttempts ?? 5) ? 'failed' : 'pending',
      l.attempts >= (opts.maxAttempts ?? 5) ? at : new Date(now + backoffMs(l.attempts, BACKOFF)).toISOString(),
      error.slice(0, 500),
    ]);
  for (const l of leased) {
    try {
      const r = await sendOne(l);
      if (r === 'sent') sent++;
      else if (r === 'skipped') skipped++;
      else failed++;
    } catch (e) {
      // Something unexpected (a stored channel setting that no longer parses, a lost connection):
      // this invitation is retried later; the rest of the batch goes on.
      await retry(l, `unexpected: ${(e as Error).message}`);
      failed++;
    }
  }
  return { sent, skipped, failed };

  async function sendOne(l: Leased): Promise<'sent' | 'skipped' | 'failed'> {
    const facts = await factsOf(store, l.org_id, l.case_id);
    const settings = facts === undefined ? undefined : await getSurveySettings(db, l.org_id, facts.process_key);
    let reason: string | undefined;
    if (facts === undefined || facts.status !== 'completed') reason = 'the case is not completed';
    else if (settings === undefined) reason = 'surveys were switched off for this SOP';
    else if (facts.answered) reason = 'the customer already answered';
    if (reason !== undefined || facts === undefined || settings === undefined) {
      await skip(l, reason ?? 'the case is not completed');
      return 'skipped';
    }
    const customer = facts.customer_id === null ? undefined : await loadCustomer(db, l.org_id, facts.customer_id);
    const route = routeFor(settings, await listChannels(db, l.org_id), customer);
    if ('skip' in route) {
      await skip(l, route.skip);
      return 'skipped';
    }
    const link = await createPublicToken(db, { orgId: l.org_id, purpose: SURVEY_PURPOSE, subject: { type: 'case', id: l.case_id }, ttlMs: settings.ttlDays * 86_400_000 }, { now });
    const url = `${settings.linkBase.replace(/\/+$/, '')}/survey/${link.token}`;
    const { subject, text } = surveyMessage(facts, url, settings.ttlDays);
    const vars = { reason: SURVEY_REASON, process: facts.process?.zh ?? facts.process?.en ?? facts.process_key, step: '', caseId: l.case_id, taskId: '', storeId: facts.store_id ?? '', staffId: '', notificationId: `survey-${l.case_id}` };
    try {
      await makeTransport(route.channel).send({ to: route.to, subject, text, vars });
    } catch (e) {
      await revokePublicToken(db, SURVEY_PURPOSE, link.token, now);
      await retry(l, (e as Error).message);
      return 'failed';
    }
    await db.query(`UPDATE survey_invitations SET status = 'sent', channel = $3, expires_at = $4, sent_at = $5, locked_until = NULL, last_error = NULL ${mine}`, [
      l.case_id,
      l.attempts,
      route.kind,
      new Date(link.expiresAt).toISOString(),
      at,
    ]);
    return 'sent';
  }
}
