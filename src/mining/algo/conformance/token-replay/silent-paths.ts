import type { CompiledNet } from '../compiled-net.ts';

/**
 * For every pair of places (from, to), a shortest sequence of silent transitions whose firing
 * can carry a token from `from` to `to` (null when there is none). Breadth-first from each place,
 * trying transitions in net order, so among equally short paths the first in net order wins.
 * Precomputed once per net: the replay asks for these paths at every non-enabled transition.
 */
export type SilentPaths = readonly (readonly (Int32Array | null)[])[];

/** Computes the shortest silent-transition paths between all places (see `SilentPaths`). */
export function silentPaths(net: CompiledNet): SilentPaths {
  const nP = net.placeIds.length;
  const out: (Int32Array | null)[][] = [];
  for (let from = 0; from < nP; from++) {
    const row: (Int32Array | null)[] = new Array<Int32Array | null>(nP).fill(null);
    const seen = new Uint8Array(nP);
    seen[from] = 1;
    const queue: number[] = [from];
    const pathTo: number[][] = [];
    pathTo[from] = [];
    for (let head = 0; head < queue.length; head++) {
      const x = queue[head]!;
      for (const t of net.placeOut[x]!) {
        if (net.labels[t] !== null) continue;
        for (const y of net.post[t]!) {
          if (seen[y]) continue;
          seen[y] = 1;
          pathTo[y] = [...pathTo[x]!, t];
          row[y] = Int32Array.from(pathTo[y]!);
          queue.push(y);
        }
      }
    }
    out.push(row);
  }
  return out;
}
