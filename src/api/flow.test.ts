import { expect, it } from 'vitest';
import { describeBackends } from '../store/testing/backends.ts';
import { makeWorld } from './testing/world.ts';

describeBackends('api: a case from start to end', (b) => {
  it('starts a case, claims and completes its steps, and answers with the next tasks each time', async () => {
    const w = await makeWorld(await b.fresh());
    const adv = w.as('adv1');
    const started = await adv.post('/api/cases', { process: 'repair', storeId: 's1', data: { plate: '辽B12345' } });
    expect(started.status).toBe(201);
    expect(started.headers.get('content-type')).toMatch(/application\/json/);
    expect(started.body.openTasks).toHaveLength(1);
    const intake = started.body.openTasks[0];
    expect(intake).toMatchObject({ step: 'intake', role: 'advisor', status: 'open', stepName: { en: 'Intake' }, slaState: 'ok' });

    const inbox = await adv.get('/api/inbox');
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((t: { id: string }) => t.id)).toEqual([intake.id]);

    const claimed = await adv.post(`/api/tasks/${intake.id}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body.task).toMatchObject({ status: 'claimed', assignee: 'adv1' });

    const bad = await adv.post(`/api/tasks/${intake.id}/complete`, { form: { phone: 'x', mileage: -1 }, checklist: {} });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(bad.body.code).toBe('FORM_INVALID');
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.form.mileage', 'body.form.phone']);

    const done = await adv.post(`/api/tasks/${intake.id}/complete`, { form: { phone: '13800001234', mileage: 42000 }, checklist: { covers: true } });
    expect(done.status).toBe(200);
    expect(done.body.task.status).toBe('completed');
    expect(done.body.openTasks).toHaveLength(1);
    const fix = done.body.openTasks[0];
    expect(fix).toMatchObject({ step: 'fix', role: 'technician' });

    // The advisor may not do the technician's step.
    expect((await adv.post(`/api/tasks/${fix.id}/complete`)).status).toBe(403);
    const fixed = await w.as('tech1').post(`/api/tasks/${fix.id}/complete`, {});
    expect(fixed.status).toBe(200);
    const handover = fixed.body.openTasks[0];
    expect(handover).toMatchObject({ step: 'handover', status: 'claimed', assignee: 'adv1' });
    const end = await adv.post(`/api/tasks/${handover.id}/complete`, {});
    expect(end.status).toBe(200);
    expect(end.body.case.status).toBe('completed');
    expect(end.body.openTasks).toEqual([]);

    const timeline = await adv.get(`/api/cases/${started.body.id}/timeline`);
    expect(timeline.status).toBe(200);
    const completes = timeline.body.events.filter((e: { lifecycle: string; scope: string; taskId: string | null }) => e.scope === 'step' && e.lifecycle === 'complete' && e.taskId !== null);
    expect(completes.map((e: { activity: string; resource: string }) => [e.activity, e.resource])).toEqual([
      ['intake', 'adv1'],
      ['fix', 'tech1'],
      ['handover', 'adv1'],
    ]);
    expect(timeline.body.tasks.every((t: { status: string }) => t.status === 'completed')).toBe(true);

    const audit = await w.as('admin').get('/api/audit?action=task.');
    expect(audit.body.items.map((a: { action: string; actorId: string }) => `${a.action}:${a.actorId}`)).toEqual([
      'task.complete:adv1',
      'task.complete:tech1',
      'task.complete:adv1',
      'task.claim:adv1',
    ]);
    // Form values (a phone number) are not copied into the audit log.
    expect(JSON.stringify(audit.body)).not.toContain('13800001234');
  });
});
