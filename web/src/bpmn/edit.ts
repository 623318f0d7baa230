import { parseTimeLimit } from '../../../src/model/time-limit.ts';
import type { TimeLimit } from '../../../src/model/types.ts';
import { ext, withText, type Bo, type Moddle } from './ext.ts';

/**
 * The designer's edits of a step's escalations and of a timer's wait, made in place on the
 * bpmn-js business objects (servflow:node extension elements) that saveXML then writes out —
 * kept apart from the panel so they can be tested on a real moddle. Where BPMN has its own
 * element for a time (the SLA boundary timer of a task, the timer definition of a catch event)
 * it is kept in step with servflow's value, so bpmn.io and Camunda Modeler show the same time.
 */

export const ACTION_KINDS = ['notify', 'reassign', 'raisePriority'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** FEEL's language URI on BPMN expressions (as src/model/bpmn/moddle.ts writes it). */
const FEEL_LANGUAGE = 'https://www.omg.org/spec/DMN/20191111/FEEL/';

const ISO_UNIT: Readonly<Record<TimeLimit['unit'], string>> = { seconds: 'S', minutes: 'M', hours: 'H', days: 'D', weeks: 'W' };

/** ISO-8601 duration of a time limit, as the BPMN export writes timers (src/model/bpmn/write.ts). */
export function isoOf(t: TimeLimit): string {
  const n = Math.abs(t.amount);
  const body = t.unit === 'days' || t.unit === 'weeks' ? `P${n}${ISO_UNIT[t.unit]}` : `PT${n}${ISO_UNIT[t.unit]}`;
  return t.amount < 0 ? `-${body}` : body;
}

/** The time limit a text means, or undefined while it cannot be read (the user is still typing). */
export function limitOf(text: string | undefined, signed = false): TimeLimit | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return parseTimeLimit(text, { signed });
  } catch {
    return undefined;
  }
}

// ——— escalations (servflow:sla > servflow:escalation > servflow:action) ———

/** The escalations of a step's time limit, in order (empty without a time limit). */
export function escalationsOf(node: Bo): Bo[] {
  return (node?.sla?.escalations ?? []) as Bo[];
}

/** Adds an escalation at the breach that notifies `role`; the step must have a time limit. */
export function addEscalation(node: Bo, moddle: Moddle, role: string | undefined): Bo {
  if (!node.sla) throw new Error('an escalation needs the step to have a time limit');
  const esc = moddle.create('servflow:Escalation', { actions: [moddle.create('servflow:Action', { kind: 'notify', ...(role ? { role } : {}) })] });
  node.sla.escalations = [...escalationsOf(node), esc];
  return esc;
}

export function removeEscalation(node: Bo, esc: Bo): void {
  const left = escalationsOf(node).filter((e) => e !== esc);
  node.sla.escalations = left.length > 0 ? left : undefined;
}

/** How long after the breach the escalation fires ("" = at the breach). */
export function setEscalationAfter(esc: Bo, text: string): void {
  esc.after = text.trim() === '' ? undefined : text.trim();
}

export function addAction(esc: Bo, moddle: Moddle, role: string | undefined): Bo {
  const action = moddle.create('servflow:Action', { kind: 'notify', ...(role ? { role } : {}) });
  esc.actions = [...((esc.actions ?? []) as Bo[]), action];
  return action;
}

export function removeAction(esc: Bo, action: Bo): void {
  esc.actions = ((esc.actions ?? []) as Bo[]).filter((a) => a !== action);
}

/**
 * Changes what an action does, dropping what the new kind does not have: a role for notify and
 * reassign (the old one kept, else `role`), a message for notify only, a step for raisePriority.
 */
export function setActionKind(action: Bo, kind: ActionKind, role: string | undefined): void {
  action.kind = kind;
  if (kind === 'raisePriority') {
    action.role = undefined;
    action.message = undefined;
    action.by ??= 1;
  } else {
    action.by = undefined;
    action.role ??= role;
    if (kind !== 'notify') action.message = undefined;
  }
}

