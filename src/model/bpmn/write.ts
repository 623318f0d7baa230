import { compile } from '../compile.ts';
import { formatTimeLimit } from '../time-limit.ts';
import type {
  Checklist,
  FormField,
  LocalizedText,
  ProcessDefinition,
  ProcessNode,
  ScriptLine,
  SlaSpec,
  TimeLimit,
} from '../types.ts';
import { layered, type LayoutNode } from './layout.ts';
import { FEEL_LANGUAGE, newModdle, type El } from './moddle.ts';

/**
 * SOP definition → BPMN 2.0 XML. Steps become userTask / serviceTask / intermediate timer
 * catch events / gateways / callActivity / end events; flows carry FEEL conditions; everything
 * BPMN has no place for (roles, assignment, SLA, checklist, script, form, zh/en names…) goes
 * into `servflow:*` extension elements, so `fromBpmn` gives back the same definition. A
 * layered layout is added so modelers open the file as a drawing.
 */

const NCNAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** A BPMN id (an XML NCName) for each servflow id, unique in the document. */
function idMaker(): (wanted: string) => string {
  const used = new Set<string>();
  return (wanted) => {
    let base = wanted.replace(/[^A-Za-z0-9_.-]/g, '_');
    if (!NCNAME.test(base)) base = `_${base}`;
    let id = base;
    for (let i = 2; used.has(id); i++) id = `${base}_${i}`;
    used.add(id);
    return id;
  };
}

const label = (t: LocalizedText): string => t.zh ?? t.en ?? '';

const ISO_UNIT: Readonly<Record<TimeLimit['unit'], string>> = { seconds: 'S', minutes: 'M', hours: 'H', days: 'D', weeks: 'W' };

/** ISO-8601 duration for BPMN timers (working time is written as the same amount of wall time; the exact limit is in servflow:*). */
export function isoDuration(t: TimeLimit): string {
  const unit = ISO_UNIT[t.unit];
  const n = Math.abs(t.amount);
  const body = t.unit === 'days' || t.unit === 'weeks' ? `P${n}${unit}` : `PT${n}${unit}`;
  return t.amount < 0 ? `-${body}` : body;
}

function sizeOf(kind: ProcessNode['kind']): { width: number; height: number } {
  if (kind === 'exclusive' || kind === 'parallel') return { width: 50, height: 50 };
  if (kind === 'timer' || kind === 'end') return { width: 36, height: 36 };
  return { width: 100, height: 80 };
}

