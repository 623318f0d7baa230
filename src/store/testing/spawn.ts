import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A child process running a TypeScript file through tsx, with its output lines parsed as JSON. */
export interface Child {
  readonly proc: ChildProcess;
  /** Resolves with the first JSON line matching `pick` (waits for it). */
  waitFor<T>(pick: (msg: Record<string, unknown>) => T | undefined): Promise<T>;
  /** Resolves with the exit code (or the signal name). */
  readonly exited: Promise<number | string>;
  stderr(): string;
}

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Spawns `node --import tsx <file>`. Not the `tsx` command: it runs the script in a second
 * process, so a SIGKILL would hit the wrapper and leave the real worker running.
 */
export function spawnTs(file: URL, env: Readonly<Record<string, string>>): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(file)], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const messages: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let buffer = '';
  let err = '';
  proc.stdout!.on('data', (d: Buffer) => {
    buffer += d.toString();
    let i: number;
    while ((i = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      try {
        messages.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        err += `${line}\n`;
      }
      for (const w of waiters.splice(0)) w();
    }
  });
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  let done = false;
  const exited = new Promise<number | string>((resolve) =>
    proc.on('exit', (code, signal) => {
      done = true;
      for (const w of waiters.splice(0)) w();
      resolve(code ?? signal ?? -1);
    }),
  );
  return {
    proc,
    exited,
    stderr: () => err,
    waitFor<T>(pick: (msg: Record<string, unknown>) => T | undefined): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const check = (): void => {
          for (const m of messages) {
            const v = pick(m);
            if (v !== undefined) return resolve(v);
          }
          if (done) return reject(new Error(`child exited before saying what was expected; stderr:\n${err}`));
          waiters.push(check);
        };
        check();
      });
    },
  };
}
