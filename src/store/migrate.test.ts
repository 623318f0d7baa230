import { expect, it } from 'vitest';
import { bundledMigrations, migrate } from './migrate.ts';
import { describeBackends } from './testing/backends.ts';


describeBackends('migrations', (b) => {
  it('create the schema once; running them again changes nothing', async () => {
    const db = await b.fresh({ migrated: false });
    const first = await migrate(db, bundledMigrations());
    expect(first.applied).toEqual(bundledMigrations().map((m) => m.version));
    const again = await migrate(db, bundledMigrations());
    expect(again.applied).toEqual([]);
    const tables = (await db.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1`)).rows.map((r) => r.t);
    expect(tables).toEqual(
      expect.arrayContaining(['cases', 'customers', 'definitions', 'events', 'jobs', 'notifications', 'orgs', 'rotations', 'staff', 'staff_roles', 'stores', 'tasks', 'schema_migrations']),
    );
  });

  it('are applied by exactly one of several nodes starting at once', async () => {
    const a = await b.fresh({ migrated: false });
    // Two pools on one schema are two nodes; PGlite (one process) can only race with itself.
    const others = b.name === 'postgres' ? [await b.another(), await b.another()] : [a, a];
    const results = await Promise.all([a, ...others].map((db) => migrate(db, bundledMigrations())));
    const applied = results.map((r) => r.applied.length);
    expect(applied.filter((n) => n > 0)).toEqual([bundledMigrations().length]);
    const rows = (await a.query<{ n: number }>('SELECT count(*) AS n FROM schema_migrations')).rows[0]!;
    expect(rows.n).toBe(bundledMigrations().length);
  });

  it('refuse a database whose schema is newer than this code', async () => {
    const db = await b.fresh();
    await db.query(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from_the_future', now())`);
    await expect(migrate(db)).rejects.toMatchObject({ code: 'SCHEMA_TOO_NEW', message: expect.stringContaining('999') });
  });

  it('leave the schema untouched when a migration fails half-way', async () => {
    const db = await b.fresh({ migrated: false });
    const broken = [
      { version: 1, name: 'good', sql: 'CREATE TABLE first_table (id int)' },
      { version: 2, name: 'bad', sql: 'CREATE TABLE second_table (id int); SELECT no_such_column FROM first_table' },
    ];
    await expect(migrate(db, broken)).rejects.toThrow(/no_such_column/);
    const t = (await db.query<{ n: number }>(`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('first_table', 'second_table')`)).rows[0]!;
    expect(t.n).toBe(0);
  });

  it('make the event log append-only: updates, deletes and truncation are refused', async () => {
    const db = await b.fresh();
    await db.query(`INSERT INTO events (org_id, case_id, process_key, process_version, scope, activity, lifecycle, at) VALUES ('o', 'c', 'p', 1, 'case', 'p', 'start', now())`);
    await expect(db.query(`UPDATE events SET activity = 'forged'`)).rejects.toMatchObject({ code: 'SF002' });
    await expect(db.query(`DELETE FROM events`)).rejects.toMatchObject({ code: 'SF002' });
    await expect(db.query(`TRUNCATE events`)).rejects.toMatchObject({ code: 'SF002' });
    expect((await db.query<{ activity: string }>('SELECT activity FROM events')).rows).toEqual([{ activity: 'p' }]);
  });
});
