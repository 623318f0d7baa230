import { z } from 'zod';
import { parseTimeLimit } from '../time-limit.ts';
import { parseWarning } from './values.ts';

/**
 * The SOP YAML file, as one zod schema: the shape of every key, strict (an unknown key is an
 * error, so a typo never silently drops a setting). Descriptions are noun phrases: they become
 * the editor hovers of schema/sop.schema.json and the "expected …" part of error messages.
 *
 * Checks that need the whole file (ids that exist, FEEL that parses) are not here but in
 * `compile()`, which every reader shares.
 */

/** The node kinds, each also the key that holds a node's name (`human: 接车`). */
export const NODE_KINDS = ['human', 'service', 'timer', 'exclusive', 'parallel', 'call', 'end'] as const;
export type NodeKindKey = (typeof NODE_KINDS)[number];

const ID_RE = /^[\p{L}\p{N}_][\p{L}\p{N}_.?-]*$/u;
const VAR_RE = /^[\p{L}_][\p{L}\p{N}_]*$/u;
const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const str = (description: string) => z.string().min(1, 'must not be empty').describe(description);

const id = (what: string) =>
  z
    .string()
    .min(1, 'must not be empty')
    .max(100, 'is too long (at most 100 characters)')
    .regex(ID_RE, 'an id is letters, digits, "_", "-", "." or "?" (no spaces), starting with a letter or digit')
    .describe(what);
const nodeId = id('a node id (letters, digits, "_", "-", ".", "?")').meta({ id: 'NodeId' });
const roleId = id('a role id declared under roles').meta({ id: 'RoleId' });
const varName = z
  .string()
  .min(1, 'must not be empty')
  .regex(VAR_RE, 'a variable name is letters, digits and "_", not starting with a digit, so FEEL conditions can use it')
  .describe('a variable name (letters, digits, "_")')
  .meta({ id: 'VariableName' });
const feel = (what: string) => str(`${what} (FEEL)`);

/** A text: a plain string (Chinese) or `{ zh, en }`. */
export const textSchema = z
  .union([
    z.string().min(1, 'must not be empty'),
    z
      .strictObject({ zh: z.string().min(1, 'must not be empty').optional(), en: z.string().min(1, 'must not be empty').optional() })
      // abort: a mapping that is no text at all (a checklist item { id, text }) must not be judged as one.
      .refine((t) => t.zh !== undefined || t.en !== undefined, { message: 'write zh:, en: or both', abort: true }),
  ])
  .describe('a text: a plain string (Chinese) or { zh: …, en: … }')
  .meta({ id: 'Text' });

const timeLimit = (signed = false) =>
  z
    .string()
    .superRefine((s, ctx) => {
      try {
        parseTimeLimit(s, { signed });
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
      }
    })
    .describe(`a time limit such as "48 h", "30 min", "3 working days", "PT48H" or "3个工作日"${signed ? ' (may be negative: "-1 day")' : ''}`);

const timeLimitSchema = timeLimit().meta({ id: 'TimeLimit' });

const warning = z
  .union([z.string(), z.number()])
  .superRefine((v, ctx) => {
    try {
      parseWarning(v);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
    }
  })
  .describe('a warning point: a share of the limit ("80%") or a time before the due time ("30 min before")')
  .meta({ id: 'Warning' });

const actionShape = {
  notify: roleId.optional(),
  message: textSchema.optional(),
  reassign: roleId.optional(),
  raisePriority: z.union([z.number().int().positive(), z.literal(true)]).describe('how much to raise the priority (or true for 1)').optional(),
};

const ACTIONS = ['notify', 'reassign', 'raisePriority'] as const;

function oneAction(choices: readonly string[]) {
  return (v: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    const present = choices.filter((k) => v[k] !== undefined);
    if (present.length !== 1)
      ctx.addIssue({
        code: 'custom',
        message: present.length === 0 ? `write one action: ${choices.join(', ')}` : `one action per step (found ${present.join(' and ')}); list several under do:`,
      });
    if (v['message'] !== undefined && v['notify'] === undefined) ctx.addIssue({ code: 'custom', path: ['message'], message: 'message goes with notify:' });
  };
}

