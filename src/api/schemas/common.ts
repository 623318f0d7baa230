import { z } from 'zod';

/** Schemas shared by many routes: ids, times, texts, pages, problems. */

/** Ids in paths and bodies: UUIDs in production, readable ids in demos and tests. */
export const idSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][\w.:-]*$/, 'ids are letters, digits and . _ : - (starting with a letter or digit)');

/** A time as ISO-8601 text (UTC), e.g. 2026-03-03T02:00:00.000Z. */
export const isoTime = z.iso.datetime({ offset: true }).describe('ISO-8601 date-time');

export const localizedText = z
  .object({ zh: z.string().optional(), en: z.string().optional() })
  .meta({ id: 'LocalizedText', description: 'A text in Chinese and/or English.' });

export const problemSchema = z
  .object({
    type: z.string().describe('A URI naming the kind of problem'),
    title: z.string(),
    status: z.number().int(),
    code: z.string().describe('Stable machine-readable code, e.g. TASK_NOT_OPEN, FORBIDDEN, INVALID_REQUEST'),
    detail: z.string().describe('What went wrong and what to do about it, for a person'),
    requestId: z.string().optional(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    current: z.unknown().optional().describe('On 409: the current state of what you tried to change'),
    retryAfter: z.number().int().optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details (application/problem+json).' });

/** `?limit=&cursor=` of every list. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Items per page (1–200, default 50)'),
  cursor: z.string().max(500).optional().describe('The `nextCursor` of the previous page'),
};

/** A page of items with the cursor of the next page (null on the last page). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable().describe('Pass as ?cursor= for the next page; null when this is the last page') });
}

/** The `{ ok: true }` answer of actions that have nothing else to say. */
export const okSchema = z.object({ ok: z.literal(true) });

export const versionField = z.number().int().min(1).max(2 ** 31 - 1);

/** An optional `expectedVersion`: the case version the caller last saw (stale → 409 with the current state). */
export const expectedVersion = versionField.optional().describe('The case version you last saw; if the case has moved on you get 409 with its current state');
