import { expect, it } from 'vitest';
import { end, human, proc } from '../engine/testing/build.ts';
import { startCase } from './cases.ts';
import { addStaff, roleStaff, setRoleStaff, setStaffActive } from './directory.ts';
import { describeBackends } from './testing/backends.ts';
import { ORG, SHOP, T0, seeded } from './testing/fixtures.ts';

const duty = proc('duty', [human('serve', 'advisor', { assignment: { strategy: 'rotation' } }), end()]);

describeBackends('the staff directory', (b) => {
  it('replaces a role list in duty order and keeps the rotation going from the last person served', async () => {
    const store = await seeded(await b.fresh(), { staff: { advisor: ['li', 'wang', 'zhang'] }, processes: [duty] });
    const next = async () => Object.values((await startCase(store, { orgId: ORG, process: 'duty', storeId: SHOP }, { now: T0, actor: 'system' })).state.tasks)[0]!.assignee;
    expect([await next(), await next()]).toEqual(['li', 'wang']);

    await addStaff(store.db, { id: 'chen', orgId: ORG, name: 'chen' }, { now: T0 });
    await setRoleStaff(store.db, ORG, SHOP, 'advisor', ['zhang', 'wang', 'chen']);
    expect(await roleStaff(store.db, SHOP, 'advisor')).toEqual(['zhang', 'wang', 'chen']);
    // wang was served last: the one after wang in the new order is next.
    expect([await next(), await next()]).toEqual(['chen', 'zhang']);

    await setStaffActive(store.db, 'wang', false);
    expect(await next()).toBe('chen');
  });
});
