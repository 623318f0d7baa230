import { expect, it } from 'vitest';
import { parseSop } from '../model/yaml/read.ts';
import { publishDefinition } from '../store/definitions.ts';
import { setRoleStaff } from '../store/directory.ts';
import { publishTemplate, useTemplateCalendars } from '../schedules/testing.ts';
import { describeBackends } from '../store/testing/backends.ts';
import { fingerprint, makeWorld, type Persona, type World } from '../api/testing/world.ts';
import type { Db } from '../store/db.ts';

/** The customers' archive through the API, on PGlite and (with SERVFLOW_TEST_PG) PostgreSQL. */

const TIERED = `key: tiered
version: 1
name: { en: Tiered welcome }
roles:
  - { id: advisor, name: { en: Advisor } }
variables: []
nodes:
  - id: vip?
    exclusive: { en: VIP? }
    branches:
      - { when: 'customer.tier = "vip"', to: vip-lounge }
    default: counter
  - id: vip-lounge
    human: { en: VIP lounge }
    role: advisor
    next: done
  - id: counter
    human: { en: Counter }
    role: advisor
  - id: done
    end: { en: Done }
`;

async function world(db: Db): Promise<World> {
  const w = await makeWorld(db);
  await publishDefinition(db, { orgId: 'org-a', definition: parseSop(TIERED, 'tiered.yaml'), source: TIERED, format: 'yaml' }, { now: w.clock.now });
  return w;
}

