import { beforeAll, describe, expect, it } from 'vitest';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';

// S34 前台接待: visitors with and without an appointment, enquiries, salespeople.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./office/front-desk-visitor.yaml');
});

/** The harness runner (in memory or on the store), whichever templates/testing.ts provides. */
type R = Awaited<ReturnType<typeof runner>>;
const AT = shanghai('2026-03-04T10:00');
const all = (node: string) => {
  const n = sop.nodes[node];
  return Object.fromEntries((n?.kind === 'human' ? (n.checklist?.items ?? []) : []).filter((i) => i.required).map((i) => [i.id, true]));
};

async function arrive(r: R, visitType: string): Promise<string> {
  const id = await r.start('front-desk-visitor');
  await r.completeAt(id, 'greet-and-register', 'desk-1', { visitorName: '刘先生', visitorCompany: 'XX建材', personVisited: '王总', visitType, purpose: '洽谈合作' }, all('greet-and-register'));
  return id;
}

describe('front-desk visitor reception (S34)', () => {
  it('stands up and greets the visitor at once (within a minute), or the admin manager is told', async () => {
    const r = await runner([sop], { now: AT });
    const id = await r.start('front-desk-visitor');
    await r.advance(60_000);
    expect(r.taskAt(id, 'greet-and-register').sla!.state).toBe('breached');
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'admin-manager' }]);
  });

  it('registers every visit with the name and purpose', async () => {
    const r = await runner([sop], { now: AT });
    const id = await r.start('front-desk-visitor');
    await expect(async () => r.completeAt(id, 'greet-and-register', 'desk-1', { visitType: 'appointment' }, all('greet-and-register'))).rejects.toMatchObject({ code: 'FORM_INVALID' });
  });

  it('seats a visitor with an appointment, serves tea, calls the host, and tidies up after the meeting', async () => {
    const r = await runner([sop], { now: AT });
    const id = await arrive(r, 'appointment');
    expect(r.taskAt(id, 'seat-and-notify').assignee).toBe('desk-1');
    await r.completeAt(id, 'seat-and-notify', 'desk-1', undefined, all('seat-and-notify'));
    await r.completeAt(id, 'host-meets', 'wang');
    await r.completeAt(id, 'tidy-up', 'desk-1', undefined, all('tidy-up'));
    expect(r.trail(id)).toEqual(['greet-and-register:complete', 'seat-and-notify:complete', 'host-meets:complete', 'tidy-up:complete', 'done:complete']);
  });

  it('reminds the receptionist to explain the wait when the host has not come within 15 minutes', async () => {
    const r = await runner([sop], { now: AT });
    const id = await arrive(r, 'appointment');
    await r.completeAt(id, 'seat-and-notify', 'desk-1', undefined, all('seat-and-notify'));
    await r.advance(15 * 60_000);
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'receptionist' }]);
  });

  it.each([
    [true, 'seat-and-notify'],
    [false, 'turn-away'],
  ])('asks the host before letting an unannounced visitor in (host agrees: %s)', async (hostAgrees, next) => {
    const r = await runner([sop], { now: AT });
    const id = await arrive(r, 'unannounced');
    expect(r.taskAt(id, 'check-with-host').role).toBe('host');
    await r.completeAt(id, 'check-with-host', 'wang', { hostAgrees });
    expect(r.openTasks(id).map((t) => t.node)).toEqual([next]);
  });

  it('calls the department manager for a business enquiry, and declines a salesperson politely', async () => {
    const r = await runner([sop], { now: AT });
    const enquiry = await arrive(r, 'enquiry');
    expect(r.taskAt(enquiry, 'enquiry').role).toBe('dept-manager');
    const sales = await arrive(r, 'sales');
    await r.completeAt(sales, 'decline-sales', 'desk-1', { cardLeft: true });
    expect(r.openTasks(sales).map((t) => t.node)).toEqual(['tidy-up']);
  });
});
