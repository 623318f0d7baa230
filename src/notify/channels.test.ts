import { afterEach, expect, it } from 'vitest';
import { describeBackends } from '../store/testing/backends.ts';
import { makeWorld, type World } from '../api/testing/world.ts';
import { deliverNotifications } from '../runtime/notifications.ts';
import { orgChannel } from './org-channel.ts';
import { startReceiver, type Receiver } from './testing/receiver.ts';
import { startMailSink, type MailSink } from './testing/smtp.ts';
import { renderTemplate } from './channels/transports.ts';
import { purgeNotifyLog } from './webhook-store.ts';
import { useTestSecretKey } from './testing/secret-key.ts';

useTestSecretKey();

/**
 * Notification channels end to end: configured through the API, fed by the real outbox (a
 * reassignment notifies the new assignee), sent to a local SMTP server and a local HTTP server
 * started here. Nothing is faked between the outbox and the wire.
 */

const servers: (Receiver | MailSink)[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

/** The text of a MIME message: headers as they are, quoted-printable and base64 parts decoded. */
function mailText(raw: string): string {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/content-transfer-encoding:\s*base64/i.test(head)) return `${head}\n\n${Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')}`;
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => `%${h}`);
    return `${head}\n\n${decodeURIComponent(bytes)}`;
  }
  return raw;
}

async function reassignToAdv1(w: World): Promise<{ caseId: string; taskId: string }> {
  const c = await w.as('adv1').post('/api/cases', { process: 'repair', storeId: 's1', data: { plate: 'A1' } });
  expect(c.status, c.text).toBe(201);
  const caseId: string = c.body.id;
  const taskId = (await w.db.query<{ id: string }>(`SELECT id FROM tasks WHERE case_id = $1 AND status = 'open'`, [caseId])).rows[0]!.id;
  const r = await w.as('mgr1').post(`/api/tasks/${taskId}/reassign`, { to: { staffId: 'adv1' } });
  expect(r.status, r.text).toBe(200);
  return { caseId, taskId };
}

const pendingNotifications = async (w: World) =>
  (await w.db.query<{ status: string; attempts: number; last_error: string | null }>(`SELECT status, attempts, last_error FROM notifications WHERE reason = 'task.assigned' ORDER BY id`)).rows;

