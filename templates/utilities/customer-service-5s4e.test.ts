import { beforeAll, describe, expect, it } from 'vitest';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';

/** The harness runner (in memory or on the store), whichever templates/testing.ts provides. */
type R = Awaited<ReturnType<typeof runner>>;

// S11 “5S4E” customer service: hotline, online support, repair stations, complaints; hot-water faults go to S12.
let sop: CompiledProcess;
let hotWater: CompiledProcess;
beforeAll(async () => {
  sop = await template('./utilities/customer-service-5s4e.yaml');
  hotWater = await template('./utilities/hot-water-repair.yaml');
});

const MIN = 60_000;
const HOUR = 60 * MIN;
const AT = shanghai('2026-03-04T10:00'); // a Wednesday
const items = (node: string) => {
  const n = sop.nodes[node];
  return n?.kind === 'human' ? (n.checklist?.items ?? []).map((i) => i.id) : [];
};
const all = (node: string) => Object.fromEntries(items(node).map((i) => [i, true]));
const escalations = (r: R) => r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to);

async function receive(r: R, channel: string, form: Record<string, unknown>): Promise<string> {
  const id = await r.start('customer-service-5s4e', { channel });
  await r.completeAt(id, 'receive', 'agent-1', { customerPhone: '400 800 8888', customerWords: '热水器显示E3故障码', ...form }, all('receive'));
  return id;
}

describe('5S4E customer service (S11)', () => {
  it.each([
    ['hotline', 1],
    ['online', 5],
    ['station', 5],
  ])('answers a %s request within %i min, or the customer service manager is told', async (channel, minutes) => {
    const r = await runner([sop], { now: AT });
    const id = await r.start('customer-service-5s4e', { channel });
    expect(r.taskAt(id, 'receive').sla!.dueAt - AT).toBe(minutes * MIN);
    await r.advance(minutes * MIN);
    expect(escalations(r)).toEqual([{ role: 'service-manager' }]);
  });

  it('checks the five S standards where each belongs: smiling and sincere when taking the request, speciality and speedy when solving, satisfied on the call', () => {
    expect({ receive: items('receive'), remote: items('remote-support'), station: items('station-repair'), call: items('satisfaction-call') }).toEqual({
      receive: ['smiling', 'sincere'],
      remote: ['speciality', 'speedy'],
      station: ['speciality', 'speedy'],
      call: ['satisfied'],
    });
  });

  it('solves a technical question remotely and closes after the satisfaction call', async () => {
    const r = await runner([sop], { now: AT });
    const id = await receive(r, 'online', { requestType: 'consultation' });
    expect(r.taskAt(id, 'remote-support').role).toBe('support-engineer');
    await r.completeAt(id, 'remote-support', 'eng-1', { solvedRemotely: true, answer: '重新上电复位' }, all('remote-support'));
    await r.completeAt(id, 'satisfaction-call', 'agent-1', { satisfaction: 5 }, all('satisfaction-call'));
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'resolved' });
    expect(r.trail(id)).toEqual(['receive:complete', 'remote-support:complete', 'satisfaction-call:complete', 'closed:complete']);
  });

  it('sends a question that cannot be solved remotely to a repair station, which has 48 h before the manager is told and 24 h more before its priority rises', async () => {
    const r = await runner([sop], { now: AT });
    const id = await receive(r, 'hotline', { requestType: 'consultation' });
    await r.completeAt(id, 'remote-support', 'eng-1', { solvedRemotely: false, answer: '需上门检测' }, all('remote-support'));
    expect(r.taskAt(id, 'station-repair').role).toBe('repair-station');
    await r.advance(48 * HOUR);
    expect(escalations(r)).toEqual([{ role: 'service-manager' }]);
    await r.advance(24 * HOUR);
    expect(r.taskAt(id, 'station-repair').priority).toBe(1);
  });

  it('sends a repair straight to the repair station, which needs the customer’s signature', async () => {
    const r = await runner([sop], { now: AT });
    const id = await receive(r, 'station', { requestType: 'repair' });
    await expect(async () => r.completeAt(id, 'station-repair', 'st-1', { repairResult: '更换主板' }, all('station-repair'))).rejects.toMatchObject({ code: 'FORM_INVALID' });
    await r.completeAt(id, 'station-repair', 'st-1', { repairResult: '更换主板', customerSignature: 'sig' }, all('station-repair'));
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['satisfaction-call']);
  });

  it('hands a campus hot-water fault to the hot-water repair process (S12) with its severity deadline, and calls the customer when it is done', async () => {
    const r = await runner([sop, hotWater], { now: AT });
    const id = await receive(r, 'hotline', { requestType: 'repair', campusHotWater: true, location: '7号楼 2层浴室', severity: 'valve' });
    const child = [...r.cases.values()].find((c) => c.process.key === 'hot-water-repair')!;
    expect(child.parent?.caseId).toBe(id);
    await r.completeAt(child.id, 'log', 'desk-1', { description: '淋浴阀门漏水' });
    await r.completeAt(child.id, 'dispatch', 'pm-wu');
    expect(r.taskAt(child.id, 'repair').sla!.dueAt - r.now).toBe(HOUR);
    await r.completeAt(child.id, 'repair', 'fixer', { repairResult: '更换阀门', fixed: true });
    await r.completeAt(child.id, 'tell-student', 'desk-1', { studentTold: true });
    expect(r.cases.get(child.id)!.status).toBe('completed');
    await r.advance(0); // the child's end reaches the parent as a job, as the store delivers it
    expect(r.taskAt(id, 'satisfaction-call').role).toBe('agent');
    expect(r.cases.get(id)!.data['hotWaterResult']).toBe('更换阀门');
  });

  it('has customer service investigate a complaint within a working day, and the same officer reply', async () => {
    const r = await runner([sop], { now: AT });
    const id = await receive(r, 'hotline', { requestType: 'complaint', customerWords: '维修站师傅迟到两小时' });
    const t = r.taskAt(id, 'investigate');
    expect(t.role).toBe('complaints-officer');
    await r.advanceTo(t.sla!.dueAt);
    expect(escalations(r)).toEqual([{ role: 'service-manager' }]);
    await r.completeAt(id, 'investigate', 'co-li', { findings: '师傅前一单超时', remedy: '致歉并赠送一次保养' });
    expect(r.taskAt(id, 'reply').assignee).toBe('co-li');
  });

  it('reopens the case as a complaint when the customer is not satisfied', async () => {
    const r = await runner([sop], { now: AT });
    const id = await receive(r, 'online', { requestType: 'consultation' });
    await r.completeAt(id, 'remote-support', 'eng-1', { solvedRemotely: true, answer: '重新上电复位' }, all('remote-support'));
    await r.completeAt(id, 'satisfaction-call', 'agent-1', { satisfaction: 2 });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['investigate']);
    await r.completeAt(id, 'investigate', 'co-li', { findings: '复位后又出现', remedy: '安排维修站上门' });
    await r.completeAt(id, 'reply', 'co-li', { replied: true });
    await r.completeAt(id, 'satisfaction-call', 'agent-1', { satisfaction: 4 }, all('satisfaction-call'));
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'resolved' });
  });
});
