/**
 * The database handle the repositories take first. Two backends (PGlite in-process, a
 * PostgreSQL server) share one SQL dialect; their differences live in `pglite.ts` and
 * `postgres.ts` only.
 *
 * Functions that lock rows take a `Tx`: the brand makes passing a plain `Db` a type error, so
 * a `FOR UPDATE` can never run in autocommit mode, where the lock would end with the statement.
 */

export type Row = Record<string, unknown>;

export interface QueryResult<R> {
  readonly rows: R[];
  /** Rows inserted, updated or deleted (or returned by a SELECT). */
  readonly rowCount: number;
}

export interface QueryOptions {
  /** A name for a statement run often; the same name must always carry the same text. */
  readonly name?: string;
}

/** Anything that runs SQL: the database itself or an open transaction. */
export interface Queryable {
  /**
   * One statement with `$1…` parameters: strings, numbers, booleans, null. Pass jsonb as JSON
   * text and times as ISO text (see values.ts): both drivers then send the same bytes.
   * `name` prepares the statement once per connection (the server skips parse and plan later).
   */
  query<R = Row>(sql: string, params?: readonly unknown[], opts?: QueryOptions): Promise<QueryResult<R>>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** An open transaction. Only `Db.transaction` makes one. */
export interface Tx extends Queryable {
  readonly inTransaction: true;
}

export type Backend = 'pglite' | 'postgres';

export interface Db extends Queryable {
  readonly backend: Backend;
  /**
   * Runs `fn` in one transaction: COMMIT when it resolves, ROLLBACK when it throws (the error
   * is rethrown). After a failed statement the transaction is aborted: let the error propagate.
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Closes the pool or the embedded database (and releases the data-directory lock). */
  close(): Promise<void>;
  /** Keeps `inTransaction` out of reach: a Db is never a Tx. */
  readonly inTransaction?: never;
}
