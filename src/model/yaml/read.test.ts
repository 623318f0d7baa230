import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HumanStep, ProcessNode, ServiceStep } from '../types.ts';
import { loadSopFile, parseSop } from './read.ts';
import { ValidationError } from './validation-error.ts';

const fixtureUrl = (name: string): URL => new URL(`../fixtures/${name}`, import.meta.url);
const fixture = (name: string): string => readFileSync(fixtureUrl(name), 'utf8');

/** The problems of a text as `line:col: message`, or [] when it parses. */
function problems(text: string): string[] {
  try {
    parseSop(text, 'test.yaml');
    return [];
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return e.issues.map((i) => `${i.line}:${i.column}: ${i.message}`);
  }
}

/** A small valid SOP; tests change one thing in it. */
const doc = (nodes: string, extra = ''): string => `key: demo
version: 1
name: 演示
roles:
  - { id: advisor, name: 顾问 }
${extra}nodes:
${nodes}`;

const node = (defs: readonly ProcessNode[], id: string): ProcessNode => defs.find((n) => n.id === id)!;

describe('parseSop: every construct', () => {
  const car = parseSop(fixture('car-after-sales.yaml'), 'car-after-sales.yaml');

  it('reads the process header: key, version, names in zh and en, seeds, calendar, roles, variables, case SLA', () => {
    expect(car.key).toBe('car-after-sales');
    expect(car.version).toBe(1);
    expect(car.name).toEqual({ zh: '汽车售后服务', en: 'Car after-sales service' });
    expect(car.description).toEqual({ zh: '预约、接车、诊断、报价、维修、交车、回访' });
    expect(car.seeds).toEqual(['S09', 'S30']);
    expect(car.calendar).toBe('store');
    expect(car.roles[0]).toEqual({ id: 'advisor', name: { zh: '服务顾问', en: 'Service advisor' } });
    expect(car.variables).toContainEqual({ id: 'customerWaits', type: 'boolean', default: false });
    expect(car.sla).toEqual({ due: { amount: 5, unit: 'days', basis: 'working' }, warning: { fraction: 0.8 } });
  });

  it('reads a human step with assignment, SLA and escalations, checklist, script and form', () => {
    const reception = node(car.nodes, 'reception') as HumanStep;
    expect(reception.kind).toBe('human');
    expect(reception.name).toEqual({ zh: '接车', en: 'Reception' });
    expect(reception.assignment).toEqual({ strategy: 'rotation' });
    expect(reception.touchpoint).toBe(true);
    expect(reception.sla).toEqual({
      due: { amount: 15, unit: 'minutes', basis: 'elapsed' },
      warning: { before: { amount: 5, unit: 'minutes', basis: 'elapsed' } },
      pauseWhileWaitingForCustomer: true,
      escalations: [
        { after: { amount: 10, unit: 'minutes', basis: 'elapsed' }, actions: [{ kind: 'notify', role: 'manager', message: { zh: '接车超时' } }] },
        { after: { amount: 30, unit: 'minutes', basis: 'elapsed' }, actions: [{ kind: 'reassign', role: 'manager' }, { kind: 'raisePriority', by: 1 }] },
      ],
    });
    expect(reception.checklist?.pass).toEqual({ allRequired: true, minOptional: 1 });
    expect(reception.checklist?.items[4]).toEqual({ id: 'water', text: { zh: '递送饮品' }, required: false, weight: 0.5 });
    expect(reception.script).toEqual([
      { say: { zh: '您好，欢迎光临！我是您的服务顾问。' } },
      { when: { zh: '客户赶时间' }, say: { zh: '我们会优先为您安排，预计一小时内完成。', en: 'We will put you first; about an hour.' } },
    ]);
    expect(reception.form?.find((f) => f.id === 'sign')).toEqual({ id: 'sign', label: { zh: '客户签字' }, type: 'signature', required: true });
    expect(reception.form?.find((f) => f.id === 'severity')?.options).toEqual([
      { value: 'critical', label: { zh: 'critical' } },
      { value: 'normal', label: { zh: 'normal' } },
      { value: 'minor', label: { zh: '轻微', en: 'Minor' } },
    ]);
    expect(reception.form?.find((f) => f.id === 'phone')?.pattern).toBe('^1\\d{10}$');
  });

  it('reads a service step, filling the backoff parts left out', () => {
    expect(node(car.nodes, 'notify-dms')).toEqual({
      kind: 'service',
      id: 'notify-dms',
      name: { zh: '通知DMS', en: 'Notify the DMS' },
      request: { method: 'POST', url: 'http://dms.local/cases/{caseId}', headers: { 'X-Source': 'servflow' }, body: '{ plate: plate, complaint: complaint }' },
      timeoutMs: 5000,
      retries: 5,
      backoff: { initialMs: 500, factor: 2, maxMs: 30000 },
      resultVariable: 'dmsTicket',
      onError: 'diagnose',
    });
  });

  it('reads gateways, call steps, timers and ends', () => {
    expect(node(car.nodes, 'severity?')).toEqual({
      kind: 'exclusive',
      id: 'severity?',
      name: { zh: '判断故障等级', en: 'How severe?' },
      branches: [
        { when: 'severity = "critical"', to: 'split', name: { zh: '严重' } },
        { when: 'customerWaits', to: 'fix-later' },
      ],
      default: 'fix-later',
    });
    expect(node(car.nodes, 'split')).toEqual({ kind: 'parallel', id: 'split', name: { zh: '分头处理' }, to: ['fix-now', 'order-parts'] });
    expect(node(car.nodes, 'join')).toEqual({ kind: 'parallel', id: 'join', name: { zh: '汇合' }, next: 'handover' });
    expect(node(car.nodes, 'order-parts')).toEqual({
      kind: 'call',
      id: 'order-parts',
      name: { zh: '订购配件' },
      process: 'parts-order',
      input: { plate: 'plate' },
      output: { partsEta: 'eta' },
      next: 'join',
    });
    expect(node(car.nodes, 'wait48h')).toEqual({ kind: 'timer', id: 'wait48h', name: { zh: '回访等待' }, wait: { duration: { amount: 48, unit: 'hours', basis: 'elapsed' } } });
    expect(node(car.nodes, 'wait-appointment')).toEqual({
      kind: 'timer',
      id: 'wait-appointment',
      name: { zh: '等待预约日' },
      wait: { until: 'appointmentAt', offset: { amount: -1, unit: 'days', basis: 'elapsed' }, calendar: 'store' },
    });
    expect(node(car.nodes, 'done')).toEqual({ kind: 'end', id: 'done', name: { zh: '完成' }, outcome: 'resolved' });
    expect((node(car.nodes, 'fix-now') as HumanStep).assignment).toEqual({ strategy: 'sameAs', node: 'diagnose' });
    expect((node(car.nodes, 'fix-later') as HumanStep).assignment).toEqual({ strategy: 'customerOwner' });
  });

  it('reads `kind: human` + `name:` exactly like `human: name`', () => {
    const long = parseSop(doc('  - { id: a, kind: human, name: { en: Greet }, role: advisor }\n  - { id: done, kind: end, name: 完成 }\n'), 'x.yaml');
    const short = parseSop(doc('  - { id: a, human: { en: Greet }, role: advisor }\n  - { id: done, end: 完成 }\n'), 'x.yaml');
    expect(long).toStrictEqual(short);
  });

  it('fills the documented defaults', () => {
    const def = parseSop(
      doc(`  - id: a
    human: 接待
    role: advisor
    checklist: { items: [ 核对车辆, { id: x, text: 递水, required: false } ] }
    form: [ { id: note, label: 备注 } ]
  - { id: call, service: 调用, request: { url: 'http://x' } }
  - { id: done, end: 完成 }
`),
      'x.yaml',
    );
    const a = def.nodes[0] as HumanStep;
    expect(a.assignment).toEqual({ strategy: 'queue' });
    expect(a.checklist).toEqual({
      items: [
        { id: 'c1', text: { zh: '核对车辆' }, required: true },
        { id: 'x', text: { zh: '递水' }, required: false },
      ],
      pass: { allRequired: true },
    });
    expect(a.form).toEqual([{ id: 'note', label: { zh: '备注' }, type: 'text', required: false }]);
    const call = def.nodes[1] as ServiceStep;
    expect(call.request.method).toBe('POST');
    expect([call.timeoutMs, call.retries, call.backoff]).toEqual([10_000, 3, { initialMs: 1000, factor: 2, maxMs: 60_000 }]);
    expect(def.variables).toEqual([]);
  });

  it('reads the optional: list of a long checklist as items o1, o2… (the five-star "35 of 78")', () => {
    const hotel = parseSop(fixture('hotel-five-star-inspection.yaml'), 'hotel.yaml');
    const inspect = hotel.nodes[0] as HumanStep;
    const optional = inspect.checklist!.items.filter((i) => !i.required);
    expect(optional).toHaveLength(78);
    expect(optional[0]).toEqual({ id: 'o1', text: { zh: '有中英文标志' }, required: false });
    expect(inspect.checklist!.pass).toEqual({ allRequired: true, minOptional: 35 });
    expect(hotel.schedules).toEqual([{ rrule: 'FREQ=DAILY;BYHOUR=9;BYMINUTE=0', data: { round: '日常巡检' } }]);
  });

  it.each([
    ['80%', { fraction: 0.8 }],
    ['0.5', { fraction: 0.5 }],
    ['30 min before', { before: { amount: 30, unit: 'minutes', basis: 'elapsed' } }],
    ['提前4小时', { before: { amount: 4, unit: 'hours', basis: 'elapsed' } }],
  ])('reads the SLA warning %j', (warning, expected) => {
    const def = parseSop(doc(`  - { id: a, human: 接待, role: advisor, sla: { due: 1 h, warning: ${warning} } }\n  - { id: done, end: 完成 }\n`), 'x.yaml');
    expect((def.nodes[0] as HumanStep).sla?.warning).toEqual(expected);
  });

  it('reads escalations: one action inline, several under do:, raisePriority: true for one level', () => {
    const def = parseSop(
      doc(`  - id: a
    human: 接待
    role: advisor
    sla: { due: { expression: 'if vip then "4 h" else "1 working day"' }, escalate: [ { raisePriority: true }, { after: 1 h, do: [ { notify: advisor, message: 超时 }, { reassign: advisor } ] } ] }
  - { id: done, end: 完成 }
`),
      'x.yaml',
    );
    expect((def.nodes[0] as HumanStep).sla).toEqual({
      due: { expression: 'if vip then "4 h" else "1 working day"' },
      escalations: [
        { actions: [{ kind: 'raisePriority' }] },
        { after: { amount: 1, unit: 'hours', basis: 'elapsed' }, actions: [{ kind: 'notify', role: 'advisor', message: { zh: '超时' } }, { kind: 'reassign', role: 'advisor' }] },
      ],
    });
  });

  it('reads every fixture', async () => {
    for (const f of ['car-after-sales', 'water-repair-complaint', 'hotel-five-star-inspection', 'beauty-salon-visit']) {
      const def = await loadSopFile(fixtureUrl(`${f}.yaml`).pathname);
      expect(def.key).toBe(f);
    }
  });
});

