import { DEFAULT_CONFIG, silentLogger, type ApiDeps } from '../../../src/api/index.ts';
import { hashPassword } from '../../../src/api/auth/password.ts';
import { parseSop } from '../../../src/model/index.ts';
import { addCustomer, addOrg, addStaff, addStore, createStore, executeCommand, migrate, publishDefinition, setRoleStaff, startCase, openPglite, type Db, type Store } from '../../../src/store/index.ts';
import { counterIds } from '../../../src/engine/ids.ts';
import { DEMO_SOP } from './demo-sop.ts';

/**
 * The world the browser tests, screenshots and benchmark run in: one organisation (Asia/Shanghai)
 * with two stores, people with logins, a bilingual SOP, customers, and — when asked — a month of
 * history so the dashboards have numbers. Times are real (the server's clock), shifted into the
 * past for the history.
 *
 * Logins (password PASSWORD): `manager` (admin and general manager), `advisor` (service advisor
 * in both stores), `tech` (technician in Dalian), `care` (customer care in Dalian).
 */
export const PASSWORD = 'servflow-demo-2026';
export const ORG = 'demo';
export const STORES = [
  { id: 'dalian', name: '大连店', timeZone: 'Asia/Shanghai' },
  { id: 'urumqi', name: '乌鲁木齐店', timeZone: 'Asia/Urumqi' },
] as const;
const PEOPLE = [
  { id: 'manager', name: '张经理' },
  { id: 'advisor', name: '王顾问' },
  { id: 'advisor2', name: '刘顾问' },
  { id: 'tech', name: '李师傅' },
  { id: 'care', name: '赵客服' },
] as const;
const CUSTOMERS = ['陈先生', '林女士', '黄先生', '周女士', '吴先生', '郑女士', '孙先生', '马女士'];
const PLATES = ['辽B12345', '辽B6K789', '辽B9Q321', '新A88888', '辽B55K10', '辽B77C23', '新A12Z34', '辽B3M456'];

export interface World {
  readonly db: Db;
  readonly store: Store;
  readonly deps: ApiDeps;
}

/** Opens an in-memory database, migrates it and loads the directory and the SOP. */
export async function makeWorld(): Promise<World> {
  const db = await openPglite({});
  await migrate(db);
  const store = createStore(db, { ids: counterIds() });
  const deps: ApiDeps = {
    store,
    now: () => Date.now(),
    log: silentLogger,
    config: { ...DEFAULT_CONFIG, passwordCost: { N: 1024, r: 8, p: 1 }, loginLimit: { maxFailures: 1000, windowMs: 60_000 } },
    library: [],
  };
  const now = { now: Date.now() - 40 * 86400_000 };
  const hash = await hashPassword(PASSWORD, deps.config.passwordCost);
  await db.transaction(async (tx) => {
    await addOrg(tx, { id: ORG, name: '示范汽车服务', timeZone: 'Asia/Shanghai' }, now);
    for (const s of STORES) await addStore(tx, { id: s.id, orgId: ORG, name: s.name, timeZone: s.timeZone }, now);
    for (const p of PEOPLE) {
      await addStaff(tx, { id: p.id, orgId: ORG, name: p.name }, now);
      await tx.query(`INSERT INTO staff_logins (staff_id, org_id, login, password_hash, password_changed_at, created_at) VALUES ($1, $2, $1, $3, $4, $4)`, [p.id, ORG, hash, new Date(now.now).toISOString()]);
    }
    await tx.query(`INSERT INTO access_grants (org_id, staff_id, scope, level) VALUES ($1, 'manager', '*', 'admin'), ($1, 'manager', '*', 'manager')`, [ORG]);
    await setRoleStaff(tx, ORG, 'dalian', 'advisor', ['advisor', 'advisor2']);
    await setRoleStaff(tx, ORG, 'urumqi', 'advisor', ['advisor']);
    await setRoleStaff(tx, ORG, 'dalian', 'technician', ['tech']);
    await setRoleStaff(tx, ORG, 'urumqi', 'technician', ['tech']);
    await setRoleStaff(tx, ORG, 'dalian', 'care', ['care']);
    await setRoleStaff(tx, ORG, 'urumqi', 'care', ['care']);
    for (const [i, name] of CUSTOMERS.entries()) await addCustomer(tx, { id: `cust-${i + 1}`, orgId: ORG, name, tier: i % 3 === 0 ? 'VIP' : '普通', ownerStaffId: 'advisor' }, now);
    await publishDefinition(tx, { orgId: ORG, definition: parseSop(DEMO_SOP, 'car-service.yaml'), source: DEMO_SOP, format: 'yaml' }, now);
  });
  return { db, store, deps };
}

