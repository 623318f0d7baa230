import { describe, expect, it } from 'vitest';
import { describeBackends } from '../store/testing/backends.ts';
import { addOrg } from '../store/directory.ts';
import { consumePublicToken, createPublicToken, peekPublicToken, publicTokenProblem, purgeExpiredPublicTokens, revokePublicTokens, verifyPublicToken } from './tokens.ts';
import { hitRate, purgeRate } from './rate.ts';
import type { Db } from '../store/db.ts';

const T0 = Date.UTC(2026, 2, 2, 1, 0);
const HOUR = 3600_000;

async function setup(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await addOrg(tx, { id: 'o1', name: 'O1' }, { now: T0 });
  });
}

describeBackends('public tokens', (b) => {
  it('stores only a hash; verify counts visits until expiry, then refuses as expired', async () => {
    const db = await b.fresh();
    await setup(db);
    const t = await createPublicToken(db, { orgId: 'o1', purpose: 'case-status', subject: { type: 'case', id: 'c1' }, ttlMs: 48 * HOUR }, { now: T0 });
    expect(t.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(t.expiresAt).toBe(T0 + 48 * HOUR);
    const stored = await db.query<{ hash: string }>(`SELECT hash FROM public_tokens`);
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0]!.hash).not.toBe(t.token);
    expect(JSON.stringify(stored.rows)).not.toContain(t.token);

    const v1 = await verifyPublicToken(db, 'case-status', t.token, T0 + HOUR);
    const v2 = await verifyPublicToken(db, 'case-status', t.token, T0 + 2 * HOUR);
    expect(v1.ok && v1.record.subject).toEqual({ type: 'case', id: 'c1' });
    expect(v2.ok && v2.record.uses).toBe(2);
    expect(await verifyPublicToken(db, 'case-status', t.token, T0 + 48 * HOUR - 1)).toMatchObject({ ok: true });
    expect(await verifyPublicToken(db, 'case-status', t.token, T0 + 48 * HOUR)).toEqual({ ok: false, reason: 'expired' });
  });

  it('a token of another purpose, a changed or a made-up one is unknown', async () => {
    const db = await b.fresh();
    await setup(db);
    const t = await createPublicToken(db, { orgId: 'o1', purpose: 'survey', subject: { type: 'case', id: 'c1' }, ttlMs: HOUR }, { now: T0 });
    expect(await verifyPublicToken(db, 'case-status', t.token, T0)).toEqual({ ok: false, reason: 'unknown' });
    const flipped = (t.token[0] === 'A' ? 'B' : 'A') + t.token.slice(1);
    expect(await consumePublicToken(db, 'survey', flipped, T0)).toEqual({ ok: false, reason: 'unknown' });
    expect(await consumePublicToken(db, 'survey', 'short', T0)).toEqual({ ok: false, reason: 'unknown' });
    expect(await peekPublicToken(db, 'survey', t.token)).toMatchObject({ orgId: 'o1', uses: 0, consumedAt: null });
  });

  it('consume works once; the second use is refused, also when both arrive at once', async () => {
    const db = await b.fresh();
    await setup(db);
    const t = await createPublicToken(db, { orgId: 'o1', purpose: 'survey', subject: { type: 'case', id: 'c1' }, ttlMs: HOUR }, { now: T0 });
    expect(await consumePublicToken(db, 'survey', t.token, T0 + 1)).toMatchObject({ ok: true, record: { consumedAt: T0 + 1 } });
    expect(await consumePublicToken(db, 'survey', t.token, T0 + 2)).toEqual({ ok: false, reason: 'consumed' });
    expect(await verifyPublicToken(db, 'survey', t.token, T0 + 2)).toEqual({ ok: false, reason: 'consumed' });

    const u = await createPublicToken(db, { orgId: 'o1', purpose: 'survey', subject: { type: 'case', id: 'c2' }, ttlMs: HOUR }, { now: T0 });
    const results = await Promise.all(
      Array.from({ length: 4 }, () => db.transaction((tx) => consumePublicToken(tx, 'survey', u.token, T0 + 5))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual(['consumed', 'consumed', 'consumed']);
  });

  it('revoking closes the live links of a subject; purge deletes long-expired ones', async () => {
    const db = await b.fresh();
    await setup(db);
    const a = await createPublicToken(db, { orgId: 'o1', purpose: 'case-status', subject: { type: 'appointment', id: 'a1' }, ttlMs: HOUR }, { now: T0 });
    await createPublicToken(db, { orgId: 'o1', purpose: 'case-status', subject: { type: 'appointment', id: 'a2' }, ttlMs: HOUR }, { now: T0 });
    expect(await revokePublicTokens(db, 'o1', { type: 'appointment', id: 'a1' }, T0 + 1)).toBe(1);
    expect(await verifyPublicToken(db, 'case-status', a.token, T0 + 2)).toEqual({ ok: false, reason: 'revoked' });
    expect(await purgeExpiredPublicTokens(db, T0 + HOUR + 10, 0)).toBe(2);
    expect((await db.query(`SELECT 1 FROM public_tokens`)).rows).toHaveLength(0);
  });

  it('counts requests per key in fixed windows', async () => {
    const db = await b.fresh();
    const limit = { max: 3, windowMs: 60_000 };
    for (let i = 0; i < 3; i++) expect(await hitRate(db, 'ip:1', limit, T0 + i)).toBeUndefined();
    expect(await hitRate(db, 'ip:1', limit, T0 + 10_000)).toBe(50);
    expect(await hitRate(db, 'ip:2', limit, T0 + 10_000)).toBeUndefined();
    expect(await hitRate(db, 'ip:1', limit, T0 + 60_000)).toBeUndefined();
    expect(await purgeRate(db, T0 + 60_000 + 24 * HOUR)).toBe(1);
    expect(await purgeRate(db, T0 + 60_001 + 24 * HOUR)).toBe(1);
    expect((await db.query(`SELECT 1 FROM public_rate`)).rows).toHaveLength(0);
  });
});

describe('public token input checks', () => {
  it('refuses bad purposes and lives with clear messages', async () => {
    const never = { query: () => Promise.reject(new Error('no query expected')), exec: () => Promise.reject(new Error('no exec')) };
    await expect(createPublicToken(never, { orgId: 'o', purpose: 'Bad Purpose', subject: { type: 'case', id: 'c' }, ttlMs: 1 }, { now: 0 })).rejects.toThrow(/lower-case/);
    await expect(createPublicToken(never, { orgId: 'o', purpose: 'survey', subject: { type: 'case', id: 'c' }, ttlMs: 0 }, { now: 0 })).rejects.toThrow(/between 1 and/);
    await expect(createPublicToken(never, { orgId: 'o', purpose: 'survey', subject: { type: 'case', id: 'c' }, ttlMs: 91 * 24 * 3600_000 }, { now: 0 })).rejects.toThrow(/90 days/);
  });
  it('maps refusals to 404 and 410', () => {
    expect(publicTokenProblem('unknown').status).toBe(404);
    expect(publicTokenProblem('consumed')).toMatchObject({ status: 410, code: 'LINK_CONSUMED' });
    expect(publicTokenProblem('expired').detail).toMatch(/expired/);
  });
});
