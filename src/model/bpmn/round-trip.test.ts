import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BpmnModdle } from 'bpmn-moddle';
import { describe, expect, it } from 'vitest';
import { compile } from '../compile.ts';
import type { CompiledProcess, ProcessNode } from '../types.ts';
import { parseSop } from '../yaml/read.ts';
import { toYaml } from '../yaml/write.ts';
import { fromBpmn, toBpmn } from './index.ts';

const TEMPLATES = fileURLToPath(new URL('../../../templates/', import.meta.url));

async function sopFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sopFiles(p)));
    else if (e.name.endsWith('.yaml') && /^nodes\s*:/m.test(await readFile(p, 'utf8'))) out.push(p);
  }
  return out.sort();
}

/**
 * The compiled model with the written-order details that do not change the graph removed:
 * `next` (explicit or by order) and a parallel gateway's `to` are both just its outgoing flows,
 * which are compared in full.
 */
function graph(p: CompiledProcess): unknown {
  const bare = (n: ProcessNode): unknown => {
    const { next: _n, ...rest } = n as ProcessNode & { to?: unknown };
    if (rest.kind === 'parallel') delete (rest as { to?: unknown }).to;
    return rest;
  };
  return {
    definition: { ...p.definition, nodes: p.definition.nodes.map(bare) },
    start: p.start,
    nodes: Object.fromEntries(Object.entries(p.nodes).map(([k, n]) => [k, bare(n)])),
    outgoing: p.outgoing,
    incoming: p.incoming,
  };
}

/**
 * What another modeler sees: plain bpmn-moddle (no servflow descriptor, as bpmn.io and Camunda
 * Modeler read it) parses the file without a warning, and every flow node and sequence flow is
 * drawn (a BPMNShape or BPMNEdge with bounds or waypoints).
 */
async function opensWithoutServflow(xml: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const { rootElement, warnings } = (await new BpmnModdle().fromXML(xml)) as { rootElement: any; warnings: unknown[] };
  expect(warnings).toEqual([]);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const drawn = new Map<string, any>(rootElement.diagrams[0].plane.planeElement.map((d: any) => [d.bpmnElement.id, d]));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  for (const el of rootElement.rootElements[0].flowElements as any[]) {
    const di = drawn.get(el.id);
    expect(di, `${el.id} is not drawn`).toBeDefined();
    if (el.$type === 'bpmn:SequenceFlow') expect(di.waypoint.length).toBeGreaterThanOrEqual(2);
    else expect(di.bounds.width).toBeGreaterThan(0);
  }
}

const files = await sopFiles(TEMPLATES);

describe('YAML → BPMN → YAML for every template', () => {
  it('finds the templates', () => {
    expect(files.length).toBeGreaterThan(40);
  });
  it.each(files.map((f) => [f.slice(TEMPLATES.length), f]))('%s', async (_name, file) => {
    const original = compile(parseSop(await readFile(file, 'utf8'), file));
    const xml = await toBpmn(original.definition);
    await opensWithoutServflow(xml);
    const back = parseSop(toYaml(await fromBpmn(xml)), 'back.yaml');
    expect(graph(compile(back))).toEqual(graph(original));
  });
});
