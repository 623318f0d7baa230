import { beforeAll, describe, expect, it } from 'vitest';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';

/** The harness runner (in memory or on the store), whichever templates/testing.ts provides. */
type R = Awaited<ReturnType<typeof runner>>;

// S23 售后服务部: new installation, fault repair with escalation to the supervisor, site patrols, spot checks.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./after-sales/installation-and-repair.yaml');
});

const HOUR = 3_600_000;
const AT = shanghai('2026-03-02T09:00'); // a Monday
const staff = { technician: ['tech-a', 'tech-b'] };
const all = (node: string) => {
  const n = sop.nodes[node];
  return Object.fromEntries((n?.kind === 'human' ? (n.checklist?.items ?? []) : []).map((i) => [i.id, true]));
};
const escalations = (r: R) => r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to);

async function fault(r: R, spotCheck = false): Promise<{ id: string; tech: string }> {
  const id = await r.start('installation-and-repair', { jobType: 'repair', site: '金色家园空调系统', spotCheck });
  await r.completeAt(id, 'log-fault', 'desk-1', { customerWords: '3楼风机盘管不出风', contactPhone: '138 0000 3333' });
  const tech = r.taskAt(id, 'contact-user').assignee!;
  await r.completeAt(id, 'contact-user', tech, { visitAt: '2026-03-02T14:00:00+08:00' });
  return { id, tech };
}

describe('after-sales installation, repair and patrols (S23)', () => {
  it('builds a new project to the drawings: plan, install, acceptance with the project manager, training, records archived', async () => {
    const r = await runner([sop], { staff, now: AT });
    const id = await r.start('installation-and-repair', { jobType: 'installation', site: '金色家园空调系统' });
    const tech = r.taskAt(id, 'prepare-installation').assignee!;
    await r.completeAt(id, 'prepare-installation', tech, { plannedFinish: '2026-03-20' }, all('prepare-installation'));
    await r.completeAt(id, 'install', tech, undefined, all('install'));
    expect(r.taskAt(id, 'acceptance').role).toBe('project-manager');
    await r.completeAt(id, 'acceptance', 'pm-1', { accepted: true, customerAcceptance: 'sig' });
    expect(r.taskAt(id, 'training').assignee).toBe(tech);
    await r.completeAt(id, 'training', tech, { trainees: '物业工程部 3 人' });
    await r.completeAt(id, 'archive', tech, undefined, all('archive'));
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'done' });
    expect(r.trail(id)).toEqual(['prepare-installation:complete', 'install:complete', 'acceptance:complete', 'training:complete', 'archive:complete', 'done:complete']);
  });

  it('sends a failed acceptance, or one the customer has not signed, back to the technician', async () => {
    const r = await runner([sop], { staff, now: AT });
    const id = await r.start('installation-and-repair', { jobType: 'installation', site: 'X' });
    const tech = r.taskAt(id, 'prepare-installation').assignee!;
    await r.completeAt(id, 'prepare-installation', tech, { plannedFinish: '2026-03-20' }, all('prepare-installation'));
    await r.completeAt(id, 'install', tech, undefined, all('install'));
    await r.completeAt(id, 'acceptance', 'pm-1', { accepted: true });
    expect(r.taskAt(id, 'install').assignee).toBe(tech);
    await r.completeAt(id, 'install', tech, undefined, all('install'));
    await r.completeAt(id, 'acceptance', 'pm-1', { accepted: false, punchList: '冷凝水管坡度不足' });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['install']);
  });

  it('has a technician call the user within 2 h of a fault report and fix it within 48 h, or the head of after-sales is told', async () => {
    const r = await runner([sop], { staff, now: AT });
    const id = await r.start('installation-and-repair', { jobType: 'repair', site: 'X' });
    await r.completeAt(id, 'log-fault', 'desk-1', { customerWords: '不制冷', contactPhone: '138 0000 3333' });
    expect(r.taskAt(id, 'contact-user').sla!.dueAt - r.now).toBe(2 * HOUR);
    await r.advance(2 * HOUR);
    expect(escalations(r)).toEqual([{ role: 'dept-head' }]);
    const tech = r.taskAt(id, 'contact-user').assignee!;
    await r.completeAt(id, 'contact-user', tech, { visitAt: '2026-03-02T14:00:00+08:00' });
    expect(r.taskAt(id, 'repair')).toMatchObject({ assignee: tech });
    expect(r.taskAt(id, 'repair').sla!.dueAt - r.now).toBe(48 * HOUR);
  });

  it('closes a fault fixed on the spot', async () => {
    const r = await runner([sop], { staff, now: AT });
    const { id, tech } = await fault(r);
    await r.completeAt(id, 'repair', tech, { fixed: true, productDefect: false, repairNotes: '清洗过滤网', userSignature: 'sig' });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'done' });
  });

  it.each([
    ['a fault the technician cannot fix', { fixed: false, productDefect: false }],
    ['a product defect, even when fixed for now', { fixed: true, productDefect: true }],
  ])('takes %s to the supervisor, then back to the same technician', async (_what, result) => {
    const r = await runner([sop], { staff, now: AT });
    const { id, tech } = await fault(r);
    await r.completeAt(id, 'repair', tech, { ...result, repairNotes: '电机烧毁' });
    expect(r.taskAt(id, 'to-supervisor').role).toBe('supervisor');
    await r.completeAt(id, 'to-supervisor', 'sup-1', { solution: '厂家换新电机' });
    expect(r.taskAt(id, 'follow-through').assignee).toBe(tech);
    await r.completeAt(id, 'follow-through', tech, { outcomeNotes: '已更换', userSignature: 'sig' });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'done' });
  });

  it('patrols the sites every month and checks four points', async () => {
    expect(sop.definition.schedules).toEqual([{ rrule: 'FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=9;BYMINUTE=0', data: { jobType: 'patrol' } }]);
    const r = await runner([sop], { staff, now: AT });
    const id = await r.start('installation-and-repair', { ...sop.definition.schedules![0]!.data, site: '金色家园空调系统' });
    const t = r.taskAt(id, 'patrol');
    expect(Object.keys(all('patrol'))).toHaveLength(4);
    await r.completeAt(id, 'patrol', t.assignee!, { patrolFindings: '运行正常' }, all('patrol'));
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'done' });
  });

  it('lets the head of after-sales spot-check a job drawn for it', async () => {
    const r = await runner([sop], { staff, now: AT });
    const { id, tech } = await fault(r, true);
    await r.completeAt(id, 'repair', tech, { fixed: true, productDefect: false, repairNotes: '清洗过滤网' });
    expect(r.taskAt(id, 'spot-check').role).toBe('dept-head');
  });
});
