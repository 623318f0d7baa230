import type { Queryable } from '../store/db.ts';
import { SqlParams } from './filter.ts';
import type { LogFilter } from './log/servflow-log.ts';
import { stepSequenceCtes, VARIANT_ID } from './step-sequences.ts';

export interface VariantRow {
  /** Stable id of the sequence (pass it as `variant` to `processMap`). */
  readonly id: string;
  /** Node ids of the completed steps, in order. */
  readonly steps: readonly string[];
  readonly cases: number;
  /** Some of the cases (the first by id), for click-through. */
  readonly sampleCases: readonly string[];
}

/** The variants (distinct step sequences) of the selected cases, most frequent first. */
export async function variants(db: Queryable, f: LogFilter, opts: { limit?: number; samples?: number } = {}): Promise<VariantRow[]> {
  const p = new SqlParams();
  const ctes = stepSequenceCtes(f, p);
  const r = await db.query<{ id: string; steps: string; cases: number; sample: string[] }>(
    `WITH ${ctes},
       per_case AS (SELECT case_id, ${VARIANT_ID} AS id, string_agg(activity, '|' ORDER BY at, seq) AS steps FROM ev GROUP BY case_id)
     SELECT id, min(steps) AS steps, count(*) AS cases,
            to_jsonb((array_agg(case_id ORDER BY case_id))[1:${p.add(opts.samples ?? 20)}]) AS sample
       FROM per_case GROUP BY id ORDER BY count(*) DESC, min(steps) LIMIT ${p.add(opts.limit ?? 100)}`,
    p.values,
  );
  return r.rows.map((x) => ({ id: x.id, steps: x.steps.split('|'), cases: Number(x.cases), sampleCases: x.sample }));
}