const escalationAction = z
  .strictObject(actionShape)
  .superRefine(oneAction(ACTIONS))
  .describe('an escalation action: notify, reassign or raisePriority')
  .meta({ id: 'EscalationAction' });

const escalationStep = z
  .strictObject({
    after: timeLimitSchema.optional(),
    ...actionShape,
    do: z.array(escalationAction).min(1, 'list at least one action').describe('several actions taken together').optional(),
  })
  .superRefine(oneAction([...ACTIONS, 'do']))
  .describe('an escalation step: after (time after the breach) and one action, or several under do:')
  .meta({ id: 'Escalation' });

/** A time limit (SLA) on a step or the whole case. */
export const slaSchema = z
  .strictObject({
    due: z.union([timeLimitSchema, z.strictObject({ expression: feel('an expression giving a time limit such as "4 h"') })]).describe('the time limit, or { expression: FEEL }'),
    warning: warning.optional(),
    escalate: z.array(escalationStep).describe('escalation steps, in order').optional(),
    calendar: str('a business calendar name').optional(),
    pauseWhileWaitingForCustomer: z.boolean().optional(),
  })
  .describe('a time limit (SLA): due, warning, escalate')
  .meta({ id: 'Sla' });

const assignment = z
  .union([
    z.enum(['queue', 'rotation', 'leastLoaded', 'customerOwner']),
    z.strictObject({ sameAs: nodeId }).describe('the person who did an earlier human step'),
  ])
  .describe('who gets the task: queue, rotation, leastLoaded, customerOwner or { sameAs: step }')
  .meta({ id: 'Assignment' });

const checklistItem = z.union([
  textSchema,
  z.strictObject({
    id: id('a checklist item id'),
    text: textSchema,
    required: z.boolean().describe('whether the item must be checked (default true)').optional(),
    weight: z.number().nonnegative().describe('weight in the score (default 1)').optional(),
  }),
]);

const checklist = z
  .strictObject({
    pass: z
      .strictObject({
        allRequired: z.boolean().describe('every required item checked (default true)').optional(),
        minOptional: z.number().int().nonnegative().describe('at least this many optional items checked').optional(),
        minScore: z.number().nonnegative().describe('weighted score of checked items at least this').optional(),
      })
      .describe('when the checklist passes')
      .optional(),
    onFail: z.enum(['block', 'record']).describe('block completion (default) or record the failure and go on').optional(),
    items: z.array(checklistItem).describe('items: a text (required, id c1, c2…), or { id, text, required, weight }').optional(),
    optional: z.array(textSchema).describe('texts of optional items (ids o1, o2…), for long lists such as "35 of 78"').optional(),
  })
  .describe('a checklist of service standards')
  .meta({ id: 'Checklist' });

const scriptLine = z
  .union([textSchema, z.strictObject({ say: textSchema, when: textSchema.optional() })])
  .describe('a script line: a text, or { say, when }')
  .meta({ id: 'ScriptLine' });

const FIELD_TYPES = ['text', 'longText', 'number', 'integer', 'boolean', 'date', 'datetime', 'select', 'multiSelect', 'phone', 'money', 'signature', 'photo'] as const;

const formField = z
  .strictObject({
    id: varName,
    label: textSchema,
    type: z.enum(FIELD_TYPES).describe('the field type (default text)').optional(),
    required: z.boolean().describe('whether the field must be filled (default false)').optional(),
    options: z.array(z.union([z.string().min(1), z.strictObject({ value: z.string().min(1), label: textSchema })])).describe('choices of a select field').optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    pattern: str('a regular expression the value must match').optional(),
    variable: varName.optional().describe('the case variable receiving the value (default: the id)'),
  })
  .describe('a form field')
  .meta({ id: 'FormField' });

