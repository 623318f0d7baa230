import { iso } from '../store/values.ts';
import { channelContext, isSealed, SecretKeyError, secrets } from './secret-box.ts';
import { parseSettings, type ChannelKind, type ChannelSettings } from './channels/config.ts';
import type { Queryable } from '../store/db.ts';

/** Channel settings, routing, staff contacts and sent-message records in the database. */

export interface StoredChannel {
  readonly kind: ChannelKind;
  readonly enabled: boolean;
  readonly config: ChannelSettings;
  readonly secret: string | null;
  /** Set when the stored secret does not decrypt (another key): sends fail saying so, and a new secret can still be put. */
  readonly secretError?: string;
  readonly updatedAt: number;
}

/**
 * The organisation's channels with their secrets decrypted (for sending; the API shows only
 * whether one is set). A secret still in plain text from before encryption is sealed here, on
 * first read, if nobody changed it meanwhile.
 */
export async function listChannels(q: Queryable, orgId: string): Promise<StoredChannel[]> {
  const r = await q.query<{ kind: ChannelKind; enabled: boolean; settings: unknown; secret: string | null; updated_at: Date }>(
    `SELECT kind, enabled, settings, secret, updated_at FROM notify_channels WHERE org_id = $1 ORDER BY kind`,
    [orgId],
  );
  const box = secrets();
  const out: StoredChannel[] = [];
  for (const x of r.rows) {
    const context = channelContext(orgId, x.kind);
    if (x.secret !== null && !isSealed(x.secret))
      await q.query(`UPDATE notify_channels SET secret = $4 WHERE org_id = $1 AND kind = $2 AND secret = $3`, [orgId, x.kind, x.secret, box.seal(x.secret, context)]);
    let secret: string | null = null;
    let secretError: string | undefined;
    try {
      secret = x.secret === null ? null : box.open(x.secret, context);
    } catch (e) {
      if (!(e instanceof SecretKeyError)) throw e;
      secretError = e.message;
    }
    out.push({ kind: x.kind, enabled: x.enabled, config: parseSettings(x.kind, x.settings), secret, ...(secretError === undefined ? {} : { secretError }), updatedAt: x.updated_at.getTime() });
  }
  return out;
}

/** Sets a channel; `secret` undefined keeps the stored one, null removes it. Stored encrypted. */
export async function putChannel(q: Queryable, orgId: string, c: { kind: ChannelKind; enabled: boolean; settings: unknown; secret: string | null | undefined }, now: number): Promise<void> {
  const sealed = c.secret === undefined || c.secret === null ? null : secrets().seal(c.secret, channelContext(orgId, c.kind));
  await q.query(
    `INSERT INTO notify_channels (org_id, kind, enabled, settings, secret, updated_at) VALUES ($1, $2, $3, $4::jsonb, $5, $6)
     ON CONFLICT (org_id, kind) DO UPDATE SET enabled = EXCLUDED.enabled, settings = EXCLUDED.settings,
       secret = CASE WHEN $7::boolean THEN notify_channels.secret ELSE EXCLUDED.secret END, updated_at = EXCLUDED.updated_at`,
    [orgId, c.kind, c.enabled, JSON.stringify(c.settings), sealed, iso(now), c.secret === undefined],
  );
}

export async function deleteChannel(q: Queryable, orgId: string, kind: ChannelKind): Promise<boolean> {
  return ((await q.query(`DELETE FROM notify_channels WHERE org_id = $1 AND kind = $2`, [orgId, kind])).rowCount ?? 0) > 0;
}

/** reason → channel kinds; '*' is the default for reasons without their own entry. */
export async function getRoutes(q: Queryable, orgId: string): Promise<Record<string, ChannelKind[]>> {
  const r = await q.query<{ reason: string; channels: ChannelKind[] }>(`SELECT reason, channels FROM notify_routes WHERE org_id = $1 ORDER BY reason`, [orgId]);
  return Object.fromEntries(r.rows.map((x) => [x.reason, x.channels]));
}

export async function setRoutes(q: Queryable, orgId: string, routes: Readonly<Record<string, readonly ChannelKind[]>>): Promise<void> {
  await q.query(`DELETE FROM notify_routes WHERE org_id = $1`, [orgId]);
  const rows = Object.entries(routes).map(([reason, channels]) => ({ reason, channels }));
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO notify_routes (org_id, reason, channels)
     SELECT $1, x.reason, ARRAY(SELECT jsonb_array_elements_text(x.channels)) FROM jsonb_to_recordset($2::jsonb) AS x(reason text, channels jsonb)`,
    [orgId, JSON.stringify(rows)],
  );
}

export interface Contact {
  readonly email: string | null;
  readonly phone: string | null;
  readonly wecomUserId: string | null;
}

export const NO_CONTACT: Contact = { email: null, phone: null, wecomUserId: null };

export async function getContacts(q: Queryable, orgId: string, staffIds: readonly string[]): Promise<Map<string, Contact>> {
  const r = await q.query<{ staff_id: string; email: string | null; phone: string | null; wecom_user_id: string | null }>(
    `SELECT staff_id, email, phone, wecom_user_id FROM staff_contacts WHERE org_id = $1 AND staff_id IN (SELECT jsonb_array_elements_text($2::jsonb))`,
    [orgId, JSON.stringify(staffIds)],
  );
  return new Map(r.rows.map((x) => [x.staff_id, { email: x.email, phone: x.phone, wecomUserId: x.wecom_user_id }]));
}

export async function putContact(q: Queryable, orgId: string, staffId: string, c: Contact, now: number): Promise<void> {
  await q.query(
    `INSERT INTO staff_contacts (staff_id, org_id, email, phone, wecom_user_id, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (staff_id) DO UPDATE SET email = EXCLUDED.email, phone = EXCLUDED.phone, wecom_user_id = EXCLUDED.wecom_user_id, updated_at = EXCLUDED.updated_at`,
    [staffId, orgId, c.email, c.phone, c.wecomUserId, iso(now)],
  );
}

/** Active staff a notification is for: the named person, or everyone holding the role in the store. */
export async function recipients(q: Queryable, orgId: string, to: { staffId: string } | { role: string }, storeId: string | null): Promise<string[]> {
  if ('staffId' in to) {
    const r = await q.query<{ id: string }>(`SELECT id FROM staff WHERE org_id = $1 AND id = $2 AND active`, [orgId, to.staffId]);
    return r.rows.map((x) => x.id);
  }
  const r = await q.query<{ id: string }>(
    `SELECT s.id FROM staff_roles sr JOIN staff s ON s.id = sr.staff_id AND s.active
      WHERE sr.org_id = $1 AND sr.role = $2 AND ($3::text IS NULL OR sr.store_id = $3)
      GROUP BY s.id ORDER BY min(sr.duty_order), s.id`,
    [orgId, to.role, storeId],
  );
  return r.rows.map((x) => x.id);
}

/** (channel, staff) pairs already sent for a notification. */
export async function sentFor(q: Queryable, notificationId: number): Promise<Set<string>> {
  const r = await q.query<{ channel: string; staff_id: string }>(`SELECT channel, staff_id FROM notification_sends WHERE notification_id = $1`, [notificationId]);
  return new Set(r.rows.map((x) => `${x.channel}/${x.staff_id}`));
}

export async function recordSent(q: Queryable, s: { notificationId: number; orgId: string; channel: ChannelKind; staffId: string }, now: number): Promise<void> {
  await q.query(`INSERT INTO notification_sends (notification_id, channel, staff_id, org_id, sent_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, [
    s.notificationId,
    s.channel,
    s.staffId,
    s.orgId,
    iso(now),
  ]);
}