describeBackends('notification channels', (b) => {
  it('routes task.assigned to e-mail (SMTP with login) and WeCom (HTTP JSON with auth header); secrets are never shown', async () => {
    const w = await makeWorld(await b.fresh());
    const smtp = await startMailSink({ auth: { user: 'mailer', pass: 'smtp-pass-123' } });
    const wecom = await startReceiver(() => ({ status: 200, body: '{"errcode":0,"errmsg":"ok"}' }));
    servers.push(smtp, wecom);
    const admin = w.as('admin');

    expect((await w.as('adv1').put('/api/staff/adv1/contact', { email: 'adv1@example.com', wecomUserId: 'ZhangSan' })).status).toBe(200);
    const email = await admin.put('/api/notify/channels/email', { settings: { host: '127.0.0.1', port: smtp.port, user: 'mailer', from: 'servflow <noreply@example.com>' }, secret: 'smtp-pass-123' });
    expect(email.status, email.text).toBe(200);
    expect(email.body.secretHint).toBe('••••');
    expect(email.body.secretSet).toBe(true);
    const wc = await admin.put('/api/notify/channels/wecom', {
      settings: { url: `${wecom.url}/cgi-bin/message/send?access_token={{secret}}`, authHeader: 'X-Api-Key', bodyTemplate: { touser: '{{to}}', msgtype: 'text', agentid: 1000002, text: { content: '{{text}}' } }, successField: 'errcode', successValue: 0 },
      secret: 'wecom-token-xyz',
    });
    expect(wc.status, wc.text).toBe(200);
    expect((await admin.put('/api/notify/routing', { routes: { 'task.assigned': ['email', 'wecom'], '*': [] } })).status).toBe(200);

    const listed = await admin.get('/api/notify/channels');
    expect(listed.text).not.toContain('smtp-pass-123');
    expect(listed.text).not.toContain('wecom-token-xyz');
    const audit = await w.db.query<{ t: string }>(`SELECT coalesce(before::text, '') || after::text AS t FROM audit_log`);
    expect(audit.rows.map((r) => r.t).join(' ')).not.toMatch(/smtp-pass-123|wecom-token-xyz|adv1@example\.com|ZhangSan/);

    const { caseId, taskId } = await reassignToAdv1(w);
    const out = await deliverNotifications(w.store, w.clock.now, { channel: orgChannel(w.store, { now: () => w.clock.now }) });
    expect(out).toEqual({ delivered: 1, failed: 0 });

    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.to).toEqual(['adv1@example.com']);
    expect(mail.from).toBe('noreply@example.com');
    expect(mail.user).toBe('mailer');
    const text = mailText(mail.raw);
    expect(text).toContain(caseId);
    expect(text).toContain(taskId);
    expect(text).toContain('新任务：接待登记 · 报修');
    expect(mail.raw).toMatch(/^Subject: /m);

    expect(wecom.received).toHaveLength(1);
    const req = wecom.received[0]!;
    expect(req.url).toBe('/cgi-bin/message/send?access_token=wecom-token-xyz');
    expect(req.headers['x-api-key']).toBe('wecom-token-xyz');
    const body = JSON.parse(req.body);
    expect(body).toMatchObject({ touser: 'ZhangSan', msgtype: 'text', agentid: 1000002 });
    expect(body.text.content).toContain(caseId);
    expect(await pendingNotifications(w)).toEqual([{ status: 'delivered', attempts: 1, last_error: null }]);
  });

  it('SMS to a whole role; a failing gateway is retried with backoff and those already reached are not messaged twice', async () => {
    const w = await makeWorld(await b.fresh());
    // The gateway refuses adv1's number twice (as if that route were down), then accepts.
    let refusals = 0;
    const sms = await startReceiver((_n, r) => (JSON.parse(r.body).to === '13800000001' && refusals++ < 2 ? 502 : 200));
    servers.push(sms);
    const admin = w.as('admin');
    await admin.put('/api/staff/adv1/contact', { phone: '13800000001' });
    await admin.put('/api/staff/tech1/contact', { phone: '13800000002' });
    expect((await admin.post('/api/staff', { id: 'adv9', name: 'Second advisor' })).status).toBe(201);
    expect((await admin.put('/api/stores/s1/roster/advisor', { staff: ['adv1', 'adv9'] })).status).toBe(200);
    await admin.put('/api/staff/adv9/contact', { phone: '13800000009' });
    expect((await admin.put('/api/notify/channels/sms', { settings: { url: `${sms.url}/send`, authHeader: 'Authorization', authPrefix: 'Bearer ' }, secret: 'sms-key' })).status).toBe(200);
    expect((await admin.put('/api/notify/routing', { routes: { '*': ['sms'] } })).status).toBe(200);

    // A notification for a role (as SLA warnings are): every holder of the role in the store.
    await w.db.query(
      `INSERT INTO notifications (org_id, case_id, store_id, to_role, reason, message, status, created_at) VALUES ('org-a', 'c-x', 's1', 'advisor', 'sla.warning', '{"zh":"接待登记快超时"}', 'pending', $1)`,
      [new Date(w.clock.now).toISOString()],
    );
    await w.db.query(
      `INSERT INTO notifications (org_id, case_id, store_id, to_role, reason, message, status, created_at) VALUES ('org-a', 'c-x', 's1', 'technician', 'sla.warning', null, 'pending', $1)`,
      [new Date(w.clock.now).toISOString()],
    );
    const channel = orgChannel(w.store, { now: () => w.clock.now });
    expect(await deliverNotifications(w.store, w.clock.now, { channel })).toEqual({ delivered: 1, failed: 1 });
    expect(await deliverNotifications(w.store, w.clock.now, { channel }), 'not due again before the backoff').toEqual({ delivered: 0, failed: 0 });
    // The outbox as admins see it: the advisors' warning waits for a retry, with the error and the send that went out.
    const outbox = (await admin.get('/api/notify/outbox')).body.items as { to: unknown; status: string; attempts: number; lastError: string | null; nextAttemptAt: string | null; sends: { channel: string; staffId: string }[] }[];
    expect(outbox.map((n) => [n.to, n.status, n.attempts, n.sends.map((x) => `${x.channel}/${x.staffId}`)])).toEqual([
      [{ role: 'technician' }, 'delivered', 1, ['sms/tech1']],
      [{ role: 'advisor' }, 'retrying', 1, ['sms/adv9']],
    ]);
    expect(outbox[1]!.lastError).toMatch(/sms to adv1: .*HTTP 502/);
    expect(outbox[1]!.nextAttemptAt).toBe(new Date(w.clock.now + 10_000).toISOString());
    expect((await admin.get('/api/notify/outbox?status=retrying')).body.items.map((n: { to: unknown }) => n.to)).toEqual([{ role: 'advisor' }]);
    expect((await admin.get('/api/notify/outbox?status=failed')).body.items).toEqual([]);
    expect((await admin.get('/api/notify/outbox?limit=1')).body.nextCursor).not.toBeNull();
    w.clock.now += 10_000;
    expect(await deliverNotifications(w.store, w.clock.now, { channel })).toEqual({ delivered: 0, failed: 1 });
    w.clock.now += 30_000;
    expect(await deliverNotifications(w.store, w.clock.now, { channel })).toEqual({ delivered: 1, failed: 0 });

    const to = sms.received.map((r) => JSON.parse(r.body).to as string);
    expect(to.filter((x) => x === '13800000002'), 'tech1 was messaged once').toHaveLength(1);
    expect(to.filter((x) => x === '13800000009'), 'adv9, reached on the first try, was not messaged again on the retries').toHaveLength(1);
    expect(to.filter((x) => x === '13800000001'), 'adv1: two refusals, one success').toHaveLength(3);
    expect(sms.received.every((r) => r.headers.authorization === 'Bearer sms-key')).toBe(true);
    const advText = sms.received.map((r) => JSON.parse(r.body)).find((x) => x.to === '13800000001')!.text;
    expect(advText).toContain('接待登记快超时');
    expect(advText, 'no such case: no names, still the ids').toContain('工单 c-x');
    const rows = (await w.db.query<{ status: string; attempts: number }>(`SELECT status, attempts FROM notifications ORDER BY id`)).rows;
    expect(rows).toEqual([
      { status: 'delivered', attempts: 3 },
      { status: 'delivered', attempts: 1 },
    ]);
    const sends = async () => (await w.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM notification_sends`)).rows[0]!.n;
    expect(await sends(), 'one record per person reached').toBe(3);
    expect(await purgeNotifyLog(w.db, w.clock.now + 29 * 86_400_000)).toEqual({ deliveries: 0, sends: 0 });
    expect(await purgeNotifyLog(w.db, w.clock.now + 31 * 86_400_000)).toEqual({ deliveries: 0, sends: 3 });
    expect(await sends()).toBe(0);
  });

  it('an SMTP server refusing the recipient leaves the notification to retry, with the error recorded', async () => {
    const w = await makeWorld(await b.fresh());
    const smtp = await startMailSink({ rejectRcpt: (to) => to === 'adv1@example.com' });
    servers.push(smtp);
    await w.as('admin').put('/api/staff/adv1/contact', { email: 'adv1@example.com' });
    await w.as('admin').put('/api/notify/channels/email', { settings: { host: '127.0.0.1', port: smtp.port, from: 'noreply@example.com' } });
    await w.as('admin').put('/api/notify/routing', { routes: { 'task.assigned': ['email'] } });
    await reassignToAdv1(w);
    expect(await deliverNotifications(w.store, w.clock.now, { channel: orgChannel(w.store) })).toEqual({ delivered: 0, failed: 1 });
    const [n] = await pendingNotifications(w);
    expect(n!.status).toBe('pending');
    expect(n!.last_error).toMatch(/e-mail via 127\.0\.0\.1.*(450|unavailable)/);
  });

  it('without routing the organisation keeps the log channel; a reason routed nowhere sends nothing', async () => {
    const w = await makeWorld(await b.fresh());
    const lines: string[] = [];
    await reassignToAdv1(w);
    const channel = orgChannel(w.store, { fallback: { deliver: async (n) => void lines.push(`${n.reason}`) } });
    expect(await deliverNotifications(w.store, w.clock.now, { channel })).toEqual({ delivered: 1, failed: 0 });
    expect(lines).toEqual(['task.assigned']);
    await w.as('admin').put('/api/notify/routing', { routes: { 'sla.breach': ['sms'] } });
    await reassignToAdv1(w);
    expect(await deliverNotifications(w.store, w.clock.now, { channel })).toEqual({ delivered: 1, failed: 0 });
    expect(lines).toEqual(['task.assigned']);
  });

  it('send test: reaches the address, or says clearly why not; bad settings are refused with their issues', async () => {
    const w = await makeWorld(await b.fresh());
    const sms = await startReceiver((n) => (n === 1 ? 200 : 500));
    servers.push(sms);
    const admin = w.as('admin');
    await admin.put('/api/notify/channels/sms', { settings: { url: sms.url, bodyTemplate: { mobile: '{{to}}', content: '{{text}}' } } });
    const none = await admin.post('/api/notify/channels/sms/test', { staffId: 'tech1' });
    expect(none.status).toBe(409);
    expect(none.body.code).toBe('NO_CONTACT');
    await admin.put('/api/staff/tech1/contact', { phone: '+86 138-0000-0003' });
    expect((await admin.post('/api/notify/channels/sms/test', { staffId: 'tech1' })).body).toEqual({ ok: true, error: null });
    expect(JSON.parse(sms.received[0]!.body)).toMatchObject({ mobile: '+86 138-0000-0003' });
    const failed = await admin.post('/api/notify/channels/sms/test', { staffId: 'tech1' });
    expect(failed.body.ok).toBe(false);
    expect(failed.body.error).toMatch(/HTTP 500/);

    const bad = await admin.put('/api/notify/channels/email', { settings: { host: '', port: 99999, from: 'x@example.com' } });
    expect(bad.status).toBe(422);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.settings.host', 'body.settings.port']);
    const badPhone = await admin.put('/api/staff/tech1/contact', { phone: 'call me' });
    expect(badPhone.status).toBe(400);
  });

  it('messages name the step and process in the language of the SOP', async () => {
    const { composeMessage } = await import('./org-channel.ts');
    const names = { process: { zh: '报修', en: 'Repair' }, step: { zh: '接待登记', en: 'Intake' } };
    expect(composeMessage({ reason: 'sla.breach', message: null, caseId: 'c1', taskId: 't1' }, names)).toEqual({ subject: '[servflow] 已超时: 接待登记 · 报修', text: '已超时：接待登记 · 报修（工单 c1 · 任务 t1）' });
    expect(composeMessage({ reason: 'sla.breach', message: { en: 'Call the customer' }, caseId: 'c1', taskId: null }, { process: { en: 'Repair' }, step: { en: 'Intake' } })).toEqual({
      subject: '[servflow] SLA breached: Intake · Repair',
      text: 'SLA breached: Intake · Repair, Call the customer (case c1)',
    });
  });

  it('body templates fill placeholders everywhere and refuse unknown ones', () => {
    expect(renderTemplate({ a: ['{{to}}', 1, { b: 'x {{text}} y' }], n: null }, { to: 'T', text: 'hi' })).toEqual({ a: ['T', 1, { b: 'x hi y' }], n: null });
    expect(() => renderTemplate({ a: '{{phone}}' }, { to: 'T' })).toThrow(/\{\{phone\}\}.*not a known variable/);
  });
});
