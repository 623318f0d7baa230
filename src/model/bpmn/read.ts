import { parseTimeLimit } from '../time-limit.ts';
import type {
  Assignment,
  Branch,
  Checklist,
  EscalationAction,
  FormField,
  LocalizedText,
  ProcessDefinition,
  ProcessNode,
  RoleDef,
  ScriptLine,
  SlaSpec,
  TimeLimit,
  VariableDef,
} from '../types.ts';
import { FEEL_LANGUAGE, newModdle, type El } from './moddle.ts';

/**
 * BPMN 2.0 XML → SOP definition. Files written by `toBpmn` carry every servflow setting in
 * `servflow:*` extension elements and read back to the same definition. Files drawn in other
 * modelers (Camunda Modeler, bpmn.io) are read from plain BPMN: userTask roles from
 * `camunda:candidateGroups` or the lane, timers from ISO durations, conditions in FEEL or
 * `${…}` (JUEL, translated). Elements servflow cannot run are refused by id (see docs/bpmn.md).
 */

export interface BpmnIssue {
  /** The BPMN element's id (absent for document-level problems). */
  readonly element?: string;
  readonly message: string;
}

export class BpmnImportError extends Error {
  readonly code = 'BPMN_INVALID';
  constructor(readonly issues: readonly BpmnIssue[]) {
    super(issues.map((i) => (i.element ? `${i.element}: ${i.message}` : i.message)).join('\n'));
    this.name = 'BpmnImportError';
  }
}

const SUPPORTED =
  'startEvent, endEvent, userTask, manualTask, task, serviceTask, intermediateCatchEvent (timer), boundaryEvent (timer on a userTask, error on a serviceTask), exclusiveGateway, parallelGateway, callActivity, sequenceFlow';