/** Every text value of every table, for scanning after erasure. */
async function allText(db: Db): Promise<string> {
  const listed = await db.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`);
  const parts: string[] = [];
  for (const { t } of listed.rows) {
    const r = await db.query<{ x: string | null }>(`SELECT string_agg(x::text, '|') AS x FROM "${t}" x`);
    parts.push(`${t}: ${r.rows[0]?.x ?? ''}`);
  }
  return parts.join('\n');
}

describeBackends('customers', (b) => {
  it('registers with normalised phones and refuses a duplicate phone in any writing', async () => {
    const w = await world(await b.fresh());
    const made = await w.as('adv1').post('/api/customers', { id: 'c1', name: '王小明', phones: ['+86 138-0013-8000'], tags: ['regular'], attributes: { skinType: 'dry', allergies: ['fragrance'] }, consent: { sms: true } });
    expect(made.status, made.text).toBe(201);
    expect(made.body).toMatchObject({ id: 'c1', name: '王小明', phones: ['13800138000'], tags: ['regular'], attributes: { skinType: 'dry' }, consent: { sms: true }, tier: null, erased: false });
    for (const writing of ['13800138000', '138 0013 8000', '0086 138 0013 8000', '+8613800138000']) {
      const dup = await w.as('adv2').post('/api/customers', { name: '王先生', phones: [writing] });
      expect(dup.status, writing).toBe(409);
      expect(dup.body.code).toBe('DUPLICATE_PHONE');
      expect(dup.body.current).toEqual({ customers: ['c1'] });
    }
    // another organisation may have the same number: no leak, no conflict
    expect((await w.as('advB').post('/api/customers', { name: '王', phones: ['13800138000'] })).status).toBe(201);
    expect((await w.as('adv1').post('/api/customers', { id: 'c2', name: '王太太', phones: ['13800138000'], allowDuplicatePhone: true })).status).toBe(201);
    const bad = await w.as('adv1').post('/api/customers', { name: 'x', phones: ['13800138001', 'call me'] });
    expect(bad.status).toBe(422);
    expect(bad.body.issues).toEqual([{ path: 'body.phones.1', message: expect.stringContaining('call me') }]);
    // a patch to a number someone else has is refused too
    await w.as('adv1').post('/api/customers', { id: 'c3', name: '李', phones: ['13900000000'] });
    const clash = await w.as('adv1').patch('/api/customers/c3', { phones: ['138-0013-8000'] });
    expect(clash.status).toBe(409);
    expect(clash.body.current.customers.sort()).toEqual(['c1', 'c2']);
  });

  it('lists and searches by name, phone, tag and tier, page by page', async () => {
    const w = await world(await b.fresh());
    await w.as('adv1').post('/api/customers', { id: 'a1', name: '张伟', phones: ['13811112222'], tags: ['corporate'], tier: 'vip' });
    await w.as('adv1').post('/api/customers', { id: 'a2', name: '张丽', phones: ['13933334444'], tags: ['walk-in'] });
    await w.as('adv1').post('/api/customers', { id: 'a3', name: '李娜', phones: ['13755556666'], tags: ['corporate'] });
    const ids = async (qs: string, who: Persona = 'adv1') => (await w.as(who).get(`/api/customers${qs}`)).body.items.map((c: { id: string }) => c.id);
    expect(await ids('')).toEqual(['a1', 'a2', 'a3']);
    expect(await ids('?q=张')).toEqual(['a1', 'a2']);
    expect(await ids('?q=3333')).toEqual(['a2']);
    expect(await ids('?q=139-3333')).toEqual(['a2']);
    expect(await ids('?tag=corporate')).toEqual(['a1', 'a3']);
    expect(await ids('?tier=vip')).toEqual(['a1']);
    expect(await ids('', 'advB')).toEqual([]);
    const p1 = await w.as('adv1').get('/api/customers?limit=2');
    expect(p1.body.items.map((c: { id: string }) => c.id)).toEqual(['a1', 'a2']);
    expect((await w.as('adv1').get(`/api/customers?limit=2&cursor=${p1.body.nextCursor}`)).body.items.map((c: { id: string }) => c.id)).toEqual(['a3']);
    // auditors may filter but not search by personal data
    expect(await ids('?tag=corporate', 'auditor')).toEqual(['a1', 'a3']);
    expect((await w.as('auditor').get('/api/customers?q=张')).status).toBe(403);
  });

  it('masks names, phones and ID numbers by role', async () => {
    const w = await world(await b.fresh());
    await w.as('admin').post('/api/customers', { id: 'm1', name: '王小明', phones: ['13800138000'], idNumber: '110101199003071234' });
    const FULL = { name: '王小明', phones: ['13800138000'], idNumber: '110101199003071234', masked: false };
    const SERVES = { name: '王小明', phones: ['13800138000'], idNumber: '110***********1234', masked: true };
    const AUDITS = { name: '王**', phones: ['138****8000'], idNumber: '110***********1234', masked: true };
    const want: Record<Persona, object | 404> = { admin: FULL, gm: FULL, mgr1: FULL, adv1: SERVES, tech1: SERVES, adv2: SERVES, auditor: AUDITS, aud1: AUDITS, adminB: 404, advB: 404 };
    for (const [who, exp] of Object.entries(want) as [Persona, object | 404][]) {
      const one = await w.as(who).get('/api/customers/m1');
      if (exp === 404) {
        expect(one.status, who).toBe(404);
        continue;
      }
      expect(one.body, who).toMatchObject(exp);
      const listed = (await w.as(who).get('/api/customers')).body.items[0];
      expect(listed, who).toMatchObject(exp);
    }
  });

  it('masks the free attributes marked personal for people who do not serve customers; the others stay readable', async () => {
    const w = await world(await b.fresh());
    const ATTRS = { allergies: ['latex', 'fragrance'], 肤质: '干性', email: 'gu@example.com', vehicle: 'SUV', mileage: 42000, assets: 1200000 };
    await w.as('adv1').post('/api/customers', { id: 'p1', name: '顾', attributes: ATTRS });
    // before anything is declared only the built-in names (e-mail, address, birthday, WeChat) are personal
    expect((await w.as('auditor').get('/api/customers/p1')).body.attributes).toEqual({ ...ATTRS, email: 'g**' });
    expect((await w.as('adv1').put('/api/customer-attributes', { personal: ['allergies'] })).status).toBe(403);
    const set = await w.as('admin').put('/api/customer-attributes', { personal: ['肤质', 'allergies', 'assets', 'allergies'] });
    expect(set.status, set.text).toBe(200);
    expect(set.body.personal).toEqual(['allergies', 'assets', '肤质']);
    expect(set.body.builtIn).toContain('email');
    expect((await w.as('auditor').get('/api/customer-attributes')).body.personal).toEqual(['allergies', 'assets', '肤质']);
    const MASKED = { allergies: ['l**', 'f**'], 肤质: '干**', email: 'g**', vehicle: 'SUV', mileage: 42000, assets: '***' };
    const want: Record<Persona, object | 404> = { admin: ATTRS, gm: ATTRS, mgr1: ATTRS, adv1: ATTRS, tech1: ATTRS, adv2: ATTRS, auditor: MASKED, aud1: MASKED, adminB: 404, advB: 404 };
    for (const [who, exp] of Object.entries(want) as [Persona, object | 404][]) {
      const one = await w.as(who).get('/api/customers/p1');
      if (exp === 404) {
        expect(one.status, who).toBe(404);
        continue;
      }
      expect(one.body.attributes, who).toEqual(exp);
      expect((await w.as(who).get('/api/customers')).body.items[0].attributes, who).toEqual(exp);
    }
    expect((await w.as('auditor').get('/api/customers/p1')).body.masked).toBe(true);
    // the other organisation's declaration is its own: nothing personal there but the built-in names
    expect((await w.as('adminB').get('/api/customer-attributes')).body.personal).toEqual([]);
    // tier rules still read the real value
    expect((await w.as('admin').put('/api/customer-tier-rules', { rules: [{ tier: 'vip', when: 'assets >= 1000000' }] })).status).toBe(200);
    expect((await w.as('auditor').get('/api/customers/p1')).body).toMatchObject({ tier: 'vip', attributes: { assets: '***' } });
    // declaring is audited with the names, never values
    const audit = await w.db.query<{ after: unknown }>(`SELECT after FROM audit_log WHERE action = 'customer.attributes'`);
    expect(audit.rows).toEqual([{ after: { personal: ['allergies', 'assets', '肤质'] } }]);
  });

  it('sets tiers by FEEL rules, re-evaluated when data or purchases change; SOPs branch on the tier', async () => {
    const w = await world(await b.fresh());
    await w.as('adv1').post('/api/customers', { id: 't1', name: '赵', attributes: { assets: 200000 } });
    await w.as('adv1').post('/api/customers', { id: 't2', name: '钱', attributes: { assets: 2000000 } });
    const bad = await w.as('admin').put('/api/customer-tier-rules', { rules: [{ tier: 'vip', when: 'assets >=' }] });
    expect(bad.status).toBe(422);
    expect(bad.body.issues[0].path).toBe('body.rules.0.when');
    expect((await w.as('adv1').put('/api/customer-tier-rules', { rules: [] })).status).toBe(403);
    const set = await w.as('admin').put('/api/customer-tier-rules', {
      rules: [
        { tier: 'vip', when: 'assets >= 1000000' },
        { tier: 'vip', when: 'purchase.max >= 3000 or purchase.total >= 5000' },
        { tier: 'regular', when: 'purchase.count >= 1' },
      ],
    });
    expect(set.status, set.text).toBe(200);
    expect(set.body.changed).toBe(1); // t2 became vip; t1 stays without a tier
    expect((await w.as('adv1').get('/api/customers/t2')).body).toMatchObject({ tier: 'vip', tierByRule: true });
    expect((await w.as('adv1').get('/api/customers/t1')).body.tier).toBeNull();
    // purchases lift the tier: 2,000 → regular; 2,000 + 3,500 (a single one ≥ 3,000) → vip
    const p1 = await w.as('adv1').post('/api/customers/t1/purchases', { amountCents: 200_000 });
    expect(p1.status, p1.text).toBe(201);
    expect(p1.body).toMatchObject({ tierBefore: null, customer: { tier: 'regular', purchases: { totalCents: 200_000, maxCents: 200_000, count: 1 } } });
    const p2 = await w.as('adv1').post('/api/customers/t1/purchases', { amountCents: 350_000 });
    expect(p2.body).toMatchObject({ tierBefore: 'regular', customer: { tier: 'vip' } });
    // a data change re-evaluates too
    await w.as('adv1').post('/api/customers', { id: 't3', name: '孙', attributes: { assets: 10 } });
    expect((await w.as('adv1').patch('/api/customers/t3', { attributes: { assets: 5_000_000 } })).body.tier).toBe('vip');
    expect((await w.as('adv1').patch('/api/customers/t3', { attributes: { assets: 5 } })).body.tier).toBeNull();
    // by hand no more while rules exist
    const manual = await w.as('adv1').patch('/api/customers/t3', { tier: 'vip' });
    expect(manual.status).toBe(409);
    expect(manual.body.code).toBe('TIER_BY_RULE');
    // the audit log records the tier change of the purchase, without personal data
    const audit = await w.db.query<{ after: { tier: string } }>(`SELECT after FROM audit_log WHERE action = 'customer.purchase' ORDER BY seq`);
    expect(audit.rows.map((r) => r.after.tier)).toEqual(['regular', 'vip']);
    // a case started for the customer carries the tier; the SOP branches on customer.tier
    const vipCase = await w.as('adv1').post('/api/cases', { process: 'tiered', storeId: 's1', customerId: 't1' });
    expect(vipCase.status, vipCase.text).toBe(201);
    const plainCase = await w.as('adv1').post('/api/cases', { process: 'tiered', storeId: 's1', customerId: 't3' });
    const step = async (id: string) => (await w.as('adv1').get(`/api/cases/${id}`)).body.openTasks.map((t: { step: string }) => t.step);
    expect(await step(vipCase.body.id)).toEqual(['vip-lounge']);
    expect(await step(plainCase.body.id)).toEqual(['counter']);
    // rules removed → tiers are manual again
    expect((await w.as('admin').put('/api/customer-tier-rules', { rules: [] })).status).toBe(200);
    expect((await w.as('adv1').patch('/api/customers/t3', { tier: 'gold' })).body).toMatchObject({ tier: 'gold', tierByRule: false });
  });

  it('keeps notes and shows the case history of the stores you see', async () => {
    const w = await world(await b.fresh());
    await w.as('adv1').post('/api/customers', { id: 'h1', name: '周' });
    const note = await w.as('adv1').post('/api/customers/h1/notes', { text: '对香精过敏' });
    expect(note.status).toBe(201);
    expect((await w.as('mgr1').get('/api/customers/h1/notes')).body.items).toEqual([{ id: note.body.id, at: expect.any(String), by: 'adv1', text: '对香精过敏' }]);
    expect((await w.as('auditor').get('/api/customers/h1/notes')).status).toBe(403);
    const c1 = await w.as('adv1').post('/api/cases', { process: 'tiered', storeId: 's1', customerId: 'h1' });
    w.clock.now += 60_000;
    const c2 = await w.as('adv2').post('/api/cases', { process: 'tiered', storeId: 's2', customerId: 'h1' });
    const hist = async (who: Persona) => (await w.as(who).get('/api/customers/h1/cases')).body.items.map((c: { id: string }) => c.id);
    expect(await hist('admin')).toEqual([c2.body.id, c1.body.id]);
    expect(await hist('adv1')).toEqual([c1.body.id]);
    expect(await hist('adv2')).toEqual([c2.body.id]);
    expect((await w.as('advB').get('/api/customers/h1/cases')).status).toBe(404);
  });

  it('exports everything about a customer and erases it: no table keeps the phone or the name', async () => {
    const w = await world(await b.fresh());
    const NAME = '欧阳娜娜';
    const PHONE = '13912345678';
    const ID = '310101198001011234';
    const made = await w.as('adv1').post('/api/customers', { id: 'e1', name: NAME, phones: [`+86 ${PHONE}`], idNumber: ID, attributes: { allergies: 'latex' }, tags: ['vip-prospect'] }, { 'idempotency-key': 'reg-e1' });
    expect(made.status).toBe(201);
    await w.as('adv1').patch('/api/customers/e1', { name: NAME, phones: [PHONE] });
    await w.as('adv1').post('/api/customers/e1/notes', { text: `${NAME} 电话 ${PHONE}` });
    const kase = await w.as('adv1').post('/api/cases', { process: 'tiered', storeId: 's1', customerId: 'e1' });
    // a repair case whose intake form took the phone number (form values land in case data and the task result)
    const repair = await w.as('adv1').post('/api/cases', { process: 'repair', storeId: 's1', customerId: 'e1', data: { plate: `${NAME}的车` } });
    const intake = (await w.as('adv1').get(`/api/cases/${repair.body.id}`)).body.openTasks[0];
    expect((await w.as('adv1').post(`/api/tasks/${intake.id}/complete`, { form: { phone: '139-1234-5678', mileage: 10 }, checklist: { covers: true } })).status).toBe(200);
    // Free text the customer wrote or that is about them: a survey comment, a complaint's subject and description, the complaint form.
    const COMMENT = 'QX17-the-receptionist-was-rude';
    const SUBJECT = 'QX18 room 512 shower';
    const DESCRIPTION = 'QX19-she-lives-alone-in-512';
    const FORM_TEXT = 'QX20-called-back-at-night';
    const served = await w.as('adv1').post('/api/cases', { process: 'repair', storeId: 's1', customerId: 'e1', data: { plate: 'B2' } });
    for (const [who, body] of [['adv1', { form: { phone: '13800000000', mileage: 1 }, checklist: { covers: true } }], ['tech1', {}], ['adv1', {}]] as const) {
      const t = (await w.as('adv1').get(`/api/cases/${served.body.id}`)).body.openTasks[0];
      expect((await w.as(who).post(`/api/tasks/${t.id}/complete`, body)).status).toBe(200);
    }
    const link = await w.as('adv1').post(`/api/cases/${served.body.id}/survey`, {});
    expect((await w.anon.post(`/api/public/surveys/${link.body.token}`, { csat: 3, comment: COMMENT })).status).toBe(201);
    await useTemplateCalendars(w.db, 'org-a');
    await publishTemplate(w.db, 'org-a', 'utilities/hot-water-repair.yaml', w.clock.now);
    await setRoleStaff(w.db, 'org-a', 's1', 'service-desk', ['adv1']);
    const complaint = await w.as('adv1').post('/api/complaints', { storeId: 's1', customerId: 'e1', subject: SUBJECT, severity: 'valve', data: { location: 'Building 5', note: DESCRIPTION } });
    expect(complaint.status, complaint.text).toBe(201);
    const logTask = (await w.as('adv1').get(`/api/cases/${complaint.body.caseId}`)).body.openTasks[0];
    // (a new session: roles are read when a session starts)
    expect((await (await w.fresh('adv1')).post(`/api/tasks/${logTask.id}/complete`, { form: { description: FORM_TEXT } })).status).toBe(200);
    expect((await w.as('adv1').post(`/api/cases/${kase.body.id}/comments`, { text: 'QX21 prefers the back entrance' })).status).toBe(201);
    await w.as('adv1').post('/api/customers/e1/purchases', { amountCents: 9900, caseId: kase.body.id });
    const card = await w.as('adv1').post('/api/customers/e1/cards', { kind: 'balance', label: '储值卡', opening: 100_000, caseId: kase.body.id });
    expect(card.status, card.text).toBe(201);
    expect((await w.as('adv1').get('/api/customers/e1/export')).status).toBe(403);
    const exp = await w.as('admin').get('/api/customers/e1/export');
    expect(exp.status, exp.text).toBe(200);
    expect(exp.body.customer).toMatchObject({ id: 'e1', name: NAME, phones: [PHONE], idNumber: ID });
    expect(exp.body.notes).toHaveLength(1);
    expect(exp.body.purchases).toEqual([expect.objectContaining({ amountCents: 9900, caseId: kase.body.id })]);
    expect(exp.body.cards[0].ledger).toEqual([expect.objectContaining({ kind: 'open', amount: 100_000 })]);
    expect(exp.body.cases).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: kase.body.id, process: 'tiered' }), expect.objectContaining({ id: repair.body.id, data: expect.objectContaining({ phone: '139-1234-5678' }) })]),
    );
    const was = await allText(w.db);
    for (const secret of [PHONE, '139-1234-5678', NAME, ID, COMMENT, 'qx18', DESCRIPTION, FORM_TEXT, 'QX21']) expect(was, secret).toContain(secret);

    const before = await fingerprint(w.db);
    expect((await w.as('gm').post('/api/customers/e1/erase', { reason: 'request 12' })).status).toBe(403);
    expect((await w.as('adminB').post('/api/customers/e1/erase', { reason: 'request 12' })).status).toBe(404);
    expect(await fingerprint(w.db)).toBe(before);
    const erased = await w.as('admin').post('/api/customers/e1/erase', { reason: 'request 12' });
    expect(erased.status, erased.text).toBe(200);
    expect(erased.body).toMatchObject({ id: 'e1', name: null, phones: [], idNumber: null, attributes: {}, tags: [], erased: true });

    const text = await allText(w.db);
    for (const secret of [PHONE, '139-1234-5678', NAME, ID, 'latex', '138****', '欧阳', 'QX17', 'qx18', 'QX18', 'QX19', 'QX20', 'QX21']) expect(text, secret).not.toContain(secret);
    // the score, the complaint's severity and its place in the reports stay; the texts are gone
    expect((await w.as('admin').get(`/api/cases/${served.body.id}/survey`)).body).toMatchObject({ csat: 3, comment: null });
    expect((await w.as('admin').get(`/api/complaints?storeId=s1`)).body.items).toEqual([expect.objectContaining({ caseId: complaint.body.caseId, subject: '[erased]', severity: 'valve' })]);
    expect((await w.as('admin').get(`/api/cases/${complaint.body.caseId}`)).body.data).toMatchObject({ subject: '[erased]', note: '[erased]', location: '[erased]', severity: 'valve', description: '[erased]' });
    // the logs still point at the anonymous id, and the erasure itself is audited
    const audit = await w.db.query<{ action: string; actor_id: string }>(`SELECT action, actor_id FROM audit_log WHERE target_id = 'e1' ORDER BY seq`);
    expect(audit.rows.map((r) => r.action)).toEqual(['customer.create', 'customer.update', 'customer.note', 'customer.purchase', 'customer.export', 'customer.erase']);
    expect((await w.db.query(`SELECT 1 FROM cases WHERE customer_id = 'e1'`)).rows).toHaveLength(4);
    expect((await w.as('admin').get(`/api/cases/${repair.body.id}`)).body.data).toMatchObject({ plate: '[erased]', phone: '[erased]', mileage: 10 });
    expect((await w.as('admin').get(`/api/cards/${card.body.id}`)).body.card.customerId).toBe('e1');
    // erased customers leave lists, cannot be changed, and the phone is free again
    expect((await w.as('adv1').get('/api/customers')).body.items).toEqual([]);
    expect((await w.as('adv1').patch('/api/customers/e1', { tags: ['x'] })).body.code).toBe('CUSTOMER_ERASED');
    expect((await w.as('adv1').post('/api/customers', { name: NAME, phones: [PHONE] })).status).toBe(201);
  });
});
