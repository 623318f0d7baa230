import { z } from 'zod';
import { distributionSchema, simulationParamsSchema } from '../params-schema.ts';
import type { Distribution } from '../random/distribution.ts';

/**
 * A scenario file (YAML or JSON): the parameters of the SOP as it runs today (or a log to
 * calibrate them from), and the what-if scenarios to compare with it. Every change names
 * steps and roles by their ids in the SOP.
 */
const name = z.string().min(1);

export const changeSchema = z.discriminatedUnion('change', [
  /** People of a role: a new head count, or more/fewer (`delta`), optionally on another calendar. */
  z.strictObject({ change: z.literal('staff'), role: name, count: z.number().int().nonnegative().optional(), delta: z.number().int().optional(), calendar: z.string().optional() }).refine((c) => (c.count === undefined) !== (c.delta === undefined), {
    message: 'give either count or delta',
  }),
  /** Horizontal integration: several roles become one post (one-stop service). */
  z.strictObject({ change: z.literal('mergeRoles'), roles: z.array(name).min(2), into: name, costPerHour: z.number().nonnegative().optional() }),
  /** Two consecutive steps done as one by one person (the work of both, less `factor`'s saving). */
  z.strictObject({
    change: z.literal('mergeSteps'),
    steps: z.tuple([name, name]),
    into: name.optional(),
    role: name.optional(),
    duration: distributionSchema.optional(),
    factor: z.number().positive().optional(),
  }),
  z.strictObject({ change: z.literal('moveStep'), step: name, after: name.optional(), before: name.optional() }).refine((c) => (c.after === undefined) !== (c.before === undefined), {
    message: 'give either after or before',
  }),
  z.strictObject({ change: z.literal('removeStep'), step: name }),
  /** Two consecutive steps run in parallel (a split before the first, a join after the second). */
  z.strictObject({ change: z.literal('parallel'), steps: z.tuple([name, name]) }),
  /** Vertical integration: the step is done by another (front-line) role. */
  z.strictObject({ change: z.literal('delegate'), step: name, to: name, duration: distributionSchema.optional() }),
  /** A step's SLA (or the case's, without `step`), as a time limit such as "4 h" or "2 working days". */
  z.strictObject({ change: z.literal('sla'), step: name.optional(), due: z.string().min(1) }),
  z.strictObject({ change: z.literal('arrivals'), factor: z.number().positive().optional(), perHour: z.number().positive().optional() }).refine((c) => (c.factor === undefined) !== (c.perHour === undefined), {
    message: 'give either factor or perHour',
  }),
  z.strictObject({ change: z.literal('duration'), step: name, distribution: distributionSchema.optional(), factor: z.number().positive().optional() }).refine((c) => (c.distribution === undefined) !== (c.factor === undefined), {
    message: 'give either distribution or factor',
  }),
  z.strictObject({ change: z.literal('branches'), gateway: name, probabilities: z.record(z.string(), z.number().min(0).max(1)) }),
]);

export type Change = z.infer<typeof changeSchema>;
export type ChangeKind = Change['change'];

export const scenarioSchema = z.strictObject({
  name,
  description: z.string().optional(),
  changes: z.array(changeSchema),
});
export type Scenario = z.infer<typeof scenarioSchema>;

export const goalSchema = z.enum(['cycleTime', 'slaBreaches', 'cost']);
export type Goal = z.infer<typeof goalSchema>;

export const scenarioFileSchema = z
  .strictObject({
    name: z.string().optional(),
    /** Parameters of the SOP as it runs today. */
    baseline: simulationParamsSchema.optional(),
    /** Or: calibrate them from an event log (path relative to the scenario file). */
    calibrate: z.strictObject({ log: z.string(), staffCalendar: z.string().optional(), calendars: simulationParamsSchema.shape.calendars }).optional(),
    run: z.strictObject({ replications: z.number().int().min(1).optional(), cases: z.number().int().min(1).optional(), seed: z.number().int().optional() }).optional(),
    goal: goalSchema.optional(),
    scenarios: z.array(scenarioSchema).default([]),
    /** Also generate and rank redesign suggestions (suggest/). */
    suggest: z.boolean().optional(),
  })
  .refine((f) => f.baseline !== undefined || f.calibrate !== undefined, { message: 'give the baseline parameters, or a log to calibrate them from' });
export type ScenarioFile = z.infer<typeof scenarioFileSchema>;

// Keep the inferred distribution type the hand-written one.
type Assert<T extends true> = T;
type _D = Assert<z.output<typeof distributionSchema> extends Distribution ? true : false>;
