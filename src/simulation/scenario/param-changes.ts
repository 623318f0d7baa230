import { SimulationError } from '../errors.ts';
import type { Distribution } from '../random/distribution.ts';
import type { ArrivalSpec, StaffSpec } from '../params.ts';
import type { Change } from './schema.ts';
import type { Variant } from './process-changes.ts';

type C<K extends Change['change']> = Extract<Change, { change: K }>;

/** A role's head count (or a change of it), keeping its calendar unless a new one is given. */
export function staff(v: Variant, c: C<'staff'>): Variant {
  const old = v.params.staff[c.role];
  if (old !== undefined && typeof old !== 'number' && 'shifts' in old && c.count !== undefined && old.shifts.length > 1)
    throw new SimulationError('BAD_SCENARIO', `role "${c.role}" works in ${old.shifts.length} shifts; change it with delta, or give shifts in the baseline`);
  const current = old === undefined ? 0 : typeof old === 'number' ? old : 'shifts' in old ? old.shifts.reduce((s, x) => s + x.count, 0) : old.count;
  const count = c.count ?? Math.max(0, current + c.delta!);
  const calendar = c.calendar ?? (old !== undefined && typeof old !== 'number' && !('shifts' in old) ? old.calendar : undefined);
  let spec: StaffSpec;
  if (old !== undefined && typeof old !== 'number' && 'shifts' in old && c.count === undefined) {
    // A delta on several shifts goes to the first shift.
    const [first, ...rest] = old.shifts;
    spec = { shifts: [{ ...first!, count: Math.max(0, first!.count + c.delta!) }, ...rest] };
  } else spec = calendar !== undefined ? { count, calendar } : count;
  return { ...v, params: { ...v.params, staff: { ...v.params.staff, [c.role]: spec } } };
}

/** More or fewer cases: all rates scaled, or a new constant rate. */
export function arrivals(v: Variant, c: C<'arrivals'>): Variant {
  const a = v.params.arrivals;
  let next: ArrivalSpec;
  if (c.perHour !== undefined) next = { kind: 'poisson', perHour: c.perHour };
  else {
    const f = c.factor!;
    switch (a.kind) {
      case 'poisson':
        next = { ...a, perHour: a.perHour * f };
        break;
      case 'profile':
        next = {
          ...a,
          daily: a.daily?.map((x) => x * f),
          weekly: a.weekly ? Object.fromEntries(Object.entries(a.weekly).map(([k, xs]) => [k, xs!.map((x) => x * f)])) : undefined,
        };
        break;
      case 'renewal':
        next = { ...a, interarrival: { ...a.interarrival, factor: (a.interarrival.factor ?? 1) / f } };
        break;
      case 'replay':
        throw new SimulationError('BAD_SCENARIO', 'replayed arrivals cannot be scaled; give perHour for a Poisson rate instead');
    }
  }
  return { ...v, params: { ...v.params, arrivals: next } };
}

/** A step's work time: a new distribution, or the old one scaled. */
export function duration(v: Variant, c: C<'duration'>): Variant {
  const old = v.params.durations[c.step];
  if (old === undefined && c.distribution === undefined) throw new SimulationError('BAD_SCENARIO', `step "${c.step}" has no duration to scale`);
  const next: Distribution = c.distribution ?? { ...old!, factor: (old!.factor ?? 1) * c.factor! };
  return { ...v, params: { ...v.params, durations: { ...v.params.durations, [c.step]: next } } };
}

/** New branch probabilities at a gateway. */
export function branches(v: Variant, c: C<'branches'>): Variant {
  return { ...v, params: { ...v.params, branches: { ...v.params.branches, [c.gateway]: c.probabilities } } };
}
