import { expect, it } from 'vitest';
import { describeBackends } from '../store/testing/backends.ts';
import { fingerprint, makeWorld, type World } from '../api/testing/world.ts';

/** Membership cards through the API: balance and session cards, the ledger, outstanding balances. */

async function setup(w: World): Promise<{ caseId: string }> {
  expect((await w.as('adv1').post('/api/customers', { id: 'k1', name: '陈', phones: ['13700000001'] })).status).toBe(201);
  const c = await w.as('adv1').post('/api/cases', { process: 'repair', storeId: 's1', customerId: 'k1', data: { plate: 'A1' } });
  expect(c.status, c.text).toBe(201);
  return { caseId: c.body.id };
}

describeBackends('membership cards', (b) => {
  it('books top-ups, consumption and refunds in integer cents, each tied to a case and a staff member', async () => {
    const w = await makeWorld(await b.fresh());
    const { caseId } = await setup(w);
    const open = await w.as('adv1').post('/api/customers/k1/cards', { id: 'card1', kind: 'balance', label: '储值卡', storeId: 's1', opening: 50_000, caseId });
    expect(open.status, open.text).toBe(201);
    expect(open.body).toMatchObject({ id: 'card1', kind: 'balance', balance: 50_000, createdBy: 'adv1' });
    const book = (body: object, who: 'adv1' | 'mgr1' | 'tech1' = 'adv1') => w.as(who).post('/api/cards/card1/entries', body);
    expect((await book({ kind: 'topup', amount: 20_000, caseId })).body.card.balance).toBe(70_000);
    expect((await book({ kind: 'consume', amount: 39_900, caseId }, 'tech1')).body.card.balance).toBe(30_100);
    expect((await book({ kind: 'refund', amount: 100, caseId })).body.card.balance).toBe(30_000);
    // every movement names its case; a case of another customer or organisation is refused
    expect((await book({ kind: 'consume', amount: 1 })).status).toBe(400);
    expect((await book({ kind: 'consume', amount: 1, caseId: 'no-such-case' })).body.code).toBe('UNKNOWN_CASE');
    const other = await w.as('adv1').post('/api/cases', { process: 'repair', storeId: 's1', data: { plate: 'B' } });
    expect((await book({ kind: 'consume', amount: 1, caseId: other.body.id })).status).toBe(201); // a case without a customer may be the visit
    await w.as('adv1').post('/api/customers', { id: 'k2', name: '林' });
    const theirs = await w.as('adv1').post('/api/cases', { process: 'repair', storeId: 's1', customerId: 'k2', data: { plate: 'C' } });
    expect((await book({ kind: 'consume', amount: 1, caseId: theirs.body.id })).body.code).toBe('OTHER_CUSTOMER');
    // amounts are integers
    expect((await book({ kind: 'topup', amount: 10.5, caseId })).status).toBe(400);
    const ledger = (await w.as('auditor').get('/api/cards/card1')).body.ledger;
    expect(ledger.map((e: { kind: string; amount: number; balanceAfter: number; staffId: string; caseId: string | null }) => [e.kind, e.amount, e.balanceAfter, e.staffId, e.caseId])).toEqual([
      ['open', 50_000, 50_000, 'adv1', caseId],
      ['topup', 20_000, 70_000, 'adv1', caseId],
      ['consume', -39_900, 30_100, 'tech1', caseId],
      ['refund', -100, 30_000, 'adv1', caseId],
      ['consume', -1, 29_999, 'adv1', other.body.id],
    ]);
  });

  it('never goes below zero unless the customer signed for it; the outstanding amount shows on the customer', async () => {
    const w = await makeWorld(await b.fresh());
    const { caseId } = await setup(w);
    await w.as('adv1').post('/api/customers/k1/cards', { id: 'card2', kind: 'balance', label: '储值卡', opening: 10_000 });
    const before = await fingerprint(w.db);
    const over = await w.as('adv1').post('/api/cards/card2/entries', { kind: 'consume', amount: 15_000, caseId });
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ code: 'INSUFFICIENT_BALANCE', current: { balance: 10_000 } });
    expect((await w.as('adv1').post('/api/cards/card2/entries', { kind: 'refund', amount: 10_001, caseId })).status).toBe(409);
    expect(await fingerprint(w.db)).toBe(before);
    const signed = await w.as('adv1').post('/api/cards/card2/entries', { kind: 'consume', amount: 15_000, caseId, signedFor: true });
    expect(signed.status, signed.text).toBe(201);
    expect(signed.body.entry).toMatchObject({ balanceAfter: -5_000, signed: true });
    expect((await w.as('adv1').get('/api/customers/k1')).body.outstanding).toEqual({ cents: 5_000, sessions: 0 });
    // a top-up settles it
    await w.as('adv1').post('/api/cards/card2/entries', { kind: 'topup', amount: 5_000, caseId });
    expect((await w.as('adv1').get('/api/customers/k1')).body.outstanding).toEqual({ cents: 0, sessions: 0 });
  });

  it('counts sessions of a package card; adjustments need a manager and a reason; the ledger cannot be rewritten', async () => {
    const w = await makeWorld(await b.fresh());
    const { caseId } = await setup(w);
    const pkg = await w.as('adv1').post('/api/customers/k1/cards', { id: 'pkg', kind: 'sessions', label: '面部护理疗程卡 10 次', opening: 10 });
    expect(pkg.body.balance).toBe(10);
    for (let i = 0; i < 10; i++) expect((await w.as('adv1').post('/api/cards/pkg/entries', { kind: 'consume', amount: 1, caseId })).status).toBe(201);
    expect((await w.as('adv1').post('/api/cards/pkg/entries', { kind: 'consume', amount: 1, caseId })).body.code).toBe('INSUFFICIENT_BALANCE');
    expect((await w.as('adv1').post('/api/cards/pkg/entries', { kind: 'consume', amount: 1, caseId, signedFor: true })).status).toBe(201);
    expect((await w.as('adv1').get('/api/customers/k1')).body.outstanding).toEqual({ cents: 0, sessions: 1 });
    expect((await w.as('adv1').post('/api/cards/pkg/entries', { kind: 'adjust', amount: 2, reason: 'two sessions given as apology' })).status).toBe(403);
    expect((await w.as('mgr1').post('/api/cards/pkg/entries', { kind: 'adjust', amount: 2 })).status).toBe(400);
    const adj = await w.as('mgr1').post('/api/cards/pkg/entries', { kind: 'adjust', amount: 2, reason: 'two sessions given as apology' });
    expect(adj.status, adj.text).toBe(201);
    expect(adj.body.entry).toMatchObject({ kind: 'adjust', amount: 2, balanceAfter: 1, reason: 'two sessions given as apology', staffId: 'mgr1', signed: false });
    expect((await w.as('auditor').post('/api/cards/pkg/entries', { kind: 'consume', amount: 1, caseId })).status).toBe(403);
    await expect(w.db.query(`UPDATE card_ledger SET amount = 0`)).rejects.toThrow(/append-only/);
    await expect(w.db.query(`DELETE FROM card_ledger`)).rejects.toThrow(/append-only/);
    const audits = await w.db.query<{ action: string; actor_id: string }>(`SELECT action, actor_id FROM audit_log WHERE target_type = 'card' ORDER BY seq`);
    expect(audits.rows.at(-1)).toEqual({ action: 'card.adjust', actor_id: 'mgr1' });
    expect(audits.rows).toHaveLength(1 + 11 + 1);
  });

  it('keeps other organisations out', async () => {
    const w = await makeWorld(await b.fresh());
    const { caseId } = await setup(w);
    await w.as('adv1').post('/api/customers/k1/cards', { id: 'card3', kind: 'balance', label: 'x', opening: 100 });
    const before = await fingerprint(w.db);
    expect((await w.as('advB').get('/api/cards/card3')).status).toBe(404);
    expect((await w.as('advB').get('/api/customers/k1/cards')).status).toBe(404);
    expect((await w.as('adminB').post('/api/cards/card3/entries', { kind: 'consume', amount: 1, caseId })).status).toBe(404);
    expect((await w.as('adminB').post('/api/customers/k1/cards', { kind: 'balance', label: 'x', opening: 1 })).status).toBe(404);
    expect(await fingerprint(w.db)).toBe(before);
  });
});
