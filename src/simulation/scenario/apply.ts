import { compile, CompileError } from '../../model/index.ts';
import { SimulationError } from '../errors.ts';
import { explicitNodes } from './graph-edit.ts';
import { arrivals, branches, duration, staff } from './param-changes.ts';
import { delegate, mergeRoles, mergeSteps, moveStep, parallel, removeStep, sla, type Variant } from './process-changes.ts';
import type { CompiledProcess } from '../../model/types.ts';
import type { SimulationParams } from '../params.ts';
import type { Change } from './schema.ts';

/** One function per kind of change; the compiler checks that every kind has one. */
const APPLY = {
  staff,
  mergeRoles,
  mergeSteps,
  moveStep,
  removeStep,
  parallel,
  delegate,
  sla,
  arrivals,
  duration,
  branches,
} satisfies { readonly [K in Change['change']]: (v: Variant, c: Extract<Change, { change: K }>) => Variant };

/**
 * Applies a scenario's changes to an SOP and its parameters, in order, and compiles the new
 * SOP (a change that breaks the graph is reported with the compiler's own message). The new
 * SOP gets the next version number: it is a candidate for publishing, not the running one.
 */
export function applyChanges(proc: CompiledProcess, params: SimulationParams, changes: readonly Change[]): { readonly process: CompiledProcess; readonly params: SimulationParams } {
  let v: Variant = { definition: proc.definition, nodes: explicitNodes(proc.definition), params, start: proc.start };
  for (const c of changes) v = (APPLY[c.change] as (v: Variant, c: Change) => Variant)(v, c);
  if (changes.length === 0) return { process: proc, params };
  const first = v.nodes.find((n) => n.id === v.start)!;
  const nodes = [first, ...v.nodes.filter((n) => n !== first)];
  try {
    return { process: compile({ ...v.definition, version: v.definition.version + 1, nodes }), params: v.params };
  } catch (e) {
    if (e instanceof CompileError) throw new SimulationError('BAD_SCENARIO', `the changed SOP is not valid: ${e.message}`);
    throw e;
  }
}

/** A short description of a change, for tables and reports. */
export function describeChange(c: Change): string {
  switch (c.change) {
    case 'staff':
      return c.count !== undefined ? `${c.role}: ${c.count} people${c.calendar ? ` on ${c.calendar}` : ''}` : `${c.role}: ${c.delta! > 0 ? '+' : ''}${c.delta} people`;
    case 'mergeRoles':
      return `merge roles ${c.roles.join(' + ')} into ${c.into}`;
    case 'mergeSteps':
      return `merge steps ${c.steps.join(' + ')}${c.role ? ` (by ${c.role})` : ''}`;
    case 'moveStep':
      return `move ${c.step} ${c.after !== undefined ? `after ${c.after}` : `before ${c.before}`}`;
    case 'removeStep':
      return `remove ${c.step}`;
    case 'parallel':
      return `${c.steps.join(' and ')} in parallel`;
    case 'delegate':
      return `${c.step} done by ${c.to}`;
    case 'sla':
      return `SLA of ${c.step ?? 'the case'}: ${c.due}`;
    case 'arrivals':
      return c.factor !== undefined ? `arrivals × ${c.factor}` : `arrivals ${c.perHour}/h`;
    case 'duration':
      return c.factor !== undefined ? `${c.step} work × ${c.factor}` : `${c.step} work: new distribution`;
    case 'branches':
      return `branches at ${c.gateway}: ${Object.entries(c.probabilities).map(([k, p]) => `${k} ${Math.round(p * 100)} %`).join(', ')}`;
  }
}
