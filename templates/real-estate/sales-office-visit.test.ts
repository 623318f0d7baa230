import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../src/engine/index.ts';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';
import type { StoreRunner } from '../../src/testing/store-runner.ts';

// S26 案场服务: greeter, bar and sales consultant around one visitor.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./real-estate/sales-office-visit.yaml');
  // Open the store once here, so that the first test does not pay PGlite's start-up (slow on a busy machine).
  await runner([]);
}, 180_000);

const staff = { 'sales-consultant': ['sc-01', 'sc-02', 'sc-03'] };
const all = (...ids: string[]) => Object.fromEntries(ids.map((k) => [k, true]));
const escalations = (r: StoreRunner) => r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to);
const visitor = { visitorName: '陈女士', visitorPhone: '139 2222 3333', partySize: 2, firstVisit: true, source: 'advert' };

async function refusal(command: () => unknown): Promise<EngineError> {
  try {
    await command();
  } catch (e) {
    return e as EngineError;
  }
  throw new Error('expected the engine to refuse');
}

describe('sales-office visitor service (S26)', () => {
  it('registers every visitor before anything else, greeting within a minute or the butler is told', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T10:00') });
    const id = await r.start('sales-office-visit');
    expect((await refusal(() => r.completeAt(id, 'greet', 'gr-1', { visitorName: '陈女士' }))).issues.map((i) => i.field).sort()).toEqual(['firstVisit', 'partySize']);
    await r.advance(60_000);
    expect(escalations(r)).toEqual([{ role: 'butler' }]);
  });

  it('hands visitors to the sales consultants in turn, while the bar serves drinks and snacks within 3 minutes', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T10:00') });
    const a = await r.start('sales-office-visit');
    await r.completeAt(a, 'greet', 'gr-1', visitor);
    const b = await r.start('sales-office-visit');
    await r.completeAt(b, 'greet', 'gr-1', { ...visitor, visitorName: '周先生' });
    expect([r.taskAt(a, 'consultation').assignee, r.taskAt(b, 'consultation').assignee]).toEqual(['sc-01', 'sc-02']);
    expect(r.taskAt(a, 'drinks').sla!.dueAt - r.now).toBe(3 * 60_000);
    expect((await refusal(() => r.completeAt(a, 'drinks', 'bar-1', undefined, all('drink-served', 'presentable')))).issues.map((i) => i.field)).toEqual(['snacks']);
  });

  it('takes the visitor round the show flat with the same consultant when asked, checking it first', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T10:00') });
    const id = await r.start('sales-office-visit');
    await r.completeAt(id, 'greet', 'gr-1', visitor);
    await r.completeAt(id, 'consultation', 'sc-01', { interest: '三房，100平左右，预算300万', showFlat: true });
    expect(r.taskAt(id, 'show-flat').assignee).toBe('sc-01');
    expect((await refusal(() => r.completeAt(id, 'show-flat', 'sc-01', undefined, all('clean', 'lights', 'safety')))).issues.map((i) => i.field)).toEqual(['shoe-covers']);
  });

  it('sees the visitor off after both the consultation and the drinks, then has the bar reset the table within 5 minutes', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T10:00') });
    const id = await r.start('sales-office-visit');
    await r.completeAt(id, 'greet', 'gr-1', visitor);
    await r.completeAt(id, 'consultation', 'sc-01', { interest: '两房', showFlat: false });
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['drinks']);
    await r.completeAt(id, 'drinks', 'bar-1', undefined, all('drink-served', 'snacks', 'presentable'));
    await r.completeAt(id, 'see-off', 'gr-1', { result: 'interested' });
    expect(r.taskAt(id, 'reset-table').sla!.dueAt - r.now).toBe(5 * 60_000);
    await r.advance(5 * 60_000);
    expect(escalations(r)).toEqual([{ role: 'butler' }]);
    await r.completeAt(id, 'reset-table', 'bar-1', undefined, all('cleared', 'repositioned'));
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'visited' });
    expect(r.cases.get(id)!.data).toMatchObject({ visitorName: '陈女士', result: 'interested' });
  });
});
