import { generatePassword, hashPassword, type ScryptCost } from '../api/auth/password.ts';
import { addOrg, addStaff, addStore, setRoleStaff } from '../store/directory.ts';
import { getDefinition, publishDefinition } from '../store/definitions.ts';
import { compile } from '../model/index.ts';
import { writeDemoData, type DemoDataResult } from './demo-data.ts';
import type { LibraryEntry } from '../api/library.ts';
import type { Logger } from '../api/http/logger.ts';
import type { CalendarSpec } from '../calendar/spec.ts';
import type { Store } from '../store/store.ts';
import type { Tx } from '../store/db.ts';

/**
 * The demo organisation a fresh server starts with, so a new user can sign in and run the
 * template SOPs at once:
 *
 * - `demo-hq` (演示旗舰店): the demo admin holds every role of every template here and nobody
 *   else does, so one person can walk any SOP end to end (rotation always lands on them);
 * - `demo-east` (东区分店): six demo staff share the roles two by two (rotation and queues look
 *   real), with a store manager; an organisation-wide auditor reads everything.
 *
 * Only the admin gets a login, with a generated password printed once on first start: there is
 * no fixed default password to forget to change.
 */

export const DEMO_ORG = 'demo';
export const DEMO_ADMIN_LOGIN = 'admin';

const every = (hours: [string, string][]) => ({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours, sun: hours });

/** Calendars the templates name (`calendar: store`, `campus`, `office`). */
export const DEMO_CALENDARS: Readonly<Record<string, CalendarSpec>> = {
  store: { timezone: 'Asia/Shanghai', week: every([['08:30', '18:00']]), holidays: 'none' },
  campus: { timezone: 'Asia/Shanghai', week: every([['07:00', '23:00']]), holidays: 'none' },
  office: { timezone: 'Asia/Shanghai', holidays: 'CN' },
};

const DEMO_STAFF = [
  { id: 'demo-wang', name: '王芳' },
  { id: 'demo-li', name: '李强' },
  { id: 'demo-zhang', name: '张伟' },
  { id: 'demo-liu', name: '刘洋' },
  { id: 'demo-chen', name: '陈静' },
  { id: 'demo-zhao', name: '赵磊' },
];

export interface SeedResult {
  /** True when this call created the demo organisation (first start). */
  readonly created: boolean;
  /** The admin's credentials, only when just created. */
  readonly admin?: { readonly login: string; readonly password: string };
  /** The simulated history and the customers around it, written on creation (see demo-data.ts). */
  readonly history?: DemoDataResult;
}

/** How much demo history a first start writes: `days` back from now (0: none). */
export const DEMO_HISTORY_DAYS = 21;

/** Publishes library templates the organisation does not have yet (same key and version). */
export async function installLibrary(tx: Tx, orgId: string, library: readonly LibraryEntry[], now: number, log: Logger): Promise<number> {
  let n = 0;
  for (const e of library) {
    const d = e.definition;
    const have = await getDefinition(tx, orgId, d.key, d.version);
    if (have !== undefined) {
      if (have.source !== e.source) log.log('warn', 'template changed but kept its version: not republished', { file: e.file, key: d.key, version: d.version });
      continue;
    }
    await publishDefinition(tx, { orgId, definition: d, source: e.source, format: 'yaml' }, { now });
    n++;
  }
  return n;
}

/**
 * Creates the demo organisation unless it exists, and publishes new library templates into it.
 * Several processes starting at once on one PostgreSQL server take turns on an advisory lock;
 * only the first creates (and reports the password).
 */
