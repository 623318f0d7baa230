import type { CompiledNet } from '../compiled-net.ts';
import { fire, isEnabled } from '../compiled-net.ts';
import type { SilentPaths } from './silent-paths.ts';
import type { ReplayDeviation, TraceReplay } from './types.ts';

/**
 * How far the search for silent transitions recurses: a visible transition (depth 0) may need a
 * silent join (depth 1) whose inputs are reached by silent paths; deeper chains are not
 * followed. With 2, every count of PM4Py's token replay on the shared logs is reproduced;
 * a deeper search "repairs" a few traces that PM4Py reports as unfit (receipt, im net).
 */
const MAX_DEPTH = 2;
/** Rounds of moving leftover tokens towards the final marking at the end of a trace. */
const FINAL_ROUNDS = 5;

/** Scratch state shared by the replays of one log on one net. */
export interface ReplayContext {
  readonly net: CompiledNet;
  readonly paths: SilentPaths;
  /** Places in the order of their ids (code-point order), the order marked places are tried in. */
  readonly placesByName: Int32Array;
  readonly finalPlaces: readonly number[];
}

/** Prepares the per-net state for `replayTrace`. */
export function replayContext(net: CompiledNet, paths: SilentPaths): ReplayContext {
  const ids = net.placeIds;
  const byName = Array.from(ids.keys()).sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
  const finalPlaces: number[] = [];
  net.final.forEach((n, p) => {
    if (n > 0) finalPlaces.push(p);
  });
  return { net, paths, placesByName: Int32Array.from(byName), finalPlaces };
}

/**
 * Replays one trace (activity names). The rules, chosen so that the counts equal PM4Py's:
 *
 * 1. An event fires the transition labelled with its activity; an activity without one is skipped.
 * 2. A transition that is not enabled is first "helped" by silent transitions: take the
 *    shortest silent paths from each marked place (places in id order) to each of its empty
 *    input places, shortest first. Walk the paths one after the other, firing each silent
 *    transition that is enabled and not yet used in this attempt, until the transition is
 *    enabled; stop early at a path that fired nothing. If that is not enough, walk the paths
 *    again, now trying to enable each silent transition on them the same way (one level deep).
 * 3. What is still lacking is counted as missing tokens, created, and the transition fires.
 * 4. At the end, silent transitions on shortest paths from marked places to the final places
 *    fire while they are enabled, until every final place holds a token.
 *
 * The ordering choices (id order, stopping at a barren path, the depth limit) are not needed
 * by the method; they are what makes servflow's numbers comparable with PM4Py's.
 */
export function replayTrace(ctx: ReplayContext, trace: readonly string[]): TraceReplay {
  const { net, paths, placesByName, finalPlaces } = ctx;
  const m = net.initial.slice();
  const nP = m.length;
  let produced = 0;
  for (let p = 0; p < nP; p++) produced += m[p]!;
  let consumed = 0;
  let missing = 0;
  const fired: number[] = [];
  const deviations: ReplayDeviation[] = [];

  const step = (t: number): void => {
    fire(net, m, t);
    consumed += net.consumes[t]!;
    produced += net.produces[t]!;
    fired.push(t);
  };
  const enabled = (t: number): boolean => isEnabled(net, m, t);

  // Shortest silent paths from marked places to any of `targets`, shortest first; ties keep
  // the order of (marked place by id, target).
  const pathsTo = (targets: readonly number[]): Int32Array[] => {
    const found: Int32Array[] = [];
    for (const p of placesByName) {
      if (m[p]! <= 0) continue;
      const row = paths[p]!;
      for (const q of targets) {
        const path = row[q];
        if (path) found.push(path);
      }
    }
    return found.sort((a, b) => a.length - b.length);
  };

  const emptyInputs = (t: number): number[] => {
    const out: number[] = [];
    const pre = net.pre[t]!;
    const w = net.preW[t]!;
    for (let i = 0; i < pre.length; i++) if (m[pre[i]!]! < w[i]!) out.push(pre[i]!);
    return out;
  };

  const enableBySilent = (t: number, depth: number, used: Set<number>): void => {
    if (depth >= MAX_DEPTH || used.has(t)) return;
    const targets = emptyInputs(t);
    const first = pathsTo(targets);
    if (first.length === 0) return;
    // Pass 1: fire what is enabled along each path, path after path.
    for (const path of first) {
      let firedHere = false;
      for (const s of path) {
        if (s !== t && !used.has(s) && enabled(s)) {
          step(s);
          used.add(s);
          firedHere = true;
        }
        if (enabled(t)) return;
      }
      if (!firedHere) break;
    }
    if (enabled(t)) return;
    // Pass 2: also enable silent transitions on the paths (joins) by the same method.
    for (const path of pathsTo(targets)) {
      for (const s of path) {
        if (s === t || used.has(s)) continue;
        if (!enabled(s)) enableBySilent(s, depth + 1, used);
        if (enabled(s)) {
          step(s);
          used.add(s);
        }
      }
    }
  };

  trace.forEach((activity, event) => {
    const candidates = net.byLabel.get(activity);
    if (candidates === undefined) {
      deviations.push({ kind: 'not-in-model', event, activity });
      return;
    }
    // Duplicate labels: an enabled one if there is one, else the last in net order.
    const t = candidates.find((c) => enabled(c)) ?? candidates[candidates.length - 1]!;
    if (!enabled(t)) enableBySilent(t, 0, new Set());
    if (!enabled(t)) {
      const places: { place: string; tokens: number }[] = [];
      const pre = net.pre[t]!;
      const w = net.preW[t]!;
      for (let i = 0; i < pre.length; i++) {
        const lack = w[i]! - m[pre[i]!]!;
        if (lack > 0) {
          missing += lack;
          m[pre[i]!] = w[i]!;
          places.push({ place: net.placeIds[pre[i]!]!, tokens: lack });
        }
      }
      deviations.push({ kind: 'missing-tokens', event, activity, places });
    }
    step(t);
  });

  // Towards the final marking: first every path, firing whatever is enabled on it; then, for a
  // single final place, each path from its start for as long as it is enabled.
  const reached = (): boolean => finalPlaces.every((p) => m[p]! > 0);
  for (let round = 0; round < FINAL_ROUNDS && !reached(); round++) {
    for (const path of pathsTo(finalPlaces)) {
      for (const s of path) if (enabled(s)) step(s);
      if (reached()) break;
    }
  }
  if (!reached() && finalPlaces.length === 1) {
    const toSink = pathsTo(finalPlaces);
    for (let round = 0; round < FINAL_ROUNDS; round++) {
      for (const path of toSink) {
        for (const s of path) {
          if (!enabled(s)) break;
          step(s);
        }
      }
    }
  }

  let remaining = 0;
  for (let p = 0; p < nP; p++) {
    const lack = net.final[p]! - m[p]!;
    if (lack > 0) {
      missing += lack;
      deviations.push({ kind: 'final-marking-missing', place: net.placeIds[p]!, tokens: lack });
    } else if (lack < 0) {
      remaining -= lack;
      deviations.push({ kind: 'remaining-tokens', place: net.placeIds[p]!, tokens: -lack });
    }
    consumed += net.final[p]!;
  }
  const fitness = consumed > 0 && produced > 0 ? 0.5 * (1 - missing / consumed) + 0.5 * (1 - remaining / produced) : 1;
  return {
    fitness,
    isFit: missing === 0 && remaining === 0,
    missing,
    remaining,
    consumed,
    produced,
    fired: fired.map((t) => net.transitionIds[t]!),
    deviations,
  };
}
