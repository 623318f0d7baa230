import { openCard } from '../cards/store.ts';
import { normalisePhone } from '../customers/personal.ts';
import { insertCustomer, phoneOwners } from '../customers/store.ts';
import { addStaff } from '../store/directory.ts';
import { replaceStaffRoles } from '../api/repo/staff-write.ts';
import type { Sheet, SheetRow } from './table.ts';
import type { Queryable, Tx } from '../store/db.ts';

/**
 * Bulk import of customers, staff and membership cards: every row is checked first (against the
 * file itself and the database), and only a file without a single problem is written, in one
 * transaction. Headers may be in English or Chinese (see COLUMNS).
 */

export type ImportKind = 'customers' | 'staff' | 'cards';

export interface RowProblem {
  /** The row as the spreadsheet shows it (headers are row 1). */
  readonly row: number;
  readonly column: string;
  readonly message: string;
}

export interface Plan {
  readonly rows: number;
  readonly problems: RowProblem[];
  /** Writes every row; call only when there are no problems. Returns the ids made. */
  readonly apply: (tx: Tx, ctx: { orgId: string; by: string; now: number; newId: (kind: string) => string }) => Promise<string[]>;
}

/** Canonical column → the headers accepted for it. */
const COLUMNS: Record<ImportKind, Record<string, readonly string[]>> = {
  customers: {
    id: ['id', '编号', '客户编号'],
    name: ['name', '姓名', '名字', '客户姓名'],
    phone: ['phone', 'phones', '电话', '手机', '手机号', '联系电话'],
    idNumber: ['id_number', 'idnumber', '身份证', '身份证号', '证件号'],
    tags: ['tags', '标签'],
    tier: ['tier', '等级', '会员等级'],
    owner: ['owner', 'owner_staff_id', '客户经理', '负责人'],
  },
  staff: {
    id: ['id', '工号', '编号'],
    name: ['name', '姓名'],
    store: ['store', 'store_id', '门店'],
    role: ['role', 'roles', '岗位', '角色'],
  },
  cards: {
    id: ['id', 'card', '卡号'],
    customer: ['customer', 'customer_id', '客户编号'],
    phone: ['phone', '电话', '手机', '手机号'],
    kind: ['kind', 'type', '类型', '卡类型'],
    label: ['label', 'name', '名称', '卡名'],
    balance: ['balance', 'amount', '余额', '金额', '次数', 'sessions'],
    store: ['store', 'store_id', '门店'],
  },
};

const REQUIRED: Record<ImportKind, readonly string[]> = { customers: ['name'], staff: ['name'], cards: ['kind', 'label', 'balance'] };

/** Maps the sheet's headers to canonical columns; unknown headers become free attributes (customers) or problems. */
function headerMap(kind: ImportKind, headers: readonly string[], problems: RowProblem[]): { map: Map<string, string>; extra: string[] } {
  const map = new Map<string, string>();
  const extra: string[] = [];
  for (const h of headers) {
    if (h === '') continue;
    const canon = Object.entries(COLUMNS[kind]).find(([, names]) => names.includes(h.toLowerCase()))?.[0];
    if (canon === undefined) {
      if (kind === 'customers') extra.push(h);
      else problems.push({ row: 1, column: h, message: `unknown column; the columns are ${Object.keys(COLUMNS[kind]).join(', ')}` });
    } else if ([...map.values()].includes(canon)) problems.push({ row: 1, column: h, message: `a second column for ${canon}` });
    else map.set(h, canon);
  }
  for (const r of REQUIRED[kind]) if (![...map.values()].includes(r)) problems.push({ row: 1, column: r, message: `the column ${r} (${COLUMNS[kind][r]!.join(' / ')}) is missing` });
  if (kind === 'cards' && !['customer', 'phone'].some((c) => [...map.values()].includes(c))) problems.push({ row: 1, column: 'customer', message: 'name the customer of each card: a customer or phone column' });
  return { map, extra };
}

function fields(row: SheetRow, map: Map<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [h, canon] of map) out[canon] = row.cells[h] ?? '';
  return out;
}

const ID = /^[A-Za-z0-9][\w.:-]*$/;
const split = (s: string) => s.split(/[;；,，/、|]/).map((x) => x.trim()).filter((x) => x !== '');

