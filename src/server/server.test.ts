import { describe, expect, it } from 'vitest';
import { silentLogger } from '../api/http/logger.ts';
import { describeBackends } from '../store/testing/backends.ts';
import { configFromEnv } from './config.ts';
import { seedDemo } from './seed.ts';
import { startServer } from './server.ts';

describeBackends('server', (b) => {
  it('starts on a free port, seeds the demo organisation once with a generated admin password, and serves the API', async () => {
    const db = await b.fresh();
    const config = { ...configFromEnv({ PORT: '0', HOST: '127.0.0.1' }), api: { ...configFromEnv({}).api, passwordCost: { N: 1024, r: 8, p: 1 } } };
    const server = await startServer({ db, config, log: silentLogger, web: false });
    try {
      expect(server.seed.created).toBe(true);
      const password = server.seed.admin!.password;
      expect(password).toMatch(/^[\w]{4}-[\w]{4}-[\w]{4}-[\w]{4}$/);
      expect(server.library.length).toBeGreaterThan(0);

      expect(await (await fetch(`${server.url}/health`)).json()).toEqual({ ok: true, database: db.backend });
      const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password }) });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const defs = (await (await fetch(`${server.url}/api/definitions?limit=200`, { headers: { cookie } })).json()) as { items: { key: string; latestPublished: number | null }[] };
      expect(defs.items.map((d) => d.key).sort()).toEqual(server.library.map((e) => e.definition.key).sort());
      const docs = await fetch(`${server.url}/api/docs`);
      expect(docs.headers.get('content-type')).toMatch(/text\/html/);
      const again = await seedDemo(server.deps.store, server.library, { now: Date.now(), log: silentLogger, passwordCost: { N: 1024, r: 8, p: 1 } });
      expect(again).toEqual({ created: false });
      const spec = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { openapi: string };
      expect(spec.openapi).toBe('3.1.0');
    } finally {
      await server.close().catch(() => undefined);
    }
  }, 300_000);
});

describe('server configuration', () => {
  it('never seeds demo data (or its password) in production unless asked, and marks cookies Secure there', () => {
    const prod = configFromEnv({ NODE_ENV: 'production' });
    expect(prod.seedDemo).toBe(false);
    expect(prod.api.secureCookies).toBe(true);
    expect(prod.api.signup).toBe(false);
    expect(configFromEnv({ NODE_ENV: 'production', SERVFLOW_DEMO: '1' }).seedDemo).toBe(true);
    const dev = configFromEnv({});
    expect([dev.seedDemo, dev.api.secureCookies, dev.port]).toEqual([true, false, 3000]);
    expect(() => configFromEnv({ PORT: 'eighty' })).toThrow(/PORT/);
  });
});
