import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MemoryRunner } from '../../engine/testing/memory-runner.ts';
import { compile } from '../compile.ts';
import { parseSop } from '../yaml/read.ts';
import { toYaml } from '../yaml/write.ts';
import { BpmnImportError, conditionToFeel, fromBpmn, toBpmn } from './index.ts';

const camunda = await readFile(new URL('./fixtures/camunda-complaint.bpmn', import.meta.url), 'utf8');
const HOUR = 3_600_000;

async function importError(xml: string): Promise<BpmnImportError> {
  const e = await fromBpmn(xml).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(BpmnImportError);
  return e as BpmnImportError;
}

describe('a BPMN file drawn in Camunda Modeler', () => {
  it('reads roles from candidate groups, JUEL conditions as FEEL, the boundary timer as the SLA', async () => {
    const def = await fromBpmn(camunda);
    expect(def.key).toBe('complaint_handling');
    expect(def.name).toEqual({ zh: '投诉处理' });
    expect(def.roles.map((r) => r.id).sort()).toEqual(['front-desk', 'manager', 'technician']);
    const p = compile(def);
    expect(p.start).toBe('Activity_register');
    const gw = p.nodes['Gateway_severity'];
    expect(gw?.kind === 'exclusive' && gw.branches).toEqual([{ when: 'severity = "high" and amount > 1000', to: 'Activity_manager_call', name: { zh: '严重' } }]);
    expect(gw?.kind === 'exclusive' && gw.default).toBe('Gateway_split');
    const callback = p.nodes['Activity_callback'];
    expect(callback?.kind === 'human' && callback.sla).toEqual({ due: { amount: 2, unit: 'hours', basis: 'elapsed' } });
    // The merging exclusive gateway (one plain outgoing flow) is left out: both paths lead to the timer.
    expect(p.nodes['Gateway_merge']).toBeUndefined();
    expect(p.incoming['Event_wait']?.map((f) => f.from).sort()).toEqual(['Activity_manager_call', 'Gateway_join']);
    expect(p.nodes['Event_wait']).toMatchObject({ kind: 'timer', wait: { duration: { amount: 24, unit: 'hours', basis: 'elapsed' } } });
  });

  it('runs: the severe path through the manager, the normal path through the parallel split and join', async () => {
    const p = compile(await fromBpmn(camunda));
    const r = new MemoryRunner({ processes: [p] });

    const severe = r.start('complaint_handling', { severity: 'high', amount: 5000 });
    r.completeAt(severe, 'Activity_register', 'ann');
    r.completeAt(severe, 'Activity_manager_call', 'max');
    expect(r.openTasks(severe)).toEqual([]);
    r.advance(24 * HOUR);
    r.completeAt(severe, 'Activity_callback', 'ann');
    expect(r.cases.get(severe)?.status).toBe('completed');
    expect(r.trail(severe)).toEqual(['Activity_register:complete', 'Activity_manager_call:complete', 'Event_wait:complete', 'Activity_callback:complete', 'Event_done:complete']);

    const normal = r.start('complaint_handling', { severity: 'low', amount: 10 });
    r.completeAt(normal, 'Activity_register', 'ann');
    expect(r.openTasks(normal).map((t) => t.node).sort()).toEqual(['Activity_fix', 'Activity_record']);
    r.completeAt(normal, 'Activity_record', 'ann');
    r.completeAt(normal, 'Activity_fix', 'tom');
    r.advance(24 * HOUR);
    r.completeAt(normal, 'Activity_callback', 'ann');
    expect(r.cases.get(normal)?.status).toBe('completed');
  });

  it('converts to SOP YAML that reads back to the same process', async () => {
    const def = await fromBpmn(camunda);
    expect(compile(parseSop(toYaml(def), 'x.yaml')).outgoing).toEqual(compile(def).outgoing);
  });
});

