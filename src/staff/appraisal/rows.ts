/**
 * The row shapes of the ranking and the per-post summary, alone in a file of types so the web
 * app can import them without pulling the KPI code (and its node-only modules) into its build.
 */

export interface RankRow {
  readonly storeId: string | null;
  readonly rank: number;
  readonly staffId: string;
  readonly name: string;
  readonly score: number;
  readonly total: number;
}

export interface PostRow {
  /** store:role */
  readonly post: string;
  readonly people: number;
  readonly avgScore: number;
  readonly tasksDone: number;
  readonly slaCompliance: number | null;
  readonly total: number;
}
