import { compile, parseSop } from '../../model/index.ts';
import { StoreRunner } from '../../testing/store-runner.ts';
import type { Db } from '../../store/index.ts';

/**
 * A small repair SOP and one morning of work on the durable store with a fake clock, with
 * every number the KPI tests expect known in advance: intake (10 min limit) → fix (1 h limit,
 * may be redone) → survey (satisfaction score) → done.
 */
export const REPAIR_SOP = compile(
  parseSop(
    `
key: kpi-repair
version: 1
name: { zh: 报修, en: Repair }
roles:
  - { id: desk, name: Desk }
  - { id: tech, name: Technician }
variables:
  - { id: satisfaction, type: number }
nodes:
  - { id: intake, human: { zh: 登记, en: Intake }, role: desk, sla: { due: 10 min } }
  - id: fix
    human: { zh: 维修, en: Fix }
    role: tech
    sla: { due: 1 h }
    form: [ { id: redo, label: Needs another visit, type: boolean, required: true } ]
  - { id: again?, exclusive: Again?, branches: [ { when: 'redo = true', to: fix } ], default: survey }
  - id: survey
    human: { zh: 回访, en: Survey }
    role: desk
    form: [ { id: satisfaction, label: Score, type: integer, required: true, min: 1, max: 5 } ]
  - { id: done, end: { zh: 完成, en: Done } }
`,
    'kpi-repair.yaml',
  ),
);

export const T0 = Date.UTC(2026, 0, 5, 1, 0); // Monday 09:00 in Shanghai
export const MIN = 60_000;

/** The cases of the morning and what happened in them. */
export interface ServiceDay {
  readonly runner: StoreRunner;
  /** On time everywhere, 45 min, satisfaction 5: alice (intake, survey), bob (fix). */
  readonly a: string;
  /** Intake late (carol), fix late then redone on time (bob), 150 min, satisfaction 3. */
  readonly b: string;
  /** Still open at fix; intake on time (alice). */
  readonly c: string;
}

/** Plays the morning on a fresh store runner (on `db`, or a new in-memory PGlite). */
export async function playServiceDay(db?: Db): Promise<ServiceDay> {
  const r = await StoreRunner.open({ processes: [REPAIR_SOP], now: T0, staff: { desk: ['alice', 'carol'], tech: ['bob'] }, ...(db ? { db } : {}) });
  const at = async (t: number) => r.advanceTo(t);
  const claim = async (c: string, node: string, by: string) => r.send(c, { type: 'claim', taskId: r.taskAt(c, node).id, by });

  const a = await r.start('kpi-repair');
  await at(T0 + 2 * MIN);
  await claim(a, 'intake', 'alice');
  await at(T0 + 5 * MIN);
  await r.completeAt(a, 'intake', 'alice');
  await at(T0 + 10 * MIN);
  await claim(a, 'fix', 'bob');
  await at(T0 + 40 * MIN);
  await r.completeAt(a, 'fix', 'bob', { redo: false });
  await at(T0 + 45 * MIN);
  await r.completeAt(a, 'survey', 'alice', { satisfaction: 5 }); // straight from the queue: no claim

  const tb = T0 + 60 * MIN;
  await at(tb);
  const b = await r.start('kpi-repair');
  await at(tb + 1 * MIN);
  await claim(b, 'intake', 'carol');
  await at(tb + 20 * MIN); // limit was tb + 10 min
  await r.completeAt(b, 'intake', 'carol');
  await at(tb + 25 * MIN);
  await claim(b, 'fix', 'bob');
  await at(tb + 120 * MIN); // limit was tb + 80 min
  await r.completeAt(b, 'fix', 'bob', { redo: true });
  await at(tb + 130 * MIN);
  await claim(b, 'fix', 'bob');
  await at(tb + 140 * MIN);
  await r.completeAt(b, 'fix', 'bob', { redo: false });
  await at(tb + 150 * MIN);
  await r.completeAt(b, 'survey', 'carol', { satisfaction: 3 });

  const tc = tb + 160 * MIN;
  await at(tc);
  const c = await r.start('kpi-repair');
  await at(tc + 3 * MIN);
  await claim(c, 'intake', 'alice');
  await at(tc + 4 * MIN);
  await r.completeAt(c, 'intake', 'alice');
  return { runner: r, a, b, c };
}
