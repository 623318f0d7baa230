import { z } from 'zod';
import { expectedVersion, idSchema, isoTime, localizedText } from './common.ts';
import { roleIdSchema } from './directory.ts';
import { processKeySchema } from './definitions.ts';

/** Cases, tasks, timelines and comments as the API shows and accepts them. */

export const slaStateSchema = z.enum(['ok', 'warning', 'breached']);
export const caseStatusSchema = z.enum(['active', 'completed', 'cancelled', 'failed']);
export const taskStatusSchema = z.enum(['open', 'claimed', 'completed', 'cancelled']);

export const slaClockSchema = z
  .object({
    state: slaStateSchema,
    startedAt: isoTime,
    dueAt: isoTime,
    warnAt: isoTime.nullable(),
    basis: z.enum(['elapsed', 'working']),
    calendar: z.string(),
    paused: z.boolean(),
    escalations: z.number().int().describe('Escalation steps already fired'),
  })
  .meta({ id: 'SlaClock' });

export const taskSchema = z
  .object({
    id: z.string(),
    caseId: z.string(),
    caseVersion: z.number().int().describe('The case version this view reflects: send it back as expectedVersion'),
    storeId: z.string().nullable(),
    process: z.object({ key: z.string(), version: z.number().int() }),
    step: z.string().describe('The step (node) id in the SOP'),
    stepName: localizedText,
    role: z.string(),
    status: taskStatusSchema,
    assignee: z.string().nullable().describe('Staff id of who holds it'),
    priority: z.number().int(),
    waitingForCustomer: z.boolean(),
    dueAt: isoTime.nullable(),
    warnAt: isoTime.nullable(),
    slaState: slaStateSchema.nullable(),
    overdue: z.boolean().describe('Open and past its due time now'),
    createdAt: isoTime,
    claimedAt: isoTime.nullable(),
    closedAt: isoTime.nullable(),
    closedBy: z.string().nullable(),
  })
  .meta({ id: 'Task' });

export const caseSummarySchema = z
  .object({
    id: z.string(),
    process: z.object({ key: z.string(), version: z.number().int(), name: localizedText }),
    status: caseStatusSchema,
    storeId: z.string().nullable(),
    customerId: z.string().nullable(),
    parentCaseId: z.string().nullable(),
    priority: z.number().int(),
    slaState: slaStateSchema.nullable(),
    slaDueAt: isoTime.nullable(),
    outcome: z.string().nullable(),
    version: z.number().int().describe('Optimistic-concurrency version: +1 per change'),
    startedAt: isoTime,
    endedAt: isoTime.nullable(),
    updatedAt: isoTime,
    updatedBy: z.string().nullable(),
  })
  .meta({ id: 'CaseSummary' });

export const caseDetailSchema = caseSummarySchema
  .extend({
    data: z.record(z.string(), z.unknown()).describe('Case variables; phone numbers are masked for read-only roles'),
    openTasks: z.array(taskSchema),
    steps: z.record(z.string(), z.object({ by: z.string().nullable(), at: isoTime, checklistPassed: z.boolean().nullable() })).describe('Finished human steps'),
    sla: slaClockSchema.nullable().describe('The case-level SLA clock'),
  })
  .meta({ id: 'Case' });

export const caseStartSchema = z.strictObject({
  process: processKeySchema,
  version: z.number().int().min(1).optional().describe('Default: the newest published version'),
  storeId: idSchema,
  customerId: idSchema.optional(),
  data: z.record(z.string().min(1).max(100), z.unknown()).optional().describe('Initial case variables (checked against the SOP)'),
  priority: z.number().int().min(0).max(100).optional(),
});

export const stepViewSchema = z
  .object({
    id: z.string(),
    name: localizedText,
    description: localizedText.nullable(),
    form: z.array(z.unknown()).describe('Fields to fill (id, label, type, required, options…)'),
    checklist: z.unknown().nullable().describe('Items and pass rule'),
    script: z.array(z.unknown()).describe('What to say (话术)'),
    touchpoint: z.boolean(),
  })
  .meta({ id: 'StepView' });

export const taskDetailSchema = z.object({ task: taskSchema, step: stepViewSchema, case: caseDetailSchema }).meta({ id: 'TaskDetail' });

export const taskActionResultSchema = z
  .object({
    task: taskSchema.describe('The task after the action'),
    case: caseSummarySchema,
    openTasks: z.array(taskSchema).describe('Open tasks of the case now (the next steps)'),
  })
  .meta({ id: 'TaskActionResult' });

export const completeSchema = z.strictObject({
  form: z.record(z.string().min(1).max(100), z.unknown()).optional().describe('Field id → value, checked against the step form'),
  checklist: z.record(z.string().min(1).max(100), z.boolean()).optional().describe('Checklist item id → done'),
  expectedVersion,
});

export const versionOnlySchema = z.strictObject({ expectedVersion }).optional();

export const reassignSchema = z.strictObject({
  to: z.union([z.strictObject({ staffId: idSchema }), z.strictObject({ role: roleIdSchema })]).describe('A person holding the role in the store, or another role of the SOP (back to its queue)'),
  expectedVersion,
});

export const cancelSchema = z.strictObject({ reason: z.string().trim().min(1).max(1000).optional(), expectedVersion });

export const commentCreateSchema = z.strictObject({ text: z.string().trim().min(1).max(4000) });
export const commentSchema = z.object({ id: z.string(), caseId: z.string(), authorId: z.string(), text: z.string(), createdAt: isoTime }).meta({ id: 'Comment' });

export const eventSchema = z
  .object({
    seq: z.number().int(),
    at: isoTime,
    scope: z.enum(['step', 'case', 'sla']),
    activity: z.string(),
    activityName: localizedText.nullable(),
    lifecycle: z.string(),
    resource: z.string().nullable().describe('Staff id of who did it'),
    taskId: z.string().nullable(),
    attrs: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'Event' });

export const timelineSchema = z
  .object({
    case: caseSummarySchema,
    sla: slaClockSchema.nullable(),
    events: z.array(eventSchema),
    tasks: z.array(taskSchema),
    comments: z.array(commentSchema),
  })
  .meta({ id: 'Timeline' });

export { roleIdSchema };
