import { EngineError, type FieldIssue } from '../errors.ts';
import { startClock } from '../sla.ts';
import type { Run } from '../run.ts';
import type { CaseState, Command, CompiledProcess, EngineContext } from '../types.ts';

type Start = Extract<Command, { type: 'start' }>;

const TYPE_CHECKS: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  boolean: (v) => typeof v === 'boolean',
  date: (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
  datetime: (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  list: (v) => Array.isArray(v),
};

/** The case state before the first command: declared defaults plus the given data, checked. */
export function initialState(proc: CompiledProcess, cmd: Start, ctx: EngineContext): CaseState {
  const data: Record<string, unknown> = {};
  const issues: FieldIssue[] = [];
  for (const v of proc.definition.variables) {
    const given = cmd.data?.[v.id];
    const value = given === undefined ? v.default : given;
    if (value === undefined || value === null) {
      if (v.required) issues.push({ field: v.id, message: `case variable "${v.id}" is required to start ${proc.definition.key}` });
      continue;
    }
    if (!TYPE_CHECKS[v.type]!(value)) issues.push({ field: v.id, message: `case variable "${v.id}" must be a ${v.type}, got ${JSON.stringify(value)}` });
    data[v.id] = value;
  }
  if (issues.length > 0) throw new EngineError('VARIABLES_INVALID', issues.map((i) => i.message).join('; '), issues);
  // Undeclared data is kept too: an SOP may be started by an integration that sends more.
  for (const [k, v] of Object.entries(cmd.data ?? {})) if (!(k in data)) data[k] = v;
  // Every field of a state, in the order Run.finish writes them: the in-place engine finishes on
  // this very object, and fields added later would change its shape (and allocate) per case.
  return {
    id: cmd.caseId,
    process: { key: proc.definition.key, version: proc.definition.version },
    status: 'active',
    storeId: cmd.storeId,
    customer: cmd.customer,
    priority: cmd.priority ?? 0,
    data,
    tokens: [],
    joins: {},
    tasks: [],
    steps: {},
    sla: undefined,
    parent: cmd.parent,
    startedAt: ctx.now,
    endedAt: undefined,
    outcome: undefined,
  };
}

/** Starts the case: the case SLA clock, then the first node. */
export function start(run: Run, cmd: Start): void {
  if (run.logging) {
    run.log({
      scope: 'case',
      activity: run.proc.definition.key,
      lifecycle: 'start',
      resource: cmd.by === 'system' ? undefined : cmd.by,
      attrs: { version: run.proc.definition.version, storeId: cmd.storeId, customerId: cmd.customer?.id, parentCaseId: cmd.parent?.caseId },
    });
  }
  if (run.proc.definition.sla) run.sla = startClock(run, run.proc.definition.sla, { case: true });
  run.enter(run.proc.start, undefined);
  run.completeIfDone();
}
