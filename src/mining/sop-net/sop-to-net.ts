import type { CompiledProcess, Flow, ProcessNode } from '../../model/types.ts';
import { petriNet, type AcceptingPetriNet, type PetriNetSpec } from '../objects/petri-net.ts';

/**
 * A servflow SOP as an accepting Petri net, so the library's token replay and alignments check
 * servflow's own log (one `complete` event per step, activity = node id) against the SOP.
 *
 * The translation follows what the engine does (src/engine/behaviors), node kind by node kind:
 *
 * - **human, service, timer, call**: one visible transition labelled with the node id (the
 *   engine logs `complete` with that activity). A service step with `onError` also gets a
 *   silent transition to its error target: a failed call logs `ate_abort`, not `complete`.
 * - **end**: a visible transition labelled with the end's id (the engine logs `complete` for
 *   ends too, so the outcome shows in the log) that consumes the token and puts none back.
 * - **exclusive**: one silent transition per branch (and default), from the gateway's place.
 * - **parallel**: one silent transition; a join (several incoming flows) reads one place per
 *   incoming flow, as the engine counts arrivals per flow; every outgoing flow gets a token.
 *
 * Places: one input place per node, `p:<node>` (several flows into one node merge there, as the
 * engine lets each arriving token enter) and one per incoming flow of a join, `p:<node>:<flow>`.
 * Initial marking: one token before the first node. Final marking: empty — the engine ends a
 * case when no token is left anywhere (`completeIfDone`), whichever ends its branches reached.
 *
 * Rejected: a place per flow with silent "merge" transitions in front of every node (the usual
 * BPMN textbook translation). It yields the same language with many more silent transitions,
 * which token replay has to guess through and alignments have to search.
 * Rejected too: ends feeding one sink place with the final marking "one token in the sink"
 * (the usual workflow-net shape). SOPs whose parallel branches end in end nodes of their own
 * (the emergency-visit template's bacteriology branch) finish with several tokens there, which
 * no fixed final marking accepts, while the empty marking is exactly the engine's rule.
 */
export function sopNet(proc: CompiledProcess): AcceptingPetriNet {
  const places: { id: string; name: string }[] = [];
  const transitions: { id: string; name?: string; label: string | null }[] = [];
  const arcs: [string, string][] = [];
  const isJoin = (id: string): boolean => {
    const n = proc.nodes[id];
    return n?.kind === 'parallel' && (proc.incoming[id]?.length ?? 0) > 1;
  };
  /** The place a token moving along `flow` lands in. */
  const target = (flow: Flow): string => (isJoin(flow.to) ? joinPlace(flow.to, flow.id) : inputPlace(flow.to));
  const outgoing = (id: string): readonly Flow[] => proc.outgoing[id] ?? [];

  for (const node of Object.values(proc.nodes)) {
    if (isJoin(node.id)) for (const f of proc.incoming[node.id] ?? []) places.push({ id: joinPlace(node.id, f.id), name: `${node.id} ← ${f.from}` });
    else places.push({ id: inputPlace(node.id), name: `before ${node.id}` });
  }

  for (const node of Object.values(proc.nodes)) {
    const into = inputPlace(node.id);
    switch (node.kind) {
      case 'human':
      case 'timer':
      case 'call':
      case 'service': {
        const t = `t:${node.id}`;
        transitions.push({ id: t, name: nameOf(node), label: node.id });
        arcs.push([into, t]);
        for (const f of outgoing(node.id)) {
          if (f.when === 'error') {
            const te = `t:${node.id}:error`;
            transitions.push({ id: te, name: `${node.id} failed`, label: null });
            arcs.push([into, te], [te, target(f)]);
          } else arcs.push([t, target(f)]);
        }
        break;
      }
      case 'end': {
        const t = `t:${node.id}`;
        transitions.push({ id: t, name: nameOf(node), label: node.id });
        arcs.push([into, t]);
        break;
      }
      case 'exclusive':
        for (const f of outgoing(node.id)) {
          const t = `t:${node.id}:${f.id}`;
          transitions.push({ id: t, name: `${node.id} → ${f.to}`, label: null });
          arcs.push([into, t], [t, target(f)]);
        }
        break;
      case 'parallel': {
        const t = `t:${node.id}`;
        transitions.push({ id: t, name: nameOf(node), label: null });
        if (isJoin(node.id)) for (const f of proc.incoming[node.id] ?? []) arcs.push([joinPlace(node.id, f.id), t]);
        else arcs.push([into, t]);
        for (const f of outgoing(node.id)) arcs.push([t, target(f)]);
        break;
      }
    }
  }

  // The engine enters the first node without a flow; a join there does not wait (parallel.ts),
  // so a first node that is a join gets a silent start transition straight to its outputs.
  let source = inputPlace(proc.start);
  if (isJoin(proc.start)) {
    source = 'source';
    places.push({ id: source, name: 'start' });
    const t = `t:${proc.start}:begin`;
    transitions.push({ id: t, name: 'start', label: null });
    arcs.push([source, t]);
    for (const f of outgoing(proc.start)) arcs.push([t, target(f)]);
  }

  const spec: PetriNetSpec = {
    name: `${proc.definition.key} v${proc.definition.version}`,
    places,
    transitions,
    arcs,
    initialMarking: { [source]: 1 },
    finalMarking: {},
  };
  return petriNet(spec);
}

// Node ids never hold ':' (the SOP schema allows letters, digits, _ - . ?), and every place of
// a node starts with "p:", so no two ids collide whatever the nodes are called.

function inputPlace(node: string): string {
  return `p:${node}`;
}

function joinPlace(node: string, flow: string): string {
  return `p:${node}:${flow}`;
}

function nameOf(node: ProcessNode): string {
  return node.name.zh ?? node.name.en ?? node.id;
}
