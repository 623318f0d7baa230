import { z } from 'zod';
import { idSchema, isoTime } from '../api/schemas/common.ts';
import { roleIdSchema } from '../api/schemas/directory.ts';
import type { Appointment, Resource, Service } from './repo.ts';

/** API shapes of appointments (zod → validation and OpenAPI). */

const hhmm = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'a time of day HH:MM');

export const serviceSchema = z
  .object({
    id: z.string(),
    storeId: z.string(),
    name: z.object({ zh: z.string(), en: z.string() }),
    durationMin: z.number().int(),
    slotStepMin: z.number().int(),
    role: z.string(),
    resourceId: z.string().nullable(),
    processKey: z.string().nullable(),
    reminderTime: z.string(),
    public: z.boolean(),
    active: z.boolean(),
  })
  .meta({ id: 'AppointmentService' });

export const serviceInput = z.strictObject({
  id: idSchema.optional().describe('Your own id; default: a new one'),
  name: z.strictObject({ zh: z.string().trim().min(1).max(100), en: z.string().trim().min(1).max(100) }),
  durationMin: z.number().int().min(5).max(720),
  slotStepMin: z.number().int().min(5).max(240).default(30),
  role: roleIdSchema.describe('The work role that serves it (staff from the store roster)'),
  resourceId: idSchema.nullable().default(null).describe('A room/resource of this store it needs'),
  processKey: z.string().min(1).max(100).nullable().default(null).describe('The SOP whose case check-in starts'),
  reminderTime: hhmm.default('18:00').describe('Store-local time the day before when the reminder goes out'),
  public: z.boolean().default(true).describe('Offered on the public booking page'),
  active: z.boolean().default(true),
});

export const servicePatch = serviceInput.omit({ id: true }).partial();

export const resourceSchema = z.object({ id: z.string(), storeId: z.string(), name: z.string(), capacity: z.number().int() }).meta({ id: 'AppointmentResource' });
export const resourceInput = z.strictObject({ id: idSchema.optional(), name: z.string().trim().min(1).max(100), capacity: z.number().int().min(1).max(1000) });

export const statusSchema = z.enum(['booked', 'confirmed', 'checked_in', 'cancelled', 'no_show']);

export const appointmentSchema = z
  .object({
    id: z.string(),
    storeId: z.string(),
    serviceId: z.string(),
    staffId: z.string(),
    resourceId: z.string().nullable(),
    customerId: z.string().nullable(),
    start: isoTime,
    end: isoTime,
    status: statusSchema,
    source: z.enum(['staff', 'public']),
    caseId: z.string().nullable(),
    createdAt: isoTime,
    updatedAt: isoTime,
    version: z.number().int(),
  })
  .meta({ id: 'Appointment' });

export const slotSchema = z.object({ start: isoTime, end: isoTime, staffIds: z.array(z.string()) }).meta({ id: 'AppointmentSlot' });
export const daySlotsSchema = z.object({ date: z.string(), timeZone: z.string(), slots: z.array(slotSchema) }).meta({ id: 'AppointmentDaySlots' });

export const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

const iso = (t: number) => new Date(t).toISOString();

export function appointmentView(a: Appointment): z.infer<typeof appointmentSchema> {
  return {
    id: a.id,
    storeId: a.storeId,
    serviceId: a.serviceId,
    staffId: a.staffId,
    resourceId: a.resourceId,
    customerId: a.customerId,
    start: iso(a.start),
    end: iso(a.end),
    status: a.status,
    source: a.source,
    caseId: a.caseId,
    createdAt: iso(a.createdAt),
    updatedAt: iso(a.updatedAt),
    version: a.version,
  };
}

export const serviceView = (s: Service): z.infer<typeof serviceSchema> => ({ ...s });
export const resourceView = (r: Resource): z.infer<typeof resourceSchema> => ({ ...r });
