import { expect, it } from 'vitest';
import { end, human, proc } from '../engine/testing/build.ts';
import { startCase } from './cases.ts';
import { iso } from './values.ts';
import { describeBackends } from './testing/backends.ts';
import { ORG, SHOP, T0, seeded } from './testing/fixtures.ts';
import type { Store } from './store.ts';

// Rotation and least-loaded assignment skip staff the duty roster marks off shift (API table
// `duty`; no row = on shift).
const rotation = proc('rota', [human('serve', 'advisor', { assignment: { strategy: 'rotation' } }), end()]);
const load = proc('load', [human('serve', 'advisor', { assignment: { strategy: 'leastLoaded' } }), end()]);

async function shift(store: Store, staffId: string, onDuty: boolean): Promise<void> {
  await store.db.query(
    `INSERT INTO duty (org_id, store_id, staff_id, on_duty, changed_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (store_id, staff_id) DO UPDATE SET on_duty = EXCLUDED.on_duty`,
    [ORG, SHOP, staffId, onDuty, iso(T0)],
  );
}

const assignee = async (store: Store, process: string, storeId: string | undefined = SHOP): Promise<string | undefined> =>
  (await startCase(store, { orgId: ORG, process, storeId }, { now: T0, actor: 'system' })).state.tasks[0]?.assignee;

describeBackends('assignment and the duty roster', (b) => {
  it('rotation skips people off shift and goes on after the last one served when they leave the shift', async () => {
    const store = await seeded(await b.fresh(), { staff: { advisor: ['li', 'wang', 'zhang'] }, processes: [rotation] });
    await shift(store, 'wang', false);
    expect([await assignee(store, 'rota'), await assignee(store, 'rota'), await assignee(store, 'rota')]).toEqual(['li', 'zhang', 'li']);
    // li was served last and leaves; wang is back: the turn passes to the next after li in duty order.
    await shift(store, 'li', false);
    await shift(store, 'wang', true);
    expect([await assignee(store, 'rota'), await assignee(store, 'rota'), await assignee(store, 'rota')]).toEqual(['wang', 'zhang', 'wang']);
  });

  it('leaves the task in the queue when everyone holding the role is off shift', async () => {
    const store = await seeded(await b.fresh(), { staff: { advisor: ['li', 'wang'] }, processes: [rotation, load] });
    await shift(store, 'li', false);
    await shift(store, 'wang', false);
    const out = await startCase(store, { orgId: ORG, process: 'rota', storeId: SHOP }, { now: T0, actor: 'system' });
    expect(out.state.tasks[0]).toMatchObject({ status: 'open', assignee: undefined });
    expect(await assignee(store, 'load')).toBeUndefined();
  });

  it('least-loaded picks only among people on shift, also for cases without a store', async () => {
    const store = await seeded(await b.fresh(), { staff: { advisor: ['li', 'wang'] }, processes: [load] });
    await shift(store, 'li', false);
    // li has no work at all, but is off shift: wang gets every task.
    expect([await assignee(store, 'load'), await assignee(store, 'load')]).toEqual(['wang', 'wang']);
    expect(await assignee(store, 'load', undefined)).toBe('wang');
    await shift(store, 'li', true);
    expect(await assignee(store, 'load')).toBe('li');
  });
});
