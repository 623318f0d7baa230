import { MiningError } from '../../../errors.ts';
import type { CompiledNet } from '../compiled-net.ts';
import { MinHeap } from './min-heap.ts';
import { StateTable } from './state-table.ts';
import type { AlignmentMove, TraceAlignment } from './types.ts';

/** Cost of a log move or a visible model move (PM4Py's unit, so costs compare one to one). */
export const DEVIATION_COST = 10_000;

const LOG_MOVE = -1;

/**
 * An optimal alignment of `trace` with the net: a cheapest path through the synchronous
 * product from (initial marking, no event) to (final marking, all events), by A* with an
 * admissible bound (events whose activity no transition carries can only be log moves). An
 * LP bound (the marking equation, as PM4Py uses) would expand fewer states on big nets but
 * needs an LP solver; for the logs this is meant for (≤ 20,000 events, a few hundred
 * variants) this search aligns a variant in milliseconds.
 */
export function alignTrace(net: CompiledNet, trace: readonly string[], silentCost: number, maxStates: number, bestWorstCost: number): TraceAlignment {
  const n = trace.length;
  const nT = net.labels.length;
  const placeOut = net.placeOut;
  const sources: number[] = [];
  for (let t = 0; t < nT; t++) if (net.pre[t]!.length === 0) sources.push(t);
  const seen = new Int32Array(nT);
  let stamp = 0;
  const nP = net.placeIds.length;
  const { labels, pre, preW, post, postW } = net;
  const syncWith: (readonly number[])[] = trace.map((a) => net.byLabel.get(a) ?? []);
  const unmatched = new Float64Array(n + 1);
  for (let i = n - 1; i >= 0; i--) unmatched[i] = unmatched[i + 1]! + (syncWith[i]!.length === 0 ? DEVIATION_COST : 0);

  const states = new StateTable(nP);
  let cost = new Float64Array(1024);
  let prev = new Int32Array(1024);
  let via = new Int32Array(1024); // transition fired to get here, LOG_MOVE, or -2 - t for a sync on t
  let closed = new Uint8Array(1024);
  const heap = new MinHeap();

  const grow = (): void => {
    const size = cost.length * 2;
    const c = new Float64Array(size);
    c.set(cost);
    cost = c;
    const p = new Int32Array(size);
    p.set(prev);
    prev = p;
    const v = new Int32Array(size);
    v.set(via);
    via = v;
    const d = new Uint8Array(size);
    d.set(closed);
    closed = d;
  };

  // Writes m fired by t (or m itself for t < 0) into the scratch slot and relaxes that state.
  const relax = (from: number, m: Int32Array, t: number, i: number, g: number, tag: number): void => {
    const next = states.scratch();
    next.set(m);
    if (t >= 0) {
      const a = pre[t]!;
      const aw = preW[t]!;
      for (let k = 0; k < a.length; k++) next[a[k]!]! -= aw[k]!;
      const b = post[t]!;
      const bw = postW[t]!;
      for (let k = 0; k < b.length; k++) next[b[k]!]! += bw[k]!;
    }
    const { id, isNew } = states.intern(i);
    if (isNew) {
      if (id >= cost.length) grow();
      closed[id] = 0;
    } else if (closed[id] || g >= cost[id]!) {
      return;
    }
    cost[id] = g;
    prev[id] = from;
    via[id] = tag;
    // Ties: prefer states further along the trace (they reach the goal sooner; same optimum).
    heap.push(id, g + unmatched[i]!, -i);
  };

  const enabled = (m: Int32Array, t: number): boolean => {
    const a = pre[t]!;
    const aw = preW[t]!;
    for (let k = 0; k < a.length; k++) if (m[a[k]!]! < aw[k]!) return false;
    return true;
  };

  const isFinal = (m: Int32Array): boolean => {
    for (let p = 0; p < nP; p++) if (m[p] !== net.final[p]) return false;
    return true;
  };

  states.scratch().set(net.initial);
  const start = states.intern(0).id;
  cost[start] = 0;
  prev[start] = -1;
  heap.push(start, unmatched[0]!, 0);
  let expanded = 0;
  const current = new Int32Array(nP);
  for (;;) {
    const s = heap.pop();
    if (s < 0) throw new MiningError('NET_INVALID', 'the final marking cannot be reached from the initial marking: no alignment exists');
    if (closed[s]) continue;
    closed[s] = 1;
    current.set(states.marking(s));
    const i = states.position(s);
    const g = cost[s]!;
    if (i === n && isFinal(current)) return rebuild(s);
    if (++expanded > maxStates) {
      throw new MiningError('BAD_ARGUMENT', `alignment gave up after ${maxStates} states (trace of ${n} events); raise maxStates`);
    }
    if (i < n) {
      relax(s, current, -1, i + 1, g + DEVIATION_COST, LOG_MOVE);
      for (const t of syncWith[i]!) if (enabled(current, t)) relax(s, current, t, i + 1, g, -2 - t);
    }
    // Model moves: only transitions that take from a marked place can be enabled (sources,
    // transitions without inputs, are always candidates). Visited in net order, once each.
    stamp++;
    for (const t of sources) relax(s, current, t, i, g + (labels[t] === null ? silentCost : DEVIATION_COST), t);
    for (let p = 0; p < nP; p++) {
      if (current[p] === 0) continue;
      for (const t of placeOut[p]!) {
        if (seen[t] === stamp) continue;
        seen[t] = stamp;
        if (enabled(current, t)) relax(s, current, t, i, g + (labels[t] === null ? silentCost : DEVIATION_COST), t);
      }
    }
  }

  function rebuild(goal: number): TraceAlignment {
    const moves: AlignmentMove[] = [];
    let deviations = 0;
    for (let s = goal; prev[s]! >= 0; s = prev[s]!) {
      const tag = via[s]!;
      if (tag === LOG_MOVE) {
        moves.push({ kind: 'log', activity: trace[states.position(s) - 1]! });
        deviations++;
      } else if (tag <= -2) {
        const t = -2 - tag;
        moves.push({ kind: 'sync', activity: trace[states.position(s) - 1]!, transition: net.transitionIds[t]! });
      } else {
        moves.push({ kind: 'model', transition: net.transitionIds[tag]!, label: labels[tag]! });
        if (labels[tag] !== null) deviations++;
      }
    }
    moves.reverse();
    const total = cost[goal]!;
    const worstCost = n * DEVIATION_COST + bestWorstCost;
    const worstDeviations = Math.floor(worstCost / DEVIATION_COST);
    return {
      moves,
      deviations,
      cost: total,
      worstCost,
      fitness: worstDeviations > 0 ? 1 - Math.floor(total / DEVIATION_COST) / worstDeviations : 1,
      expanded,
    };
  }
}
