import { readFileSync } from 'node:fs';
import { BpmnModdle } from 'bpmn-moddle';
import { describe, expect, it } from 'vitest';
import { fromBpmn, toBpmn } from '../../src/model/bpmn/index.ts';
import { compile, parseSop, toYaml, type HumanStep, type ProcessDefinition, type TimerStep } from '../../src/model/index.ts';
import { addAction, addEscalation, escalationsOf, removeAction, removeEscalation, setActionKind, setActionMessage, setEscalationAfter, setSlaDue, setWait, waitOf } from '../../web/src/bpmn/edit.ts';
import { ext, moddleExtensions, type Bo } from '../../web/src/bpmn/ext.ts';

/**
 * The designer's escalation and timer edits, made on a real moddle as bpmn-js holds the SOP,
 * then saved as BPMN, read back into the model, written as YAML and read again: what the
 * panel sets is what the published version runs.
 */
const SALON = 'templates/beauty/salon-visit.yaml';

async function open(def: ProcessDefinition) {
  const moddle = new BpmnModdle(moddleExtensions);
  const { rootElement } = (await moddle.fromXML(await toBpmn(def))) as { rootElement: Bo };
  const elements = rootElement.rootElements[0].flowElements as Bo[];
  const byNode = (id: string) => elements.find((e) => (ext(e, 'servflow:Node')?.nodeId ?? e.id) === id);
  const save = async (): Promise<ProcessDefinition> => {
    const fromXml = await fromBpmn(((await moddle.toXML(rootElement, { format: true })) as { xml: string }).xml);
    // …and through YAML, as the library shows and stores a version.
    const back = parseSop(toYaml(fromXml), 'back.yaml');
    expect(compile(back).definition).toEqual(compile(fromXml).definition);
    return back;
  };
  return { moddle, elements, byNode, save };
}

const node = (d: ProcessDefinition, id: string) => d.nodes.find((n) => n.id === id);

describe("the designer's escalation edits", () => {
  const def = parseSop(readFileSync(SALON, 'utf8'), SALON);
  const plain = def.nodes.find((n): n is HumanStep => n.kind === 'human' && n.sla !== undefined && !n.sla.escalations)!;
  const escalated = def.nodes.find((n): n is HumanStep => n.kind === 'human' && (n.sla?.escalations?.length ?? 0) > 0)!;

  it('adds an escalation: two hours after the breach, notify the store manager with a message and hand the task to them', async () => {
    const sop = await open(def);
    const n = ext(sop.byNode(plain.id), 'servflow:Node');
    const esc = addEscalation(n, sop.moddle, 'store-manager');
    setEscalationAfter(esc, '2 h');
    setActionMessage(esc.actions[0], sop.moddle, 'zh', '请跟进');
    setActionMessage(esc.actions[0], sop.moddle, 'en', 'Please follow up');
    setActionKind(addAction(esc, sop.moddle, 'store-manager'), 'reassign', 'store-manager');
    const back = node(await sop.save(), plain.id) as HumanStep;
    expect(back.sla?.escalations).toEqual([
      {
        after: { amount: 2, unit: 'hours', basis: 'elapsed' },
        actions: [
          { kind: 'notify', role: 'store-manager', message: { zh: '请跟进', en: 'Please follow up' } },
          { kind: 'reassign', role: 'store-manager' },
        ],
      },
    ]);
    // The rest of the step is untouched.
    expect({ ...back, sla: { ...back.sla, escalations: undefined } }).toEqual({ ...plain, sla: { ...plain.sla, escalations: undefined } });
  });

  it('changes an action to raising the priority (its role and message go) and removes escalations and actions', async () => {
    const sop = await open(def);
    const n = ext(sop.byNode(escalated.id), 'servflow:Node');
    const [first] = escalationsOf(n);
    setActionKind(first.actions[0], 'raisePriority', undefined);
    const extra = addEscalation(n, sop.moddle, 'store-manager');
    removeAction(extra, extra.actions[0]);
    addAction(extra, sop.moddle, 'store-manager');
    const back = node(await sop.save(), escalated.id) as HumanStep;
    expect(back.sla?.escalations).toEqual([{ actions: [{ kind: 'raisePriority', by: 1 }] }, { actions: [{ kind: 'notify', role: 'store-manager' }] }]);

    removeEscalation(n, extra);
    removeEscalation(n, first);
    expect((node(await sop.save(), escalated.id) as HumanStep).sla?.escalations).toBeUndefined();
  });

  it("keeps the task's BPMN boundary timer on the new time limit", async () => {
    const sop = await open(def);
    const task = sop.byNode(plain.id);
    const boundary = sop.elements.find((e) => e.$type === 'bpmn:BoundaryEvent' && e.attachedToRef === task);
    setSlaDue(ext(task, 'servflow:Node'), sop.moddle, '3 working days', [{ businessObject: boundary }]);
    expect(boundary.eventDefinitions[0].timeDuration.body).toBe('P3D');
    expect((node(await sop.save(), plain.id) as HumanStep).sla?.due).toEqual({ amount: 3, unit: 'days', basis: 'working' });
    // An unreadable limit is kept as typed (validation says what is wrong) and leaves the timer alone.
    setSlaDue(ext(task, 'servflow:Node'), sop.moddle, '3 fortnights', [{ businessObject: boundary }]);
    expect(boundary.eventDefinitions[0].timeDuration.body).toBe('P3D');
  });
});

describe("the designer's timer edits", () => {
  const def = parseSop(readFileSync(SALON, 'utf8'), SALON);
  const timers = def.nodes.filter((n): n is TimerStep => n.kind === 'timer');
  const afterDuration = timers.find((t) => 'duration' in t.wait)!;
  const untilDate = timers.find((t) => 'until' in t.wait)!;

  it('reads a timer of either kind as the panel shows it', async () => {
    const sop = await open(def);
    expect(waitOf(sop.byNode(afterDuration.id))).toEqual({ kind: 'duration', duration: '3 days' });
    expect(waitOf(sop.byNode(untilDate.id))).toEqual({ kind: 'until', until: 'productRunsOutOn', offset: '-3 days' });
  });

  it('sets a wait of five working days, and waits until a date one day earlier, in servflow:wait and the BPMN timer', async () => {
    const sop = await open(def);
    const a = sop.byNode(afterDuration.id);
    setWait(a, sop.moddle, { kind: 'duration', duration: '5 working days', calendar: 'store' });
    expect(a.eventDefinitions[0].timeDuration.body).toBe('P5D');
    const b = sop.byNode(untilDate.id);
    setWait(b, sop.moddle, { kind: 'until', until: 'productRunsOutOn', offset: '-1 day' });
    const back = await sop.save();
    expect((node(back, afterDuration.id) as TimerStep).wait).toEqual({ duration: { amount: 5, unit: 'days', basis: 'working' }, calendar: 'store' });
    expect((node(back, untilDate.id) as TimerStep).wait).toEqual({ until: 'productRunsOutOn', offset: { amount: -1, unit: 'days', basis: 'elapsed' } });

    // Switching a duration timer to a date replaces its BPMN timeDuration by a FEEL timeDate.
    setWait(a, sop.moddle, { kind: 'until', until: 'appointmentAt', offset: '-2 h' });
    expect(a.eventDefinitions[0].timeDuration).toBeUndefined();
    expect(a.eventDefinitions[0].timeDate.body).toBe('appointmentAt');
    expect((node(await sop.save(), afterDuration.id) as TimerStep).wait).toEqual({ until: 'appointmentAt', offset: { amount: -2, unit: 'hours', basis: 'elapsed' } });
  });
});
