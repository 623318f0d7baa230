import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghai, storeRunner, template } from '../../../templates/testing.ts';
import { exportLog } from '../../kpi/index.ts';
import type { CompiledProcess } from '../../model/types.ts';
import type { StoreRunner } from '../../testing/store-runner.ts';
import { parseXes } from '../read/xes.ts';
import { completeEvents, sopConformance, sopNet } from './index.ts';

// Cases of the campus hot-water SOP run on the durable store, some with deviations put in on
// purpose; conformance of the exported log with the SOP's own net must find exactly those.
const MIN = 60_000;
let sop: CompiledProcess;
let r: StoreRunner;
const ids: Record<string, string> = {};

async function complaint(severity: string, repeatCount = 0): Promise<string> {
  await r.advance(10 * MIN);
  return r.start('hot-water-repair', { severity, repeatCount, location: '7号楼 2层浴室' });
}
const steps = {
  log: (id: string) => r.completeAt(id, 'log', 'desk-1', { description: '没有热水' }),
  gm: (id: string) => r.completeAt(id, 'report-to-gm', 'gm', { gmInstruction: '今晚恢复' }),
  dispatch: (id: string) => r.completeAt(id, 'dispatch', 'pm-wu'),
  school: (id: string) => r.completeAt(id, 'notify-school', 'desk-1', { noticeText: '明日修复' }),
  repair: (id: string) => r.completeAt(id, 'repair', 'fixer', { repairResult: '换阀门', fixed: true }),
  tell: (id: string) => r.completeAt(id, 'tell-student', 'desk-1', { studentTold: true }),
};
/** Withdraws the open task at a step: the flow goes on without it (a skipped step). */
const withdraw = (id: string, node: string) => r.send(id, { type: 'cancelTask', taskId: r.taskAt(id, node).id, by: 'pm-wu', reason: 'not needed' });

beforeAll(async () => {
  sop = await template('./utilities/hot-water-repair.yaml');
  r = await storeRunner([sop], { now: shanghai('2026-03-04T19:00') });

  ids['valve'] = await complaint('valve');
  for (const s of [steps.log, steps.dispatch, steps.repair, steps.tell]) await s(ids['valve']);
  ids['major'] = await complaint('major');
  for (const s of [steps.log, steps.dispatch, steps.school, steps.repair, steps.tell]) await s(ids['major']);
  ids['repeat'] = await complaint('machine', 2);
  for (const s of [steps.log, steps.gm, steps.dispatch, steps.repair, steps.tell]) await s(ids['repeat']);

  // Deviation 1: nobody dispatched; the project manager withdrew the task and a fixer went anyway.
  ids['noDispatch'] = await complaint('valve');
  await steps.log(ids['noDispatch']);
  await withdraw(ids['noDispatch'], 'dispatch');
  for (const s of [steps.repair, steps.tell]) await s(ids['noDispatch']);

  // Deviation 2: the repair was done twice (the first fix did not hold): a second start and
  // complete of "repair" recorded in the event log between the first repair and the feedback.
  ids['twice'] = await complaint('machine');
  for (const s of [steps.log, steps.dispatch, steps.repair]) await s(ids['twice']);
  await r.advance(30 * MIN);
  await r.store.db.query(
    `INSERT INTO events (org_id, case_id, process_key, process_version, scope, activity, lifecycle, at, resource)
     SELECT org_id, case_id, process_key, process_version, 'step', 'repair', x.lc, $2::timestamptz + x.d * interval '1 minute', 'fixer'
       FROM events CROSS JOIN (VALUES ('start', 0), ('complete', 20)) x(lc, d) WHERE case_id = $1 AND scope = 'step' AND activity = 'repair' AND lifecycle = 'complete'`,
    [ids['twice'], new Date(r.now).toISOString()],
  );
  await r.advance(30 * MIN);
  await steps.tell(ids['twice']);

  // Deviation 3: the student was never told; the desk withdrew the feedback task.
  ids['untold'] = await complaint('valve');
  for (const s of [steps.log, steps.dispatch, steps.repair]) await s(ids['untold']);
  await withdraw(ids['untold'], 'tell-student');
}, 300_000);
afterAll(async () => r?.close());

async function exported() {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (c: Buffer) => parts.push(c));
  await exportLog(r.store.db, { orgId: 'tpl-org', process: 'hot-water-repair', status: ['completed'] }, 'xes', out);
  out.end();
  return completeEvents(await parseXes(Buffer.concat(parts)));
}

describe('conformance of servflow cases with their SOP', () => {
  it('every case of the run completed', () => {
    expect(Object.values(ids).map((id) => r.cases.get(id)?.status)).toEqual(Array(6).fill('completed'));
  });

  it('alignments find exactly the injected deviations, and fitness 1 on the clean cases', async () => {
    const log = await exported();
    const result = sopConformance(log, sopNet(sop));
    const byCase = new Map(result.perCase.map((c) => [c.caseId, c]));
    const name = (caseId: string) => Object.entries(ids).find(([, v]) => v === caseId)![0];
    const deviating = result.perCase.filter((c) => c.fitness < 1).map((c) => [name(c.caseId), c.skipped, c.extra]);
    expect(deviating).toEqual([
      ['noDispatch', ['dispatch'], []],
      ['twice', [], ['repair']],
      ['untold', ['tell-student'], []],
    ]);
    for (const clean of ['valve', 'major', 'repeat']) expect(byCase.get(ids[clean]!)).toMatchObject({ fitness: 1, skipped: [], extra: [] });
    expect(result.fittingCases).toBe(3);
  });

  it('token replay flags the same three cases', async () => {
    const log = await exported();
    const replay = sopConformance(log, sopNet(sop), { method: 'tokens' });
    const unfit = replay.perCase.filter((c) => c.fitness < 1).map((c) => c.caseId).sort();
    expect(unfit).toEqual([ids['noDispatch'], ids['twice'], ids['untold']].sort());
  });
});
