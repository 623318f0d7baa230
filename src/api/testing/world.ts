import { createApiApp } from '../app.ts';
import { DEFAULT_CONFIG, type ApiConfig, type ApiDeps } from '../deps.ts';
import { hashPassword } from '../auth/password.ts';
import { createSession } from '../auth/sessions.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { silentLogger, type Logger } from '../http/logger.ts';
import { apiRoutes } from '../routes/index.ts';
import { parseSop } from '../../model/yaml/read.ts';
import { counterIds } from '../../engine/ids.ts';
import { addOrg, addStaff, addStore, setRoleStaff } from '../../store/directory.ts';
import { publishDefinition } from '../../store/definitions.ts';
import { createStore, type Store } from '../../store/store.ts';
import { REPAIR_V1 } from './sops.ts';
import type { Db } from '../../store/db.ts';
import type { SopLibrary } from '../library.ts';

/**
 * A small world for API tests: two organisations, stores, and one person per kind of access,
 * signed in with sessions made directly (scrypt is deliberately slow; the login tests log in
 * for real). Time is a fake clock the test moves.
 *
 * Org A (org-a): stores s1 and s2.
 *   admin      organisation admin (no work roles)
 *   gm         general manager (manager of every store)
 *   auditor    organisation-wide auditor
 *   mgr1       manager of s1
 *   aud1       auditor of s1 only
 *   adv1       advisor in s1          tech1  technician in s1
 *   adv2       advisor in s2
 * Org B (org-b): store b1; adminB (admin), advB (advisor in b1).
 */

export const PERSONAS = ['admin', 'gm', 'auditor', 'mgr1', 'aud1', 'adv1', 'tech1', 'adv2', 'adminB', 'advB'] as const;
export type Persona = (typeof PERSONAS)[number];

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
  readonly text: string;
}

