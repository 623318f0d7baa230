import { beforeAll, describe, expect, it } from 'vitest';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';

// S34 前台电话接听: three rings, the call log, messages passed on, business calls to marketing.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./office/front-desk-call.yaml');
});

const AT = shanghai('2026-03-04T10:00');
const escalations = (r: Awaited<ReturnType<typeof runner>>) => r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to);

describe('front-desk calls (S34)', () => {
  it('answers within three rings (15 s), or the admin manager is told', async () => {
    const r = await runner([sop], { now: AT });
    const id = await r.start('front-desk-call');
    await r.advance(14_999);
    expect(escalations(r)).toEqual([]);
    await r.advance(1);
    expect(escalations(r)).toEqual([{ role: 'admin-manager' }]);
    expect(r.taskAt(id, 'answer').sla!.state).toBe('breached');
  });

  it('logs every call with its kind on the call sheet', async () => {
    const r = await runner([sop], { now: AT });
    const id = await r.start('front-desk-call');
    await expect(async () => r.completeAt(id, 'answer', 'desk-1', { callerName: '张先生' })).rejects.toMatchObject({ code: 'FORM_INVALID' });
    await r.completeAt(id, 'answer', 'desk-1', { callerName: '张先生', callKind: 'put-through' });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'logged' });
  });

  it('passes a message on within 30 minutes, or the admin manager is told', async () => {
    const r = await runner([sop], { now: AT });
    const id = await r.start('front-desk-call');
    await r.completeAt(id, 'answer', 'desk-1', { callerName: '张先生', callerPhone: '139 0000 5555', callKind: 'message', messageText: '请王总回电' });
    expect(r.taskAt(id, 'pass-on').role).toBe('staff-member');
    await r.advance(30 * 60_000);
    expect(escalations(r)).toEqual([{ role: 'admin-manager' }]);
  });

  it('sends a business call to marketing', async () => {
    const r = await runner([sop], { now: AT });
    const id = await r.start('front-desk-call');
    await r.completeAt(id, 'answer', 'desk-1', { callKind: 'business', messageText: '询问产品报价' });
    await r.completeAt(id, 'to-marketing', 'mkt-1', { followUp: '已回电报价' });
    expect(r.trail(id)).toEqual(['answer:complete', 'to-marketing:complete', 'logged:complete']);
  });

  it('closes a wrong number straight away', async () => {
    const r = await runner([sop], { now: AT });
    const id = await r.start('front-desk-call');
    await r.completeAt(id, 'answer', 'desk-1', { callKind: 'wrong-number' });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'logged' });
  });
});
