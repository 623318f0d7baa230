import { expect, it } from 'vitest';
import { startCase } from '../store/cases.ts';
import { describeBackends } from '../store/testing/backends.ts';
import { makeWorld } from '../api/testing/world.ts';

/**
 * Through the API: a step requiring a certificate refuses an uncertified claim with a clear
 * problem, the manager sees why, issuing the certificate lets the claim through; an appraisal
 * is computed, scored, signed and downloaded as Excel.
 */
describeBackends('staff through the API', (b) => {
  it('an uncertified technician cannot claim the repair step; the manager sees why; a certificate fixes it', async () => {
    const w = await makeWorld(await b.fresh());
    const admin = w.as('admin');
    expect((await admin.post('/api/certificate-requirements', { process: 'repair', node: 'fix', certType: 'electrical' })).status).toBe(201);
    const c = await startCase(w.store, { orgId: 'org-a', process: 'repair', storeId: 's1', data: { plate: 'P1' } }, { now: w.clock.now, actor: 'adv1' });
    const intake = c.state.tasks[0]!.id;
    expect((await w.as('adv1').post(`/api/tasks/${intake}/complete`, { form: { phone: '13800001234', mileage: 5 }, checklist: { covers: true } })).status).toBe(200);
    const fix = (await w.db.query<{ id: string }>(`SELECT id FROM tasks WHERE case_id = $1 AND node = 'fix'`, [c.caseId])).rows[0]!.id;

    const refused = await w.as('tech1').post(`/api/tasks/${fix}/claim`, {});
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('CERTIFICATE_REQUIRED');
    expect(refused.body.detail).toContain('tech1 holds no "electrical" certificate');
    // Which certificate, and how to get it: the inbox words this in the reader's language.
    expect(refused.body.certificate).toEqual({
      certType: 'electrical',
      state: 'missing',
      expiresAt: null,
      staffId: 'tech1',
      process: 'repair',
      step: 'fix',
      role: 'technician',
      required: ['electrical'],
      howToGet: {
        study: '/api/training/repair/technician',
        quiz: '/api/training/repair/technician/quiz',
        signoff: 'POST /api/training/signoffs (a manager of your store)',
        issue: 'POST /api/certificates (a manager of your store)',
      },
    });
    expect(refused.body.detail).toContain('to get it: study the step (GET /api/training/repair/technician), pass the quiz');
    // Completing an open task claims it too: refused the same way.
    expect((await w.as('tech1').post(`/api/tasks/${fix}/complete`, {})).body.code).toBe('CERTIFICATE_REQUIRED');
    // The manager reassigning to tech1 is refused as well.
    expect((await w.as('mgr1').post(`/api/tasks/${fix}/reassign`, { to: { staffId: 'tech1' } })).body.code).toBe('CERTIFICATE_REQUIRED');

    const why = await w.as('mgr1').get(`/api/certificates/tasks/${fix}`);
    expect(why.status).toBe(200);
    expect(why.body.required).toEqual(['electrical']);
    expect(why.body.candidates).toEqual([{ staffId: 'tech1', eligible: false, certificates: [{ certType: 'electrical', state: 'missing', expiresAt: null }] }]);

    // Issued, but already expired: still refused, and the detail says so.
    const old = await w.as('mgr1').post('/api/certificates', { staffId: 'tech1', certType: 'electrical', issuedAt: '2025-01-01T00:00:00Z', expiresAt: '2026-01-01T00:00:00Z' });
    expect(old.status).toBe(201);
    const expired = (await w.as('tech1').post(`/api/tasks/${fix}/claim`, {})).body;
    expect(expired.detail).toContain('certificate expired on 2026-01-01');
    expect(expired.certificate).toMatchObject({ certType: 'electrical', state: 'expired', expiresAt: '2026-01-01T00:00:00.000Z', howToGet: { issue: 'POST /api/certificates/{id}/renew (a manager of your store)' } });
    const renewed = await w.as('mgr1').post(`/api/certificates/${old.body.id}/renew`, { expiresAt: '2027-01-01T00:00:00Z' });
    expect(renewed.status).toBe(201);
    expect(renewed.body.renews).toBe(old.body.id);
    expect((await w.as('tech1').post(`/api/tasks/${fix}/claim`, {})).status).toBe(200);
    const list = await w.as('tech1').get('/api/certificates?staffId=tech1');
    expect(list.body.map((x: { state: string }) => x.state)).toEqual(['expired', 'valid']);
    const audit = await w.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE action LIKE 'certificate.%' ORDER BY seq`);
    expect(audit.rows.map((r) => r.action)).toEqual(['certificate.require', 'certificate.issue', 'certificate.renew']);
  }, 300_000);

  it('appraisal: compute, supervisor score (audited with before and after), sign, Excel download; signed sheets stay', async () => {
    const w = await makeWorld(await b.fresh());
    const c = await startCase(w.store, { orgId: 'org-a', process: 'repair', storeId: 's1', data: { plate: 'P1' } }, { now: w.clock.now, actor: 'adv1' });
    expect((await w.as('adv1').post(`/api/tasks/${c.state.tasks[0]!.id}/complete`, { form: { phone: '13800001234', mileage: 5 }, checklist: { covers: true } })).status).toBe(200);
    const admin = w.as('admin');
    expect((await admin.put('/api/appraisal-rules', { lines: [{ id: 'perTask', label: { zh: '任务奖励', en: 'Per task' }, amount: '10 * tasksDone' }] })).status).toBe(200);
    expect((await admin.put('/api/appraisal-base-bonus/adv1', { amount: 300 })).status).toBe(200);
    const period = { from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00' };
    expect((await w.as('gm').post('/api/appraisals/compute', period)).status).toBe(200);
    const q = `from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}`;
    const mine = await w.as('adv1').get(`/api/appraisals?${q}`);
    expect(mine.body.map((s: { sheet: { staffId: string } }) => s.sheet.staffId)).toEqual(['adv1']);
    const sheet = mine.body[0];
    expect(sheet.sheet.metrics.tasksDone).toBe(1);
    expect(sheet.sheet.total).toBe(310);

    const scored = await w.as('mgr1').put(`/api/appraisals/${sheet.id}/supervisor-score`, { score: 7 });
    expect(scored.status).toBe(200);
    expect(scored.body.sheet.supervisorScore).toBe(7);
    const a = (await w.db.query<{ before: { supervisorScore: unknown; score: number }; after: { supervisorScore: number; score: number } }>(`SELECT before, after FROM audit_log WHERE action = 'appraisal.score'`)).rows[0]!;
    expect(a.before.supervisorScore).toBeNull();
    expect(a.after.supervisorScore).toBe(7);
    expect(a.before.score - a.after.score).toBeCloseTo(3); // default score: a missing supervisor score counts 10

    expect((await w.as('mgr1').post(`/api/appraisals/${sheet.id}/sign`)).status).toBe(200);
    expect((await w.as('mgr1').put(`/api/appraisals/${sheet.id}/supervisor-score`, { score: 9 })).body.code).toBe('SHEET_SIGNED');
    const again = await w.as('gm').post('/api/appraisals/compute', period);
    expect(again.body.signed).toEqual([sheet.id]);

    const printed = await w.as('adv1').get(`/api/appraisals/${sheet.id}?lang=en`);
    expect(printed.body.rows.at(-1)).toEqual(['Signed off', 'mgr1 2026-03-02']);
    expect((await w.anon.get(`/api/appraisals/${sheet.id}/xlsx`)).status).toBe(401);
    const res = await w.as('adv1').request('GET', `/api/appraisals/${sheet.id}/xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const rank = await w.as('mgr1').get(`/api/appraisals/ranking?${q}`);
    expect(rank.body.filter((r: { storeId: string }) => r.storeId === 's1').map((r: { staffId: string }) => r.staffId)).toContain('adv1');
  }, 300_000);

  it("a manager's own quiz question: added, edited (the quiz and its scoring follow), deleted; a practical sign-off with its assessor is listed", async () => {
    const w = await makeWorld(await b.fresh());
    const mgr = w.as('mgr1');
    const added = await mgr.post('/api/training/repair/technician/questions', { prompt: { zh: '上岗证有效期？' }, options: [{ zh: '半年' }, { zh: '一年' }], correct: 1 });
    expect(added.status).toBe(201);
    const qid = `custom:${added.body.id}`;
    const quiz = async () => (await w.as('tech1').get('/api/training/repair/technician/quiz')).body as { version: number; questions: { id: string; prompt: { zh?: string; en?: string }; options: unknown[] }[] };
    expect((await quiz()).questions.find((q) => q.id === qid)).toMatchObject({ prompt: { zh: '上岗证有效期？' }, options: [{ zh: '半年' }, { zh: '一年' }] });
    // The answer key is for managers only.
    expect((await mgr.get('/api/training/repair/technician/questions')).body).toEqual([{ id: added.body.id, prompt: { zh: '上岗证有效期？' }, options: [{ zh: '半年' }, { zh: '一年' }], correct: 1 }]);
    expect((await w.as('tech1').get('/api/training/repair/technician/questions')).status).toBe(403);

    const edited = await mgr.put(`/api/training/repair/technician/questions/${added.body.id}`, { prompt: { zh: '上岗证有效期？', en: 'How long is a certificate valid?' }, options: [{ zh: '半年' }, { zh: '一年' }, { zh: '两年' }], correct: 2 });
    expect(edited.status, edited.text).toBe(200);
    const q = await quiz();
    expect(q.questions.find((x) => x.id === qid)).toMatchObject({ prompt: { en: 'How long is a certificate valid?' }, options: [{ zh: '半年' }, { zh: '一年' }, { zh: '两年' }] });
    const score = async (answer: number) => (await w.as('tech1').post('/api/training/repair/technician/attempts', { version: q.version, answers: { [qid]: answer } })).body as { wrong: string[] };
    expect((await score(2)).wrong).not.toContain(qid);
    expect((await score(1)).wrong).toContain(qid);
    const audit = (await w.db.query<{ before: { correct: number }; after: { correct: number } }>(`SELECT before, after FROM audit_log WHERE action = 'training.question.edit'`)).rows;
    expect(audit.map((a) => [a.before.correct, a.after.correct])).toEqual([[1, 2]]);
    expect((await w.as('mgr1').put('/api/training/repair/technician/questions/nope', { prompt: { zh: '问' }, options: [{ zh: '甲' }, { zh: '乙' }], correct: 0 })).status).toBe(404);
    expect((await mgr.delete(`/api/training/repair/technician/questions/${added.body.id}`)).status).toBe(204);
    expect((await quiz()).questions.map((x) => x.id)).not.toContain(qid);

    // A sign-off watched by a colleague: the manager records it, the list shows who assessed it.
    expect((await mgr.post('/api/training/signoffs', { staffId: 'tech1', process: 'repair', skill: 'fix', passed: true, note: 'brake pads', assessorId: 'tech1' })).status).toBe(403);
    expect((await mgr.post('/api/training/signoffs', { staffId: 'tech1', process: 'repair', skill: 'fix', passed: true, note: 'brake pads', assessorId: 'ghost' })).body.code).toBe('UNKNOWN_STAFF');
    expect((await mgr.post('/api/training/signoffs', { staffId: 'tech1', process: 'repair', skill: 'fix', passed: true, note: 'brake pads', assessorId: 'adv1' })).status).toBe(201);
    const list = await mgr.get('/api/training/signoffs?process=repair');
    expect(list.body).toMatchObject([{ staffId: 'tech1', processKey: 'repair', skill: 'fix', passed: true, note: 'brake pads', assessorId: 'adv1', signedBy: 'mgr1' }]);
    // Someone who does not oversee tech1 sees none of it.
    expect((await w.as('adv2').get('/api/training/signoffs?process=repair')).body).toEqual([]);
  }, 300_000);
});
