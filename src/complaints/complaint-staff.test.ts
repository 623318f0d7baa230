import { expect, it } from 'vitest';
import { describeBackends } from '../store/testing/backends.ts';
import { executeCommand, startCase } from '../store/cases.ts';
import { addCustomer, setRoleStaff } from '../store/directory.ts';
import { fingerprint, makeWorld } from '../api/testing/world.ts';
import { publishTemplate, useTemplateCalendars } from '../schedules/testing.ts';

/** Who a complaint is about: from the case it names, chosen when filed, changed by a manager; upheld or not. */
describeBackends('complaints about staff', (b) => {
  it('names the people who served the case, or those chosen; managers change it and record the finding; audited', async () => {
    const w = await makeWorld(await b.fresh());
    await useTemplateCalendars(w.db, 'org-a');
    await publishTemplate(w.db, 'org-a', 'utilities/hot-water-repair.yaml', w.clock.now);
    await setRoleStaff(w.db, 'org-a', 's1', 'service-desk', ['adv1']);
    await addCustomer(w.db, { id: 'cu1', orgId: 'org-a' }, { now: w.clock.now });
    const now = w.clock.now;
    // A repair case of s1: adv1 did the intake, tech1 holds the repair (claimed, not done yet).
    const served = await startCase(w.store, { orgId: 'org-a', process: 'repair', storeId: 's1', data: { plate: 'A1' } }, { now, actor: 'adv1' });
    await executeCommand(w.store, served.caseId, { type: 'complete', taskId: served.state.tasks[0]!.id, by: 'adv1', form: { phone: '13800001234', mileage: 1 }, checklist: { covers: true } }, { now, actor: 'adv1' });
    const fix = (await w.db.query<{ id: string }>(`SELECT id FROM tasks WHERE case_id = $1 AND node = 'fix'`, [served.caseId])).rows[0]!.id;
    await executeCommand(w.store, served.caseId, { type: 'claim', taskId: fix, by: 'tech1' }, { now, actor: 'tech1' });

    const base = { storeId: 's1', customerId: 'cu1', severity: 'valve', data: { location: 'B5' } };
    const fromCase = await w.as('adv1').post('/api/complaints', { ...base, subject: 'slow repair', aboutCaseId: served.caseId });
    expect(fromCase.status, fromCase.text).toBe(201);
    expect(fromCase.body).toMatchObject({ aboutCaseId: served.caseId, staffIds: ['adv1', 'tech1'], upheld: null });
    const chosen = await w.as('adv1').post('/api/complaints', { ...base, subject: 'rude', aboutCaseId: served.caseId, staffIds: ['tech1', 'tech1'] });
    expect(chosen.body).toMatchObject({ aboutCaseId: served.caseId, staffIds: ['tech1'] });

    // Refused, nothing written: an unknown person, a case of another organisation or store the caller cannot see.
    const s2 = await startCase(w.store, { orgId: 'org-a', process: 'repair', storeId: 's2', data: { plate: 'B2' } }, { now, actor: 'adv2' });
    const before = await fingerprint(w.db);
    const unknown = await w.as('adv1').post('/api/complaints', { ...base, subject: 'x', staffIds: ['nobody'] });
    expect([unknown.status, unknown.body.code, unknown.body.issues[0].path]).toEqual([422, 'UNKNOWN_STAFF', 'body.staffIds']);
    expect((await w.as('adv1').post('/api/complaints', { ...base, subject: 'x', staffIds: ['advB'] })).body.code).toBe('UNKNOWN_STAFF');
    const hidden = await w.as('adv1').post('/api/complaints', { ...base, subject: 'x', aboutCaseId: s2.caseId });
    expect([hidden.status, hidden.body.code]).toEqual([422, 'UNKNOWN_CASE']);
    expect((await w.as('mgr1').put(`/api/complaints/${served.caseId}/upheld`, { upheld: true })).status).toBe(404); // a case, not a complaint
    expect(await fingerprint(w.db)).toBe(before);

    const id = fromCase.body.caseId as string;
    // Only managers of the store change it; other organisations see no such complaint.
    expect((await w.as('adv1').put(`/api/complaints/${id}/staff`, { staffIds: ['tech1'] })).status).toBe(403);
    expect((await w.as('adv2').put(`/api/complaints/${id}/staff`, { staffIds: ['tech1'] })).status).toBe(404);
    expect((await w.as('adminB').put(`/api/complaints/${id}/upheld`, { upheld: true })).status).toBe(404);
    const changed = await w.as('mgr1').put(`/api/complaints/${id}/staff`, { staffIds: ['tech1'] });
    expect(changed.body).toEqual({ caseId: id, staffIds: ['tech1'], upheld: null });
    expect((await w.as('mgr1').put(`/api/complaints/${id}/upheld`, { upheld: true })).body).toEqual({ caseId: id, staffIds: ['tech1'], upheld: true });
    const listed = (await w.as('mgr1').get('/api/complaints')).body.items.find((c: { caseId: string }) => c.caseId === id);
    expect(listed).toMatchObject({ staffIds: ['tech1'], upheld: true, aboutCaseId: served.caseId });
    const audit = await w.db.query<{ action: string; before: unknown; after: unknown }>(`SELECT action, before, after FROM audit_log WHERE target_id = $1 AND action LIKE 'complaint.%' ORDER BY seq`, [id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['complaint.file', 'complaint.staff', 'complaint.upheld']);
    expect(audit.rows[1]).toMatchObject({ before: { staffIds: ['adv1', 'tech1'] }, after: { staffIds: ['tech1'] } });
  }, 300_000);
});
