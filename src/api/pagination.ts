import { ApiProblem } from './problem.ts';

/**
 * Cursor pagination: the cursor is the sort key of the last item sent, opaque to clients
 * (base64url JSON). Keyset pages stay correct while rows are added, unlike OFFSET, and cost the
 * same on page 1000 as on page 1.
 */

/** Encodes the sort key of the last item of a page. */
export function encodeCursor(key: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a cursor into a key of `n` strings/numbers/nulls, or throws 400. */
export function decodeCursor(cursor: string, n: number): (string | number | null)[] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === n && v.every((x) => x === null || (typeof x === 'string' && !x.includes('\u0000')) || Number.isFinite(x))) return v;
  } catch {
    // fall through
  }
  throw new ApiProblem(400, 'INVALID_CURSOR', 'the cursor is not one this server gave out; start again without ?cursor=');
}

/** Splits `limit + 1` fetched rows into the page and the next cursor. */
export function paginate<R, T>(rows: readonly R[], limit: number, key: (r: R) => (string | number | null)[], item: (r: R) => T): { items: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(item), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(key(last)) : null };
}
