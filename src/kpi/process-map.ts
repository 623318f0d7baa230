import type { Queryable } from '../store/db.ts';
import type { LocalizedText } from '../model/types.ts';
import { num, SqlParams } from './filter.ts';
import type { LogFilter } from './log/servflow-log.ts';
import { textOf } from './names.ts';
import { stepSequenceCtes } from './step-sequences.ts';

export interface ProcessMapArc {
  /** Node id, or null for the start of cases. */
  readonly from: string | null;
  /** Node id, or null for the end of the recorded steps. */
  readonly to: string | null;
  /** How often `to` directly followed `from`. */
  readonly count: number;
  /** Cases with this arc. */
  readonly cases: number;
  /** Mean and median time from `from`'s completion to `to`'s (null at the start and end). */
  readonly meanMs: number | null;
  readonly medianMs: number | null;
  /** The first case ids (by id) with this arc, for click-through; `cases` says how many there are. */
  readonly caseIds: readonly string[];
}

export interface ProcessMapNode {
  readonly id: string;
  readonly name: LocalizedText | null;
  /** Completions. */
  readonly count: number;
  readonly cases: number;
}

/** Servflow's own directly-follows graph. */
export interface ProcessMap {
  readonly cases: number;
  readonly nodes: readonly ProcessMapNode[];
  readonly arcs: readonly ProcessMapArc[];
}

/**
 * The process map (directly-follows graph) of servflow's own log, computed in SQL where the
 * events are: step completions of the selected cases in order of time (ties: order of
 * writing), each consecutive pair one arc, plus arcs from the start and to the end, with
 * counts, times and the cases behind each arc. The same definition as the library's
 * `discoverDfg` on the exported log (complete events only), which the tests check.
 * Give `process`: node ids of different processes would otherwise share a node.
 */
export async function processMap(db: Queryable, f: LogFilter & { readonly variant?: string | undefined }, opts: { caseIdsPerArc?: number } = {}): Promise<ProcessMap> {
  const p = new SqlParams();
  const ctes = stepSequenceCtes(f, p);
  const cap = p.add(opts.caseIdsPerArc ?? 100);
  const arcs = await db.query<{ from_node: string | null; to_node: string | null; n: number; cases: number; mean: unknown; median: unknown; case_ids: string[] }>(
    `WITH ${ctes},
       pairs AS (SELECT case_id, activity, at,
                        lag(activity) OVER w AS prev, lag(at) OVER w AS prev_at, lead(activity) OVER w AS next
                   FROM ev WINDOW w AS (PARTITION BY case_id ORDER BY at, seq)),
       arcs AS (SELECT case_id, prev AS from_node, activity AS to_node,
                       CASE WHEN prev IS NULL THEN NULL ELSE EXTRACT(EPOCH FROM (at - prev_at)) * 1000 END AS ms FROM pairs
                UNION ALL
                SELECT case_id, activity, NULL, NULL FROM pairs WHERE next IS NULL)
     SELECT from_node, to_node, count(*) AS n, count(DISTINCT case_id) AS cases, avg(ms) AS mean,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS median,
            to_jsonb((array_agg(DISTINCT case_id ORDER BY case_id))[1:${cap}]) AS case_ids
       FROM arcs GROUP BY from_node, to_node
      ORDER BY count(*) DESC, from_node NULLS FIRST, to_node NULLS LAST`,
    p.values,
  );
  const q = new SqlParams();
  const nodeCtes = stepSequenceCtes(f, q);
  const org = q.add(f.orgId);
  const nodes = await db.query<{ activity: string; n: number; cases: number; name: unknown }>(
    `WITH ${nodeCtes}
     SELECT g.*, (SELECT d.compiled->'nodes'->g.activity->'name' FROM definitions d
                   WHERE d.org_id = ${org} AND d.key = ${q.add(f.process ?? null)}::text ORDER BY d.version DESC LIMIT 1) AS name
       FROM (SELECT activity, count(*) AS n, count(DISTINCT case_id) AS cases FROM ev GROUP BY activity) g
      ORDER BY g.n DESC, g.activity`,
    q.values,
  );
  const total = arcs.rows.filter((a) => a.from_node === null).reduce((s, a) => s + Number(a.cases), 0);
  return {
    cases: total,
    nodes: nodes.rows.map((x) => ({ id: x.activity, name: textOf(x.name), count: Number(x.n), cases: Number(x.cases) })),
    arcs: arcs.rows.map((x) => ({
      from: x.from_node,
      to: x.to_node,
      count: Number(x.n),
      cases: Number(x.cases),
      meanMs: num(x.mean),
      medianMs: num(x.median),
      caseIds: x.case_ids,
    })),
  };
}