const IGNORED = new Set(['bpmn:TextAnnotation', 'bpmn:Association', 'bpmn:Group', 'bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

function clean<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** `bpmn:ScriptTask` → `scriptTask`, the way the element is written in the file. */
const local = (type: string): string => {
  const name = type.replace(/^bpmn:/, '');
  return name.charAt(0).toLowerCase() + name.slice(1);
};

const CJK = /[\u3400-\u9fff]/;

/** A plain BPMN name as a localized text: Chinese when it has Chinese characters, else English. */
function nameText(name: string): LocalizedText {
  return CJK.test(name) ? { zh: name } : { en: name };
}

function text(t: El): LocalizedText | undefined {
  if (!t) return undefined;
  return clean({ zh: t.zh as string | undefined, en: t.en as string | undefined });
}

function servflowExt(el: El, type: string): El {
  return (el?.extensionElements?.values ?? []).find((v: El) => v.$type === type);
}

/** An attribute of another modeler's namespace (camunda:candidateGroups…), whatever its prefix. */
function foreignAttr(el: El, local: string): string | undefined {
  const attrs: Record<string, unknown> = el?.$attrs ?? {};
  for (const [k, v] of Object.entries(attrs)) if (k.endsWith(`:${local}`) && typeof v === 'string') return v;
  return undefined;
}

/** `${a == 1 && b}` (JUEL, as Camunda 7 writes) → `a = 1 and b` (FEEL). A leading `=` (Camunda 8 FEEL) is dropped. */
export function conditionToFeel(body: string, language: string | undefined): string {
  const s = body.trim();
  const juel = /^[$#]\{([\s\S]*)\}$/.exec(s);
  if (juel) {
    return juel[1]!
      .trim()
      .replace(/'([^']*)'/g, '"$1"')
      .replace(/==/g, '=')
      .replace(/&&/g, ' and ')
      .replace(/\|\|/g, ' or ')
      .replace(/!\s*=/g, '!=')
      .replace(/!(?!=)\s*([A-Za-z_][\w.]*)/g, 'not($1)')
      .replace(/\s+/g, ' ')
      .trim();
  }
  if (language && language !== FEEL_LANGUAGE && !/feel/i.test(language))
    throw new Error(`condition language "${language}" is not supported; write FEEL (language="${FEEL_LANGUAGE}") or \${…}`);
  return s.startsWith('=') ? s.slice(1).trim() : s;
}

function limit(s: string | undefined, signed = false): TimeLimit | undefined {
  return s === undefined ? undefined : parseTimeLimit(s, { signed });
}

function readSla(s: El): SlaSpec | undefined {
  if (!s) return undefined;
  const due: SlaSpec['due'] = s.dueExpression !== undefined ? { expression: s.dueExpression } : parseTimeLimit(s.due ?? '');
  const warning: SlaSpec['warning'] =
    s.warningFraction !== undefined ? { fraction: s.warningFraction } : s.warningBefore !== undefined ? { before: parseTimeLimit(s.warningBefore) } : undefined;
  const escalations = (s.escalations as El[] | undefined)?.map((e) =>
    clean({
      after: limit(e.after),
      actions: ((e.actions ?? []) as El[]).map((a): EscalationAction => {
        if (a.kind === 'notify') return clean({ kind: 'notify' as const, role: a.role as string, message: text(a.message) });
        if (a.kind === 'reassign') return { kind: 'reassign', role: a.role };
        if (a.kind === 'raisePriority') return clean({ kind: 'raisePriority' as const, by: a.by as number | undefined });
        throw new Error(`unknown escalation action "${a.kind}" (notify, reassign or raisePriority)`);
      }),
    }),
  );
  return clean({
    due,
    warning,
    escalations: escalations && escalations.length > 0 ? escalations : undefined,
    calendar: s.calendar as string | undefined,
    pauseWhileWaitingForCustomer: s.pauseWhileWaitingForCustomer as boolean | undefined,
  });
}

function readChecklist(c: El): Checklist | undefined {
  if (!c) return undefined;
  return clean({
    items: ((c.items ?? []) as El[]).map((i) => clean({ id: i.itemId as string, text: text(i.text) ?? {}, required: i.required === true, weight: i.weight as number | undefined })),
    pass: clean({ allRequired: c.allRequired !== false, minOptional: c.minOptional as number | undefined, minScore: c.minScore as number | undefined }),
    onFail: c.onFail === undefined ? undefined : oneOf<NonNullable<Checklist['onFail']>>(c.onFail, ['block', 'record'], 'checklist onFail'),
  });
}

function readScript(lines: El[] | undefined): ScriptLine[] | undefined {
  if (!lines || lines.length === 0) return undefined;
  return lines.map((l) => clean({ when: text(l.when), say: text(l.say) ?? {} }));
}

function readForm(fields: El[] | undefined): FormField[] | undefined {
  if (!fields || fields.length === 0) return undefined;
  return fields.map((f) =>
    clean({
      id: f.fieldId as string,
      label: text(f.label) ?? {},
      type: oneOf<FormField['type']>(f.type, FIELD_TYPES, 'form field type'),
      required: f.required === true,
      options: (f.options as El[] | undefined)?.length ? (f.options as El[]).map((o) => ({ value: o.value as string, label: text(o.label) ?? {} })) : undefined,
      min: f.min as number | undefined,
      max: f.max as number | undefined,
      pattern: f.pattern as string | undefined,
      variable: f.variable as string | undefined,
    }),
  );
}

const STRATEGIES = new Set(['queue', 'rotation', 'leastLoaded', 'sameAs', 'customerOwner']);
const VARIABLE_TYPES = ['string', 'number', 'boolean', 'date', 'datetime', 'object', 'list'];
const FIELD_TYPES = ['text', 'longText', 'number', 'integer', 'boolean', 'date', 'datetime', 'select', 'multiSelect', 'phone', 'money', 'signature', 'photo'];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** A value of a closed list, or a clear error naming the list (the YAML reader's schema does this for YAML). */
function oneOf<T extends string>(value: unknown, allowed: readonly string[], what: string): T {
  if (typeof value !== 'string' || !allowed.includes(value)) throw new Error(`${what} "${String(value ?? '')}" is not one of ${allowed.join(', ')}`);
  return value as T;
}

function readAssignment(ext: El, element: string): Assignment {
  const s = (ext?.assignment as string | undefined) ?? 'queue';
  if (!STRATEGIES.has(s)) throw new BpmnImportError([{ element, message: `assignment "${s}" is not one of ${[...STRATEGIES].join(', ')}` }]);
  if (s === 'sameAs') return { strategy: 'sameAs', node: (ext.sameAs as string | undefined) ?? '' };
  return { strategy: s } as Assignment;
}

/**
 * A node's name: the servflow zh/en name, unless the label drawn in the modeler was changed
 * since (then the new label replaces the language it is written in).
 */
function nodeName(ext: LocalizedText | undefined, label: string | undefined, id: string): LocalizedText {
  if (ext === undefined) return label ? nameText(label) : { en: id };
  if (label === undefined || label === '' || label === (ext.zh ?? ext.en)) return ext;
  return { ...ext, ...nameText(label) };
}

/** Role id from a free-text lane or group name: kept as is when it is already id-like. */
function roleIdOf(name: string): string {
  const t = name.trim();
  return /^[A-Za-z][\w-]*$/.test(t) ? t : t.replace(/\s+/g, '-');
}

/** Reads BPMN 2.0 XML into an SOP definition (not yet compiled: call `compile` to check the graph). */
export async function fromBpmn(xml: string): Promise<ProcessDefinition> {
  const m = newModdle();
  let root: El;
  try {
    const res = await m.fromXML(xml);
    root = res.rootElement;
    const fatal = (res.warnings as { message: string }[]).filter((w) => !/unknown type|unparsable content/i.test(w.message) || /<bpmn:/.test(w.message));
    if (fatal.length > 0) throw new BpmnImportError(fatal.map((w) => ({ message: w.message.split('\n')[0]! })));
  } catch (e) {
    if (e instanceof BpmnImportError) throw e;
    throw new BpmnImportError([{ message: `not a BPMN 2.0 document: ${(e as Error).message.split('\n')[0]}` }]);
  }
  if (root?.$type !== 'bpmn:Definitions') throw new BpmnImportError([{ message: 'not a BPMN 2.0 document: the root element must be bpmn:definitions' }]);
  const processes = ((root.rootElements ?? []) as El[]).filter((r) => r.$type === 'bpmn:Process');
  if (processes.length !== 1)
    throw new BpmnImportError([{ message: `expected exactly one bpmn:process, found ${processes.length}${processes.length > 1 ? ' (servflow reads one process per file; split the pools)' : ''}` }]);
  const proc = processes[0]!;
  const pext = servflowExt(proc, 'servflow:Process');
  const issues: BpmnIssue[] = [];

  const all = (proc.flowElements ?? []) as El[];
  const flows = all.filter((e) => e.$type === 'bpmn:SequenceFlow');
  const boundaries = all.filter((e) => e.$type === 'bpmn:BoundaryEvent');
  const starts = all.filter((e) => e.$type === 'bpmn:StartEvent');
  const nodesEls = all.filter((e) => !['bpmn:SequenceFlow', 'bpmn:BoundaryEvent', 'bpmn:StartEvent'].includes(e.$type) && !IGNORED.has(e.$type));

  // Lanes: a task's role when it names none itself.
  const laneOf = new Map<string, string>();
  const walkLanes = (sets: El[] | undefined): void => {
    for (const set of sets ?? [])
      for (const lane of (set.lanes ?? []) as El[]) {
        for (const ref of (lane.flowNodeRef ?? []) as El[]) if (lane.name) laneOf.set(ref.id, lane.name);
        walkLanes(lane.childLaneSet ? [lane.childLaneSet] : undefined);
      }
  };
  walkLanes(proc.laneSets);

  if (starts.length !== 1) issues.push({ message: `a process needs exactly one startEvent; this one has ${starts.length}` });
  for (const s of starts)
    if ((s.eventDefinitions ?? []).length > 0)
      issues.push({ element: s.id, message: `start events with a trigger (${(s.eventDefinitions as El[]).map((d) => d.$type.replace('bpmn:', '')).join(', ')}) are not supported; use a plain start event (servflow schedules cover recurring starts)` });

  const outgoingOf = (el: El): El[] => {
    const listed = (el.outgoing ?? []) as El[];
    const fromFlows = flows.filter((f) => f.sourceRef === el);
    return listed.length === fromFlows.length ? listed : fromFlows;
  };
  // An exclusive gateway with one plain outgoing flow only merges paths; servflow steps take
  // any number of incoming flows, so such a gateway is left out and its flows lead on.
  const passThrough = new Set(
    nodesEls.filter((el) => {
      if (el.$type !== 'bpmn:ExclusiveGateway' || servflowExt(el, 'servflow:Node')) return false;
      const out = outgoingOf(el);
      return out.length === 1 && !out[0].conditionExpression;
    }),
  );
  const nodeId = new Map<string, string>(); // bpmn id → servflow id
  for (const el of nodesEls) nodeId.set(el.id, (servflowExt(el, 'servflow:Node')?.nodeId as string | undefined) ?? el.id);
  const target = (f: El): string => {
    let to = f.targetRef;
    for (let hops = 0; passThrough.has(to) && hops <= passThrough.size; hops++) to = outgoingOf(to)[0].targetRef;
    return nodeId.get(to?.id) ?? to?.id;
  };

  const start = starts[0];
  const startOut = start ? outgoingOf(start) : [];
  if (start && startOut.length !== 1) issues.push({ element: start.id, message: `the start event needs exactly one outgoing flow (it has ${startOut.length})` });
  for (const f of flows)
    if (f.targetRef?.$type === 'bpmn:StartEvent' || !f.targetRef || !f.sourceRef)
      issues.push({ element: f.id, message: 'a sequence flow must join two elements and cannot lead into the start event' });

  const roles = new Map<string, RoleDef>();
  const useRole = (id: string, name: string): void => {
    if (!roles.has(id)) roles.set(id, { id, name: nameText(name) });
  };

  const nodes: ProcessNode[] = [];
  for (const el of nodesEls) {
    if (passThrough.has(el)) continue;
    const ext = servflowExt(el, 'servflow:Node');
    const id = nodeId.get(el.id)!;
    const name = nodeName(text(ext?.name), el.name as string | undefined, el.id as string);
    const docText = ((el.documentation ?? []) as El[])[0]?.text as string | undefined;
    const description = text(ext?.description) ?? (docText ? nameText(docText) : undefined);
    const base = clean({ id, name, description });
    const out = outgoingOf(el);
    try {
      const single = (): string | undefined => {
        if (out.length > 1) throw new BpmnImportError([{ element: el.id, message: `has ${out.length} outgoing flows; servflow steps have one — split or choose with a gateway` }]);
        const f = out[0];
        if (f?.conditionExpression) throw new BpmnImportError([{ element: f.id, message: 'conditional flows may only leave an exclusive gateway' }]);
        if (f === undefined) throw new BpmnImportError([{ element: el.id, message: 'has no outgoing flow; end the path with an end event' }]);
        return target(f);
      };
      const attached = boundaries.filter((b) => b.attachedToRef === el);
      switch (el.$type) {
        case 'bpmn:UserTask':
        case 'bpmn:ManualTask':
        case 'bpmn:Task': {
          const group = foreignAttr(el, 'candidateGroups')?.split(',')[0]?.trim();
          const lane = laneOf.get(el.id);
          const role = (ext?.role as string | undefined) ?? (group ? roleIdOf(group) : lane ? roleIdOf(lane) : undefined);
          if (role === undefined)
            throw new BpmnImportError([{ element: el.id, message: 'has no role: set servflow:node role, camunda:candidateGroups, or put the task in a lane' }]);
          useRole(role, group ?? lane ?? role);
          let sla = readSla(ext?.sla);
          for (const b of attached) {
            const def = (b.eventDefinitions ?? [])[0];
            if (def?.$type !== 'bpmn:TimerEventDefinition' || b.cancelActivity !== false || outgoingOf(b).length > 0)
              throw new BpmnImportError([{ element: b.id, message: 'only a non-interrupting timer without outgoing flows (read as the step SLA) may be attached to a task' }]);
            if (sla === undefined) {
              const body = def.timeDuration?.body as string | undefined;
              if (!body) throw new BpmnImportError([{ element: b.id, message: 'the SLA timer needs a timeDuration (ISO-8601, e.g. PT4H)' }]);
              sla = { due: parseTimeLimit(body) };
            }
          }
          nodes.push(
            clean({
              ...base,
              kind: 'human' as const,
              role,
              assignment: readAssignment(ext, el.id),
              sla,
              checklist: readChecklist(ext?.checklist),
              script: readScript(ext?.script),
              form: readForm(ext?.fields),
              touchpoint: ext?.touchpoint as boolean | undefined,
              certificate: ext?.certificate as string | undefined,
              priority: ext?.priority as number | undefined,
              next: single(),
            }),
          );
          break;
        }
        case 'bpmn:ServiceTask': {
          const r = ext?.request;
          if (!r) throw new BpmnImportError([{ element: el.id, message: 'a serviceTask needs servflow:request (method, url) to know what to call' }]);
          let onError: string | undefined;
          for (const b of attached) {
            const def = (b.eventDefinitions ?? [])[0];
            const bout = outgoingOf(b);
            if (def?.$type !== 'bpmn:ErrorEventDefinition' || bout.length !== 1)
              throw new BpmnImportError([{ element: b.id, message: 'only an error boundary event with one outgoing flow may be attached to a serviceTask' }]);
            onError = target(bout[0]);
          }
          const headers = r.headers as El[] | undefined;
          nodes.push(
            clean({
              ...base,
              kind: 'service' as const,
              request: clean({
                method: oneOf<'GET'>(r.method, METHODS, 'request method'),
                url: r.url as string,
                headers: headers?.length ? Object.fromEntries(headers.map((h) => [h.name as string, h.value as string])) : undefined,
                body: r.body as string | undefined,
              }),
              timeoutMs: r.timeoutMs as number,
              retries: r.retries as number,
              backoff: { initialMs: r.backoffInitialMs as number, factor: r.backoffFactor as number, maxMs: r.backoffMaxMs as number },
              resultVariable: r.resultVariable as string | undefined,
              onError,
              next: single(),
            }),
          );
          break;
        }
        case 'bpmn:IntermediateCatchEvent': {
          const def = (el.eventDefinitions ?? [])[0];
          if (def?.$type !== 'bpmn:TimerEventDefinition' || el.eventDefinitions.length !== 1)
            throw new BpmnImportError([{ element: el.id, message: 'only timer catch events are supported' }]);
          const w = ext?.wait;
          let wait: Extract<ProcessNode, { kind: 'timer' }>['wait'];
          if (w) {
            wait = w.duration !== undefined ? clean({ duration: parseTimeLimit(w.duration), calendar: w.calendar }) : clean({ until: w.until, offset: limit(w.offset, true), calendar: w.calendar });
          } else if (def.timeDuration?.body) wait = { duration: parseTimeLimit(def.timeDuration.body) };
          else if (def.timeDate?.body) {
            const body = (def.timeDate.body as string).trim();
            const juel = /^[$#]\{([\s\S]*)\}$/.exec(body);
            wait = { until: juel ? juel[1]!.trim() : /^\d{4}-\d\d-\d\dT/.test(body) ? `date and time("${body}")` : conditionToFeel(body, def.timeDate.language) };
          } else throw new BpmnImportError([{ element: el.id, message: 'a timer needs timeDuration or timeDate (timeCycle is not supported)' }]);
          nodes.push(clean({ ...base, kind: 'timer' as const, wait, next: single() }));
          break;
        }
        case 'bpmn:ExclusiveGateway': {
          const branches: Branch[] = [];
          let dflt: string | undefined;
          for (const f of out) {
            const branchName = text(servflowExt(f, 'servflow:Node')?.name) ?? (f.name ? nameText(f.name) : undefined);
            if (f === el.default) dflt = target(f);
            else if (f.conditionExpression) {
              let when: string;
              try {
                when = conditionToFeel(f.conditionExpression.body ?? '', f.conditionExpression.language);
              } catch (e) {
                throw new BpmnImportError([{ element: f.id, message: (e as Error).message }]);
              }
              branches.push(clean({ when, to: target(f), name: branchName }));
            } else if (out.length === 1) dflt = target(f);
            else throw new BpmnImportError([{ element: f.id, message: `leaves exclusive gateway ${el.id} without a condition; add a condition or make it the gateway's default flow` }]);
          }
          if (out.length === 0) throw new BpmnImportError([{ element: el.id, message: 'has no outgoing flow' }]);
          nodes.push(clean({ ...base, kind: 'exclusive' as const, branches, default: dflt }));
          break;
        }
        case 'bpmn:ParallelGateway': {
          for (const f of out) if (f.conditionExpression) throw new BpmnImportError([{ element: f.id, message: 'flows leaving a parallel gateway cannot have conditions' }]);
          if (out.length === 0) throw new BpmnImportError([{ element: el.id, message: 'has no outgoing flow' }]);
          nodes.push(out.length === 1 ? { ...base, kind: 'parallel', next: target(out[0]) } : { ...base, kind: 'parallel', to: out.map(target) });
          break;
        }
        case 'bpmn:CallActivity': {
          if (!el.calledElement) throw new BpmnImportError([{ element: el.id, message: 'a callActivity needs calledElement (the key of the SOP to start)' }]);
          const inputs = ext?.inputs as El[] | undefined;
          const outputs = ext?.outputs as El[] | undefined;
          nodes.push(
            clean({
              ...base,
              kind: 'call' as const,
              process: el.calledElement as string,
              input: inputs?.length ? Object.fromEntries(inputs.map((i) => [i.name as string, i.expression as string])) : undefined,
              output: outputs?.length ? Object.fromEntries(outputs.map((o) => [o.name as string, o.variable as string])) : undefined,
              next: single(),
            }),
          );
          break;
        }
        case 'bpmn:EndEvent': {
          const defs = (el.eventDefinitions ?? []) as El[];
          if (defs.length > 0 && !(defs.length === 1 && defs[0].$type === 'bpmn:TerminateEventDefinition'))
            throw new BpmnImportError([{ element: el.id, message: `end events with ${defs.map((d) => d.$type.replace('bpmn:', '')).join(', ')} are not supported; use a plain end event` }]);
          if (out.length > 0) throw new BpmnImportError([{ element: el.id, message: 'an end event cannot have outgoing flows' }]);
          nodes.push(clean({ ...base, kind: 'end' as const, outcome: ext?.outcome as string | undefined }));
          break;
        }
        default:
          throw new BpmnImportError([{ element: el.id, message: `${local(el.$type)} is not supported by servflow (supported: ${SUPPORTED})` }]);
      }
    } catch (e) {
      if (e instanceof BpmnImportError) issues.push(...e.issues);
      else issues.push({ element: el.id, message: (e as Error).message });
    }
  }
  for (const b of boundaries) {
    const host = b.attachedToRef;
    if (!host || !['bpmn:UserTask', 'bpmn:ManualTask', 'bpmn:Task', 'bpmn:ServiceTask'].includes(host.$type))
      issues.push({ element: b.id, message: 'boundary events are supported on tasks only (timer = SLA on a userTask, error on a serviceTask)' });
  }
  if (issues.length > 0) throw new BpmnImportError(issues);

  // The start event's target runs first; every other node keeps its written order.
  const first = startOut[0] ? target(startOut[0]) : undefined;
  const ordered = [...nodes.filter((n) => n.id === first), ...nodes.filter((n) => n.id !== first)];
  // `next` only where it differs from the node written after (the way SOP files are written).
  const finalNodes = ordered.map((n, i) => {
    if ('next' in n && n.next !== undefined && n.next === ordered[i + 1]?.id) {
      const { next: _drop, ...rest } = n;
      return rest as ProcessNode;
    }
    return n;
  });

  const readVariables = (): VariableDef[] =>
    ((pext?.variables ?? []) as El[]).map((v) =>
      clean({
        id: v.variableId as string,
        type: oneOf<VariableDef['type']>(v.type, VARIABLE_TYPES, 'variable type'),
        label: text(v.label),
        required: v.required as boolean | undefined,
        default: v.defaultJson === undefined ? undefined : (JSON.parse(v.defaultJson as string) as unknown),
      }),
    );
  try {
    return processDefinition(proc, pext, roles, finalNodes, readVariables);
  } catch (e) {
    throw new BpmnImportError([{ element: proc.id as string, message: `servflow:process: ${(e as Error).message}` }]);
  }
}

function processDefinition(proc: El, pext: El, roles: ReadonlyMap<string, RoleDef>, finalNodes: ProcessNode[], readVariables: () => VariableDef[]): ProcessDefinition {
  const procName = text(pext?.name) ?? (proc.name ? nameText(proc.name) : { en: proc.id as string });
  const procDoc = ((proc.documentation ?? []) as El[])[0]?.text as string | undefined;
  const schedules = pext?.schedules as El[] | undefined;
  return clean({
    key: (pext?.key as string | undefined) ?? (proc.id as string),
    version: (pext?.version as number | undefined) ?? 1,
    name: procName,
    description: text(pext?.description) ?? (procDoc ? nameText(procDoc) : undefined),
    industry: pext?.industry as string | undefined,
    seeds: pext?.seeds !== undefined ? (pext.seeds as string).split(/\s+/).filter(Boolean) : undefined,
    // Declared roles when the file lists them; else the roles its tasks use (lanes, candidate groups).
    roles: ((pext?.roles ?? []) as El[]).length > 0 ? ((pext.roles ?? []) as El[]).map((r) => ({ id: r.roleId as string, name: text(r.name) ?? {} })) : [...roles.values()],
    calendar: pext?.calendar as string | undefined,
    variables: readVariables(),
    sla: readSla(pext?.sla),
    schedules: schedules?.length ? schedules.map((s) => clean({ rrule: s.rrule as string, data: s.dataJson === undefined ? undefined : (JSON.parse(s.dataJson as string) as Record<string, unknown>) })) : undefined,
    nodes: finalNodes,
  });
}
