import { expect, it } from 'vitest';
import { describeBackends } from '../store/testing/backends.ts';
import { lineSop } from './testing/sops.ts';
import { makeWorld } from './testing/world.ts';
import type { Db, Tx } from '../store/db.ts';

/**
 * The round trips of a task completion over HTTP, counted at the database handle (load does not
 * change them, unlike timings): with the caller cached, completing an open task of a queue step
 * is ONE read (task joined with its case and the certificate facts of the step and the caller)
 * and ONE write statement (case, effects and the audit entry), with no transaction around them;
 * completions arriving together share that write statement (src/store/group-commit.test.ts). The
 * locking path (here: a claim that changes nothing but is still audited) keeps its transaction.
 */

interface Counts {
  statements: string[];
  transactions: number;
}

function counting(db: Db, c: Counts): Db {
  const wrapTx = (tx: Tx): Tx => ({
    inTransaction: true,
    query: (sql, params, opts) => (c.statements.push(sql), tx.query(sql, params, opts)),
    exec: (sql) => (c.statements.push(sql), tx.exec(sql)),
  });
  return {
    backend: db.backend,
    query: (sql, params, opts) => (c.statements.push(sql), db.query(sql, params, opts)),
    exec: (sql) => (c.statements.push(sql), db.exec(sql)),
    transaction: (fn) => (c.transactions++, db.transaction((tx) => fn(wrapTx(tx)))),
    close: () => db.close(),
  };
}

describeBackends('round trips of a completion', (b) => {
  it('an open task is completed in 2 statements without BEGIN/COMMIT, its audit entry written by the same statement', async () => {
    const c: Counts = { statements: [], transactions: 0 };
    const w = await makeWorld(counting(await b.fresh(), c));
    await w.as('admin').post('/api/definitions', lineSop(3), { 'content-type': 'application/yaml' });
    expect((await w.as('admin').post('/api/definitions/line/versions/1/publish')).status).toBe(200);
    await w.as('admin').put('/api/staff/adv1/roles', { roles: [{ storeId: 's1', role: 'worker' }] });
    const started = await w.as('adv1').post('/api/cases', { process: 'line', storeId: 's1' });
    expect(started.status).toBe(201);
    let task: string = started.body.openTasks[0].id;
    // First completion warms the caches (caller, compiled SOP); the second is counted.
    const first = await w.as('adv1').post(`/api/tasks/${task}/complete`);
    expect(first.status).toBe(200);
    task = first.body.openTasks[0].id;
    const audits = (await w.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'task.complete'`)).rows[0]!.n;
    c.statements.length = 0;
    c.transactions = 0;

    const r = await w.as('adv1').post(`/api/tasks/${task}/complete`);
    expect(r.status).toBe(200);
    expect(c.transactions).toBe(0);
    // Read — with the step's certificate requirements and the caller's certificates (the task was
    // open, so completing it is an implicit claim that src/staff/certification checks) — and write.
    expect(c.statements).toHaveLength(2);
    expect(c.statements[0]).toMatch(/^SELECT q\.k, t\.id[\s\S]*staff_cert_requirements[\s\S]*staff_certificates/);
    expect(c.statements[1]).toMatch(/^WITH c AS \(UPDATE cases[\s\S]*INSERT INTO audit_log/);
    const after = (await w.db.query<{ n: number; actor: string; target: string }>(
      `SELECT count(*)::int AS n, max(actor_id) AS actor, max(target_id) AS target FROM audit_log WHERE action = 'task.complete'`,
    )).rows[0]!;
    expect(after).toEqual({ n: audits + 1, actor: 'adv1', target: expect.any(String) });
    expect((await w.db.query(`SELECT 1 FROM audit_log WHERE action = 'task.complete' AND target_id = $1`, [task])).rows).toHaveLength(1);

    // A claim of the next task, then the same claim again: a no-op that is still audited takes the transaction.
    const next: string = r.body.openTasks[0].id;
    expect((await w.as('adv1').post(`/api/tasks/${next}/claim`)).status).toBe(200);
    c.statements.length = 0;
    c.transactions = 0;
    expect((await w.as('adv1').post(`/api/tasks/${next}/claim`)).status).toBe(200);
    expect(c.transactions).toBe(1);
    expect((await w.db.query(`SELECT 1 FROM audit_log WHERE action = 'task.claim' AND target_id = $1`, [next])).rows).toHaveLength(2);
  });
});
