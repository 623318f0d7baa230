import { z } from 'zod';
import { calendarSpecSchema } from '../calendar/index.ts';
import type { Distribution } from './random/distribution.ts';
import type { SimulationParams } from './params.ts';

/**
 * zod schemas for the simulation parameters and distributions: scenario files, calibration
 * output and API bodies are checked here, once, and trusted inside (STYLE §10).
 */
const positive = z.number().positive();
const nonNegative = z.number().nonnegative();
const unit = z.enum(['seconds', 'minutes', 'hours', 'days']);
const common = {
  unit: unit.optional(),
  truncate: z.strictObject({ min: nonNegative.optional(), max: nonNegative.optional() }).optional(),
  factor: nonNegative.optional(),
};

export const distributionSchema: z.ZodType<Distribution> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('fixed'), value: nonNegative, ...common }),
    z.strictObject({ kind: z.literal('exponential'), mean: positive, ...common }),
    z.strictObject({ kind: z.literal('normal'), mean: z.number(), sd: nonNegative, ...common }),
    z.strictObject({ kind: z.literal('lognormal'), mean: positive, sd: nonNegative, ...common }),
    z
      .strictObject({ kind: z.literal('uniform'), min: nonNegative, max: nonNegative, ...common })
      .refine((d) => d.max >= d.min, { message: 'max must be ≥ min' }),
    z
      .strictObject({ kind: z.literal('triangular'), min: nonNegative, mode: nonNegative, max: nonNegative, ...common })
      .refine((d) => d.min <= d.mode && d.mode <= d.max && d.min < d.max, { message: 'need min ≤ mode ≤ max and min < max' }),
    z.strictObject({ kind: z.literal('gamma'), shape: positive, scale: positive, ...common }),
    z
      .strictObject({ kind: z.literal('empirical'), values: z.array(nonNegative).min(1), weights: z.array(nonNegative).optional(), ...common })
      .refine((d) => d.weights === undefined || d.weights.length === d.values.length, { message: 'one weight per value' }),
    z.strictObject({ kind: z.literal('sum'), of: z.array(distributionSchema).min(1), ...common }),
  ]),
);

const hours24 = z.array(nonNegative).length(24, { message: 'give 24 hourly rates (00:00–01:00 … 23:00–24:00)' });
const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

export const arrivalSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('poisson'), perHour: positive }),
  z
    .strictObject({ kind: z.literal('profile'), daily: hours24.optional(), weekly: z.partialRecord(weekday, hours24).optional(), timezone: z.string().optional() })
    .refine((a) => a.daily !== undefined || a.weekly !== undefined, { message: 'a profile needs `daily` or `weekly` rates' }),
  z.strictObject({ kind: z.literal('renewal'), interarrival: distributionSchema }),
  z.strictObject({
    kind: z.literal('replay'),
    times: z.array(z.union([z.number(), z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'not a date-time' })])).min(1),
    data: z.array(z.record(z.string(), z.unknown())).optional(),
  }),
]);

const dataGenerator = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('constant'), value: z.unknown() }),
  z.strictObject({ kind: z.literal('choice'), values: z.record(z.string(), nonNegative) }),
  z.strictObject({ kind: z.literal('boolean'), p: z.number().min(0).max(1) }),
  z.strictObject({ kind: z.literal('number'), distribution: distributionSchema, round: z.boolean().optional() }),
]);

const shift = z.strictObject({ count: z.number().int().nonnegative(), calendar: z.string().optional() });
const staffSpec = z.union([z.number().int().nonnegative(), shift, z.strictObject({ shifts: z.array(shift).min(1) })]);

const probabilities = z.record(z.string(), z.number().min(0).max(1)).refine((p) => Math.abs(Object.values(p).reduce((s, x) => s + x, 0) - 1) < 1e-6, {
  message: 'branch probabilities of a gateway must add up to 1',
});

export const simulationParamsSchema = z.strictObject({
  start: z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'not a date-time' })
    .optional(),
  timezone: z.string().optional(),
  arrivals: arrivalSpecSchema,
  durations: z.record(z.string(), distributionSchema),
  branches: z.record(z.string(), probabilities).optional(),
  data: z.record(z.string(), dataGenerator).optional(),
  tiers: z.array(z.strictObject({ id: z.string(), share: nonNegative, priority: z.number() })).optional(),
  staff: z.record(z.string(), staffSpec),
  costPerHour: z.record(z.string(), nonNegative).optional(),
  calendars: z.record(z.string(), calendarSpecSchema).optional(),
  serviceFailure: z.record(z.string(), z.number().min(0).max(1)).optional(),
  warmUp: z.union([z.strictObject({ cases: z.number().int().nonnegative() }), z.strictObject({ hours: nonNegative })]).optional(),
});

// The schema's output must be assignable to the hand-written type (kept readable for docs).
type Assert<T extends true> = T;
type _Matches = Assert<z.output<typeof simulationParamsSchema> extends SimulationParams ? true : false>;