const branch = z
  .strictObject({ when: feel('a condition'), to: nodeId, name: textSchema.optional() })
  .describe('a branch: { when: FEEL condition, to: node }')
  .meta({ id: 'Branch' });

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Keys each node kind has besides id, description and its kind key. */
const KIND_SHAPES = {
  human: {
    next: nodeId.optional(),
    role: roleId,
    assignment: assignment.optional(),
    sla: slaSchema.optional(),
    checklist: checklist.optional(),
    script: z.array(scriptLine).optional(),
    form: z.array(formField).optional(),
    touchpoint: z.boolean().describe('the customer is present or contacted in this step').optional(),
    certificate: str('a certificate the assignee must hold').optional(),
    priority: z.number().int().optional(),
  },
  service: {
    next: nodeId.optional(),
    request: z
      .strictObject({
        method: z.enum(HTTP_METHODS).describe('HTTP method (default POST)').optional(),
        url: str('the URL; {var} is filled from case data'),
        headers: z.record(z.string(), z.string()).optional(),
        body: feel('an expression giving the JSON body (default: all case data)').optional(),
      })
      .describe('the HTTP request'),
    timeoutMs: z.number().int().positive().describe('timeout per attempt in ms (default 10000)').optional(),
    retries: z.number().int().nonnegative().describe('retries after the first attempt (default 3)').optional(),
    backoff: z
      .strictObject({ initialMs: z.number().positive().optional(), factor: z.number().min(1).optional(), maxMs: z.number().positive().optional() })
      .describe('wait between retries (default 1000 ms, ×2, at most 60000 ms)')
      .optional(),
    resultVariable: varName.optional().describe('the case variable receiving the JSON answer'),
    onError: nodeId.optional().describe('where to go when every retry failed'),
  },
  timer: {
    next: nodeId.optional(),
    wait: timeLimitSchema.optional(),
    until: feel('an expression giving a date-time').optional(),
    offset: timeLimit(true).optional(),
    calendar: str('a business calendar name').optional(),
  },
  exclusive: {
    branches: z.array(branch).min(1, 'list at least one branch'),
    default: nodeId.optional().describe('where to go when no branch condition is true'),
  },
  parallel: {
    next: nodeId.optional(),
    to: z.array(nodeId).min(1, 'list at least one target').describe('the nodes to run in parallel').optional(),
  },
  call: {
    next: nodeId.optional(),
    process: z.string().regex(KEY_RE, 'a process key is letters, digits, ".", "_" or "-"').describe('the key of the SOP to start'),
    input: z.record(varName, feel('the value')).describe('child variable: FEEL expression').optional(),
    output: z.record(varName, varName).describe('parent variable: child variable').optional(),
  },
  end: {
    outcome: str('the outcome recorded on the case').optional(),
  },
} as const;

/** Checks only a whole node can show (one of two keys, not both). */
function nodeRules(kind: NodeKindKey) {
  return (n: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    if (kind === 'timer') {
      if (n['wait'] === undefined && n['until'] === undefined) ctx.addIssue({ code: 'custom', message: 'a timer needs wait: (a duration) or until: (a date-time expression)' });
      if (n['wait'] !== undefined && n['until'] !== undefined) ctx.addIssue({ code: 'custom', path: ['until'], message: 'a timer has wait: or until:, not both' });
      if (n['offset'] !== undefined && n['until'] === undefined) ctx.addIssue({ code: 'custom', path: ['offset'], message: 'offset: goes with until:' });
    }
    if (kind === 'parallel' && n['to'] !== undefined && n['next'] !== undefined)
      ctx.addIssue({ code: 'custom', path: ['next'], message: 'a split goes on by to:, not next: (a join, without to:, may have next:)' });
  };
}

const common = { id: nodeId, description: textSchema.optional() };

const Kind = (k: string): string => k[0]!.toUpperCase() + k.slice(1);

