import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compile, parseSop } from '../../model/index.ts';
import { main } from '../main.ts';

const template = fileURLToPath(new URL('../../../templates/automotive/car-after-sales.yaml', import.meta.url));
const camunda = fileURLToPath(new URL('../../model/bpmn/fixtures/camunda-complaint.bpmn', import.meta.url));

/** Runs `servflow …` through the CLI entry, capturing what it prints. */
async function servflow(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((err += String(c)), true));
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());
const dir = (): string => mkdtempSync(join(tmpdir(), 'servflow-convert-'));

describe('servflow convert', () => {
  it('YAML → BPMN file → YAML gives the same process', async () => {
    const d = dir();
    const bpmn = join(d, 'car.bpmn');
    const yaml = join(d, 'car.yaml');
    expect(await servflow('convert', template, '--to', 'bpmn', '-o', bpmn)).toEqual({ code: 0, out: '', err: '' });
    expect(readFileSync(bpmn, 'utf8')).toMatch(/^<\?xml[\s\S]*<bpmn:userTask id="greet"[\s\S]*<bpmndi:BPMNDiagram/);
    expect((await servflow('convert', bpmn, '--to', 'yaml', '-o', yaml)).code).toBe(0);
    const before = compile(parseSop(readFileSync(template, 'utf8'), template));
    const after = compile(parseSop(readFileSync(yaml, 'utf8'), yaml));
    expect(after.outgoing).toEqual(before.outgoing);
    expect(after.nodes['greet']).toEqual(before.nodes['greet']);
  });

  it('prints to standard output without -o (a Camunda Modeler file to YAML)', async () => {
    const r = await servflow('convert', camunda, '--to', 'yaml');
    expect(r.code).toBe(0);
    expect(r.out).toContain('key: complaint_handling');
    expect(r.out).toContain('when: severity = "high" and amount > 1000');
  });

  it('reports problems by element id and exits 1', async () => {
    const f = join(dir(), 'bad.bpmn');
    writeFileSync(
      f,
      '<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x"><bpmn:process id="p"><bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="t"/><bpmn:sendTask id="t"/></bpmn:process></bpmn:definitions>',
    );
    const r = await servflow('convert', f, '--to', 'yaml');
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${f}: t: sendTask is not supported`);
  });

  it('reports YAML problems as file:line:col', async () => {
    const f = join(dir(), 'bad.yaml');
    writeFileSync(f, 'key: bad\nversion: 1\nname: 坏\nnodes:\n  - { id: a, human: 接待, role: nobody }\n  - { id: done, end: 完成 }\n');
    const r = await servflow('convert', f, '--to', 'bpmn');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.yaml:5:\d+: .*nobody/);
  });

  it('usage errors exit 2', async () => {
    expect((await servflow('convert', template)).err).toContain('say --to bpmn or --to yaml');
    expect((await servflow('convert', template, '--to', 'png')).code).toBe(2);
    expect((await servflow('convert', '--to', 'bpmn')).code).toBe(2);
    expect((await servflow('convert', '/nonexistent.yaml', '--to', 'bpmn')).code).toBe(1);
  });
});