async function exists(q: Queryable, table: string, id: string): Promise<boolean> {
  return (await q.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id])).rows.length > 0;
}
async function inOrg(q: Queryable, table: string, orgId: string, id: string): Promise<boolean> {
  return (await q.query(`SELECT 1 FROM ${table} WHERE org_id = $1 AND id = $2`, [orgId, id])).rows.length > 0;
}

/** Yuan with at most two decimals → cents, exactly (no floating point). */
export function yuanToCents(s: string): number | undefined {
  const m = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(s.replace(/[,，¥￥\s]/g, ''));
  if (m === null) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

const KINDS: Record<string, 'balance' | 'sessions'> = { balance: 'balance', 储值: 'balance', 储值卡: 'balance', sessions: 'sessions', 次卡: 'sessions', 疗程卡: 'sessions', 套餐: 'sessions' };

/** Checks every row of the sheet and prepares the writes. */
export async function planImport(q: Queryable, orgId: string, kind: ImportKind, sheet: Sheet): Promise<Plan> {
  const problems: RowProblem[] = [];
  const { map, extra } = headerMap(kind, sheet.headers, problems);
  const bad = (row: number, column: string, message: string) => problems.push({ row, column, message });
  const seenIds = new Map<string, number>();
  const idCheck = async (r: number, id: string, table: string) => {
    if (id === '') return;
    if (!ID.test(id) || id.length > 100) bad(r, 'id', `"${id}" is not an id (letters, digits and . _ : -)`);
    else if (seenIds.has(id)) bad(r, 'id', `the id ${id} is also on row ${seenIds.get(id)}`);
    else if (await exists(q, table, id)) bad(r, 'id', `the id ${id} is taken`);
    seenIds.set(id, r);
  };
  const storeCheck = async (r: number, store: string) => {
    if (store !== '' && !(await inOrg(q, 'stores', orgId, store))) bad(r, 'store', `there is no store "${store}" in your organisation`);
  };

  if (kind === 'customers') {
    const seenPhones = new Map<string, number>();
    const todo: Parameters<typeof insertCustomer>[1][] = [];
    for (const row of sheet.rows) {
      const f = fields(row, map);
      const r = row.rowNumber;
      await idCheck(r, f.id ?? '', 'customers');
      if ((f.name ?? '') === '') bad(r, 'name', 'the name is empty');
      else if (f.name!.length > 200) bad(r, 'name', 'the name is longer than 200 characters');
      const phones: string[] = [];
      for (const raw of split(f.phone ?? '')) {
        const p = normalisePhone(raw);
        if (p === undefined) {
          bad(r, 'phone', `"${raw}" is not a phone number`);
          continue;
        }
        if (seenPhones.has(p)) bad(r, 'phone', `the phone number is also on row ${seenPhones.get(p)}`);
        else if ((await phoneOwners(q, orgId, [p])).length > 0) bad(r, 'phone', `customer ${(await phoneOwners(q, orgId, [p]))[0]!.customerId} already has this phone number`);
        seenPhones.set(p, r);
        phones.push(p);
      }
      const idNumber = f.idNumber ?? '';
      if (idNumber !== '' && !/^[0-9A-Za-z-]{4,40}$/.test(idNumber)) bad(r, 'idNumber', 'the ID number has characters other than digits, letters and -');
      const owner = f.owner ?? '';
      if (owner !== '' && !(await inOrg(q, 'staff', orgId, owner))) bad(r, 'owner', `there is no staff member "${owner}" in your organisation`);
      const attributes: Record<string, unknown> = {};
      for (const h of extra) if ((row.cells[h] ?? '') !== '') attributes[h] = /^-?\d+(\.\d+)?$/.test(row.cells[h]!) ? Number(row.cells[h]) : row.cells[h];
      todo.push({
        id: f.id ?? '',
        orgId,
        name: f.name,
        phones,
        idNumber: idNumber === '' ? undefined : idNumber,
        tags: split(f.tags ?? ''),
        tier: (f.tier ?? '') === '' ? undefined : f.tier,
        ownerStaffId: owner === '' ? undefined : owner,
        attributes,
      });
    }
    return plan(sheet, problems, todo, 'customer', (tx, c, id, ctx) => insertCustomer(tx, { ...c, id }, ctx.now));
  }

  if (kind === 'staff') {
    const todo: { id: string; name: string; roles: { storeId: string; role: string }[] }[] = [];
    for (const row of sheet.rows) {
      const f = fields(row, map);
      const r = row.rowNumber;
      await idCheck(r, f.id ?? '', 'staff');
      if ((f.name ?? '') === '') bad(r, 'name', 'the name is empty');
      const store = f.store ?? '';
      const roles = split(f.role ?? '');
      await storeCheck(r, store);
      if (roles.length > 0 && store === '') bad(r, 'store', 'roles are held in a store: name the store');
      for (const role of roles) if (!/^[a-z][a-z0-9-]*$/.test(role)) bad(r, 'role', `"${role}" is not a role id (lower-case letters, digits, -)`);
      todo.push({ id: f.id ?? '', name: f.name ?? '', roles: roles.map((role) => ({ storeId: store, role })) });
    }
    return plan(sheet, problems, todo, 'staff', async (tx, s, id, ctx) => {
      await addStaff(tx, { id, orgId: ctx.orgId, name: s.name }, { now: ctx.now });
      if (s.roles.length > 0) await replaceStaffRoles(tx, ctx.orgId, id, s.roles);
    });
  }

  const todo: { id: string; customerId: string; kind: 'balance' | 'sessions'; label: string; opening: number; storeId?: string }[] = [];
  for (const row of sheet.rows) {
    const f = fields(row, map);
    const r = row.rowNumber;
    await idCheck(r, f.id ?? '', 'membership_cards');
    let customerId = f.customer ?? '';
    if (customerId !== '') {
      const c = await q.query(`SELECT 1 FROM customers WHERE org_id = $1 AND id = $2 AND erased_at IS NULL`, [orgId, customerId]);
      if (c.rows.length === 0) bad(r, 'customer', `there is no customer "${customerId}" in your organisation`);
    } else if ((f.phone ?? '') !== '') {
      const p = normalisePhone(f.phone!);
      const owners = p === undefined ? [] : await phoneOwners(q, orgId, [p]);
      if (p === undefined) bad(r, 'phone', `"${f.phone}" is not a phone number`);
      else if (owners.length === 0) bad(r, 'phone', 'no customer has this phone number: import the customers first');
      else if (owners.length > 1) bad(r, 'phone', `several customers have this phone number (${owners.map((o) => o.customerId).join(', ')}): use the customer column`);
      else customerId = owners[0]!.customerId;
    } else bad(r, 'customer', 'name the customer (customer id or phone)');
    const k = KINDS[(f.kind ?? '').toLowerCase()];
    if (k === undefined) bad(r, 'kind', `"${f.kind ?? ''}" is not a card kind: balance (储值卡) or sessions (次卡, 疗程卡)`);
    if ((f.label ?? '') === '') bad(r, 'label', 'the card name is empty');
    const raw = f.balance ?? '';
    const opening = k === 'sessions' ? (/^\d{1,6}$/.test(raw) ? Number(raw) : undefined) : yuanToCents(raw);
    if (opening === undefined) bad(r, 'balance', k === 'sessions' ? `"${raw}" is not a whole number of sessions` : `"${raw}" is not an amount in yuan (e.g. 1280 or 1280.50)`);
    await storeCheck(r, f.store ?? '');
    todo.push({ id: f.id ?? '', customerId, kind: k ?? 'balance', label: f.label ?? '', opening: opening ?? 0, storeId: (f.store ?? '') === '' ? undefined : f.store });
  }
  return plan(sheet, problems, todo, 'card', async (tx, c, id, ctx) => void (await openCard(tx, { ...c, id, orgId: ctx.orgId, by: ctx.by }, ctx.now)));
}

type ApplyCtx = Parameters<Plan['apply']>[1];

/** A plan writing each prepared row in order, with its own id or a new one. */
function plan<T extends { id: string }>(sheet: Sheet, problems: RowProblem[], todo: readonly T[], idKind: string, write: (tx: Tx, item: T, id: string, ctx: ApplyCtx) => Promise<void>): Plan {
  return {
    rows: sheet.rows.length,
    problems,
    async apply(tx, ctx) {
      const ids: string[] = [];
      for (const item of todo) {
        const id = item.id === '' ? ctx.newId(idKind) : item.id;
        await write(tx, item, id, ctx);
        ids.push(id);
      }
      return ids;
    },
  };
}