describe('refusals name the element', () => {
  const wrap = (body: string): string =>
    `<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x"><bpmn:process id="p">${body}</bpmn:process></bpmn:definitions>`;
  const linear = (middle: string): string =>
    wrap(
      `<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="x"/>${middle}<bpmn:sequenceFlow id="f2" sourceRef="x" targetRef="e"/><bpmn:endEvent id="e"/>`,
    );

  it('an unsupported element', async () => {
    const e = await importError(linear('<bpmn:scriptTask id="x" name="脚本"/>'));
    expect(e.issues).toEqual([{ element: 'x', message: expect.stringContaining('scriptTask is not supported') }]);
  });
  it('an inclusive gateway, a message catch event, a sub-process', async () => {
    for (const el of ['<bpmn:inclusiveGateway id="x"/>', '<bpmn:intermediateCatchEvent id="x"><bpmn:messageEventDefinition/></bpmn:intermediateCatchEvent>', '<bpmn:subProcess id="x"/>']) {
      const e = await importError(linear(el));
      expect(e.issues[0]?.element).toBe('x');
    }
  });
  it('a task without a role', async () => {
    const e = await importError(linear('<bpmn:userTask id="x" name="做事"/>'));
    expect(e.message).toContain('x: has no role');
  });
  it('a task whose path does not end', async () => {
    const e = await importError(wrap('<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="x"/><bpmn:userTask id="x" camunda:candidateGroups="a" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"/>'));
    expect(e.message).toContain('x: has no outgoing flow');
  });
  it('a gateway flow without a condition beside a conditional one', async () => {
    const e = await importError(
      wrap(
        '<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="g"/><bpmn:exclusiveGateway id="g"/><bpmn:sequenceFlow id="a" sourceRef="g" targetRef="e"><bpmn:conditionExpression>x = 1</bpmn:conditionExpression></bpmn:sequenceFlow><bpmn:sequenceFlow id="b" sourceRef="g" targetRef="e"/><bpmn:endEvent id="e"/>',
      ),
    );
    expect(e.issues).toEqual([{ element: 'b', message: expect.stringContaining('without a condition') }]);
  });
  it('text that is not BPMN', async () => {
    expect((await importError('<html><body>hi</body></html>')).message).toMatch(/not a BPMN 2.0 document/);
    expect((await importError('not xml at all')).message).toMatch(/not a BPMN 2.0 document/);
  });
});

describe('conditions', () => {
  it('JUEL as Camunda 7 writes it becomes FEEL', () => {
    expect(conditionToFeel("${a == 'x' || !done}", undefined)).toBe('a = "x" or not(done)');
    expect(conditionToFeel('${n != 3}', undefined)).toBe('n != 3');
  });
  it('FEEL (with or without the Camunda 8 leading =) is kept', () => {
    expect(conditionToFeel('= amount > 100', 'feel')).toBe('amount > 100');
    expect(conditionToFeel('amount > 100', undefined)).toBe('amount > 100');
  });
  it('other languages are refused', () => {
    expect(() => conditionToFeel('amount > 100', 'javascript')).toThrow(/not supported/);
  });
});

describe('export', () => {
  it('writes FEEL conditions, servflow extensions and a diagram for each element', async () => {
    const def = parseSop(
      `key: t\nversion: 1\nname: { zh: 测试, en: Test }\nroles: [{ id: a, name: 甲 }]\nnodes:\n  - id: ok?\n    exclusive: 判断\n    branches: [{ when: 'x > 1', to: do }]\n    default: done\n  - id: do\n    human: 做\n    role: a\n    sla: { due: 4 working hours }\n  - id: done\n    end: 完成\n`,
      't.yaml',
    );
    const xml = await toBpmn(def);
    expect(xml).toContain('language="https://www.omg.org/spec/DMN/20191111/FEEL/">x &gt; 1</bpmn:conditionExpression>');
    expect(xml).toContain('<servflow:node nodeId="ok?"');
    expect(xml).toContain('<servflow:sla due="4 working hours"');
    expect(xml).toMatch(/<bpmn:exclusiveGateway id="ok_" name="判断" default="Flow_\d+">/);
    for (const id of ['StartEvent_1', 'ok_', 'do', 'done', 'do_sla']) expect(xml).toContain(`bpmnElement="${id}"`);
    expect(await fromBpmn(xml)).toEqual(def);
  });
});

