import { describe, expect, it } from 'vitest';
import { compile } from '../../model/index.ts';
import { parseSop } from '../../model/yaml/read.ts';
import { publishDefinition } from '../../store/definitions.ts';
import { addOrg, addStaff, addStore, setRoleStaff } from '../../store/directory.ts';
import { describeBackends } from '../../store/testing/backends.ts';
import { REPAIR_V1, REPAIR_V2 } from '../../api/testing/sops.ts';
import { template } from '../../../templates/testing.ts';
import { generateQuiz, publicQuiz, QuizAnswerError, scoreQuiz } from './quiz.ts';
import { recordAttempt } from './repo.ts';
import { roleChanges, whoMustRetrain } from './retrain.ts';
import { studyGuide, UnknownRoleError } from './study.ts';

describe('study page and quiz from the SOP', async () => {
  const salon = await template('beauty/salon-visit.yaml');

  it('the beautician studies her steps with their standards and scripts, in SOP order', () => {
    const g = studyGuide(salon, 'beautician');
    expect(g.steps.map((s) => s.id)).toEqual(['changing-room', 'treatment']);
    const t = g.steps[1]!;
    expect(t.standards.map((i) => i.id)).toContain('facial');
    expect(t.script[0]!.say.zh).toBe('请您坐在这里泡一下脚，这是我们的香芬保健足疗。');
    expect(t.timeLimit).toBe('90 minutes');
    expect(() => studyGuide(salon, 'pilot')).toThrow(UnknownRoleError);
  });

  it('questions come from the checklist items and script lines; the right answer is the step\'s own', () => {
    const q = generateQuiz(salon, 'beautician');
    const steps = studyGuide(salon, 'beautician').steps;
    const items = steps.flatMap((s) => s.standards);
    // One standard question per item, one optional question per optional item, one per script line.
    const optional = items.filter((i) => !i.required).length;
    const lines = steps.flatMap((s) => s.script).length;
    expect(q.questions.filter((x) => x.kind === 'standard')).toHaveLength(items.length);
    expect(q.questions.filter((x) => x.kind === 'optional')).toHaveLength(optional);
    expect(q.questions.filter((x) => x.kind === 'script')).toHaveLength(lines);
    const facial = q.questions.find((x) => x.id === 'std:treatment:facial')!;
    expect(facial.options[facial.correct]!.zh).toBe('面部护理（按摩前讲完一切事情）');
    expect(facial.options.length).toBe(4);
    // The distractors are standards of OTHER steps, never of this one.
    const own = new Set(steps[1]!.standards.map((i) => i.text.zh));
    facial.options.forEach((o, i) => i !== facial.correct && expect(own.has(o.zh)).toBe(false));
    // Deterministic: the same SOP gives the same quiz, so attempts are scored by regenerating it.
    expect(generateQuiz(salon, 'beautician')).toEqual(q);
    // The public form has no answer key.
    expect(JSON.stringify(publicQuiz(q))).not.toContain('"correct"');
  });

  it('scores attempts: all right passes, guesses below 80% fail, bad answers are refused', () => {
    const q = generateQuiz(salon, 'beautician', [{ id: 'm1', prompt: { zh: '上岗证有效期？', en: 'Certificate validity?' }, options: [{ zh: '半年' }, { zh: '一年' }], correct: 1 }]);
    const right = Object.fromEntries(q.questions.map((x) => [x.id, x.correct]));
    expect(scoreQuiz(q, right)).toMatchObject({ score: q.questions.length, total: q.questions.length, passed: true, wrong: [] });
    const half = Object.fromEntries(q.questions.map((x, i) => [x.id, i % 2 === 0 ? x.correct : (x.correct + 1) % x.options.length]));
    const s = scoreQuiz(q, half);
    expect(s.passed).toBe(false);
    expect(s.score).toBe(Math.ceil(q.questions.length / 2));
    expect(scoreQuiz(q, {}).score).toBe(0);
    expect(() => scoreQuiz(q, { nope: 0 })).toThrow(QuizAnswerError);
    expect(() => scoreQuiz(q, { 'custom:m1': 5 })).toThrow(/option index from 0 to 1/);
  });

  it('a new SOP version marks per role the steps whose standards, script or time limit changed', () => {
    const v1 = parseSop(REPAIR_V1, 'v1.yaml');
    const v2 = parseSop(REPAIR_V2, 'v2.yaml');
    const ch = roleChanges(v1, v2);
    expect(ch.get('advisor')).toEqual([{ step: 'intake', change: 'changed', fields: ['sla.due.amount'] }]);
    expect(ch.get('technician')).toEqual([{ step: 'qc', change: 'added', fields: [] }]);
    expect(roleChanges(v1, v1).size).toBe(0);
    expect(compile(v2).definition.version).toBe(2);
  });
});

describeBackends('who must re-train', (b) => {
  it('lists the holders of changed roles until they pass the new version\'s quiz', async () => {
    const db = await b.fresh();
    const now = Date.UTC(2026, 2, 2);
    await addOrg(db, { id: 'o', name: 'O' }, { now });
    await addStore(db, { id: 's', orgId: 'o', name: 'S' }, { now });
    for (const p of ['ann', 'bob', 'cat']) await addStaff(db, { id: p, orgId: 'o', name: p.toUpperCase() }, { now });
    await setRoleStaff(db, 'o', 's', 'advisor', ['ann']);
    await setRoleStaff(db, 'o', 's', 'technician', ['bob', 'cat']);
    for (const src of [REPAIR_V1, REPAIR_V2]) await publishDefinition(db, { orgId: 'o', definition: parseSop(src, 'x.yaml'), source: src, format: 'yaml' }, { now });
    const before = await whoMustRetrain(db, 'o', 'repair', 1, 2);
    expect(before.map((r) => `${r.role}:${r.staffId}:${r.steps.map((s) => s.step).join('+')}`)).toEqual(['advisor:ann:intake', 'technician:bob:qc', 'technician:cat:qc']);
    // bob passes the v2 technician quiz; cat fails it; a pass on v1 does not count.
    const score = (passed: boolean) => ({ score: passed ? 5 : 1, total: 5, passed, wrong: [] });
    await recordAttempt(db, { id: 'a1', orgId: 'o', staffId: 'bob', processKey: 'repair', version: 2, role: 'technician', answers: {}, score: score(true) }, now);
    await recordAttempt(db, { id: 'a2', orgId: 'o', staffId: 'cat', processKey: 'repair', version: 2, role: 'technician', answers: {}, score: score(false) }, now);
    await recordAttempt(db, { id: 'a3', orgId: 'o', staffId: 'ann', processKey: 'repair', version: 1, role: 'advisor', answers: {}, score: score(true) }, now);
    const after = await whoMustRetrain(db, 'o', 'repair', 1, 2);
    expect(after.map((r) => `${r.role}:${r.staffId}`)).toEqual(['advisor:ann', 'technician:cat']);
    await expect(whoMustRetrain(db, 'o', 'repair', 1, 9)).rejects.toThrow(/repair v9 does not exist/);
  });
});