export interface Client {
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  get(path: string, headers?: Record<string, string>): Promise<Reply>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  put(path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  patch(path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  delete(path: string, headers?: Record<string, string>): Promise<Reply>;
}

export interface World {
  readonly db: Db;
  readonly store: Store;
  readonly deps: ApiDeps;
  readonly clock: { now: number };
  readonly app: ReturnType<typeof createApiApp>;
  readonly anon: Client;
  as(who: Persona): Client;
  /** A client with a brand-new session of this persona (for calls that end sessions). */
  fresh(who: Persona): Promise<Client>;
  /** A client sending this raw header set (cookies, tokens) with every request. */
  withHeaders(h: Record<string, string>): Client;
  /** An API token acting as this persona. */
  token(who: Persona): Promise<string>;
}

const T0 = Date.UTC(2026, 2, 2, 1, 0); // Monday 2 March 2026, 09:00 in Shanghai

/** Test config: cheap scrypt, sign-up allowed. */
export const TEST_CONFIG: ApiConfig = { ...DEFAULT_CONFIG, passwordCost: { N: 1024, r: 8, p: 1 }, signup: true };

/** The password every persona with a login gets in tests. */
export const TEST_PASSWORD = 'correct horse battery staple';

function client(app: World['app'], base: Record<string, string>): Client {
  const request = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> => {
    const h: Record<string, string> = { ...base, ...headers };
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await app.request(path, { method, headers: h, body: payload });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  };
  return {
    request,
    get: (p, h) => request('GET', p, undefined, h),
    post: (p, b, h) => request('POST', p, b, h),
    put: (p, b, h) => request('PUT', p, b, h),
    patch: (p, b, h) => request('PATCH', p, b, h),
    delete: (p, h) => request('DELETE', p, undefined, h),
  };
}

/** Builds the world on a migrated, empty database. */
export async function makeWorld(db: Db, opts: { log?: Logger; library?: SopLibrary; config?: Partial<ApiConfig> } = {}): Promise<World> {
  const clock = { now: T0 };
  const store = createStore(db, { ids: counterIds() });
  const deps: ApiDeps = { store, now: () => clock.now, log: opts.log ?? silentLogger, config: { ...TEST_CONFIG, ...opts.config }, library: opts.library ?? [] };
  const now = { now: T0 };
  const hash = await hashPassword(TEST_PASSWORD, TEST_CONFIG.passwordCost);
  const sessions = new Map<Persona, string>();
  const orgOf: Record<Persona, string> = { admin: 'org-a', gm: 'org-a', auditor: 'org-a', mgr1: 'org-a', aud1: 'org-a', adv1: 'org-a', tech1: 'org-a', adv2: 'org-a', adminB: 'org-b', advB: 'org-b' };
  await db.transaction(async (tx) => {
    await addOrg(tx, { id: 'org-a', name: 'Org A' }, now);
    await addOrg(tx, { id: 'org-b', name: 'Org B' }, now);
    await addStore(tx, { id: 's1', orgId: 'org-a', name: 'Store 1' }, now);
    await addStore(tx, { id: 's2', orgId: 'org-a', name: 'Store 2' }, now);
    await addStore(tx, { id: 'b1', orgId: 'org-b', name: 'B store' }, now);
    for (const who of PERSONAS) {
      await addStaff(tx, { id: who, orgId: orgOf[who], name: `Person ${who}` }, now);
      await tx.query(`INSERT INTO staff_logins (staff_id, org_id, login, password_hash, password_changed_at, created_at) VALUES ($1, $2, $1, $3, $4, $4)`, [
        who,
        orgOf[who],
        hash,
        new Date(T0).toISOString(),
      ]);
    }
    const grant = (staff: string, scope: string, level: string) =>
      tx.query(`INSERT INTO access_grants (org_id, staff_id, scope, level) VALUES ($1, $2, $3, $4)`, [orgOf[staff as Persona], staff, scope, level]);
    await grant('admin', '*', 'admin');
    await grant('gm', '*', 'manager');
    await grant('auditor', '*', 'auditor');
    await grant('mgr1', 's1', 'manager');
    await grant('aud1', 's1', 'auditor');
    await grant('adminB', '*', 'admin');
    await setRoleStaff(tx, 'org-a', 's1', 'advisor', ['adv1']);
    await setRoleStaff(tx, 'org-a', 's1', 'technician', ['tech1']);
    await setRoleStaff(tx, 'org-a', 's2', 'advisor', ['adv2']);
    await setRoleStaff(tx, 'org-b', 'b1', 'advisor', ['advB']);
    await setRoleStaff(tx, 'org-b', 'b1', 'technician', ['advB']);
    const repair = parseSop(REPAIR_V1, 'repair.yaml');
    for (const org of ['org-a', 'org-b']) await publishDefinition(tx, { orgId: org, definition: repair, source: REPAIR_V1, format: 'yaml' }, now);
    for (const who of PERSONAS) sessions.set(who, await createSession(tx, { orgId: orgOf[who], staffId: who }, { now: T0, idleMs: TEST_CONFIG.sessionIdleMs }));
  });
  const app = createApiApp(deps, apiRoutes());
  return {
    db,
    store,
    deps,
    clock,
    app,
    anon: client(app, {}),
    as: (who) => client(app, { cookie: `sf_session=${sessions.get(who)}` }),
    async fresh(who) {
      const secret = await createSession(db, { orgId: orgOf[who], staffId: who }, { now: clock.now, idleMs: TEST_CONFIG.sessionIdleMs });
      return client(app, { cookie: `sf_session=${secret}` });
    },
    withHeaders: (h) => client(app, h),
    async token(who) {
      const made = await createApiToken(db, { id: `tok-${who}-${Math.random().toString(36).slice(2, 8)}`, orgId: orgOf[who], staffId: who, name: 'test', createdBy: who }, { now: clock.now });
      return made.token;
    },
  };
}

/**
 * Tables a refused request may still touch: a session's last-seen time, the login throttle's
 * failure count, the migrations ledger.
 */
const BOOKKEEPING = new Set(['sessions', 'login_throttle', 'schema_migrations']);

/**
 * Everything in the database that a request could change, as one comparable value. Every table
 * of the schema counts, so a table added by a later migration is watched without editing this.
 */
export async function fingerprint(db: Db): Promise<string> {
  const listed = await db.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`);
  const tables = listed.rows.map((r) => r.t).filter((t) => !BOOKKEEPING.has(t));
  const cols = tables.map((t) => `(SELECT count(*)::text || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x.ctid)), '-') FROM "${t}" x) AS "${t}"`).join(', ');
  const r = await db.query<Record<string, string>>(`SELECT ${cols}`);
  return tables.map((t) => `${t}=${r.rows[0]?.[t]}`).join('\n');
}