describe('edits made in a modeler', () => {
  it('a renamed task keeps its other language; a file with servflow:process but no roles takes the roles its tasks use', async () => {
    const def = parseSop(`key: t\nversion: 1\nname: 测试\nroles: [{ id: a, name: 甲 }]\nnodes:\n  - { id: do, human: { zh: 做事, en: Do it }, role: a }\n  - { id: done, end: 完成 }\n`, 't.yaml');
    const xml = (await toBpmn(def)).replace('<bpmn:userTask id="do" name="做事">', '<bpmn:userTask id="do" name="认真做事">').replace(/<servflow:role roleId="a">[\s\S]*?<\/servflow:role>/, '');
    const back = await fromBpmn(xml);
    expect(back.nodes[0]?.name).toEqual({ zh: '认真做事', en: 'Do it' });
    expect(back.roles).toEqual([{ id: 'a', name: { en: 'a' } }]);
  });
});

describe('roles from lanes, timers until a date', () => {
  it('a task in a lane takes the lane as its role; ${var} in timeDate waits until that case variable', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="D" targetNamespace="x">
  <bpmn:process id="visit" name="Visit">
    <bpmn:laneSet id="ls"><bpmn:lane id="l1" name="front-desk"><bpmn:flowNodeRef>t1</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="s"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="w"/>
    <bpmn:intermediateCatchEvent id="w"><bpmn:timerEventDefinition><bpmn:timeDate xsi:type="bpmn:tFormalExpression">\${visitAt}</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="w" targetRef="t1"/>
    <bpmn:userTask id="t1" name="Welcome"/>
    <bpmn:sequenceFlow id="f3" sourceRef="t1" targetRef="e"/>
    <bpmn:endEvent id="e"/>
  </bpmn:process>
</bpmn:definitions>`;
    const p = compile(await fromBpmn(xml));
    expect(p.definition.roles).toEqual([{ id: 'front-desk', name: { en: 'front-desk' } }]);
    expect(p.nodes['w']).toMatchObject({ kind: 'timer', wait: { until: 'visitAt' } });
    const r = new MemoryRunner({ processes: [p] });
    const visitAt = new Date(r.now + 3 * HOUR).toISOString();
    const c = r.start('visit', { visitAt });
    expect(r.openTasks(c)).toEqual([]);
    r.advance(3 * HOUR - 1000);
    expect(r.openTasks(c)).toEqual([]);
    r.advance(1000);
    r.completeAt(c, 't1', 'ann');
    expect(r.cases.get(c)?.status).toBe('completed');
  });
});

describe('closed lists in servflow extensions', () => {
  it('an unknown variable type or form field type is refused by element, not a crash', async () => {
    const def = parseSop(
      `key: t\nversion: 1\nname: 测试\nroles: [{ id: a, name: 甲 }]\nvariables: [{ id: ok, type: boolean, default: false }]\nnodes:\n  - id: do\n    human: 做事\n    role: a\n    form: [{ id: f, label: 甲, type: text }]\n  - { id: done, end: 完成 }\n`,
      't.yaml',
    );
    const xml = await toBpmn(def);
    const badVar = await importError(xml.replace('type="boolean"', 'type="bool"'));
    expect(badVar.issues).toEqual([{ element: 'Process_t', message: expect.stringContaining('variable type "bool" is not one of') }]);
    const badField = await importError(xml.replace('type="text"', 'type="txt"'));
    expect(badField.issues).toEqual([{ element: 'do', message: expect.stringContaining('form field type "txt"') }]);
  });
});
