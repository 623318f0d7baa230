import { z } from 'zod';
import { calendarSpecSchema } from '../../calendar/spec.ts';
import { isValidTimeZone } from '../../calendar/time-zone.ts';
import { idSchema, isoTime } from './common.ts';

/** Organisations, stores, staff, roles, access and rosters as the API shows and accepts them. */

export const roleIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\p{L}\p{N}_][\p{L}\p{N}_.?-]*$/u, 'a role id is letters, digits, "_", "-", "." (no spaces), as declared under roles: in the SOP')
  .describe('A work role id as SOPs declare it, e.g. advisor, technician');

export const timeZoneSchema = z.string().min(1).max(64).refine(isValidTimeZone, { message: 'unknown IANA time zone (e.g. Asia/Shanghai)' }).describe('IANA time zone');

export const calendarSchema = calendarSpecSchema.meta({
  id: 'CalendarSpec',
  description: 'Opening hours in a time zone with holidays: see docs/calendars.md',
});

const nameSchema = z.string().trim().min(1).max(200);

export const orgSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    timeZone: z.string(),
    calendars: z.record(z.string(), z.unknown()).describe('Named calendars SOPs refer to (name → CalendarSpec)'),
    createdAt: isoTime,
  })
  .meta({ id: 'Organisation' });

export const orgPatchSchema = z.strictObject({
  name: nameSchema.optional(),
  timeZone: timeZoneSchema.optional(),
  calendars: z.record(z.string().min(1).max(64), calendarSchema).optional(),
});

export const signupSchema = z.strictObject({
  organisation: z.strictObject({ name: nameSchema, timeZone: timeZoneSchema.optional() }),
  admin: z.strictObject({ name: nameSchema, login: z.string().trim().min(3).max(100), password: z.string().min(1).max(200) }),
});

export const storeSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    timeZone: z.string(),
    calendar: z.unknown().nullable().describe('Opening hours (CalendarSpec); null = the organisation default'),
    createdAt: isoTime,
  })
  .meta({ id: 'Store' });

export const storeCreateSchema = z.strictObject({
  id: idSchema.optional().describe('Choose the id (e.g. a branch code); default: a new UUID'),
  name: nameSchema,
  timeZone: timeZoneSchema.optional(),
  calendar: calendarSchema.optional(),
});

export const storePatchSchema = z.strictObject({
  name: nameSchema.optional(),
  timeZone: timeZoneSchema.optional(),
  calendar: calendarSchema.nullable().optional(),
});

export const accessLevelSchema = z.enum(['admin', 'manager', 'auditor']);

export const grantSchema = z
  .strictObject({
    level: accessLevelSchema,
    storeId: idSchema.optional().describe('The store; absent = the whole organisation (a manager of all stores is the general manager; admin is always organisation-wide)'),
  })
  .meta({ id: 'Grant' });

export const roleAssignmentSchema = z.strictObject({ storeId: idSchema, role: roleIdSchema }).meta({ id: 'RoleAssignment' });

export const staffSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    active: z.boolean(),
    login: z.string().nullable(),
    roles: z.array(roleAssignmentSchema),
    access: z.array(grantSchema),
    createdAt: isoTime,
  })
  .meta({ id: 'Staff' });

export const staffCreateSchema = z.strictObject({
  id: idSchema.optional().describe('Choose the id (e.g. an employee number); default: a new UUID'),
  name: nameSchema,
  active: z.boolean().optional(),
  login: z.string().trim().min(3).max(100).optional().describe('Login name (unique); omit for people who never sign in'),
  password: z.string().min(1).max(200).optional().describe('Initial password; omitted with a login = one is generated and returned once'),
  roles: z.array(roleAssignmentSchema).max(500).optional(),
  access: z.array(grantSchema).max(100).optional(),
});

export const staffCreatedSchema = z.object({ staff: staffSchema, initialPassword: z.string().optional().describe('Only when it was generated: shown this once') });

export const staffPatchSchema = z.strictObject({ name: nameSchema.optional(), active: z.boolean().optional() });

export const rolesPutSchema = z.strictObject({ roles: z.array(roleAssignmentSchema).max(500) });
export const accessPutSchema = z.strictObject({ access: z.array(grantSchema).max(100) });
export const loginPutSchema = z.strictObject({
  login: z.string().trim().min(3).max(100),
  password: z.string().min(1).max(200).optional().describe('Omit to have one generated (returned once)'),
});

export const rosterSchema = z
  .object({
    storeId: z.string(),
    roles: z.array(
      z.object({
        role: z.string(),
        staff: z.array(z.object({ id: z.string(), name: z.string(), active: z.boolean(), onDuty: z.boolean() })).describe('In duty order (the rotation order)'),
        lastAssigned: z.string().nullable().describe('Who got the last task by rotation; the next active person after them gets the next one'),
      }),
    ),
  })
  .meta({ id: 'Roster' });

export const rosterPutSchema = z.strictObject({ staff: z.array(idSchema).max(500).describe('Staff ids in duty order (the rotation order); replaces the list') });
export const dutyPutSchema = z.strictObject({ onDuty: z.array(idSchema).max(1000).describe('Staff ids on shift now in this store; everyone else is off shift') });

export const meSchema = z
  .object({
    staff: z.object({ id: z.string(), name: z.string(), login: z.string().nullable() }),
    organisation: z.object({ id: z.string(), name: z.string() }),
    roles: z.array(roleAssignmentSchema),
    access: z.array(grantSchema),
    via: z.enum(['session', 'token']),
  })
  .meta({ id: 'Me' });