/** The notice text of a notify action in one language (the other kept). */
export function setActionMessage(action: Bo, moddle: Moddle, lang: 'zh' | 'en', text: string): void {
  const next = withText(moddle, 'servflow:Message', action.message, lang, text);
  action.message = next.zh === undefined && next.en === undefined ? undefined : next;
}

/** Writes a step's time limit, keeping its BPMN boundary timer (if drawn) on the same duration. */
export function setSlaDue(node: Bo, moddle: Moddle, text: string, attachers: readonly Bo[] = []): void {
  const v = text.trim();
  if (v === '') {
    node.sla = undefined;
    return;
  }
  node.sla ??= moddle.create('servflow:Sla', {});
  node.sla.due = v;
  node.sla.dueExpression = undefined;
  const limit = limitOf(v);
  if (limit === undefined) return;
  for (const a of attachers) {
    const def = ((a?.businessObject?.eventDefinitions ?? []) as Bo[])[0];
    if (def?.$type !== 'bpmn:TimerEventDefinition') continue;
    def.timeDuration = moddle.create('bpmn:FormalExpression', { body: isoOf(limit) });
  }
}

// ——— timers (bpmn:intermediateCatchEvent with a timer, servflow:wait) ———

/** An intermediate catch event with a timer: a servflow timer step. */
export function isTimer(bo: Bo): boolean {
  return bo?.$type === 'bpmn:IntermediateCatchEvent' && ((bo.eventDefinitions ?? []) as Bo[])[0]?.$type === 'bpmn:TimerEventDefinition';
}

/** What a timer waits for, as the panel edits it. */
export interface WaitSettings {
  readonly kind: 'duration' | 'until';
  /** A time limit ("2 h", "3 working days"), when waiting a length of time. */
  readonly duration?: string;
  /** A FEEL expression giving a date-time, when waiting until a date. */
  readonly until?: string;
  /** Before (-) or after that date ("-1 day"). */
  readonly offset?: string;
  readonly calendar?: string;
}

/** A timer's wait: servflow's settings, else what its BPMN timer definition says. */
export function waitOf(bo: Bo): WaitSettings {
  const w = ext(bo, 'servflow:Node')?.wait;
  if (w) {
    if (w.until !== undefined) return clean({ kind: 'until', until: w.until, offset: w.offset, calendar: w.calendar });
    return clean({ kind: 'duration', duration: w.duration, calendar: w.calendar });
  }
  const def = ((bo?.eventDefinitions ?? []) as Bo[])[0];
  if (def?.timeDate?.body !== undefined) return { kind: 'until', until: def.timeDate.body as string };
  return clean({ kind: 'duration', duration: def?.timeDuration?.body as string | undefined });
}

/** Writes a timer's wait into servflow:wait and its BPMN timer definition. */
export function setWait(bo: Bo, moddle: Moddle, w: WaitSettings): void {
  const node = ext(bo, 'servflow:Node', moddle);
  node.wait = moddle.create(
    'servflow:Wait',
    w.kind === 'duration' ? clean({ duration: w.duration?.trim(), calendar: w.calendar?.trim() || undefined }) : clean({ until: w.until?.trim(), offset: w.offset?.trim() || undefined, calendar: w.calendar?.trim() || undefined }),
  );
  const def = ((bo.eventDefinitions ?? []) as Bo[])[0];
  if (!def) return;
  if (w.kind === 'duration') {
    const limit = limitOf(w.duration);
    def.timeDate = undefined;
    if (limit) def.timeDuration = moddle.create('bpmn:FormalExpression', { body: isoOf(limit) });
  } else {
    def.timeDuration = undefined;
    def.timeDate = moddle.create('bpmn:FormalExpression', { language: FEEL_LANGUAGE, body: w.until?.trim() ?? '' });
  }
}

function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
}
