import { expect, it } from 'vitest';
import { describeBackends } from './testing/backends.ts';

describeBackends('the database adapter', (b) => {
  it('commits a transaction that resolves and rolls back one that throws', async () => {
    const db = await b.fresh({ migrated: false });
    await db.exec('CREATE TABLE t (id integer PRIMARY KEY, v text)');
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES (1, $1)', ['kept']);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (2, $1)', ['lost']);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect((await db.query('SELECT id, v FROM t ORDER BY id')).rows).toEqual([{ id: 1, v: 'kept' }]);
  });

  it('rolls back after a failed statement and stays usable', async () => {
    const db = await b.fresh({ migrated: false });
    await db.exec('CREATE TABLE t (id integer PRIMARY KEY)');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (1)');
        await tx.query('INSERT INTO t VALUES (1)'); // duplicate key
      }),
    ).rejects.toMatchObject({ code: '23505' });
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES (2)');
    });
    expect((await db.query('SELECT id FROM t')).rows).toEqual([{ id: 2 }]);
  });

  it('returns the same JS values on both backends: int8 as number, timestamptz as Date, jsonb as objects', async () => {
    const db = await b.fresh({ migrated: false });
    const row = (
      await db.query<{ n: unknown; at: unknown; j: unknown; c: unknown }>(`SELECT 42::int8 AS n, $1::timestamptz AS at, $2::jsonb AS j, count(*) AS c FROM (VALUES (1), (2)) v(x)`, [
        '2026-01-05T01:00:00.123Z',
        JSON.stringify({ a: [1, '二'] }),
      ])
    ).rows[0];
    expect(row).toEqual({ n: 42, at: new Date('2026-01-05T01:00:00.123Z'), j: { a: [1, '二'] }, c: 2 });
  });

  it('passes any text through a named (prepared) statement unchanged', async () => {
    const db = await b.fresh({ migrated: false });
    const nasty = [`it's`, `back\\slash \\' quote`, `E'x'); DROP TABLE t; --`, '多行\n文本\t"引号"', '$1 $$ $tag$', ''];
    for (const v of nasty) {
      const row = (await db.query<{ v: string; n: number; b: boolean; z: null }>('SELECT $1::text AS v, $2::int AS n, $3::boolean AS b, $4::text AS z', [v, -7, true, null], { name: 'sf_test_echo' })).rows[0];
      expect(row).toEqual({ v, n: -7, b: true, z: null });
    }
    const inTx = await db.transaction((tx) => tx.query<{ v: string }>('SELECT $1::text AS v, $2::int AS n, $3::boolean AS b, $4::text AS z', ['tx', 1, false, null], { name: 'sf_test_echo' }));
    expect(inTx.rows[0]).toMatchObject({ v: 'tx' });
  });

  it('reports rows changed by an update', async () => {
    const db = await b.fresh({ migrated: false });
    await db.exec('CREATE TABLE t (id integer); INSERT INTO t VALUES (1), (2), (3)');
    expect((await db.query('UPDATE t SET id = id + 10 WHERE id > 1')).rowCount).toBe(2);
  });

  if (b.name === 'pglite') {
    it('runs concurrent transactions one after another on the single PGlite session', async () => {
      const db = await b.fresh({ migrated: false });
      await db.exec('CREATE TABLE counter (n integer); INSERT INTO counter VALUES (0)');
      // Read, wait, write: interleaved on one session this would lose increments.
      await Promise.all(
        Array.from({ length: 10 }, () =>
          db.transaction(async (tx) => {
            const n = (await tx.query<{ n: number }>('SELECT n FROM counter')).rows[0]!.n;
            await new Promise((r) => setTimeout(r, 1));
            await tx.query('UPDATE counter SET n = $1', [n + 1]);
          }),
        ),
      );
      expect((await db.query('SELECT n FROM counter')).rows).toEqual([{ n: 10 }]);
    });
  }
});
