import { behaviors } from './behaviors/index.ts';
import { initialState, start } from './commands/start.ts';
import { cancelCase, childEnded, serviceResult, timerDue } from './commands/signals.ts';
import { cancelTask, claim, complete, customerResponded, reassign, release, waitForCustomer } from './commands/tasks.ts';
import { EngineError } from './errors.ts';
import { Run } from './run.ts';
import { onSlaDue } from './sla.ts';
import type { CaseState, Command, CompiledProcess, EngineContext, EngineResult } from './types.ts';

/** Commands a finished case still accepts (late signals are ignored, not errors). */
const LATE_SIGNALS: ReadonlySet<Command['type']> = new Set(['timerDue', 'slaDue', 'serviceResult', 'childEnded']);

/**
 * In place, the run of the last command, taken again by the next command with the same context
 * (a run per command, its effects array and its result were a third of the simulator's
 * garbage). Never shared between contexts; `execute` does not call itself, so one is enough.
 */
let spare: Run | undefined;

function runFor(proc: CompiledProcess, state: CaseState, ctx: EngineContext): Run {
  if (ctx.inPlace !== true) return new Run(proc, state, ctx, behaviors);
  const r = spare;
  if (r !== undefined && r.ctx === ctx) return r.reuse(proc, state);
  return (spare = new Run(proc, state, ctx, behaviors));
}

/**
 * The engine: (definition, case state, command, context) → (new state, effects). Pure: no
 * clock, no I/O, no randomness; ids and time come from `ctx`. A command that is not allowed
 * throws an `EngineError` and the caller's state is untouched.
 */
export function execute(proc: CompiledProcess, state: CaseState | undefined, cmd: Command, ctx: EngineContext): EngineResult {
  if (cmd.type === 'start') {
    if (state !== undefined) throw new EngineError('BAD_COMMAND', `case ${state.id} has already started`);
    const run = runFor(proc, initialState(proc, cmd, ctx), ctx);
    start(run, cmd);
    run.finish();
    return run.result;
  }
  if (state === undefined) throw new EngineError('BAD_COMMAND', `${cmd.type} needs an existing case`);
  if (state.process.key !== proc.definition.key || state.process.version !== proc.definition.version)
    throw new EngineError('BAD_COMMAND', `case ${state.id} runs ${state.process.key} v${state.process.version}, not v${proc.definition.version}`);
  if (state.status !== 'active') {
    if (LATE_SIGNALS.has(cmd.type)) return { state, effects: [] };
    throw new EngineError('CASE_NOT_ACTIVE', `case ${state.id} is ${state.status}`);
  }
  const run = runFor(proc, state, ctx);
  switch (cmd.type) {
    case 'claim':
      claim(run, cmd);
      break;
    case 'release':
      release(run, cmd);
      break;
    case 'complete':
      complete(run, cmd);
      break;
    case 'reassign':
      reassign(run, cmd);
      break;
    case 'cancelTask':
      cancelTask(run, cmd);
      break;
    case 'waitForCustomer':
      waitForCustomer(run, cmd);
      break;
    case 'customerResponded':
      customerResponded(run, cmd);
      break;
    case 'timerDue':
      timerDue(run, cmd);
      break;
    case 'slaDue':
      onSlaDue(run, cmd);
      break;
    case 'serviceResult':
      serviceResult(run, cmd);
      break;
    case 'childEnded':
      childEnded(run, cmd);
      break;
    case 'cancelCase':
      cancelCase(run, cmd);
      break;
  }
  run.finish();
  return run.result;
}
