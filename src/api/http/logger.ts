/**
 * Structured logs: one JSON object per line (time, level, msg, and fields such as requestId),
 * so a log shipper can index them without parsing prose.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  log(level: LogLevel, msg: string, fields?: LogFields): void;
}

const ORDER: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A logger writing JSON lines at or above `min` to `write` (stdout by default). */
export function jsonLogger(opts: { min?: LogLevel; write?: (line: string) => void; now?: () => number } = {}): Logger {
  const min = ORDER[opts.min ?? 'info'];
  const write = opts.write ?? ((line: string) => process.stdout.write(line));
  const now = opts.now ?? Date.now;
  return {
    log(level, msg, fields) {
      if (ORDER[level] < min) return;
      write(`${JSON.stringify({ time: new Date(now()).toISOString(), level, msg, ...fields })}\n`);
    },
  };
}

/** A logger that drops everything (tests that don't look at logs). */
export const silentLogger: Logger = { log() {} };

/** A logger that keeps entries in memory (tests that do). */
export function memoryLogger(): Logger & { readonly entries: { level: LogLevel; msg: string; fields: LogFields }[] } {
  const entries: { level: LogLevel; msg: string; fields: LogFields }[] = [];
  return { entries, log: (level, msg, fields = {}) => void entries.push({ level, msg, fields }) };
}
