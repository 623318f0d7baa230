import { z } from 'zod';
import { isoTime, localizedText } from './common.ts';

/** SOP definitions as the API shows and accepts them. */

export const processKeySchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a process key is letters, digits, ".", "_" or "-", e.g. car-after-sales')
  .describe('The process key, e.g. car-after-sales');

export const definitionStatusSchema = z.enum(['draft', 'published', 'retired']);

export const versionSummarySchema = z
  .object({
    version: z.number().int(),
    status: definitionStatusSchema,
    createdAt: isoTime,
    publishedAt: isoTime.nullable(),
    retiredAt: isoTime.nullable(),
  })
  .meta({ id: 'DefinitionVersionSummary' });

export const processSummarySchema = z
  .object({
    key: z.string(),
    name: localizedText,
    industry: z.string().nullable(),
    latestPublished: z.number().int().nullable().describe('The version new cases start on'),
    versions: z.array(versionSummarySchema),
  })
  .meta({ id: 'ProcessSummary' });

export const definitionVersionSchema = z
  .object({
    key: z.string(),
    version: z.number().int(),
    status: definitionStatusSchema,
    format: z.enum(['yaml', 'bpmn', 'json']),
    source: z.string().describe('The text as uploaded'),
    definition: z.record(z.string(), z.unknown()).describe('The parsed definition (see docs/sop-format.md)'),
    createdAt: isoTime,
    publishedAt: isoTime.nullable(),
  })
  .meta({ id: 'DefinitionVersion' });

export const uploadSchema = z.strictObject({
  format: z.enum(['yaml', 'bpmn']).default('yaml'),
  source: z.string().min(1).max(1_000_000).describe('The SOP text'),
});

export const validationSchema = z
  .object({
    valid: z.boolean(),
    key: z.string().optional(),
    version: z.number().int().optional(),
    issues: z.array(z.object({ line: z.number().int(), column: z.number().int(), path: z.string(), message: z.string() })),
  })
  .meta({ id: 'ValidationResult' });
