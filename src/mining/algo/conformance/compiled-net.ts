import type { AcceptingPetriNet } from '../../objects/petri-net.ts';
import { validateNet } from '../../objects/petri-net.ts';

/**
 * An accepting Petri net turned into arrays of indices: the replay and alignment loops fire
 * transitions millions of times, and string-keyed maps there would dominate the run time.
 * Places and transitions keep the order of the source net, so results are deterministic.
 */
export interface CompiledNet {
  readonly source: AcceptingPetriNet;
  readonly placeIds: readonly string[];
  readonly transitionIds: readonly string[];
  /** Label per transition, null for silent ones. */
  readonly labels: readonly (string | null)[];
  /** Input places and weights per transition (same order as the net's arcs). */
  readonly pre: readonly Int32Array[];
  readonly preW: readonly Int32Array[];
  /** Output places and weights per transition. */
  readonly post: readonly Int32Array[];
  readonly postW: readonly Int32Array[];
  /** Sum of input / output weights per transition. */
  readonly consumes: Int32Array;
  readonly produces: Int32Array;
  /** Transitions that take from each place. */
  readonly placeOut: readonly Int32Array[];
  readonly initial: Int32Array;
  readonly final: Int32Array;
  /** Visible transitions per label, in net order. */
  readonly byLabel: ReadonlyMap<string, readonly number[]>;
}

/** Compiles (and checks) an accepting Petri net for replay. */
export function compileNet(an: AcceptingPetriNet): CompiledNet {
  validateNet(an);
  const { net } = an;
  const placeIndex = new Map(net.places.map((p, i) => [p.id, i]));
  const transIndex = new Map(net.transitions.map((t, i) => [t.id, i]));
  const nT = net.transitions.length;
  const pre: number[][] = Array.from({ length: nT }, () => []);
  const preW: number[][] = Array.from({ length: nT }, () => []);
  const post: number[][] = Array.from({ length: nT }, () => []);
  const postW: number[][] = Array.from({ length: nT }, () => []);
  const placeOut: number[][] = net.places.map(() => []);
  for (const arc of net.arcs) {
    const t = transIndex.get(arc.transition)!;
    const p = placeIndex.get(arc.place)!;
    if (arc.kind === 'place-to-transition') {
      // Parallel arcs between the same pair add up, as their weights do in the net's semantics.
      const k = pre[t]!.indexOf(p);
      if (k >= 0) preW[t]![k]! += arc.weight;
      else {
        pre[t]!.push(p);
        preW[t]!.push(arc.weight);
        placeOut[p]!.push(t);
      }
    } else {
      const k = post[t]!.indexOf(p);
      if (k >= 0) postW[t]![k]! += arc.weight;
      else {
        post[t]!.push(p);
        postW[t]!.push(arc.weight);
      }
    }
  }
  const byLabel = new Map<string, number[]>();
  net.transitions.forEach((t, i) => {
    if (t.label === null) return;
    const list = byLabel.get(t.label);
    if (list === undefined) byLabel.set(t.label, [i]);
    else list.push(i);
  });
  const marking = (m: Readonly<Record<string, number>>): Int32Array => {
    const out = new Int32Array(net.places.length);
    for (const [p, n] of Object.entries(m)) out[placeIndex.get(p)!] = n;
    return out;
  };
  const sum = (ws: number[]): number => ws.reduce((a, b) => a + b, 0);
  return {
    source: an,
    placeIds: net.places.map((p) => p.id),
    transitionIds: net.transitions.map((t) => t.id),
    labels: net.transitions.map((t) => t.label),
    pre: pre.map((a) => Int32Array.from(a)),
    preW: preW.map((a) => Int32Array.from(a)),
    post: post.map((a) => Int32Array.from(a)),
    postW: postW.map((a) => Int32Array.from(a)),
    consumes: Int32Array.from(preW.map(sum)),
    produces: Int32Array.from(postW.map(sum)),
    placeOut: placeOut.map((a) => Int32Array.from(a)),
    initial: marking(an.initialMarking),
    final: marking(an.finalMarking),
    byLabel,
  };
}

/** True when transition `t` is enabled in marking `m`. */
export function isEnabled(net: CompiledNet, m: Int32Array, t: number): boolean {
  const pre = net.pre[t]!;
  const w = net.preW[t]!;
  for (let i = 0; i < pre.length; i++) if (m[pre[i]!]! < w[i]!) return false;
  return true;
}

/** Fires `t` in place (the caller checked it is enabled). */
export function fire(net: CompiledNet, m: Int32Array, t: number): void {
  const pre = net.pre[t]!;
  const preW = net.preW[t]!;
  for (let i = 0; i < pre.length; i++) m[pre[i]!]! -= preW[i]!;
  const post = net.post[t]!;
  const postW = net.postW[t]!;
  for (let i = 0; i < post.length; i++) m[post[i]!]! += postW[i]!;
}
