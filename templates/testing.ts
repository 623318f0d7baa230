import { fileURLToPath } from 'node:url';
import { calendarClock, createCalendar, type CalendarSpec } from '../src/calendar/index.ts';
import { MemoryRunner, type MemoryRunnerOptions } from '../src/engine/testing/memory-runner.ts';
import { StoreRunner } from '../src/testing/store-runner.ts';
import { openPglite, type Db } from '../src/store/index.ts';
import { compile, loadSopFile } from '../src/model/index.ts';
import type { CompiledProcess } from '../src/model/types.ts';

/** Loads and compiles a template by its path under templates/. */
export async function template(path: string): Promise<CompiledProcess> {
  return compile(await loadSopFile(fileURLToPath(new URL(path, import.meta.url))));
}

const every = (hours: [string, string][]) => ({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours, sun: hours });

/** Calendars the templates name, as a typical store would set them. */
export const TEMPLATE_CALENDARS: Readonly<Record<string, CalendarSpec>> = {
  // A workshop open every day 08:30–18:00 (dealerships do not close for public holidays).
  store: { timezone: 'Asia/Shanghai', week: every([['08:30', '18:00']]), holidays: 'none' },
  // A campus hot-water service: the hotline answers 07:00–23:00 every day.
  campus: { timezone: 'Asia/Shanghai', week: every([['07:00', '23:00']]), holidays: 'none' },
  // Offices on the statutory schedule.
  office: { timezone: 'Asia/Shanghai', holidays: 'CN' },
};

/**
 * A runner for template tests on the durable store (PGlite in memory): the template calendars,
 * staff per role, a fake clock. Every command is a real transaction; timers are real jobs.
 */
export async function storeRunner(processes: CompiledProcess[], opts: Partial<MemoryRunnerOptions> = {}): Promise<StoreRunner> {
  shared ??= openPglite({});
  return StoreRunner.open({ processes, calendars: TEMPLATE_CALENDARS, staff: opts.staff, now: opts.now, db: await shared });
}

// One database per test file (vitest gives each file its own module instance), emptied per runner.
let shared: Promise<Db> | undefined;

/** The same world in memory (no database): for quick checks while writing a template. */
export function runner(processes: CompiledProcess[], opts: Partial<MemoryRunnerOptions> = {}): MemoryRunner {
  const calendars = Object.fromEntries(Object.entries(TEMPLATE_CALENDARS).map(([k, v]) => [k, calendarClock(createCalendar(v))]));
  return new MemoryRunner({ processes, calendars, ...opts });
}

/** An instant in Shanghai local time: shanghai('2026-03-03T10:00'). */
export const shanghai = (local: string): number => Date.parse(`${local}:00+08:00`);
