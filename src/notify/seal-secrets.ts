import { channelContext, SEALED_PREFIX, secrets, webhookContext } from './secret-box.ts';
import type { Queryable } from '../store/db.ts';

/**
 * Seals every channel and webhook secret still stored in plain text (written before secrets
 * were encrypted). Reads seal them one by one as they happen; this does all at once, so an
 * organisation that sends nothing for months does not keep a plain password in its backups.
 * The server runs it at start. Each row is updated only if it still holds the value read.
 */
export async function sealStoredSecrets(q: Queryable): Promise<{ channels: number; webhooks: number }> {
  const box = secrets();
  const like = `${SEALED_PREFIX}%`;
  let channels = 0;
  const c = await q.query<{ org_id: string; kind: string; secret: string }>(`SELECT org_id, kind, secret FROM notify_channels WHERE secret IS NOT NULL AND secret NOT LIKE $1`, [like]);
  for (const x of c.rows)
    channels += (await q.query(`UPDATE notify_channels SET secret = $4 WHERE org_id = $1 AND kind = $2 AND secret = $3`, [x.org_id, x.kind, x.secret, box.seal(x.secret, channelContext(x.org_id, x.kind))])).rowCount ?? 0;
  let webhooks = 0;
  const w = await q.query<{ id: string; secret: string }>(`SELECT id, secret FROM webhook_subscriptions WHERE secret NOT LIKE $1`, [like]);
  for (const x of w.rows) webhooks += (await q.query(`UPDATE webhook_subscriptions SET secret = $3 WHERE id = $1 AND secret = $2`, [x.id, x.secret, box.seal(x.secret, webhookContext(x.id))])).rowCount ?? 0;
  return { channels, webhooks };
}
