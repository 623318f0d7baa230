import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { parseSop } from '../model/yaml/read.ts';
import { publishDefinition } from '../store/definitions.ts';
import { setRoleStaff } from '../store/directory.ts';
import { describeBackends } from '../store/testing/backends.ts';
import { makeWorld } from '../api/testing/world.ts';

/**
 * The S22 securities template on the customer archive, through the API: the organisation's tier
 * rules over the `assets` attribute decide which services a client's monthly case gives, and a
 * change of assets moves the client to another tier for the next case.
 */
describeBackends('templates on the customer archive', (b) => {
  it('S22: the tier rules over the archive decide the services of the monthly case', async () => {
    const db = await b.fresh();
    const w = await makeWorld(db);
    const source = await readFile(new URL('../../templates/finance/securities-client-service.yaml', import.meta.url), 'utf8');
    await publishDefinition(db, { orgId: 'org-a', definition: parseSop(source, 'securities-client-service.yaml'), source, format: 'yaml' }, { now: w.clock.now });
    await setRoleStaff(db, 'org-a', 's1', 'account-manager', ['adv1']);
    expect((await w.as('admin').put('/api/customer-tier-rules', { rules: [{ tier: 'vip', when: 'assets >= 1000000' }, { tier: 'member', when: 'assets >= 300000' }] })).status).toBe(200);
    const open = async (customerId: string) => {
      const c = await w.as('adv1').post('/api/cases', { process: 'securities-client-service', storeId: 's1', customerId, data: { memberNo: `M-${customerId}` } });
      expect(c.status, c.text).toBe(201);
      return (await w.as('adv1').get(`/api/cases/${c.body.id}`)).body.openTasks.map((t: { step: string; assignee: string | null }) => [t.step, t.assignee]);
    };
    await w.as('adv1').post('/api/customers', { id: 'small', name: '散户', attributes: { assets: 200_000 }, ownerStaffId: 'adv1' });
    await w.as('adv1').post('/api/customers', { id: 'big', name: '大户', attributes: { assets: 1_200_000 }, ownerStaffId: 'adv1' });
    expect(await open('small')).toEqual([['general-services', 'adv1']]);
    expect(await open('big')).toEqual([['member-services', 'adv1']]);
    // assets grow: the archive re-evaluates the tier, the next month's case follows it
    expect((await w.as('adv1').patch('/api/customers/small', { attributes: { assets: 450_000 } })).body.tier).toBe('member');
    expect(await open('small')).toEqual([['member-services', 'adv1']]);
  });
});
