import { compile } from '../../model/index.ts';
import { validateForm } from '../../engine/index.ts';
import { SimulationError } from '../errors.ts';
import { compileSampler, type Sampler } from '../random/sample.ts';
import { compileGenerator, placeholderValue, type ValueSampler } from './data.ts';
import { applyBranchProbabilities, type RoutedGateway } from './routing.ts';
import type { CompiledProcess, HumanStep, ProcessNode } from '../../model/types.ts';
import type { SimulationParams } from '../params.ts';

/** A form field the simulated person fills in: from a generator, or a placeholder for a required field. */
interface FormFill {
  readonly field: string;
  readonly variable: string;
  readonly draw: ValueSampler | undefined;
  readonly placeholder: unknown;
}

/** What the simulator needs at each node, computed once per run. */
export interface PreparedNode {
  readonly id: string;
  readonly index: number;
  readonly node: ProcessNode;
  /** Work time (human) or response time (service), in ms. */
  readonly duration: Sampler | undefined;
  /** Gateways played by probability that a token leaving this node can reach without waiting. */
  readonly routes: readonly RoutedGateway[];
  readonly form: readonly FormFill[];
  /** Every checklist item ticked: the simulated person meets the standard. */
  readonly checklist: Readonly<Record<string, boolean>> | undefined;
  readonly serviceFailure: number;
}

export interface PreparedProcess {
  /** The process the engine runs (gateway conditions rewritten where probabilities are given). */
  readonly proc: CompiledProcess;
  readonly original: CompiledProcess;
  readonly nodes: readonly PreparedNode[];
  readonly byId: ReadonlyMap<string, PreparedNode>;
  /** Gateways reachable from the start before the first wait. */
  readonly startRoutes: readonly RoutedGateway[];
  /** Case variables drawn when a case starts (not filled by any form). */
  readonly startData: readonly { readonly variable: string; readonly index: number; readonly draw: ValueSampler }[];
}

function reachableGateways(proc: CompiledProcess, from: readonly string[], routed: ReadonlyMap<string, RoutedGateway>): RoutedGateway[] {
  const out: RoutedGateway[] = [];
  const seen = new Set<string>();
  const stack = [...from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const n = proc.nodes[id];
    if (!n || (n.kind !== 'exclusive' && n.kind !== 'parallel')) continue; // a wait state or an end
    const g = routed.get(id);
    if (g) out.push(g);
    for (const f of proc.outgoing[id] ?? []) stack.push(f.to);
  }
  return out.sort((a, b) => a.index - b.index);
}

/** Prepares one SOP for simulation with the given parameters (checks that every step has what it needs). */
export function prepareProcess(original: CompiledProcess, params: SimulationParams): PreparedProcess {
  const branches: Record<string, Readonly<Record<string, number>>> = {};
  for (const [id, p] of Object.entries(params.branches ?? {})) if (original.nodes[id]) branches[id] = p;
  const { definition, gateways } = applyBranchProbabilities(original.definition, branches);
  const proc = Object.keys(branches).length > 0 ? compile(definition) : original;

  const generators = new Map(Object.entries(params.data ?? {}).map(([k, g]) => [k, compileGenerator(k, g)] as const));
  const formVariables = new Set<string>();
  const missing: string[] = [];
  const nodes = proc.definition.nodes.map((node, index): PreparedNode => {
    const spec = params.durations[node.id];
    if (node.kind === 'human' && spec === undefined) missing.push(node.id); // service steps without one answer at once
    const routes = reachableGateways(proc, (proc.outgoing[node.id] ?? []).map((f) => f.to), gateways);
    let form: FormFill[] = [];
    let checklist: Record<string, boolean> | undefined;
    if (node.kind === 'human') {
      form = formFills(node, generators);
      for (const f of form) formVariables.add(f.variable);
      if (node.checklist) checklist = Object.fromEntries(node.checklist.items.map((i) => [i.id, true]));
    }
    return {
      id: node.id,
      index,
      node,
      duration: spec ? compileSampler(spec) : undefined,
      routes,
      form,
      checklist,
      serviceFailure: params.serviceFailure?.[node.id] ?? 0,
    };
  });
  if (missing.length > 0)
    throw new SimulationError('BAD_MODEL', `no duration for step${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} of ${proc.definition.key}: add them under durations`);
  const startData = [...generators.entries()]
    .filter(([k]) => !formVariables.has(k))
    .map(([variable, draw], index) => ({ variable, index, draw }));
  return {
    proc,
    original,
    nodes,
    byId: new Map(nodes.map((n) => [n.id, n])),
    startRoutes: reachableGateways(proc, [proc.start], gateways),
    startData,
  };
}

function formFills(node: HumanStep, generators: ReadonlyMap<string, ValueSampler>): FormFill[] {
  const fills: FormFill[] = [];
  for (const f of node.form ?? []) {
    const variable = f.variable ?? f.id;
    const draw = generators.get(variable);
    if (draw === undefined && !f.required) continue;
    fills.push({ field: f.id, variable, draw, placeholder: draw ? undefined : placeholderValue(f) });
  }
  const sample: Record<string, unknown> = {};
  for (const f of fills) if (!f.draw) sample[f.field] = f.placeholder;
  const issues = validateForm(
    (node.form ?? []).filter((f) => f.id in sample),
    sample,
  );
  if (issues.length > 0)
    throw new SimulationError(
      'BAD_MODEL',
      `the simulator cannot fill in the form of "${node.id}" (${issues.map((i) => i.message).join('; ')}): give the field a generator under data`,
    );
  return fills;
}
