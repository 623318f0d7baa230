import { calendarClock, createCalendar, type BusinessCalendar } from '../../calendar/index.ts';
import { ALWAYS_OPEN } from '../../engine/calendar-clock.ts';
import { SimulationError } from '../errors.ts';
import { arrivalProcess, type ArrivalProcess } from './arrivals.ts';
import { prepareProcess, type PreparedProcess } from './prepare.ts';
import type { CalendarClock } from '../../engine/index.ts';
import type { CompiledProcess } from '../../model/types.ts';
import type { Shift, SimulationParams, Tier, WarmUp } from '../params.ts';
import type { Availability } from './world.ts';

/** A group of people of one role on one roster. */
export interface StaffGroup {
  readonly role: string;
  readonly count: number;
  readonly availability: Availability | undefined;
  readonly calendar: string | undefined;
}

/** Parameters resolved once per scenario and shared by its replications. */
export interface ResolvedModel {
  readonly main: PreparedProcess;
  /** Every SOP a case may call, by key (the main one included). */
  readonly processes: ReadonlyMap<string, PreparedProcess>;
  readonly staff: readonly StaffGroup[];
  readonly costPerHour: Readonly<Record<string, number>>;
  readonly calendar: (name: string) => CalendarClock;
  readonly arrivals: ArrivalProcess;
  readonly tiers: readonly Tier[];
  readonly start: number;
  /** Absent: the first 10 % of each replication's cases. */
  readonly warmUp: WarmUp | undefined;
  readonly params: SimulationParams;
}

/** Monday 2026-01-05 00:00 in Shanghai: an ordinary week, clear of the Spring Festival. */
export const DEFAULT_START = Date.UTC(2026, 0, 4, 16, 0);

function shiftsOf(spec: SimulationParams['staff'][string]): readonly Shift[] {
  if (typeof spec === 'number') return [{ count: spec }];
  if ('shifts' in spec) return spec.shifts;
  return [spec];
}

/**
 * Resolves parameters against the SOPs: calendars built, staff groups laid out, every role the
 * SOP can hand work to checked to have people (a role without anyone would stall the run).
 */
export function resolveModel(main: CompiledProcess, params: SimulationParams, others: readonly CompiledProcess[] = []): ResolvedModel {
  const calendars = new Map<string, BusinessCalendar>();
  for (const [name, spec] of Object.entries(params.calendars ?? {})) calendars.set(name, createCalendar(spec));
  const clocks = new Map<string, CalendarClock>([...calendars].map(([k, c]) => [k, calendarClock(c)]));
  const calendar = (name: string): CalendarClock => clocks.get(name) ?? clocks.get('default') ?? ALWAYS_OPEN;

  const processes = new Map<string, PreparedProcess>();
  const prepared = prepareProcess(main, params);
  processes.set(main.definition.key, prepared);
  for (const p of others) if (!processes.has(p.definition.key)) processes.set(p.definition.key, prepareProcess(p, params));

  const staff: StaffGroup[] = [];
  for (const [role, spec] of Object.entries(params.staff)) {
    for (const s of shiftsOf(spec)) {
      if (s.calendar !== undefined && !calendars.has(s.calendar))
        throw new SimulationError('BAD_MODEL', `staff of "${role}" work on calendar "${s.calendar}", which is not under calendars (known: ${[...calendars.keys()].join(', ') || 'none'})`);
      if (s.count > 0) staff.push({ role, count: s.count, availability: s.calendar ? calendars.get(s.calendar) : undefined, calendar: s.calendar });
    }
  }
  const staffed = new Set(staff.map((g) => g.role));
  const needed = new Set<string>();
  for (const p of processes.values())
    for (const n of p.proc.definition.nodes) {
      if (n.kind !== 'human') continue;
      needed.add(n.role);
      for (const e of n.sla?.escalations ?? []) for (const a of e.actions) if (a.kind === 'reassign') needed.add(a.role);
    }
  const unstaffed = [...needed].filter((r) => !staffed.has(r));
  if (unstaffed.length > 0)
    throw new SimulationError('NO_STAFF', `no staff for role${unstaffed.length > 1 ? 's' : ''} ${unstaffed.map((r) => `"${r}"`).join(', ')}: their tasks would wait forever; add them under staff`);

  const tiers = params.tiers ?? [];
  if (tiers.length > 0 && !(tiers.reduce((s, t) => s + t.share, 0) > 0)) throw new SimulationError('BAD_MODEL', 'customer tiers need shares that add up to more than 0');
  const start = params.start !== undefined ? Date.parse(params.start) : DEFAULT_START;
  return {
    main: prepared,
    processes,
    staff,
    costPerHour: params.costPerHour ?? {},
    calendar,
    arrivals: arrivalProcess(params.arrivals, start, params.timezone ?? 'Asia/Shanghai'),
    tiers,
    start,
    warmUp: params.warmUp,
    params,
  };
}
