import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { parseSop } from '../model/yaml/read.ts';
import { publishDefinition } from '../store/definitions.ts';
import { setRoleStaff } from '../store/directory.ts';
import { describeBackends } from '../store/testing/backends.ts';
import { makeWorld } from '../api/testing/world.ts';

/**
 * Templates on the customer archive, through the API. S22 securities: the organisation's tier
 * rules over the `assets` attribute decide which services a client's monthly case gives, and a
 * change of assets moves the client to another tier for the next case. S01 salon: a customer
 * served before goes to the returning-customer consultation, and a card balance she signed for
 * must be settled before the work order.
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

  it('S01: the salon visit reads returning and the unpaid card balance from the archive', async () => {
    const db = await b.fresh();
    const w = await makeWorld(db);
    const source = await readFile(new URL('../../templates/beauty/salon-visit.yaml', import.meta.url), 'utf8');
    await publishDefinition(db, { orgId: 'org-a', definition: parseSop(source, 'salon-visit.yaml'), source, format: 'yaml' }, { now: w.clock.now });
    for (const role of ['duty-beautician', 'consultant']) await setRoleStaff(db, 'org-a', 's1', role, ['adv1']);
    const all = (...ids: string[]) => Object.fromEntries(ids.map((k) => [k, true]));
    const visit = async (customerId: string) => {
      const c = await w.as('adv1').post('/api/cases', { process: 'salon-visit', storeId: 's1', customerId, data: { customerName: '李姐' } });
      expect(c.status, c.text).toBe(201);
      return c.body.id as string;
    };
    const openSteps = async (caseId: string) => (await w.as('adv1').get(`/api/cases/${caseId}`)).body.openTasks as { id: string; step: string }[];
    const complete = async (caseId: string, step: string, body: object) => {
      const t = (await openSteps(caseId)).find((x) => x.step === step)!;
      const r = await w.as('adv1').post(`/api/tasks/${t.id}/complete`, body);
      expect(r.status, r.text).toBe(200);
    };
    const greet = { checklist: all('door-at-3m', 'bow-30', 'lead-left-front', 'seat-and-water') };

    // a customer registered today, never served: the new-customer consultation
    await w.as('adv1').post('/api/customers', { id: 'new', name: '王小姐' });
    const first = await visit('new');
    await complete(first, 'greet', greet);
    expect((await openSteps(first)).map((t) => t.step)).toEqual(['consult-new']);

    // a customer with a card she over-used last time (signed for): returning, and the balance first
    await w.as('adv1').post('/api/customers', { id: 'li', name: '李姐' });
    const earlier = await w.as('adv1').post('/api/cases', { process: 'repair', storeId: 's1', customerId: 'li', data: { plate: '-' } });
    await w.as('adv1').post('/api/customers/li/cards', { id: 'li-card', kind: 'balance', label: '储值卡', opening: 50_000, caseId: earlier.body.id });
    await w.as('adv1').post('/api/cards/li-card/entries', { kind: 'consume', amount: 110_000, caseId: earlier.body.id, signedFor: true });
    const again = await visit('li');
    await complete(again, 'greet', greet);
    expect((await openSteps(again)).map((t) => t.step)).toEqual(['consult-returning']);
    await complete(again, 'consult-returning', { form: { moistureBefore: 38, treatment: '眼部护理' }, checklist: all('card', 'archive', 'last-visit') });
    expect((await openSteps(again)).map((t) => t.step)).toEqual(['settle-balance']);
  });
});
