import { beforeAll, describe, expect, it } from 'vitest';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';

/** The harness runner (in memory or on the store), whichever templates/testing.ts provides. */
type R = Awaited<ReturnType<typeof runner>>;

// S20 急诊服务流程: triage → vitals → doctor → mild vs critical, the service time limits, treat first pay later.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./healthcare/emergency-visit.yaml');
});

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const staff = { 'er-doctor': ['dr-he', 'dr-lu'] };
const vitals = { temperature: 37.2, pulse: 88, respiration: 18, bloodPressure: '128/82', consciousness: '清醒' };
const escalations = (r: R) => r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to);
const result = { result: '未见异常', criticalValue: false };

async function arrive(r: R, severity: 'mild' | 'critical', arrival = 'walk-in'): Promise<string> {
  const id = await r.start('emergency-visit', { arrival });
  await r.completeAt(id, 'triage', 'nurse-1', { ...vitals, severity });
  return id;
}

/** A mild patient through the doctor and the window, with the tests ordered. */
async function mildToTests(r: R, testsOrdered: string[], consultationNeeded = false): Promise<{ id: string; doctor: string }> {
  const id = await arrive(r, 'mild');
  const doctor = r.taskAt(id, 'doctor-exam').assignee!;
  await r.completeAt(id, 'doctor-exam', doctor, { severity: 'mild', testsOrdered, consultationNeeded, diagnosis: '急性胃肠炎？' });
  await r.completeAt(id, 'pay-window', 'cash-1', { paidAmount: 186 });
  return { id, doctor };
}

