import { expect, it } from 'vitest';
import { end, human, proc } from '../engine/testing/build.ts';
import { commandOnRead, executeCommand, startCase } from './cases.ts';
import { caseWrite } from './case-write.ts';
import { EffectRows } from './effects.ts';
import { caseEvents, caseTasks } from './queries.ts';
import { readCase, type LockedCase } from './sql/lock-case.ts';
import { describeBackends } from './testing/backends.ts';
import { ORG, SHOP, T0, seeded } from './testing/fixtures.ts';
import type { Db } from './db.ts';
import type { AuditRow } from './sql/write-case.ts';
import type { Store } from './store.ts';

/**
 * Group commit (group-commit.ts): the optimistic writes of commands that arrive together go to
 * the database as ONE statement, and each command still succeeds or fails on its own.
 */

const line = proc('line', [human('a', 'advisor'), human('b', 'advisor'), end('done')]);
const MIN = 60_000;

/** Counts the batched write statements sent through `db`. */
function counting(db: Db, seen: string[]): Db {
  return { ...db, query: (sql, params, opts) => (seen.push(sql), db.query(sql, params, opts)) };
}
const batchWrites = (seen: readonly string[]) => seen.filter((s) => s.startsWith('WITH c AS (UPDATE cases SET state = x.state')).length;

function audit(c: string, i = 0): AuditRow {
  return {
    i,
    org_id: ORG,
    at: new Date(T0).toISOString(),
    actor_id: 'li',
    via: 'session',
    token_id: null,
    request_id: `req-${c}`,
    action: 'task.complete',
    target_type: 'case',
    target_id: c,
    store_id: SHOP,
    before: null,
    after: null,
    personal: null,
  };
}

async function casesAt(store: Store, n: number): Promise<LockedCase[]> {
  const out: LockedCase[] = [];
  for (let i = 0; i < n; i++) {
    const s = await startCase(store, { orgId: ORG, process: 'line', storeId: SHOP }, { now: T0, actor: 'li' });
    out.push((await readCase(store.db, s.caseId))!);
  }
  return out;
}

const complete = (c: LockedCase, by = 'li') => ({ type: 'complete' as const, taskId: c.state.tasks[0]!.id, by });

async function auditTargets(db: Db): Promise<string[]> {
  return (await db.query<{ target_id: string }>(`SELECT target_id FROM audit_log ORDER BY seq`)).rows.map((r) => r.target_id);
}

