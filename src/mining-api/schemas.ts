import { z } from 'zod';
import { idSchema, isoTime, localizedText } from '../api/schemas/common.ts';

/** Query parameters and answers of the mining routes (they also generate the OpenAPI document). */

const processKey = z.string().min(1).max(100).regex(/^[A-Za-z0-9][\w.-]*$/, 'a process key');

/** The filter every KPI takes. */
export const filterQuery = {
  process: processKey.optional().describe('Only this process (key)'),
  store: idSchema.optional().describe('Only this store'),
  from: isoTime.optional().describe('Period start (inclusive); each KPI says which instant it applies it to'),
  to: isoTime.optional().describe('Period end (exclusive)'),
};

/** The filter of the log-based routes (map, variants, conformance): cases selected by start. */
export const logQuery = {
  process: processKey.describe('The process (key); required: node ids are per process'),
  version: z.coerce.number().int().min(1).max(2 ** 31 - 1).optional().describe('Only cases of this version'),
  store: idSchema.optional(),
  from: isoTime.optional().describe('Only cases started from then'),
  to: isoTime.optional().describe('…and before then'),
};

const ms = z.number().nullable().describe('Milliseconds');
const name = z.union([localizedText, z.string()]).nullable();

export const slaRow = z
  .object({ key: z.string(), processKey: z.string().nullable(), name, total: z.number().int(), onTime: z.number().int(), breached: z.number().int(), compliance: z.number().nullable() })
  .meta({ id: 'SlaComplianceRow' });
export const cycleRow = z
  .object({ processKey: z.string(), cases: z.number().int(), avgMs: ms, medianMs: ms, p90Ms: ms, minMs: ms, maxMs: ms })
  .meta({ id: 'CycleTimeRow' });
export const stepTimesRow = z
  .object({
    processKey: z.string(),
    node: z.string(),
    name,
    completed: z.number().int(),
    claimed: z.number().int(),
    waitingAvgMs: ms,
    waitingMedianMs: ms,
    workingAvgMs: ms,
    workingMedianMs: ms,
    leadAvgMs: ms,
  })
  .meta({ id: 'StepTimesRow' });
export const throughputRow = z.object({ period: z.string(), started: z.number().int(), completed: z.number().int() }).meta({ id: 'ThroughputRow' });
export const ftrRow = z.object({ processKey: z.string(), cases: z.number().int(), firstTimeRight: z.number().int(), rate: z.number().nullable() }).meta({ id: 'FirstTimeRightRow' });
export const reworkRow = z.object({ processKey: z.string(), node: z.string(), name, cases: z.number().int(), extraExecutions: z.number().int() }).meta({ id: 'ReworkRow' });
export const csatRow = z.object({ staffId: z.string(), name: z.string().nullable(), cases: z.number().int(), avgScore: z.number().nullable() }).meta({ id: 'CsatRow' });

export const processMapSchema = z
  .object({
    process: z.string(),
    cases: z.number().int(),
    nodes: z.array(z.object({ id: z.string(), name, count: z.number().int(), cases: z.number().int() })),
    arcs: z.array(
      z.object({
        from: z.string().nullable().describe('null: the start of cases'),
        to: z.string().nullable().describe('null: the end of the recorded steps'),
        count: z.number().int(),
        cases: z.number().int(),
        meanMs: ms,
        medianMs: ms,
        caseIds: z.array(z.string()).describe('The first case ids (by id) behind the arc; `cases` says how many there are'),
      }),
    ),
  })
  .meta({ id: 'ProcessMap' });

export const variantSchema = z
  .object({ id: z.string(), steps: z.array(z.string()), cases: z.number().int(), sampleCases: z.array(z.string()) })
  .meta({ id: 'Variant' });

const caseConformance = z.object({ caseId: z.string(), fitness: z.number(), skipped: z.array(z.string()), extra: z.array(z.string()) });

export const conformanceSchema = z
  .object({
    process: z.string(),
    version: z.number().int(),
    method: z.enum(['alignments', 'tokens']),
    fitness: z.number().describe('Log fitness, 0–1'),
    cases: z.number().int(),
    fittingCases: z.number().int(),
    truncated: z.boolean().describe('More cases matched than were checked (the newest were checked)'),
    steps: z.array(z.object({ node: z.string(), skipped: z.number().int(), extra: z.number().int() })).describe('Per step: in how many checked cases it was skipped / extra'),
    deviating: z.array(caseConformance).describe('Cases that do not fit, worst first'),
  })
  .meta({ id: 'Conformance' });

const stats = z.object({ count: z.number().int(), mean: z.number().nullable(), median: z.number().nullable(), min: z.number().nullable(), max: z.number().nullable() });

export const uploadResultSchema = z
  .object({
    size: z.object({ cases: z.number().int(), events: z.number().int(), activities: z.number().int() }),
    caseDurationMs: stats,
    activities: z.array(z.object({ name: z.string(), count: z.number().int() })),
    variants: z.array(z.object({ activities: z.array(z.string()), count: z.number().int() })),
    arcs: z.array(z.object({ from: z.string(), to: z.string(), count: z.number().int(), meanMs: z.number().nullable() })),
    conformance: z
      .object({ process: z.string(), version: z.number().int(), method: z.enum(['alignments', 'tokens']), fitness: z.number(), cases: z.number().int(), fittingCases: z.number().int(), deviating: z.array(caseConformance) })
      .optional(),
  })
  .meta({ id: 'MinedLog' });

export const itemsOf = <T extends z.ZodType>(row: T) => z.object({ items: z.array(row) });
