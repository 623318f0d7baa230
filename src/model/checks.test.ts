import { describe, expect, it } from 'vitest';
import { compile, CompileError, type ModelIssue } from './compile.ts';
import { checkFeelSyntax } from './feel-syntax.ts';
import type { HumanStep, ProcessDefinition, ProcessNode } from './types.ts';

const step = (extra: Partial<HumanStep> = {}): HumanStep => ({ kind: 'human', id: 'a', name: { zh: '接待' }, role: 'advisor', assignment: { strategy: 'queue' }, ...extra });
const def = (nodes: ProcessNode[], extra: Partial<ProcessDefinition> = {}): ProcessDefinition => ({
  key: 'k',
  version: 1,
  name: { zh: '演示' },
  roles: [{ id: 'advisor', name: { zh: '顾问' } }],
  variables: [],
  nodes: [...nodes, { kind: 'end', id: 'done', name: { zh: '完成' } }],
  ...extra,
});

function issues(d: ProcessDefinition): ModelIssue[] {
  try {
    compile(d);
    return [];
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    return [...e.issues];
  }
}

describe('compile: definition checks every reader shares', () => {
  it('accepts a plain valid definition', () => {
    expect(issues(def([step()]))).toEqual([]);
  });

  it('duplicate role, variable, checklist item, form field and option ids', () => {
    const d = def(
      [
        step({
          checklist: { items: [{ id: 'x', text: { zh: '1' }, required: true }, { id: 'x', text: { zh: '2' }, required: true }], pass: { allRequired: true } },
          form: [
            { id: 'f', label: { zh: 'F' }, type: 'select', required: false, options: [{ value: 'a', label: { zh: 'a' } }, { value: 'a', label: { zh: 'b' } }] },
            { id: 'f', label: { zh: 'G' }, type: 'text', required: false },
          ],
        }),
      ],
      { roles: [{ id: 'advisor', name: { zh: '1' } }, { id: 'advisor', name: { zh: '2' } }], variables: [{ id: 'v', type: 'string' }, { id: 'v', type: 'number' }] },
    );
    expect(issues(d).map((i) => i.path.join('.'))).toEqual(['roles.1.id', 'variables.1.id', 'nodes.0.checklist.items.1.id', 'nodes.0.form.1.id', 'nodes.0.form.0.options.1']);
  });

  it('forms that cannot work: a select without options, options on text, min above max, a broken pattern', () => {
    const d = def([
      step({
        form: [
          { id: 's', label: { zh: 'S' }, type: 'select', required: false },
          { id: 't', label: { zh: 'T' }, type: 'text', required: false, options: [{ value: 'a', label: { zh: 'a' } }] },
          { id: 'n', label: { zh: 'N' }, type: 'number', required: false, min: 5, max: 1 },
          { id: 'p', label: { zh: 'P' }, type: 'text', required: false, pattern: '([' },
        ],
      }),
    ]);
    expect(issues(d).map((i) => i.message)).toEqual([
      'a select field needs options to choose from',
      'options are only for select and multiSelect fields; this one is text',
      'min (5) is greater than max (1)',
      expect.stringMatching(/^not a valid regular expression/),
    ]);
  });

  it('a score a checklist can never reach, a default of the wrong type, a zero wait', () => {
    const d = def(
      [
        step({ checklist: { items: [{ id: 'x', text: { zh: '1' }, required: true, weight: 2 }], pass: { allRequired: true, minScore: 3 } } }),
        { kind: 'timer', id: 't', name: { zh: '等' }, wait: { duration: { amount: 0, unit: 'hours', basis: 'elapsed' } } },
      ],
      { variables: [{ id: 'n', type: 'number', default: 'five' }] },
    );
    expect(issues(d).map((i) => i.message)).toEqual([
      'the default "five" is not a number',
      'needs a score of 3 but all items together weigh only 2',
      'a wait must be longer than zero (it is 0 hours)',
    ]);
  });

  it('escalation roles must be declared', () => {
    const d = def([step({ sla: { due: { amount: 1, unit: 'hours', basis: 'elapsed' }, escalations: [{ actions: [{ kind: 'reassign', role: 'boss' }] }] } })]);
    expect(issues(d)).toEqual([{ path: ['nodes', 0, 'sla', 'escalations', 0, 'actions', 0, 'role'], message: 'role "boss" is not declared under roles (declared: advisor)' }]);
  });

  it('FEEL conditions and expressions are parsed, with the offset of the problem', () => {
    const d = def([
      { kind: 'exclusive', id: 'g', name: { zh: '判断' }, branches: [{ when: 'a = ', to: 'done' }], default: 'done' },
      { kind: 'call', id: 'c', name: { zh: '子' }, process: 'p', input: { x: 'a &&  b' } },
    ]);
    expect(issues(d)).toEqual([
      { path: ['nodes', 0, 'branches', 0, 'when'], message: 'branch condition: FEEL expression ends too early: "a =" needs something after it', offset: 4 },
      { path: ['nodes', 1, 'input', 'x'], message: 'input "x": FEEL writes "and", not "&&"', offset: 2 },
      { path: ['nodes', 1], message: '"c" can never be reached from the first node "g"' },
    ]);
  });

  it('a missing target is reported where it is written, with the likely node', () => {
    const d = def([{ kind: 'parallel', id: 'p', name: { zh: '分' }, to: ['done', 'dnoe'] }]);
    expect(issues(d)).toEqual([{ path: ['nodes', 0, 'to', 1], message: '"p" leads to "dnoe", which is not a node of this process; did you mean "done"?' }]);
  });
});

describe('checkFeelSyntax', () => {
  it.each(['severity = "critical"', 'amount >= 3000 or vip', 'not(vip)', 'name = "O\'Brien == x"', 'x in [1, 2]', '严重程度 = "高"'])('accepts %j', (e) => {
    expect(checkFeelSyntax(e)).toBeUndefined();
  });
  it.each([
    ['a == 1', 2, /single "="/],
    ["tier = 'VIP'", 7, /double quotes/],
    ['a || b', 2, /"or"/],
    ['', 0, /empty/],
    ['a = "x" @', 8, /syntax error at "@"/],
  ])('rejects %j at offset %i', (e, offset, message) => {
    const p = checkFeelSyntax(e)!;
    expect(p.offset).toBe(offset);
    expect(p.message).toMatch(message);
  });
});