/** Writes a definition as BPMN 2.0 XML (with diagram). Throws CompileError when the definition is not valid. */
export async function toBpmn(def: ProcessDefinition): Promise<string> {
  const compiled = compile(def);
  const m = newModdle();
  const make = idMaker();
  const text = (type: string, t: LocalizedText | undefined): El =>
    t === undefined ? undefined : m.create(`servflow:${type}`, strip({ zh: t.zh, en: t.en }));

  const sla = (s: SlaSpec | undefined): El => {
    if (s === undefined) return undefined;
    return m.create(
      'servflow:Sla',
      strip({
        due: 'expression' in s.due ? undefined : formatTimeLimit(s.due),
        dueExpression: 'expression' in s.due ? s.due.expression : undefined,
        warningFraction: s.warning && 'fraction' in s.warning ? s.warning.fraction : undefined,
        warningBefore: s.warning && 'before' in s.warning ? formatTimeLimit(s.warning.before) : undefined,
        calendar: s.calendar,
        pauseWhileWaitingForCustomer: s.pauseWhileWaitingForCustomer,
        escalations: s.escalations?.map((e) =>
          m.create(
            'servflow:Escalation',
            strip({
              after: e.after === undefined ? undefined : formatTimeLimit(e.after),
              actions: e.actions.map((a) =>
                m.create(
                  'servflow:Action',
                  strip({
                    kind: a.kind,
                    role: a.kind === 'raisePriority' ? undefined : a.role,
                    by: a.kind === 'raisePriority' ? a.by : undefined,
                    message: a.kind === 'notify' ? text('Message', a.message) : undefined,
                  }),
                ),
              ),
            }),
          ),
        ),
      }),
    );
  };
  const checklist = (c: Checklist | undefined): El =>
    c === undefined
      ? undefined
      : m.create(
          'servflow:Checklist',
          strip({
            allRequired: c.pass.allRequired,
            minOptional: c.pass.minOptional,
            minScore: c.pass.minScore,
            onFail: c.onFail,
            items: c.items.map((i) => m.create('servflow:Item', strip({ itemId: i.id, required: i.required, weight: i.weight, text: text('Label', i.text) }))),
          }),
        );
  const script = (lines: readonly ScriptLine[] | undefined): El =>
    lines?.map((l) => m.create('servflow:ScriptLine', strip({ when: text('When', l.when), say: text('Say', l.say) })));
  const fields = (form: readonly FormField[] | undefined): El =>
    form?.map((f) =>
      m.create(
        'servflow:Field',
        strip({
          fieldId: f.id,
          type: f.type,
          required: f.required,
          min: f.min,
          max: f.max,
          pattern: f.pattern,
          variable: f.variable,
          label: text('Label', f.label),
          options: f.options?.map((o) => m.create('servflow:Option', { value: o.value, label: text('Label', o.label) })),
        }),
      ),
    );

  const nodeExt = (n: ProcessNode): El => {
    const base: Record<string, unknown> = { nodeId: n.id, name: text('Name', n.name), description: text('Description', n.description) };
    switch (n.kind) {
      case 'human':
        Object.assign(base, {
          role: n.role,
          assignment: n.assignment.strategy,
          sameAs: n.assignment.strategy === 'sameAs' ? n.assignment.node : undefined,
          touchpoint: n.touchpoint,
          certificate: n.certificate,
          priority: n.priority,
          sla: sla(n.sla),
          checklist: checklist(n.checklist),
          script: script(n.script),
          fields: fields(n.form),
        });
        break;
      case 'service':
        base['request'] = m.create(
          'servflow:Request',
          strip({
            method: n.request.method,
            url: n.request.url,
            body: n.request.body,
            timeoutMs: n.timeoutMs,
            retries: n.retries,
            backoffInitialMs: n.backoff.initialMs,
            backoffFactor: n.backoff.factor,
            backoffMaxMs: n.backoff.maxMs,
            resultVariable: n.resultVariable,
            headers: n.request.headers && Object.entries(n.request.headers).map(([name, value]) => m.create('servflow:Header', { name, value })),
          }),
        );
        break;
      case 'timer':
        base['wait'] = m.create(
          'servflow:Wait',
          strip(
            'duration' in n.wait
              ? { duration: formatTimeLimit(n.wait.duration), calendar: n.wait.calendar }
              : { until: n.wait.until, offset: n.wait.offset && formatTimeLimit(n.wait.offset), calendar: n.wait.calendar },
          ),
        );
        break;
      case 'call':
        base['inputs'] = n.input && Object.entries(n.input).map(([name, expression]) => m.create('servflow:Input', { name, expression }));
        base['outputs'] = n.output && Object.entries(n.output).map(([name, variable]) => m.create('servflow:Output', { name, variable }));
        break;
      case 'end':
        base['outcome'] = n.outcome;
        break;
      default:
        break;
    }
    return m.create('bpmn:ExtensionElements', { values: [m.create('servflow:Node', strip(base))] });
  };

  const bpmnId = new Map<string, string>();
  const startId = make('StartEvent_1');
  for (const n of def.nodes) bpmnId.set(n.id, make(n.id));
  const idOf = (nodeId: string): string => bpmnId.get(nodeId)!;

  const elements = new Map<string, El>();
  const start = m.create('bpmn:StartEvent', { id: startId, incoming: [], outgoing: [] });
  elements.set('__start', start);
  const extras: El[] = []; // boundary events
  const extraShapes: { el: El; host: string; index: number }[] = [];

  for (const n of def.nodes) {
    const id = idOf(n.id);
    const common = { id, name: label(n.name), extensionElements: nodeExt(n), incoming: [], outgoing: [] };
    if (n.description) Object.assign(common, { documentation: [m.create('bpmn:Documentation', { text: label(n.description) })] });
    let el: El;
    switch (n.kind) {
      case 'human':
        el = m.create('bpmn:UserTask', common);
        if (n.sla && !('expression' in n.sla.due)) {
          const timer = m.create('bpmn:TimerEventDefinition', {
            id: make(`${id}_sla_timer`),
            timeDuration: m.create('bpmn:FormalExpression', { body: isoDuration(n.sla.due) }),
          });
          const b = m.create('bpmn:BoundaryEvent', {
            id: make(`${id}_sla`),
            attachedToRef: el,
            cancelActivity: false,
            eventDefinitions: [timer],
          });
          extras.push(b);
          extraShapes.push({ el: b, host: n.id, index: 0 });
        }
        break;
      case 'service':
        el = m.create('bpmn:ServiceTask', common);
        break;
      case 'timer': {
        const def: Record<string, unknown> = { id: make(`${id}_timer`) };
        if ('duration' in n.wait) def['timeDuration'] = m.create('bpmn:FormalExpression', { body: isoDuration(n.wait.duration) });
        else def['timeDate'] = m.create('bpmn:FormalExpression', { language: FEEL_LANGUAGE, body: n.wait.until });
        el = m.create('bpmn:IntermediateCatchEvent', { ...common, eventDefinitions: [m.create('bpmn:TimerEventDefinition', def)] });
        break;
      }
      case 'exclusive':
        el = m.create('bpmn:ExclusiveGateway', common);
        break;
      case 'parallel':
        el = m.create('bpmn:ParallelGateway', common);
        break;
      case 'call':
        el = m.create('bpmn:CallActivity', { ...common, calledElement: n.process });
        break;
      case 'end':
        el = m.create('bpmn:EndEvent', common);
        break;
    }
    elements.set(n.id, el);
  }

  const flows: El[] = [];
  const edgeList: { id: string; from: string; to: string }[] = [];
  let flowNo = 0;
  const connect = (fromKey: string, from: El, toKey: string, extra: Record<string, unknown> = {}): El => {
    const to = elements.get(toKey)!;
    const f = m.create('bpmn:SequenceFlow', { id: make(`Flow_${++flowNo}`), sourceRef: from, targetRef: to, ...extra });
    from.outgoing.push(f);
    to.incoming.push(f);
    flows.push(f);
    edgeList.push({ id: f.id, from: fromKey, to: toKey });
    return f;
  };
  connect('__start', start, compiled.start);

  for (const n of def.nodes) {
    const el = elements.get(n.id)!;
    for (const flow of compiled.outgoing[n.id] ?? []) {
      if (n.kind === 'service' && flow.when === 'error') {
        const boundary = m.create('bpmn:BoundaryEvent', {
          id: make(`${idOf(n.id)}_error`),
          attachedToRef: el,
          cancelActivity: true,
          eventDefinitions: [m.create('bpmn:ErrorEventDefinition', { id: make(`${idOf(n.id)}_error_def`) })],
          outgoing: [],
        });
        extras.push(boundary);
        extraShapes.push({ el: boundary, host: n.id, index: 1 });
        const key = `__error_${n.id}`;
        elements.set(key, boundary);
        connect(key, boundary, flow.to);
        continue;
      }
      const extra: Record<string, unknown> = {};
      if (n.kind === 'exclusive' && flow.when !== undefined) {
        extra['conditionExpression'] = m.create('bpmn:FormalExpression', { language: FEEL_LANGUAGE, body: flow.when });
        const branch = n.branches.find((b, i) => flow.id === `${n.id}->${b.to}#${i}`);
        if (branch?.name) {
          extra['name'] = label(branch.name);
          extra['extensionElements'] = m.create('bpmn:ExtensionElements', {
            values: [m.create('servflow:Node', { name: text('Name', branch.name) })],
          });
        }
      }
      const f = connect(n.id, el, flow.to, extra);
      if (flow.isDefault) el.default = f;
    }
  }

  const processExt = m.create('servflow:Process', {
    ...strip({
      key: def.key,
      version: def.version,
      industry: def.industry,
      calendar: def.calendar,
      seeds: def.seeds?.join(' '),
      name: text('Name', def.name),
      description: text('Description', def.description),
      sla: sla(def.sla),
    }),
    roles: def.roles.map((r) => m.create('servflow:Role', { roleId: r.id, name: text('Name', r.name) })),
    variables: def.variables.map((v) =>
      m.create(
        'servflow:Variable',
        strip({ variableId: v.id, type: v.type, required: v.required, defaultJson: v.default === undefined ? undefined : JSON.stringify(v.default), label: text('Label', v.label) }),
      ),
    ),
    schedules: (def.schedules ?? []).map((s) => m.create('servflow:Schedule', strip({ rrule: s.rrule, dataJson: s.data === undefined ? undefined : JSON.stringify(s.data) }))),
  });
  if (def.schedules === undefined) processExt.schedules = undefined;

  const processId = make(`Process_${def.key}`);
  const proc = m.create('bpmn:Process', {
    id: processId,
    name: label(def.name),
    isExecutable: true,
    extensionElements: m.create('bpmn:ExtensionElements', { values: [processExt] }),
    flowElements: [start, ...def.nodes.map((n) => elements.get(n.id)), ...extras, ...flows],
  });
  if (def.description) proc.documentation = [m.create('bpmn:Documentation', { text: label(def.description) })];

  // Diagram.
  const layoutNodes: LayoutNode[] = [{ id: '__start', width: 36, height: 36 }, ...def.nodes.map((n) => ({ id: n.id, ...sizeOf(n.kind) }))];
  const layout = layered(
    layoutNodes,
    edgeList.map((e) => ({ ...e, from: e.from.startsWith('__error_') ? e.from.slice('__error_'.length) : e.from })),
  );
  const bounds = (b: { x: number; y: number; width: number; height: number }): El =>
    m.create('dc:Bounds', { x: Math.round(b.x), y: Math.round(b.y), width: b.width, height: b.height });
  const planeElements: El[] = [];
  for (const [key, el] of elements) {
    if (key.startsWith('__error_')) continue;
    const box = layout.boxes.get(key)!;
    const shape = m.create('bpmndi:BPMNShape', { id: make(`${el.id}_di`), bpmnElement: el, bounds: bounds(box) });
    if (el.$type === 'bpmn:ExclusiveGateway') shape.isMarkerVisible = true;
    planeElements.push(shape);
  }
  for (const x of extraShapes) {
    const host = layout.boxes.get(x.host)!;
    const box = { x: host.x + (x.index === 0 ? 14 : host.width - 50), y: host.y + host.height - 18, width: 36, height: 36 };
    planeElements.push(m.create('bpmndi:BPMNShape', { id: make(`${x.el.id}_di`), bpmnElement: x.el, bounds: bounds(box) }));
  }
  for (const f of flows) {
    const e = edgeList.find((x) => x.id === f.id)!;
    let points = layout.edges.get(f.id) ?? [];
    if (e.from.startsWith('__error_')) {
      const b = planeElements.find((s) => s.bpmnElement === f.sourceRef)!.bounds;
      const t = layout.boxes.get(e.to)!;
      const s = { x: b.x + 18, y: b.y + 36 };
      const end = { x: t.x + t.width / 2, y: t.y + t.height };
      points = [s, { x: s.x, y: Math.max(s.y, end.y) + 40 }, { x: end.x, y: Math.max(s.y, end.y) + 40 }, end];
    }
    planeElements.push(
      m.create('bpmndi:BPMNEdge', {
        id: make(`${f.id}_di`),
        bpmnElement: f,
        waypoint: points.map((p) => m.create('dc:Point', { x: Math.round(p.x), y: Math.round(p.y) })),
      }),
    );
  }
  const diagram = m.create('bpmndi:BPMNDiagram', {
    id: make('BPMNDiagram_1'),
    plane: m.create('bpmndi:BPMNPlane', { id: make('BPMNPlane_1'), bpmnElement: proc, planeElement: planeElements }),
  });
  const definitions = m.create('bpmn:Definitions', {
    id: make('Definitions_1'),
    targetNamespace: 'https://servflow.dev/bpmn',
    exporter: 'servflow',
    exporterVersion: '1',
    rootElements: [proc],
    diagrams: [diagram],
  });
  const { xml } = await m.toXML(definitions, { format: true });
  return xml as string;
}

function strip<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
