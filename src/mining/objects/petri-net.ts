import { MiningError } from '../errors.ts';

/**
 * Place/transition nets with arc weights and silent transitions: what PNML files hold and what
 * conformance checking replays logs on. This is the type other parts of servflow target (e.g.
 * turning a servflow process graph into a net): build one with `petriNet()`, which checks it.
 */
export interface Place {
  readonly kind: 'place';
  readonly id: string;
  readonly name: string;
}

export interface Transition {
  readonly kind: 'transition';
  readonly id: string;
  readonly name: string;
  /** The activity this transition stands for; null for a silent (τ) transition. */
  readonly label: string | null;
}

/** An arc always connects a place and a transition; `weight` tokens move along it. */
export type Arc =
  | { readonly kind: 'place-to-transition'; readonly place: string; readonly transition: string; readonly weight: number }
  | { readonly kind: 'transition-to-place'; readonly transition: string; readonly place: string; readonly weight: number };

/** Tokens per place id; places not listed hold none. */
export type Marking = Readonly<Record<string, number>>;

export interface PetriNet {
  readonly name: string;
  readonly places: readonly Place[];
  readonly transitions: readonly Transition[];
  readonly arcs: readonly Arc[];
}

/** A net with the marking a case starts in and the one it must end in. */
export interface AcceptingPetriNet {
  readonly net: PetriNet;
  readonly initialMarking: Marking;
  readonly finalMarking: Marking;
}

/** Input for `petriNet`: the same as AcceptingPetriNet with optional names and weights. */
export interface PetriNetSpec {
  readonly name?: string;
  readonly places: readonly (string | { readonly id: string; readonly name?: string })[];
  readonly transitions: readonly { readonly id: string; readonly name?: string; readonly label: string | null }[];
  /** `[from, to]` or `[from, to, weight]`, from/to being place or transition ids. */
  readonly arcs: readonly (readonly [string, string] | readonly [string, string, number])[];
  readonly initialMarking: Marking;
  readonly finalMarking: Marking;
}

/** Builds and checks an accepting Petri net from a compact description. */
export function petriNet(spec: PetriNetSpec): AcceptingPetriNet {
  const places: Place[] = spec.places.map((p) => (typeof p === 'string' ? { kind: 'place', id: p, name: p } : { kind: 'place', id: p.id, name: p.name ?? p.id }));
  const transitions: Transition[] = spec.transitions.map((t) => ({ kind: 'transition', id: t.id, name: t.name ?? t.label ?? t.id, label: t.label }));
  const placeIds = new Set(places.map((p) => p.id));
  const transitionIds = new Set(transitions.map((t) => t.id));
  const arcs: Arc[] = spec.arcs.map(([from, to, weight = 1]) => {
    if (placeIds.has(from)) return { kind: 'place-to-transition', place: from, transition: to, weight };
    if (transitionIds.has(from)) return { kind: 'transition-to-place', transition: from, place: to, weight };
    throw new MiningError('NET_INVALID', `arc ${from} → ${to}: "${from}" is not a place or transition of this net`);
  });
  const net: AcceptingPetriNet = { net: { name: spec.name ?? 'net', places, transitions, arcs }, initialMarking: spec.initialMarking, finalMarking: spec.finalMarking };
  validateNet(net);
  return net;
}

/** Throws NET_INVALID when ids repeat, an arc joins unknown or same-kind nodes, or a weight or marking is not a positive integer. */
export function validateNet(an: AcceptingPetriNet): void {
  const { net } = an;
  const places = new Set<string>();
  const transitions = new Set<string>();
  for (const p of net.places) {
    if (places.has(p.id) || transitions.has(p.id)) throw new MiningError('NET_INVALID', `node id "${p.id}" is used twice`);
    places.add(p.id);
  }
  for (const t of net.transitions) {
    if (places.has(t.id) || transitions.has(t.id)) throw new MiningError('NET_INVALID', `node id "${t.id}" is used twice`);
    transitions.add(t.id);
  }
  for (const a of net.arcs) {
    if (!places.has(a.place)) throw new MiningError('NET_INVALID', `arc ${describeArc(a)}: "${a.place}" is not a place`);
    if (!transitions.has(a.transition)) throw new MiningError('NET_INVALID', `arc ${describeArc(a)}: "${a.transition}" is not a transition`);
    if (!Number.isInteger(a.weight) || a.weight < 1) throw new MiningError('NET_INVALID', `arc ${describeArc(a)}: weight ${a.weight} is not a positive integer`);
  }
  for (const [what, m] of [['initial', an.initialMarking], ['final', an.finalMarking]] as const) {
    for (const [p, n] of Object.entries(m)) {
      if (!places.has(p)) throw new MiningError('NET_INVALID', `${what} marking: "${p}" is not a place`);
      if (!Number.isInteger(n) || n < 0) throw new MiningError('NET_INVALID', `${what} marking: ${n} tokens in "${p}" is not a count`);
    }
  }
}

function describeArc(a: Arc): string {
  return a.kind === 'place-to-transition' ? `${a.place} → ${a.transition}` : `${a.transition} → ${a.place}`;
}
