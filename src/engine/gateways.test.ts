import { describe, expect, it } from 'vitest';
import { EngineError } from './errors.ts';
import { end, human, proc } from './testing/build.ts';
import { MemoryRunner } from './testing/memory-runner.ts';
import type { ProcessNode } from '../model/types.ts';

// S12 water repair: the severity of the fault decides who acts and how fast.
const triage = proc(
  'triage',
  [
    human('log', 'hotline'),
    {
      kind: 'exclusive',
      id: 'severity?',
      name: { zh: '故障等级' },
      branches: [
        { when: 'severity = "valve"', to: 'fix-now' },
        { when: 'severity = "major" and floors > 2', to: 'notice' },
      ],
      default: 'fix-today',
    },
    human('fix-now', 'plumber', { next: 'tell' }),
    human('notice', 'pm', { next: 'tell' }),
    human('fix-today', 'plumber', { next: 'tell' }),
    human('tell', 'hotline'),
    end('closed'),
  ],
  { variables: [{ id: 'severity', type: 'string', required: true }] },
);

describe('an exclusive branch', () => {
  it.each([
    [{ severity: 'valve' }, 'fix-now'],
    [{ severity: 'major', floors: 3 }, 'notice'],
    [{ severity: 'major', floors: 1 }, 'fix-today'],
    [{ severity: 'machine' }, 'fix-today'],
  ])('with %j goes to %s', (data, expected) => {
    const r = new MemoryRunner({ processes: [triage] });
    const id = r.start('triage', data);
    r.completeAt(id, 'log', 'op');
    expect(r.openTasks(id).map((t) => t.node)).toEqual([expected]);
    r.completeAt(id, expected, 'p');
    r.completeAt(id, 'tell', 'op');
    expect(r.cases.get(id)!.status).toBe('completed');
  });

  it('needs its required case variables to start', () => {
    const r = new MemoryRunner({ processes: [triage] });
    expect(() => r.start('triage', {})).toThrowError(/severity/);
  });

  it('reports a case no branch fits when there is no default', () => {
    const p = proc('nodefault', [
      { kind: 'exclusive', id: 'x', name: { en: 'x' }, branches: [{ when: 'a = 1', to: 'y' }] },
      human('y', 'r'),
      end(),
    ]);
    const r = new MemoryRunner({ processes: [p] });
    try {
      r.start('nodefault', { a: 2 });
      expect.unreachable();
    } catch (e) {
      expect((e as EngineError).code).toBe('FEEL_ERROR');
    }
  });
});

describe('parallel split and join', () => {
  const nodes: ProcessNode[] = [
    { kind: 'parallel', id: 'split', name: { en: 'split' }, to: ['wash', 'parts'] },
    human('wash', 'washer', { next: 'join' }),
    human('parts', 'store', { next: 'join' }),
    { kind: 'parallel', id: 'join', name: { en: 'join' } },
    human('deliver', 'advisor'),
    end(),
  ];
  const p = proc('par', nodes);

  it('runs both branches at once and goes on only when both are done', () => {
    const r = new MemoryRunner({ processes: [p] });
    const id = r.start('par');
    expect(r.openTasks(id).map((t) => t.node).sort()).toEqual(['parts', 'wash']);
    r.completeAt(id, 'wash', 'w');
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['parts']);
    expect(r.cases.get(id)!.joins).toEqual({ join: ['wash->join#0'] });
    r.completeAt(id, 'parts', 's');
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['deliver']);
    expect(r.cases.get(id)!.joins).toEqual({});
    r.completeAt(id, 'deliver', 'a');
    expect(r.cases.get(id)!.status).toBe('completed');
  });

  it('ends the case only when every branch has ended', () => {
    const q = proc('two-ends', [
      { kind: 'parallel', id: 'split', name: { en: 'split' }, to: ['a', 'b'] },
      human('a', 'r', { next: 'end-a' }),
      end('end-a'),
      human('b', 'r'),
      end('end-b'),
    ]);
    const r = new MemoryRunner({ processes: [q] });
    const id = r.start('two-ends');
    r.completeAt(id, 'a', 'x');
    expect(r.cases.get(id)!.status).toBe('active');
    r.completeAt(id, 'b', 'x');
    expect(r.cases.get(id)!.status).toBe('completed');
  });
});

describe('a loop through gateways with no wait state', () => {
  it('is stopped with LOOP_LIMIT instead of hanging', () => {
    const p = proc('loop', [
      { kind: 'exclusive', id: 'a', name: { en: 'a' }, branches: [{ when: 'true', to: 'b' }], default: 'c' },
      { kind: 'exclusive', id: 'b', name: { en: 'b' }, branches: [{ when: 'true', to: 'a' }], default: 'c' },
      end('c'),
    ]);
    const r = new MemoryRunner({ processes: [p] });
    expect(() => r.start('loop')).toThrowError(/LOOP|loops/);
  });
});
