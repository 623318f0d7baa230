import { expect, it } from 'vitest';
import { describeBackends } from '../store/testing/backends.ts';
import { fingerprint, makeWorld, type Persona, type World } from './testing/world.ts';

/**
 * Ids a client chooses are unique across the installation. Choosing one that another
 * organisation uses must not reveal that organisation or its record: the answer is the same
 * as for an id of the caller's own organisation, and nothing changes.
 */

interface Kind {
  readonly name: string;
  readonly path: string;
  readonly who: Persona;
  /** An id used in org A (the other organisation) and one in org B (the caller's own). */
  readonly otherOrgs: string;
  readonly own: string;
  readonly body: (id: string) => Record<string, unknown>;
  readonly seed?: (w: World) => Promise<void>;
}

const KINDS: readonly Kind[] = [
  { name: 'store', path: '/api/stores', who: 'adminB', otherOrgs: 's1', own: 'b1', body: (id) => ({ id, name: 'New store' }) },
  { name: 'staff', path: '/api/staff', who: 'adminB', otherOrgs: 'adv1', own: 'advB', body: (id) => ({ id, name: 'New person' }) },
  {
    name: 'customer',
    path: '/api/customers',
    who: 'advB',
    otherOrgs: 'cust-a',
    own: 'cust-b',
    body: (id) => ({ id, name: 'New customer' }),
    seed: async (w) => {
      expect((await w.as('adv1').post('/api/customers', { id: 'cust-a', name: '王先生' })).status).toBe(201);
      expect((await w.as('advB').post('/api/customers', { id: 'cust-b', name: 'Own customer' })).status).toBe(201);
    },
  },
];

/** The answer without what differs per request by design: the request id, and the id the caller sent. */
const answer = (r: { status: number; body: unknown }, sent: string) => {
  const { requestId: _r, ...rest } = r.body as Record<string, unknown>;
  return { status: r.status, body: JSON.stringify(rest).replaceAll(sent, '<id>') };
};

describeBackends('client-chosen ids', (b) => {
  it.each(KINDS)('a $name id used by another organisation gets the same answer as one of your own, and changes nothing', async (k) => {
    const w = await makeWorld(await b.fresh());
    await k.seed?.(w);
    const before = await fingerprint(w.db);
    const other = await w.as(k.who).post(k.path, k.body(k.otherOrgs));
    const own = await w.as(k.who).post(k.path, k.body(k.own));
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ code: 'ID_TAKEN' });
    expect(answer(other, k.otherOrgs)).toEqual(answer(own, k.own));
    // Nothing of the other organisation's record or name in the answer.
    for (const secret of ['org-a', 'Org A', 'Store 1', 'Person adv1', '王先生']) expect(other.text).not.toContain(secret);
    expect(await fingerprint(w.db)).toBe(before);
    // A free id works; the same one a second time answers the same 409.
    expect((await w.as(k.who).post(k.path, k.body(`${k.name}-new`))).status).toBe(201);
    expect(answer(await w.as(k.who).post(k.path, k.body(`${k.name}-new`)), `${k.name}-new`)).toEqual(answer(own, k.own));
  });

  it('two requests choosing the same new id at once: one creates it, the other gets the 409 (never a 500)', async () => {
    const w = await makeWorld(await b.fresh());
    const statuses = await Promise.all([w.as('admin').post('/api/stores', { id: 'race', name: 'A' }), w.as('adminB').post('/api/stores', { id: 'race', name: 'B' })]);
    expect(statuses.map((s) => s.status).sort()).toEqual([201, 409]);
  });
});
