import { expect, it } from 'vitest';
import { describeBackends } from '../store/testing/backends.ts';
import { fingerprint, makeWorld, TEST_PASSWORD } from './testing/world.ts';

describeBackends('api authentication', (b) => {
  it('login sets an HTTP-only SameSite session cookie that opens the API; logout ends it', async () => {
    const w = await makeWorld(await b.fresh());
    const res = await w.anon.post('/api/auth/login', { login: 'ADV1', password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.staff.id).toBe('adv1');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^sf_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    const jar = w.withHeaders({ cookie: cookie.split(';')[0]! });
    expect((await jar.get('/api/me')).body.staff.id).toBe('adv1');
    const out = await jar.post('/api/auth/logout');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    const after = await jar.get('/api/me');
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('SESSION_EXPIRED');
  });

  it('wrong passwords and unknown logins get the same answer; repeated failures are throttled with Retry-After', async () => {
    const w = await makeWorld(await b.fresh(), { config: { loginLimit: { maxFailures: 3, windowMs: 60_000 } } });
    const wrong = await w.anon.post('/api/auth/login', { login: 'adv1', password: 'not the password' });
    const nobody = await w.anon.post('/api/auth/login', { login: 'nobody', password: 'not the password' });
    expect([wrong.status, nobody.status]).toEqual([401, 401]);
    expect(wrong.body.detail).toBe(nobody.body.detail);
    await w.anon.post('/api/auth/login', { login: 'adv1', password: 'still wrong' });
    await w.anon.post('/api/auth/login', { login: 'adv1', password: 'wrong again' });
    const blocked = await w.anon.post('/api/auth/login', { login: 'adv1', password: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('LOGIN_THROTTLED');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    w.clock.now += 61_000;
    expect((await w.anon.post('/api/auth/login', { login: 'adv1', password: TEST_PASSWORD })).status).toBe(200);
  });

  it('sessions end after the idle time, and when the person is deactivated', async () => {
    const w = await makeWorld(await b.fresh());
    const adv = await w.fresh('adv1');
    expect((await adv.get('/api/me')).status).toBe(200);
    w.clock.now += w.deps.config.sessionIdleMs + 1;
    expect((await adv.get('/api/me')).status).toBe(401);
    const tech = await w.fresh('tech1');
    expect((await (await w.fresh('admin')).patch('/api/staff/tech1', { active: false })).status).toBe(200);
    expect((await tech.get('/api/me')).status).toBe(401);
    expect((await w.anon.post('/api/auth/login', { login: 'tech1', password: TEST_PASSWORD })).status).toBe(401);
  });

  it('changing one\'s password checks the old one, refuses weak ones, and signs out the other sessions', async () => {
    const w = await makeWorld(await b.fresh());
    const login = await w.anon.post('/api/auth/login', { login: 'adv1', password: TEST_PASSWORD });
    const here = w.withHeaders({ cookie: login.headers.get('set-cookie')!.split(';')[0]! });
    const elsewhere = await w.fresh('adv1');
    expect((await here.post('/api/auth/password', { currentPassword: 'wrong wrong', newPassword: 'a fine new passphrase' })).body.code).toBe('WRONG_PASSWORD');
    const weak = await here.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(weak.status).toBe(422);
    expect(weak.body.issues[0].path).toBe('body.newPassword');
    expect((await here.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'a fine new passphrase' })).status).toBe(204);
    expect((await here.get('/api/me')).status).toBe(200);
    expect((await elsewhere.get('/api/me')).status).toBe(401);
    expect((await w.anon.post('/api/auth/login', { login: 'adv1', password: 'a fine new passphrase' })).status).toBe(200);
    const audit = await w.as('admin').get('/api/audit?action=staff.password.change');
    expect(audit.body.items).toHaveLength(1);
    expect(JSON.stringify(audit.body)).not.toContain('passphrase');
  });

  it('API tokens act as their owner until revoked; a bad token is refused even with a valid cookie', async () => {
    const w = await makeWorld(await b.fresh());
    const made = await w.as('adv1').post('/api/tokens', { name: 'crm' });
    expect(made.status).toBe(201);
    expect(made.body.token).toMatch(/^sf_[\w-]+_[\w-]{43}$/);
    const bearer = w.withHeaders({ authorization: `Bearer ${made.body.token}` });
    expect((await bearer.get('/api/me')).body).toMatchObject({ staff: { id: 'adv1' }, via: 'token' });
    const list = await w.as('adv1').get('/api/tokens');
    expect(JSON.stringify(list.body)).not.toContain(made.body.token.slice(-20));
    expect((await w.as('adv1').delete(`/api/tokens/${made.body.record.id}`)).status).toBe(204);
    const revoked = await bearer.get('/api/me');
    expect(revoked.status).toBe(401);
    expect(revoked.body.code).toBe('TOKEN_INVALID');
    const mixed = await w.withHeaders({ authorization: 'Bearer sf_nope_' + 'x'.repeat(43), cookie: (await w.anon.post('/api/auth/login', { login: 'adv1', password: TEST_PASSWORD })).headers.get('set-cookie')!.split(';')[0]! }).get('/api/me');
    expect(mixed.status).toBe(401);
  });

  it('a change sent with the session cookie from another site is refused and changes nothing', async () => {
    const w = await makeWorld(await b.fresh());
    const before = await fingerprint(w.db);
    const res = await w.as('admin').post('/api/stores', { name: 'Evil' }, { origin: 'https://evil.example', host: 'servflow.local' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CROSS_SITE_REQUEST');
    expect((await w.as('admin').post('/api/stores', { name: 'Evil' }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect(await fingerprint(w.db)).toBe(before);
    expect((await w.as('admin').post('/api/stores', { name: 'Fine' }, { origin: 'http://servflow.local', host: 'servflow.local' })).status).toBe(201);
  });

  it('an admin cannot remove the last admin', async () => {
    const w = await makeWorld(await b.fresh());
    const res = await w.as('admin').put('/api/staff/admin/access', { access: [] });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('LAST_ADMIN');
    expect((await w.as('admin').patch('/api/staff/admin', { active: false })).body.code).toBe('LAST_ADMIN');
    expect((await w.as('admin').put('/api/staff/gm/access', { access: [{ level: 'admin' }] })).status).toBe(200);
    expect((await w.as('admin').put('/api/staff/admin/access', { access: [] })).status).toBe(200);
  });
});