describe('parseSop: errors name file, line and column and say what to change', () => {
  it('a misspelt key: did you mean', () => {
    expect(problems(doc('  - id: a\n    human: 接待\n    rloe: advisor\n  - { id: done, end: 完成 }\n'))).toEqual([
      "9:5: unknown key 'rloe' at nodes[0]; did you mean 'role'?",
    ]);
    expect(problems(doc('  - { id: a, human: 接待, role: advisor, nxt: done }\n  - { id: done, end: 完成 }\n'))).toEqual([
      "7:40: unknown key 'nxt' at nodes[0]; did you mean 'next'?",
    ]);
  });

  it('a key of another node kind, and next on a gateway or an end', () => {
    expect(problems(doc('  - { id: a, timer: 等, wait: 1 h, role: advisor }\n  - { id: done, end: 完成 }\n'))).toEqual([
      "7:35: unknown key 'role' at nodes[0]; role: belongs to human nodes, and this is a timer node",
    ]);
    expect(problems(doc('  - { id: a, human: 接待, role: advisor }\n  - { id: done, end: 完成, next: a }\n'))).toEqual([
      "8:26: unknown key 'next' at nodes[1]; an end node has no next",
    ]);
  });

  it('a missing key points at the mapping that lacks it', () => {
    expect(problems(doc('  - id: a\n    human: 接待\n  - { id: done, end: 完成 }\n'))).toEqual(["7:5: missing key 'role' at nodes[0]: add role: with a role id from roles"]);
  });

  it('a node without a kind, with two kinds, with an unknown kind', () => {
    expect(problems(doc('  - { id: a, role: advisor }\n  - { id: done, end: 完成 }\n'))).toEqual([
      '7:5: nodes[0] ("a") has no kind: write one of human, service, timer, exclusive, parallel, call, end with the node\'s name, e.g. human: 接车',
    ]);
    expect(problems(doc('  - { id: a, humna: 接待, role: advisor }\n  - { id: done, end: 完成 }\n'))).toEqual(["7:14: unknown key 'humna' at nodes[0]; did you mean 'human'?"]);
    expect(problems(doc('  - { id: a, human: 接待, timer: 等 }\n  - { id: done, end: 完成 }\n'))).toEqual([
      '7:25: a node is exactly one kind, but nodes[0] has both human: and timer:',
    ]);
    expect(problems(doc('  - { id: a, kind: humna, name: 接待, role: advisor }\n  - { id: done, end: 完成 }\n'))).toEqual([
      "7:20: unknown kind 'humna'; did you mean 'human'? (kinds: human, service, timer, exclusive, parallel, call, end)",
    ]);
  });

  it('a value of the wrong type or out of its set', () => {
    expect(problems(doc('  - { id: a, human: 接待, role: advisor }\n  - { id: done, end: 完成 }\n').replace('version: 1', 'version: one'))).toEqual([
      '2:10: version: expected the version number (1, 2, …), found the text "one"',
    ]);
    expect(problems(doc('  - { id: a, human: 接待, role: advisor, assignment: rotaton }\n  - { id: done, end: 完成 }\n'))).toEqual([
      "7:52: nodes[0].assignment: the text \"rotaton\" is not one of queue, rotation, leastLoaded, customerOwner; did you mean 'rotation'?",
    ]);
    expect(problems(doc('  - { id: a, human: 接待, role: [advisor] }\n  - { id: done, end: 完成 }\n'))).toEqual([
      '7:31: nodes[0].role: expected a role id declared under roles, found a list',
    ]);
  });

  it('a time limit without a unit or with an unknown one', () => {
    expect(problems(doc('  - { id: w, timer: 等, wait: 48 }\n  - { id: done, end: 完成 }\n'))).toEqual([
      '7:30: nodes[0].wait: expected a time limit such as "48 h", "30 min", "3 working days", "PT48H" or "3个工作日", found the number 48',
    ]);
    expect(problems(doc('  - { id: w, timer: 等, wait: 48 hrz }\n  - { id: done, end: 完成 }\n'))[0]).toMatch(/^7:30: nodes\[0\]\.wait: "48 hrz": unknown unit "hrz"/);
    expect(problems(doc('  - { id: a, human: 接待, role: advisor, sla: { due: 1 h, warning: 180% } }\n  - { id: done, end: 完成 }\n'))[0]).toMatch(
      /^7:66: nodes\[0\]\.sla\.warning: warning "180%": the share must be between 0% and 100%/,
    );
  });

  it('a FEEL condition that does not parse, at the column where it stops', () => {
    const gateway = (when: string): string =>
      doc(`  - id: g\n    exclusive: 判断\n    branches: [ { when: ${when}, to: done } ]\n    default: done\n  - { id: done, end: 完成 }\n`, 'variables: [ { id: severity, type: string } ]\n');
    expect(problems(gateway(`'severity = '`))).toEqual(['10:37: branch condition: FEEL expression ends too early: "severity =" needs something after it']);
    expect(problems(gateway(`'severity == "critical"'`))).toEqual(['10:35: branch condition: FEEL compares with a single "=" (write `a = 1`, not `a == 1`)']);
    expect(problems(gateway(`'severity = "a" @'`))).toEqual(['10:41: branch condition: FEEL syntax error at "@" (character 16)']);
  });

  it('a target that is not a node, with the likely one', () => {
    expect(problems(doc('  - { id: a, human: 接待, role: advisor, next: dnoe }\n  - { id: done, end: 完成 }\n'))).toEqual([
      '7:46: "a" leads to "dnoe", which is not a node of this process; did you mean "done"?',
      '8:5: "done" can never be reached from the first node "a"',
    ]);
    const gateway = doc('  - id: g\n    exclusive: 判断\n    branches: [ { when: x, to: nowhere } ]\n    default: done\n  - { id: done, end: 完成 }\n');
    expect(problems(gateway)).toEqual(['9:32: "g" leads to "nowhere", which is not a node of this process']);
  });

  it('roles that are not declared, in steps and escalations', () => {
    expect(problems(doc('  - { id: a, human: 接待, role: advisr }\n  - { id: done, end: 完成 }\n'))).toEqual([
      '7:31: role "advisr" is not declared under roles (declared: advisor)',
    ]);
    expect(problems(doc('  - { id: a, human: 接待, role: advisor, sla: { due: 1 h, escalate: [ { after: 1 h, notify: boss } ] } }\n  - { id: done, end: 完成 }\n'))).toEqual([
      '7:91: role "boss" is not declared under roles (declared: advisor)',
    ]);
  });

  it('duplicate ids point at the second one; unreachable nodes come after token errors', () => {
    expect(problems(doc('  - { id: a, human: 接待, role: advisor }\n  - { id: a, end: 完成 }\n'))).toContainEqual('8:11: duplicate node id "a"; give each step its own id');
    expect(problems(doc('  - { id: a, human: 接待, role: advisor, next: done }\n  - { id: lost, human: 迷路, role: advisor }\n  - { id: done, end: 完成 }\n'))).toEqual([
      '8:5: "lost" can never be reached from the first node "a"',
    ]);
  });

  it('YAML syntax errors, with the opening of an unclosed quote or bracket', () => {
    expect(problems('key: a\nkey: b\n')).toEqual(["2:1: YAML: duplicate key 'key'; each key may appear only once in a mapping; remove or rename one of them"]);
    expect(problems('key: a\nname:\n\tzh: x\n')[0]).toBe('3:1: YAML: Tabs are not allowed as indentation; indent with spaces, not tabs');
    expect(problems("key: a\nname: 'abc\nversion: 1\n")[0]).toBe("2:7: YAML: Missing closing 'quote; close the ' opened here");
    expect(problems('key: a\nseeds: [S09, S30\nversion: 1\n')[0]).toMatch(/^2:8: YAML: Flow sequence .* close the \[ … \] opened here/);
  });

  it('files that are empty or not a mapping', () => {
    expect(problems('')).toEqual(['1:1: the file is empty; an SOP starts with key:, version:, name: and nodes:']);
    expect(problems('- a\n- b\n')).toEqual(['1:1: the file is not a mapping; an SOP starts with key:, version:, name: and nodes:']);
  });

  it('a comma inside a one-line mapping, the classic YAML trap', () => {
    expect(problems(doc('  - { id: a, human: { en: Hello, world }, role: advisor }\n  - { id: done, end: 完成 }\n'))[0]).toMatch(
      /^7:34: unknown key 'world' at nodes\[0\]\.human; if it is text after a comma inside \{ … \}, put the whole text in quotes/,
    );
  });

  it('throws a ValidationError with code SOP_INVALID and issues a program can use', () => {
    try {
      parseSop(doc('  - { id: a, human: 接待, role: advisor, nxt: done }\n  - { id: done, end: 完成 }\n'), 'sops/demo.yaml');
      expect.unreachable();
    } catch (e) {
      const err = e as ValidationError;
      expect(err).toBeInstanceOf(ValidationError);
      expect(err.code).toBe('SOP_INVALID');
      expect(err.issues).toEqual([{ file: 'sops/demo.yaml', line: 7, column: 40, path: 'nodes[0].nxt', message: "unknown key 'nxt' at nodes[0]; did you mean 'next'?" }]);
      expect(err.message).toBe("sops/demo.yaml:7:40: unknown key 'nxt' at nodes[0]; did you mean 'next'?");
    }
  });
});
