import { SimulationError } from '../errors.ts';
import type { ExclusiveGateway, ProcessDefinition, ProcessNode } from '../../model/types.ts';

/**
 * Branch probabilities, played through the engine's own gateway.
 *
 * A gateway given probabilities gets its conditions rewritten to `__sim_route_K = i` and the
 * simulator sets that variable (from the routing stream) just before the command that can
 * carry a token to the gateway. The engine then evaluates a real FEEL condition and takes the
 * branch as it would in production; everything around the gateway (logging, joins, what comes
 * after) stays the engine's. Rejected: deciding the branch outside the engine and moving the
 * token by hand — that would be a second implementation of the gateway semantics.
 */
export function routeVariable(gatewayIndex: number): string {
  return `__sim_route_${gatewayIndex}`;
}

/** One gateway played by probability: the variable, and the branch index chosen for a uniform draw. */
export interface RoutedGateway {
  readonly id: string;
  readonly index: number;
  readonly variable: string;
  readonly targets: readonly string[];
  readonly cumulative: Float64Array;
}

/** Rewrites the conditions of the gateways that have probabilities; returns the new definition and the routing table. */
export function applyBranchProbabilities(
  def: ProcessDefinition,
  branches: Readonly<Record<string, Readonly<Record<string, number>>>>,
): { readonly definition: ProcessDefinition; readonly gateways: ReadonlyMap<string, RoutedGateway> } {
  const gateways = new Map<string, RoutedGateway>();
  for (const id of Object.keys(branches)) {
    const node = def.nodes.find((n) => n.id === id);
    if (!node || node.kind !== 'exclusive')
      throw new SimulationError('BAD_MODEL', `branch probabilities are given for "${id}", which is not an exclusive gateway of ${def.key}`);
  }
  const nodes = def.nodes.map((n, index): ProcessNode => {
    const probs = branches[n.id];
    if (n.kind !== 'exclusive' || probs === undefined) return n;
    const targets = [...new Set([...n.branches.map((b) => b.to), ...(n.default !== undefined ? [n.default] : [])])];
    for (const t of Object.keys(probs))
      if (!targets.includes(t)) throw new SimulationError('BAD_MODEL', `gateway "${n.id}" has no branch to "${t}" (its branches go to ${targets.join(', ')})`);
    const total = targets.reduce((sum, t) => sum + (probs[t] ?? 0), 0);
    if (!(Math.abs(total - 1) < 1e-6)) throw new SimulationError('BAD_MODEL', `branch probabilities of "${n.id}" add up to ${total}, not 1`);
    // Branches given probability 0 keep a condition (never drawn) so the graph stays reachable.
    const variable = routeVariable(index);
    const cumulative = new Float64Array(targets.length);
    let s = 0;
    targets.forEach((t, i) => (cumulative[i] = s += (probs[t] ?? 0) / total));
    let last = targets.length - 1;
    while (last > 0 && (probs[targets[last]!] ?? 0) === 0) last--;
    for (let i = last; i < targets.length; i++) cumulative[i] = 1;
    const chosen = targets;
    gateways.set(n.id, { id: n.id, index, variable, targets: chosen, cumulative });
    const rewritten: ExclusiveGateway = {
      ...n,
      branches: chosen.map((to, i) => ({ when: `${variable} = ${i}`, to, name: n.branches.find((b) => b.to === to)?.name })),
      default: undefined,
    };
    return rewritten;
  });
  return { definition: { ...def, nodes }, gateways };
}

/** The branch index for a uniform draw u. */
export function pickBranch(g: RoutedGateway, u: number): number {
  const c = g.cumulative;
  for (let i = 0; i < c.length - 1; i++) if (u < c[i]!) return i;
  return c.length - 1;
}