export async function seedDemo(
  store: Store,
  library: readonly LibraryEntry[],
  opts: { now: number; log: Logger; passwordCost?: ScryptCost; historyDays?: number },
): Promise<SeedResult> {
  const password = generatePassword();
  const hash = await hashPassword(password, opts.passwordCost);
  return store.db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('servflow.seed-demo'))`);
    const exists = (await tx.query(`SELECT 1 FROM orgs WHERE id = $1`, [DEMO_ORG])).rows.length > 0;
    if (exists) {
      const added = await installLibrary(tx, DEMO_ORG, library, opts.now, opts.log);
      if (added > 0) opts.log.log('info', 'new templates published into the demo organisation', { count: added });
      return { created: false };
    }
    const now = { now: opts.now };
    await addOrg(tx, { id: DEMO_ORG, name: '演示集团 Demo Group', timeZone: 'Asia/Shanghai', calendars: DEMO_CALENDARS }, now);
    await addStore(tx, { id: 'demo-hq', orgId: DEMO_ORG, name: '演示旗舰店 Demo flagship', calendar: DEMO_CALENDARS.store }, now);
    await addStore(tx, { id: 'demo-east', orgId: DEMO_ORG, name: '东区分店 East branch', calendar: DEMO_CALENDARS.store }, now);
    await addStaff(tx, { id: 'demo-admin', orgId: DEMO_ORG, name: '演示管理员 Demo admin' }, now);
    for (const s of DEMO_STAFF) await addStaff(tx, { id: s.id, orgId: DEMO_ORG, name: s.name }, now);
    await addStaff(tx, { id: 'demo-manager', orgId: DEMO_ORG, name: '孙经理' }, now);
    await addStaff(tx, { id: 'demo-auditor', orgId: DEMO_ORG, name: '周审计' }, now);
    await tx.query(`INSERT INTO staff_logins (staff_id, org_id, login, password_hash, password_changed_at, created_at) VALUES ('demo-admin', $1, $2, $3, $4, $4)`, [
      DEMO_ORG,
      DEMO_ADMIN_LOGIN,
      hash,
      new Date(opts.now).toISOString(),
    ]);
    await tx.query(
      `INSERT INTO access_grants (org_id, staff_id, scope, level) VALUES ($1, 'demo-admin', '*', 'admin'), ($1, 'demo-manager', 'demo-east', 'manager'), ($1, 'demo-auditor', '*', 'auditor')`,
      [DEMO_ORG],
    );
    const roles = [...new Set(library.flatMap((e) => e.definition.roles.map((r) => r.id)))].sort();
    const east = new Map<string, string[]>();
    for (const [i, role] of roles.entries()) {
      await setRoleStaff(tx, DEMO_ORG, 'demo-hq', role, ['demo-admin']);
      const a = DEMO_STAFF[i % DEMO_STAFF.length]!.id;
      const b = DEMO_STAFF[(i + 1) % DEMO_STAFF.length]!.id;
      east.set(role, [a, b]);
      await setRoleStaff(tx, DEMO_ORG, 'demo-east', role, [a, b]);
    }
    await installLibrary(tx, DEMO_ORG, library, opts.now, opts.log);
    const days = opts.historyDays ?? DEMO_HISTORY_DAYS;
    let history: DemoDataResult | undefined;
    if (days > 0) {
      const t0 = Date.now();
      history = await writeDemoData(
        tx,
        store,
        library.map((e) => compile(e.definition)),
        {
          orgId: DEMO_ORG,
          now: opts.now,
          days,
          calendars: DEMO_CALENDARS,
          stores: [
            // The branch does most of the work; the flagship's only person is the admin, who finds a few cases waiting.
            { storeId: 'demo-east', staff: (role) => east.get(role) ?? [], casesPerDay: 1, backlogHours: 48, calendar: DEMO_CALENDARS.store! },
            { storeId: 'demo-hq', staff: () => ['demo-admin'], casesPerDay: 0.5, backlogHours: 48, calendar: DEMO_CALENDARS.store! },
          ],
          onSkip: (key, reason) => opts.log.log('warn', 'demo history: template not simulated', { key, reason }),
        },
      );
      const a = history.around;
      opts.log.log('info', 'demo history written', {
        days,
        cases: history.cases,
        ended: history.ended,
        open: history.open,
        customers: a.customers,
        cards: a.cards,
        appointments: a.appointments,
        complaints: a.complaints,
        surveys: a.surveys,
        ms: Date.now() - t0,
        simulateMs: history.simulateMs,
        writeMs: history.writeMs,
        customersMs: a.ms,
      });
    }
    return { created: true, admin: { login: DEMO_ADMIN_LOGIN, password }, history };
  });
}

/** Gives the demo admin a new generated password (for a lost first-start password). */
export async function resetDemoAdminPassword(store: Store, opts: { now: number; passwordCost?: ScryptCost }): Promise<string | undefined> {
  const password = generatePassword();
  const hash = await hashPassword(password, opts.passwordCost);
  const r = await store.db.query(`UPDATE staff_logins SET password_hash = $2, password_changed_at = $3 WHERE staff_id = 'demo-admin' AND org_id = $1`, [DEMO_ORG, hash, new Date(opts.now).toISOString()]);
  if (r.rowCount === 0) return undefined;
  await store.db.query(`DELETE FROM sessions WHERE staff_id = 'demo-admin'`);
  return password;
}