function nodeForms(kind: NodeKindKey) {
  const shape = KIND_SHAPES[kind];
  const keyForm = z
    .strictObject({ ...common, [kind]: textSchema, ...shape })
    .superRefine(nodeRules(kind))
    .describe(`a ${kind} node: its name under ${kind}:`)
    .meta({ id: `${Kind(kind)}Node` });
  const kindForm = z
    .strictObject({ ...common, kind: z.literal(kind), name: textSchema, ...shape })
    .superRefine(nodeRules(kind))
    .describe(`a ${kind} node written with kind: ${kind} and name:`)
    .meta({ id: `${Kind(kind)}NodeLongForm` });
  return [keyForm, kindForm] as const;
}

/** Options of the node union, two per kind: `{ human: name }` then `{ kind: human, name }`. */
export const NODE_OPTIONS = NODE_KINDS.flatMap((k) => nodeForms(k));

/** The keys a node of a kind may have (for "did you mean" and "belongs to" messages). */
export function nodeKeys(kind: NodeKindKey, form: 'key' | 'kind'): readonly string[] {
  return ['id', 'description', ...(form === 'key' ? [kind] : ['kind', 'name']), ...Object.keys(KIND_SHAPES[kind])];
}

/** A node in either form, one union option per kind and form. */
export const nodeSchema = z
  .union(NODE_OPTIONS as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]])
  .describe('a node: id and one kind key (human, service, timer, exclusive, parallel, call, end) holding its name')
  .meta({ id: 'Node' });

/** The SOP file. */
export const sopFileSchema = z
  .strictObject({
    key: z.string().regex(KEY_RE, 'a process key is letters, digits, ".", "_" or "-", e.g. car-after-sales').describe('the process key, e.g. car-after-sales'),
    version: z.number().int('must be a whole number').positive('must be 1 or more').describe('the version number (1, 2, …)'),
    name: textSchema,
    description: textSchema.optional(),
    industry: str('the industry, e.g. automotive').optional(),
    seeds: z.array(z.string().min(1)).describe('seed codes this SOP models (S09, S30…)').optional(),
    calendar: str('the business calendar name (default "default")').optional(),
    roles: z.array(z.strictObject({ id: roleId, name: textSchema }).describe('a role: { id, name }')).optional(),
    variables: z
      .array(
        z
          .strictObject({
            id: varName,
            type: z.enum(['string', 'number', 'boolean', 'date', 'datetime', 'object', 'list']).describe('the variable type'),
            label: textSchema.optional(),
            required: z.boolean().optional(),
            default: z.unknown().optional(),
          })
          .describe('a case variable: { id, type, label, required, default }'),
      )
      .optional(),
    sla: slaSchema.optional(),
    schedules: z
      .array(
        z
          .strictObject({ rrule: z.string().regex(/FREQ=/i, 'an RRULE has FREQ=…, e.g. "FREQ=DAILY;BYHOUR=9;BYMINUTE=0"').describe('an iCalendar RRULE'), data: z.record(z.string(), z.unknown()).optional() })
          .describe('a recurring start: { rrule, data }'),
      )
      .optional(),
    nodes: z.array(nodeSchema).min(1, 'a process needs at least one node'),
  })
  .describe('a servflow SOP (standard service process)');

/** The surface form of an SOP file, as the schema accepts it. */
export type SopFile = z.infer<typeof sopFileSchema>;

export type SurfaceText = z.infer<typeof textSchema>;
export type SurfaceSla = z.infer<typeof slaSchema>;

/** A node of one kind as written, in either form (`human: name` or `kind: human` + `name`). */
export type SurfaceNode<K extends NodeKindKey> = z.infer<z.ZodObject<(typeof KIND_SHAPES)[K]>> & {
  readonly id: string;
  readonly description?: SurfaceText;
  readonly kind?: K;
  readonly name?: SurfaceText;
} & { readonly [P in K]?: SurfaceText };
