import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from './errors.ts';

/**
 * PGlite is one PostgreSQL backend inside one process: a second process opening the same files
 * would corrupt them. A lock file holding the owner's pid keeps a second process out.
 *
 * Rejected: `flock`/`fcntl` locks (not reachable from Node without a native addon) and a
 * listening socket as the lock (needs a free port, invisible to people looking at the folder).
 * A pid file is what people expect (postmaster.pid); a stale one — its pid no longer running,
 * after a crash or `kill -9` — is taken over.
 */

export const LOCK_FILE = 'servflow.lock';

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(path: string): number | undefined {
  try {
    return Number.parseInt(readFileSync(path, 'utf8').split('\n')[0] ?? '', 10);
  } catch {
    return undefined;
  }
}

function tryCreate(path: string): boolean {
  try {
    const fd = openSync(path, 'wx');
    try {
      writeSync(fd, `${process.pid}\n${new Date().toISOString()}\n`);
    } finally {
      closeSync(fd);
    }
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

function refuse(dir: string, pid: number): never {
  throw new StoreError(
    'DATA_DIR_LOCKED',
    `the data directory ${dir} is in use by servflow process ${pid}. The embedded database serves one process only: ` +
      `stop that process first, use another SERVFLOW_DATA directory, or set DATABASE_URL to share a PostgreSQL server between processes.`,
  );
}

/**
 * Takes the lock on a data directory (creating the directory), or throws DATA_DIR_LOCKED
 * naming the process that holds it.
 */
export function lockDataDir(dir: string): DataDirLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(path)) return { path, release: () => releaseLock(path) };
    const pid = readPid(path);
    if (pid === process.pid) refuse(dir, pid); // opened twice in this process: also two PGlites on one directory
    if (pid !== undefined && alive(pid)) refuse(dir, pid);
    // Stale: move it aside under a name only we use, then check we moved the stale file and not
    // a fresh lock another starting process wrote in between; if so, put theirs back.
    const aside = `${path}.stale.${process.pid}`;
    try {
      renameSync(path, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    const moved = readPid(aside);
    if (moved !== pid && moved !== undefined && alive(moved)) {
      try {
        linkSync(aside, path);
      } catch {
        /* someone else holds it now anyway */
      }
      unlinkSync(aside);
      refuse(dir, moved);
    }
    unlinkSync(aside);
  }
  throw new StoreError('DATA_DIR_LOCKED', `could not lock the data directory ${dir}: other processes keep taking it`);
}

function releaseLock(path: string): void {
  if (readPid(path) !== process.pid) return;
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}
