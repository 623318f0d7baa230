import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE, lockDataDir } from './datadir-lock.ts';
import { openPglite } from './pglite.ts';
import { seedPgliteDir } from './testing/backends.ts';
import { spawnTs } from './testing/spawn.ts';

const HOLDER = new URL('./testing/hold-datadir.ts', import.meta.url);

/** The pid of a process that has certainly ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

describe('the data-directory lock', () => {
  it('is refused while held, and released on close', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sf-lock-'));
    const lock = lockDataDir(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toMatch(new RegExp(`^${process.pid}\\n`));
    expect(() => lockDataDir(dir)).toThrow(expect.objectContaining({ code: 'DATA_DIR_LOCKED' }));
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    lockDataDir(dir).release();
  });

  it('takes over a stale lock left by a process that no longer runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sf-lock-'));
    writeFileSync(join(dir, LOCK_FILE), `${deadPid()}\n2026-01-01T00:00:00.000Z\n`);
    const lock = lockDataDir(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toMatch(new RegExp(`^${process.pid}\\n`));
    lock.release();
  });

  it('keeps a second process out of an embedded database in use, and lets it in after the first was killed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sf-data-'));
    await seedPgliteDir(dir); // skip initdb in the child: seconds on a busy machine
    const holder = spawnTs(HOLDER, { SF_DATA_DIR: dir });
    const pid = await holder.waitFor((m) => m.ready as number | undefined);

    const refused = await openPglite({ dataDir: dir }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({ code: 'DATA_DIR_LOCKED', message: expect.stringContaining(`servflow process ${pid}`) });
    expect((refused as Error).message).toContain('DATABASE_URL');

    holder.proc.kill('SIGKILL');
    await holder.exited;
    // The lock is stale now: taken over, and the killed process's committed row is intact.
    const db = await openPglite({ dataDir: dir });
    try {
      const rows = (await db.query<{ id: string }>('SELECT id FROM orgs')).rows;
      expect(rows).toEqual([{ id: `org-${pid}` }]);
    } finally {
      await db.close();
    }
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });
});