describeBackends('group commit', (b) => {
  it('writes commands on five cases that arrive together with ONE statement, each answered with its own outcome', async () => {
    const seen: string[] = [];
    const store = await seeded(counting(await b.fresh(), seen), { staff: { advisor: ['li', 'wang'] }, processes: [line] });
    const cases = await casesAt(store, 5);
    seen.length = 0;
    const outs = await Promise.all(cases.map((c, i) => commandOnRead(store, c, complete(c), { now: T0 + MIN, actor: 'li', audit: () => [audit(c.id, i)] })));
    expect(batchWrites(seen)).toBe(1);
    for (const [i, out] of outs.entries()) {
      if (typeof out === 'string') throw new Error(`case ${i}: ${out}`);
      expect(out).toMatchObject({ caseId: cases[i]!.id, version: 2 });
      expect(out.state.tasks.map((t) => t.node)).toEqual(['b']);
    }
    for (const c of cases) {
      expect((await caseTasks(store.db, c.id)).map((t) => `${t.node}:${t.status}`)).toEqual(['a:completed', 'b:open']);
      expect((await caseEvents(store.db, c.id)).map((e) => `${e.activity}:${e.lifecycle}`)).toEqual(['line:start', 'a:schedule', 'a:start', 'a:complete', 'b:schedule']);
    }
    expect(await auditTargets(store.db)).toEqual(cases.map((c) => c.id));
  });

  it('refuses only the write whose case moved on: the others in its batch commit, it writes neither effects nor audit entry', async () => {
    const seen: string[] = [];
    const store = await seeded(counting(await b.fresh(), seen), { staff: { advisor: ['li', 'wang'] }, processes: [line] });
    const [a, bCase, c] = await casesAt(store, 3);
    // Someone completes a's task first: the snapshot `a` is now stale.
    await executeCommand(store, a!.id, complete(a!, 'wang'), { now: T0 + MIN, actor: 'wang' });
    seen.length = 0;
    const outs = await Promise.all([a!, bCase!, c!].map((x) => commandOnRead(store, x, complete(x), { now: T0 + 2 * MIN, actor: 'li', audit: () => [audit(x.id)] })));
    expect(batchWrites(seen)).toBe(1);
    expect(outs[0]).toBe('raced');
    expect(outs.slice(1).map((o) => typeof o !== 'string' && o.version)).toEqual([2, 2]);
    // a: completed once, by wang; its events once; no audit entry of the refused write.
    expect((await caseTasks(store.db, a!.id)).map((t) => `${t.node}:${t.status}:${t.closedBy ?? ''}`)).toEqual(['a:completed:wang', 'b:open:']);
    expect((await caseEvents(store.db, a!.id)).filter((e) => e.lifecycle === 'complete')).toHaveLength(1);
    expect(await auditTargets(store.db)).toEqual([bCase!.id, c!.id]);
  });

  it('never puts two writes of one case in a batch: the second meets the first one\'s version, and one completion wins', async () => {
    const seen: string[] = [];
    const store = await seeded(counting(await b.fresh(), seen), { staff: { advisor: ['li', 'wang'] }, processes: [line] });
    const [a] = await casesAt(store, 1);
    seen.length = 0;
    const outs = await Promise.all([
      commandOnRead(store, a!, complete(a!, 'li'), { now: T0 + MIN, actor: 'li', audit: () => [audit(a!.id)] }),
      commandOnRead(store, a!, complete(a!, 'wang'), { now: T0 + MIN, actor: 'wang', audit: () => [audit(a!.id)] }),
    ]);
    expect(batchWrites(seen)).toBe(2);
    expect(outs[0]).toMatchObject({ version: 2 });
    expect(outs[1]).toBe('raced');
    expect((await caseTasks(store.db, a!.id)).map((t) => `${t.node}:${t.status}:${t.closedBy ?? ''}`)).toEqual(['a:completed:li', 'b:open:']);
    expect((await caseEvents(store.db, a!.id)).filter((e) => e.lifecycle === 'complete')).toHaveLength(1);
    expect(await auditTargets(store.db)).toEqual([a!.id]);
  });

  it('sends a batch that fails as a whole again one write at a time: only the bad write fails', async () => {
    const seen: string[] = [];
    const store = await seeded(counting(await b.fresh(), seen), { staff: { advisor: ['li', 'wang'] }, processes: [line] });
    const [a, bCase] = await casesAt(store, 2);
    // A write the database refuses (a status the cases table does not allow).
    const good = caseWrite({ id: a!.id, orgId: ORG, storeId: SHOP }, a!.state, new EffectRows(), { insert: false, previousVersion: a!.version }, { now: T0 + MIN, actor: 'li' });
    const bad = { ...good, row: { ...good.row, status: 'lost' } };
    seen.length = 0;
    const [badOut, goodOut] = await Promise.allSettled([
      store.groupCommit!.write(bad),
      commandOnRead(store, bCase!, complete(bCase!), { now: T0 + MIN, actor: 'li', audit: () => [audit(bCase!.id)] }),
    ]);
    expect(badOut.status).toBe('rejected');
    expect(goodOut).toMatchObject({ status: 'fulfilled', value: { version: 2 } });
    // The batch, then each write alone.
    expect(batchWrites(seen)).toBe(3);
    expect(store.groupCommit!.stats.split).toBe(1);
    expect((await store.db.query<{ version: number }>(`SELECT version FROM cases WHERE id = $1`, [a!.id])).rows[0]!.version).toBe(1);
    expect(await auditTargets(store.db)).toEqual([bCase!.id]);
  });
});