describe('emergency department visit (S20)', () => {
  it('registers the patient within the 10-minute window, or the head of emergency is told', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-04T22:00') });
    const id = await r.start('emergency-visit', { arrival: 'ambulance' });
    expect(r.taskAt(id, 'triage').sla!.dueAt - r.now).toBe(10 * MIN);
    await r.advance(10 * MIN);
    expect(escalations(r)).toEqual([{ role: 'er-director' }]);
  });

  it('refuses triage without T, P, R, BP and consciousness', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-04T22:00') });
    const id = await r.start('emergency-visit');
    try {
      await r.completeAt(id, 'triage', 'nurse-1', { severity: 'mild' });
      expect.unreachable();
    } catch (e) {
      expect((e as { code: string }).code).toBe('FORM_INVALID');
      expect((e as { issues: { field: string }[] }).issues.map((i) => i.field).sort()).toEqual(['bloodPressure', 'consciousness', 'pulse', 'respiration', 'temperature']);
    }
  });

  it('sends a critical patient straight to the resuscitation room: no doctor queue, no payment first, top priority, 1 minute', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-04T22:00') });
    const id = await arrive(r, 'critical', 'ambulance');
    const t = r.taskAt(id, 'rescue-start');
    expect(t).toMatchObject({ role: 'er-doctor', priority: 10 });
    expect(t.sla!.dueAt - r.now).toBe(MIN);
    expect(r.openTasks(id).map((x) => x.node)).toEqual(['rescue-start']);
  });

  it('has the duty doctor see a mild patient within 5 minutes', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-04T22:00') });
    const id = await arrive(r, 'mild');
    expect(r.taskAt(id, 'doctor-exam').sla!.dueAt - r.now).toBe(5 * MIN);
    await r.advance(5 * MIN);
    expect(escalations(r)).toEqual([{ role: 'er-director' }]);
  });

  it('treats a mild patient: pay at the window, tests, treatment, drugs within 10 minutes, observation, home when improved', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-04T22:00') });
    const id = await arrive(r, 'mild');
    const doctor = r.taskAt(id, 'doctor-exam').assignee!;
    await r.completeAt(id, 'doctor-exam', doctor, { severity: 'mild', testsOrdered: ['routine', 'biochemistry'], diagnosis: '急性胃肠炎' });
    expect(r.taskAt(id, 'pay-window').sla!.dueAt - r.now).toBe(10 * MIN);
    await r.completeAt(id, 'pay-window', 'cash-1', { paidAmount: 186 });
    expect(r.openTasks(id).map((t) => t.node).sort()).toEqual(['biochemistry-test', 'routine-test']);
    await r.completeAt(id, 'routine-test', 'tech-1', result);
    await r.completeAt(id, 'biochemistry-test', 'lab-1', result);
    expect(r.taskAt(id, 'treatment').assignee).toBe(doctor);
    await r.completeAt(id, 'treatment', doctor, { prescription: '补液，口服蒙脱石散' });
    expect(r.taskAt(id, 'dispense').sla!.dueAt - r.now).toBe(10 * MIN);
    await r.completeAt(id, 'dispense', 'pharm-1');
    await r.completeAt(id, 'observation', 'nurse-1', { observationResult: 'improved' });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'discharged' });
    expect(r.trail(id)).toEqual([
      'triage:complete', 'doctor-exam:complete', 'no-bacteriology:complete', 'pay-window:complete', 'routine-test:complete', 'biochemistry-test:complete',
      'treatment:complete', 'dispense:complete', 'observation:complete', 'discharged:complete',
    ]);
  });

  it.each([
    ['ultrasound', 'ultrasound-test', 30 * MIN],
    ['routine', 'routine-test', 30 * MIN],
    ['biochemistry', 'biochemistry-test', 2 * HOUR],
    ['bacteriology', 'bacteriology-test', 4 * DAY],
  ])('gives the %s result its time limit', async (test, node, limit) => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-04T22:00') });
    const { id } = await mildToTests(r, [test]);
    const t = r.taskAt(id, node);
    expect(t.sla!.dueAt - t.createdAt).toBe(limit);
    await r.advanceTo(t.sla!.dueAt);
    expect(escalations(r)).toEqual([{ role: 'er-director' }]);
  });

  it('has the consultant arrive in under 10 minutes, or the head of emergency is told', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-04T22:00') });
    const { id } = await mildToTests(r, [], true);
    const t = r.taskAt(id, 'mild-consult');
    expect(t.role).toBe('clinical-dept');
    await r.advance(10 * MIN - 1);
    expect(escalations(r)).toEqual([]);
    await r.advance(1);
    expect(escalations(r)).toEqual([{ role: 'er-director' }]);
  });

  it('treats a critical patient first and takes payment last: resuscitation, tests and consultation at once, admission, then the bill', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-04T22:00') });
    const id = await arrive(r, 'critical', 'ambulance');
    const doctor = r.taskAt(id, 'rescue-start').assignee!;
    await r.completeAt(id, 'rescue-start', doctor, { severity: 'critical', testsOrdered: ['ultrasound', 'routine'], consultationNeeded: true, diagnosis: '急性心梗？' });
    expect(r.openTasks(id).map((t) => t.node).sort()).toEqual(['consult', 'rescue', 'routine-test', 'ultrasound-test']);
    expect(r.taskAt(id, 'rescue').assignee).toBe(doctor);
    expect(r.taskAt(id, 'consult').sla!.dueAt - r.now).toBe(10 * MIN);
    await r.completeAt(id, 'ultrasound-test', 'us-1', { result: '心包少量积液', criticalValue: true }, { 'critical-value-reported': true });
    await r.completeAt(id, 'routine-test', 'tech-1', { result: 'ST段抬高', criticalValue: true });
    await r.completeAt(id, 'consult', 'cardio-1', { consultOpinion: '急诊PCI' });
    await r.completeAt(id, 'rescue', doctor, { rescueNotes: '吸氧、开放静脉、心电监护' }, { oxygen: true, 'iv-line': true, 'ecg-monitor': true, 'doctor-throughout': true, 'drugs-first': true });
    await r.completeAt(id, 'disposition', doctor, { destination: 'surgery' });
    await r.completeAt(id, 'bed-ready', 'cardio-ward');
    await r.completeAt(id, 'transfer', 'stretcher-1', undefined, { escorted: true, handover: true });
    expect(r.taskAt(id, 'pay-later').role).toBe('cashier');
    await r.completeAt(id, 'pay-later', 'cash-1', { settledAmount: 23_000, deferredRecord: '先抢救后付费 No.0304-07' });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'admitted' });
    const trail = r.trail(id);
    expect(trail).not.toContain('pay-window:complete');
    expect(trail.indexOf('pay-later:complete')).toBeGreaterThan(trail.indexOf('transfer:complete'));
  });

  it('moves a patient the doctor finds critical into the resuscitation room', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-04T22:00') });
    const id = await arrive(r, 'mild');
    await r.completeAt(id, 'doctor-exam', r.taskAt(id, 'doctor-exam').assignee!, { severity: 'critical', diagnosis: '主动脉夹层？' });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['rescue-start']);
  });

  it('admits a mild patient who gets worse under observation, without the deferred-payment step', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-04T22:00') });
    const { id, doctor } = await mildToTests(r, []);
    await r.completeAt(id, 'treatment', doctor, { prescription: '补液' });
    await r.completeAt(id, 'dispense', 'pharm-1');
    await r.completeAt(id, 'observation', 'nurse-1', { observationResult: 'worse' });
    await r.completeAt(id, 'disposition', doctor, { destination: 'ward' });
    await r.completeAt(id, 'bed-ready', 'ward-1');
    await r.completeAt(id, 'transfer', 'stretcher-1', undefined, { escorted: true, handover: true });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'admitted' });
  });

  it('does not hold a discharge for a microbiology result, but keeps the case open until it is reported', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-04T22:00') });
    const { id, doctor } = await mildToTests(r, ['bacteriology']);
    await r.completeAt(id, 'treatment', doctor, { prescription: '抗感染' });
    await r.completeAt(id, 'dispense', 'pharm-1');
    await r.completeAt(id, 'observation', 'nurse-1', { observationResult: 'improved' });
    expect(r.cases.get(id)!.status).toBe('active');
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['bacteriology-test']);
    await r.advance(3 * DAY);
    await r.completeAt(id, 'bacteriology-test', 'lab-1', { result: '大肠埃希菌', criticalValue: false });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'discharged' });
  });
});