/** Starts a case of the demo SOP at a time, in a store, for a customer. */
export async function startDemoCase(w: World, at: number, i: number, storeId: string = STORES[i % 2]!.id): Promise<string> {
  const r = await startCase(w.store, { orgId: ORG, process: 'car-service', storeId, customerId: `cust-${(i % CUSTOMERS.length) + 1}`, data: { plate: PLATES[i % PLATES.length]! } }, { now: at, actor: 'advisor' });
  return r.caseId;
}

// A handwritten-looking signature (SVG): what the pad stores is an image data URL as well.
const SIG = `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80" viewBox="0 0 240 80"><path d="M10 55 C 30 10, 45 70, 60 35 S 90 20, 100 50 S 140 60, 150 30 S 190 40, 230 45" fill="none" stroke="#111" stroke-width="3" stroke-linecap="round"/></svg>').toString('base64')}`;

/** The open task of a case at a step, or undefined. */
async function openTask(w: World, caseId: string, node: string): Promise<string | undefined> {
  const r = await w.db.query<{ id: string }>(`SELECT id FROM tasks WHERE case_id = $1 AND node = $2 AND status IN ('open', 'claimed')`, [caseId, node]);
  return r.rows[0]?.id;
}

async function work(w: World, caseId: string, node: string, by: string, claimAt: number, doneAt: number, form: Record<string, unknown>, checklist: Record<string, boolean> = {}): Promise<boolean> {
  const id = await openTask(w, caseId, node);
  if (id === undefined) return false;
  const t = (await w.db.query<{ assignee: string | null }>(`SELECT assignee FROM tasks WHERE id = $1`, [id])).rows[0];
  if (!t?.assignee) await executeCommand(w.store, caseId, { type: 'claim', taskId: id, by }, { now: claimAt, actor: by });
  await executeCommand(w.store, caseId, { type: 'complete', taskId: id, by: t?.assignee ?? by, form, checklist }, { now: doneAt, actor: by });
  return true;
}

/**
 * A month of finished visits (so the dashboards have figures: some late, some checklists
 * missed, satisfaction scores) and a few open ones in the inboxes. Seeded by a counter, so
 * every run makes the same history relative to now.
 */
export async function seedHistory(w: World, opts: { days?: number; perDay?: number } = {}): Promise<void> {
  const days = opts.days ?? 30;
  const perDay = opts.perDay ?? 3;
  const now = Date.now();
  let n = 0;
  for (let d = days; d >= 1; d--) {
    for (let k = 0; k < perDay; k++, n++) {
      const t0 = now - d * 86400_000 + (9 + k * 2) * 3600_000 - 8 * 3600_000;
      const caseId = await startDemoCase(w, t0, n);
      const late = n % 5 === 0;
      const recvBy = n % 4 === 0 ? 'advisor2' : 'advisor';
      await work(w, caseId, 'reception', recvBy, t0 + 2 * 60_000, t0 + (late ? 45 : 18) * 60_000, { mileage: 20000 + n * 37, concern: '保养', signature: SIG }, { covers: true, walkaround: true, water: n % 2 === 0 });
      await work(w, caseId, 'inspection', 'tech', t0 + 60 * 60_000, t0 + (n % 6 === 0 ? 190 : 100) * 60_000, { findings: '正常' }, { brakes: true, tyres: n % 7 !== 0 });
      await work(w, caseId, 'handover', recvBy, t0 + 200 * 60_000, t0 + 230 * 60_000, {});
      if (d > 1) await work(w, caseId, 'follow-up', 'care', t0 + 26 * 3600_000, t0 + 27 * 3600_000, { satisfaction: [5, 4, 5, 3, 5, 2, 4][n % 7]! });
    }
  }
}

/** Open work for the inboxes: `count` cases waiting at reception (some claimed by the advisor). */
export async function seedOpenWork(w: World, count: number, opts: { claimEvery?: number } = {}): Promise<void> {
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const at = now - ((i * 7) % 50) * 60_000;
    const caseId = await startDemoCase(w, at, 1000 + i, 'dalian');
    if (opts.claimEvery && i % opts.claimEvery === 0) {
      const id = await openTask(w, caseId, 'reception');
      if (id) await executeCommand(w.store, caseId, { type: 'claim', taskId: id, by: 'advisor' }, { now: at + 60_000, actor: 'advisor' });
    }
  }
}
