import { localTimeOf } from './time.ts';
import type { Db } from '../store/db.ts';

/**
 * Runs due appointment jobs: the reminder/reconfirmation the day before. Each due job is
 * claimed (FOR UPDATE SKIP LOCKED, so workers on one database never share one), marked done
 * and its notification written to the outbox in ONE transaction: a crash before COMMIT leaves
 * the job due, a commit leaves exactly one notification. The notification goes to the staff
 * member serving the appointment (S09: the service advisor reconfirms with the customer) and
 * names the appointment, never the customer's name or phone.
 */

export const REMINDER_REASON = 'appointment.reminder';

/** Sends the reminders due at `now`; returns how many notifications were written. */
export async function runAppointmentJobs(db: Db, now: number, opts: { limit?: number } = {}): Promise<{ reminded: number; skipped: number }> {
  return db.transaction(async (tx) => {
    const jobs = await tx.query<{ id: string; appointment_id: string }>(
      `UPDATE appointment_jobs SET status = 'done', done_at = $1
        WHERE id IN (SELECT id FROM appointment_jobs WHERE status = 'pending' AND due_at <= $1 ORDER BY due_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING id, appointment_id`,
      [new Date(now).toISOString(), opts.limit ?? 100],
    );
    let reminded = 0;
    let skipped = 0;
    for (const j of jobs.rows) {
      const a = (
        await tx.query<{ id: string; org_id: string; store_id: string; staff_id: string; status: string; starts_at: Date; name_zh: string; name_en: string; time_zone: string }>(
          `SELECT a.id, a.org_id, a.store_id, a.staff_id, a.status, a.starts_at, sv.name_zh, sv.name_en, st.time_zone
             FROM appointments a JOIN appointment_services sv ON sv.id = a.service_id JOIN stores st ON st.id = a.store_id
            WHERE a.id = $1`,
          [j.appointment_id],
        )
      ).rows[0];
      if (a === undefined || (a.status !== 'booked' && a.status !== 'confirmed')) {
        skipped++;
        continue;
      }
      const hm = localTimeOf(a.time_zone, a.starts_at.getTime());
      const message = {
        zh: `明天 ${hm} 预约「${a.name_zh}」（预约 ${a.id}）：请与客户再次确认`,
        en: `Tomorrow ${hm}: "${a.name_en}" (appointment ${a.id}) — please reconfirm with the customer`,
      };
      await tx.query(
        `INSERT INTO notifications (org_id, case_id, appointment_id, store_id, to_staff, reason, message, status, created_at) VALUES ($1, NULL, $2, $3, $4, $5, $6::jsonb, 'pending', $7)`,
        [a.org_id, a.id, a.store_id, a.staff_id, REMINDER_REASON, JSON.stringify(message), new Date(now).toISOString()],
      );
      reminded++;
    }
    return { reminded, skipped };
  });
}
