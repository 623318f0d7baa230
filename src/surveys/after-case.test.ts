import { afterEach, expect, it } from 'vitest';
import { describeBackends } from '../store/testing/backends.ts';
import { makeWorld, type World } from '../api/testing/world.ts';
import { runCareJobs } from '../schedules/care-jobs.ts';
import { csatByStaff } from '../kpi/csat.ts';
import { startReceiver, type Receiver } from '../notify/testing/receiver.ts';
import { startMailSink, type MailSink } from '../notify/testing/smtp.ts';
import { runSurveyInvitations } from './after-case.ts';
import type { Db } from '../store/db.ts';

/**
 * Survey links sent by themselves: a case of a surveyed SOP completes through the API, the
 * worker's care step sends the link through the organisation's SMS gateway (a local HTTP
 * server) or SMTP server (a local one), the customer answers on the public route, and the
 * score lands on the case, the staff and the store. Once per case, never without consent.
 */

const servers: (Receiver | MailSink)[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

const LINK = /https:\/\/m\.example\.com\/survey\/([A-Za-z0-9_-]{43})/;

async function world(b: { fresh(): Promise<Db> }, sms: Receiver): Promise<World> {
  const w = await makeWorld(await b.fresh());
  const admin = w.as('admin');
  expect((await admin.put('/api/notify/channels/sms', { settings: { url: `${sms.url}/send`, authHeader: 'Authorization', authPrefix: 'Bearer ' }, secret: 'sms-key-1234' })).status).toBe(200);
  const on = await admin.put('/api/surveys/settings/repair', { channels: ['sms', 'email'], ttlDays: 7, linkBase: 'https://m.example.com/' });
  expect(on.status, on.text).toBe(200);
  expect(on.body).toMatchObject({ process: 'repair', channels: ['sms', 'email'], ttlDays: 7, delayMinutes: 0 });
  return w;
}

async function customer(w: World, id: string, phone: string, consent: Record<string, boolean>, attributes: Record<string, unknown> = {}): Promise<void> {
  const r = await w.as('adv1').post('/api/customers', { id, name: '顾客', phones: [phone], consent, attributes });
  expect(r.status, r.text).toBe(201);
}

/** Starts a repair case for the customer and completes its three steps through the API; returns the case id and the last completion request. */
async function serve(w: World, customerId: string | undefined): Promise<{ caseId: string; last: { path: string; key: string } }> {
  const c = await w.as('adv1').post('/api/cases', { process: 'repair', storeId: 's1', customerId, data: { plate: 'A1' } });
  expect(c.status, c.text).toBe(201);
  const open = async () => (await w.as('mgr1').get(`/api/cases/${c.body.id}`)).body.openTasks[0] as { id: string; step: string };
  const complete = async (who: 'adv1' | 'tech1', body: object, key: string) => {
    const t = await open();
    const r = await w.as(who).post(`/api/tasks/${t.id}/complete`, body, { 'idempotency-key': key });
    expect(r.status, `${t.step}: ${r.text}`).toBe(200);
    return `/api/tasks/${t.id}/complete`;
  };
  await complete('adv1', { form: { phone: '13800000000', mileage: 5 }, checklist: { covers: true } }, `${c.body.id}-1`);
  await complete('tech1', {}, `${c.body.id}-2`);
  const path = await complete('adv1', {}, `${c.body.id}-3`);
  return { caseId: c.body.id, last: { path, key: `${c.body.id}-3` } };
}

const sent = (r: Receiver) => r.received.map((x) => JSON.parse(x.body) as { to: string; text: string; reference: string });

describeBackends('survey links after a case', (b) => {
  it('a completed case sends one link by SMS; the customer answers it; the score attaches to the case, staff and store; replays send nothing more', async () => {
    const sms = await startReceiver();
    servers.push(sms);
    const w = await world(b, sms);
    await customer(w, 'k1', '+86 139 1111 2222', { sms: true });
    const { caseId, last } = await serve(w, 'k1');
    expect((await w.as('mgr1').get(`/api/cases/${caseId}/survey/invitation`)).body).toMatchObject({ status: 'pending', attempts: 0 });

    // Two workers tick at the same moment: one message.
    await Promise.all([runCareJobs(w.store, w.clock.now), runCareJobs(w.store, w.clock.now)]);
    expect(sms.received).toHaveLength(1);
    expect(sms.received[0]!.headers.authorization).toBe('Bearer sms-key-1234');
    const msg = sent(sms)[0]!;
    expect(msg.to).toBe('13911112222');
    expect(msg.reference).toBe(`survey-${caseId}`);
    expect(msg.text).toContain('【Store 1】');
    expect(msg.text).toContain('「报修」');
    expect(msg.text).toContain('7天内有效');
    const token = LINK.exec(msg.text)?.[1];
    expect(token, msg.text).toBeDefined();
    const inv = (await w.as('mgr1').get(`/api/cases/${caseId}/survey/invitation`)).body;
    expect(inv).toMatchObject({ status: 'sent', channel: 'sms', attempts: 1, skipReason: null, expiresAt: new Date(w.clock.now + 7 * 86_400_000).toISOString() });

    // The link works on the public page route, once.
    const page = await w.anon.get(`/api/public/surveys/${token}`);
    expect(page.status, page.text).toBe(200);
    expect(page.body).toMatchObject({ process: { zh: '报修' }, store: 'Store 1' });
    expect((await w.anon.post(`/api/public/surveys/${token}`, { csat: 5, nps: 10, comment: '很快' })).status).toBe(201);
    expect((await w.anon.post(`/api/public/surveys/${token}`, { csat: 1 })).status).toBe(410);
    expect((await w.as('mgr1').get(`/api/cases/${caseId}/survey`)).body).toMatchObject({ caseId, storeId: 's1', staffIds: ['adv1', 'tech1'], csat: 5, nps: 10, comment: '很快' });
    expect((await csatByStaff(w.db, { orgId: 'org-a' })).map((r) => [r.staffId, r.avgScore])).toEqual([
      ['adv1', 5],
      ['tech1', 5],
    ]);

    // Sending the completion again (a client retry) is refused and appends no event; later ticks send nothing.
    for (const headers of [{ 'idempotency-key': last.key }, {}] as Record<string, string>[]) expect((await w.as('adv1').post(last.path, {}, headers)).status).toBe(409);
    for (let day = 0; day < 3; day++) {
      w.clock.now += 86_400_000;
      await runCareJobs(w.store, w.clock.now);
    }
    expect(sms.received).toHaveLength(1);
    expect((await w.db.query(`SELECT 1 FROM survey_invitations`)).rows).toHaveLength(1);
  });

  it('no consent, a survey opt-out or no customer: no link, and the reason is kept; an SOP without settings makes no invitation', async () => {
    const sms = await startReceiver();
    servers.push(sms);
    const w = await world(b, sms);
    await customer(w, 'n1', '13922223333', {});
    await customer(w, 'n2', '13933334444', { sms: true, survey: false });
    const a = await serve(w, 'n1');
    const c = await serve(w, 'n2');
    const none = await serve(w, undefined);
    expect(await runSurveyInvitations(w.store, w.clock.now)).toEqual({ sent: 0, skipped: 3, failed: 0 });
    expect((await w.as('mgr1').get(`/api/cases/${none.caseId}/survey/invitation`)).body).toMatchObject({ status: 'skipped', skipReason: 'no customer on the case' });
    expect(sms.received).toHaveLength(0);
    expect((await w.as('mgr1').get(`/api/cases/${a.caseId}/survey/invitation`)).body).toMatchObject({ status: 'skipped', skipReason: 'sms: no consent; email: no consent' });
    expect((await w.as('mgr1').get(`/api/cases/${c.caseId}/survey/invitation`)).body).toMatchObject({ status: 'skipped', skipReason: 'the customer declined surveys' });
    expect((await w.db.query(`SELECT 1 FROM public_tokens`)).rows).toHaveLength(0);
    // Who sees whether a link went out: the organisation's people who see the store.
    const path = `/api/cases/${a.caseId}/survey/invitation`;
    for (const [who, status] of [['auditor', 200], ['aud1', 200], ['tech1', 200], ['adv2', 404], ['advB', 404], ['adminB', 404]] as const) expect((await w.as(who).get(path)).status, who).toBe(status);
    expect((await w.anon.get(path)).status).toBe(401);

    // Switched off: cases completing afterwards make no invitation at all.
    expect((await w.as('adv1').delete('/api/surveys/settings/repair')).status).toBe(403);
    expect((await w.as('admin').delete('/api/surveys/settings/repair')).status).toBe(204);
    await customer(w, 'n3', '13944445555', { sms: true });
    const d = await serve(w, 'n3');
    expect((await w.as('mgr1').get(`/api/cases/${d.caseId}/survey/invitation`)).status).toBe(404);
    await runCareJobs(w.store, w.clock.now);
    expect(sms.received).toHaveLength(0);
  });

  it('waits the configured delay, falls back to e-mail, and retries a failed send with a new link (the unsent one is withdrawn)', async () => {
    let failFirst = true;
    const sms = await startReceiver();
    const smtp = await startMailSink({ rejectRcpt: () => (failFirst ? ((failFirst = false), true) : false) });
    servers.push(sms, smtp);
    const w = await world(b, sms);
    expect((await w.as('admin').put('/api/notify/channels/email', { settings: { host: '127.0.0.1', port: smtp.port, from: 'Store <noreply@example.com>' } })).status).toBe(200);
    expect((await w.as('admin').put('/api/surveys/settings/repair', { channels: ['sms', 'email'], ttlDays: 3, delayMinutes: 30, linkBase: 'https://m.example.com' })).status).toBe(200);
    // consented to e-mail only
    await customer(w, 'e1', '13955556666', { email: true }, { email: 'gu@example.com' });
    const { caseId } = await serve(w, 'e1');
    expect(await runSurveyInvitations(w.store, w.clock.now)).toEqual({ sent: 0, skipped: 0, failed: 0 });
    w.clock.now += 30 * 60_000;
    expect(await runSurveyInvitations(w.store, w.clock.now)).toEqual({ sent: 0, skipped: 0, failed: 1 });
    const failed = (await w.as('admin').get(`/api/cases/${caseId}/survey/invitation`)).body;
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: new Date(w.clock.now + 60_000).toISOString(), lastError: expect.stringContaining('unavailable') });
    expect((await w.as('mgr1').get(`/api/cases/${caseId}/survey/invitation`)).body.lastError).toBeNull();
    expect((await w.db.query(`SELECT revoked_at FROM public_tokens WHERE revoked_at IS NOT NULL`)).rows).toHaveLength(1);
    w.clock.now += 60_000;
    expect(await runSurveyInvitations(w.store, w.clock.now)).toEqual({ sent: 1, skipped: 0, failed: 0 });
    expect(sms.received).toHaveLength(0);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.to).toEqual(['gu@example.com']);
    const token = LINK.exec(smtp.mails[0]!.raw.replace(/=\r?\n/g, ''))?.[1];
    expect(token, smtp.mails[0]!.raw).toBeDefined();
    expect((await w.anon.post(`/api/public/surveys/${token}`, { csat: 2 })).status).toBe(201);
    expect((await w.as('mgr1').get(`/api/cases/${caseId}/survey/invitation`)).body).toMatchObject({ status: 'sent', channel: 'email', attempts: 2 });
  });

  it('settings: admins only, validated, audited; everyone reads them', async () => {
    const sms = await startReceiver();
    servers.push(sms);
    const w = await world(b, sms);
    expect((await w.as('mgr1').put('/api/surveys/settings/repair', { linkBase: 'https://x.example.com' })).status).toBe(403);
    expect((await w.as('admin').put('/api/surveys/settings/repair', { linkBase: 'ftp://x' })).status).toBe(400);
    expect((await w.as('admin').put('/api/surveys/settings/repair', { linkBase: 'https://x.example.com', channels: ['wecom'] })).status).toBe(400);
    expect((await w.as('adv1').get('/api/surveys/settings')).body.items.map((s: { process: string }) => s.process)).toEqual(['repair']);
    expect((await w.as('advB').get('/api/surveys/settings')).body.items).toEqual([]);
    expect((await w.db.query(`SELECT action FROM audit_log WHERE action = 'survey.settings'`)).rows).toHaveLength(1);
  });
});
