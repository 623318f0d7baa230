import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parseSop } from '../model/yaml/read.ts';
import { publishDefinition } from '../store/definitions.ts';
import { runDueJobs } from '../runtime/run-due-jobs.ts';
import { describeBackends } from '../store/testing/backends.ts';
import { makeWorld } from '../api/testing/world.ts';
import type { OutboxNotification } from '../store/outbox.ts';

/**
 * S09 (东风本田 售后) with real appointments: the template `car-after-sales` booked as a service.
 * The advisor is reminded to reconfirm at 18:00 the day before (store time), and check-in starts
 * the SOP straight at the greeting — the case no longer waits and reconfirms by itself.
 */

const SOURCE = readFileSync(new URL('../../templates/automotive/car-after-sales.yaml', import.meta.url), 'utf8');

describeBackends('S09 with appointments', (b) => {
  it('reminds the day before at 18:00 Shanghai and check-in starts car-after-sales at the greeting', async () => {
    const w = await makeWorld(await b.fresh());
    await publishDefinition(w.db, { orgId: 'org-a', definition: parseSop(SOURCE, 'car-after-sales.yaml'), source: SOURCE, format: 'yaml' }, { now: w.clock.now });
    const mgr = w.as('mgr1');
    expect((await mgr.post('/api/stores/s1/appointment-services', { id: 'maint', name: { zh: '常规保养', en: 'Maintenance' }, durationMin: 90, role: 'advisor', processKey: 'car-after-sales' })).status).toBe(201);
    expect((await w.as('adv1').post('/api/customers', { id: 'cu9', name: '陈先生' })).status).toBe(201);
    const booked = await w.as('adv1').post('/api/stores/s1/appointments', { serviceId: 'maint', start: '2026-03-04T02:00:00.000Z', customerId: 'cu9' }); // Wed 10:00
    expect(booked.status, booked.text).toBe(201);
    const id = booked.body.id as string;

    const sent: OutboxNotification[] = [];
    const channel = { deliver: async (n: OutboxNotification) => void sent.push(n) };
    await runDueJobs(w.store, Date.parse('2026-03-03T09:59:59.999Z'), { channel });
    expect(sent).toHaveLength(0);
    await runDueJobs(w.store, Date.parse('2026-03-03T10:00:00.000Z'), { channel }); // Tue 18:00 in Shanghai
    expect(sent.map((n) => [n.reason, 'staffId' in n.to ? n.to.staffId : null])).toEqual([['appointment.reminder', 'adv1']]);
    expect((await w.as('adv1').post(`/api/appointments/${id}/confirm`)).body.status).toBe('confirmed');

    w.clock.now = Date.parse('2026-03-04T01:55:00.000Z');
    const adv = await w.fresh('adv1');
    // The SOP needs the plate at start: without it nothing happens.
    const missing = await adv.post(`/api/appointments/${id}/check-in`, {});
    expect(missing.status).toBe(422);
    expect((await w.db.query(`SELECT status FROM appointments WHERE id = $1`, [id])).rows).toEqual([{ status: 'confirmed' }]);
    const ci = await adv.post(`/api/appointments/${id}/check-in`, { data: { plate: '辽B 12345' } });
    expect(ci.status, ci.text).toBe(200);
    const caseId = ci.body.caseId as string;
    const tasks = await w.db.query<{ node: string; assignee: string | null }>(`SELECT node, assignee FROM tasks WHERE case_id = $1`, [caseId]);
    expect(tasks.rows).toEqual([{ node: 'greet', assignee: 'adv1' }]);
    const c = await w.db.query<{ customer_id: string; state: { data: Record<string, unknown> } }>(`SELECT customer_id, state FROM cases WHERE id = $1`, [caseId]);
    expect(c.rows[0]!.customer_id).toBe('cu9');
    expect(c.rows[0]!.state.data).toMatchObject({ plate: '辽B 12345', appointmentId: id });
    expect((await w.db.query(`SELECT 1 FROM jobs WHERE case_id = $1 AND kind = 'timer'`, [caseId])).rows).toHaveLength(0);
  });
});
