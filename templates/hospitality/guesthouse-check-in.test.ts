import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../src/engine/index.ts';
import { storeRunner as runner, shanghai, template } from '../testing.ts';
import type { CompiledProcess } from '../../src/model/types.ts';
import type { StoreRunner } from '../../src/testing/store-runner.ts';

// S14 招待所前台散客接待: 欢迎客人 → 实名制入住登记 → 收取押金 → 送客进房 → 资料存档.
let sop: CompiledProcess;
beforeAll(async () => {
  sop = await template('./hospitality/guesthouse-check-in.yaml');
  // Open the store once here, so that the first test does not pay PGlite's start-up (slow on a busy machine).
  await runner([]);
}, 180_000);

const staff = { receptionist: ['rec-gao'] };
const all = (...ids: string[]) => Object.fromEntries(ids.map((k) => [k, true]));
const idOk = all('photo-matches', 'seal-valid', 'not-expired');
const regList = all('status-sheet', 'form-complete', 'key-card', 'briefing');
const regForm = { roomNo: '305', departureDate: '2026-03-09', registrationForm: 'sig-reg' };
const depositForm = { roomRate: 268, depositMethod: 'cash', depositAmount: 500, receptionistSignature: 'sig-rec' };

async function refusal(command: () => unknown): Promise<EngineError> {
  try {
    await command();
  } catch (e) {
    return e as EngineError;
  }
  throw new Error('expected the engine to refuse');
}

async function walkInToId(r: StoreRunner, firstVisit: boolean): Promise<string> {
  const id = await r.start('guesthouse-check-in', { firstVisit });
  await r.completeAt(id, 'welcome', 'rec-gao');
  if (firstVisit) await r.completeAt(id, 'present-rates', 'rec-gao', undefined, all('both-hands', 'high-to-low'));
  await r.completeAt(id, 'choose-room', 'rec-gao', { roomType: 'double', guestAgreed: true });
  return id;
}

describe('guesthouse front-desk check-in (S14)', () => {
  it('reads a reservation back and checks for changes before the ID', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T18:00') });
    const id = await r.start('guesthouse-check-in', { reserved: true });
    await r.completeAt(id, 'welcome', 'rec-gao');
    expect(r.taskAt(id, 'confirm-booking').assignee).toBe('rec-gao');
    const e = await refusal(() => r.completeAt(id, 'confirm-booking', 'rec-gao', { reservationNo: 'B-0307-4' }, all('found', 'changes')));
    expect(e.issues.map((i) => i.field)).toEqual(['read-back']);
    await r.completeAt(id, 'confirm-booking', 'rec-gao', { reservationNo: 'B-0307-4' }, all('found', 'read-back', 'changes'));
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['register-id']);
  });

  it('presents the rate card with both hands, highest rate first, to a walk-in staying for the first time', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T18:00') });
    const id = await r.start('guesthouse-check-in', { firstVisit: true });
    await r.completeAt(id, 'welcome', 'rec-gao');
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['present-rates']);
    const e = await refusal(() => r.completeAt(id, 'present-rates', 'rec-gao', undefined, all('both-hands')));
    expect(e.issues.map((i) => i.field)).toEqual(['high-to-low']);
  });

  it('goes straight to choosing a room for a walk-in who has stayed before', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T18:00') });
    const id = await r.start('guesthouse-check-in');
    await r.completeAt(id, 'welcome', 'rec-gao');
    expect(r.openTasks(id).map((t) => t.node)).toEqual(['choose-room']);
  });

  it.each([
    ['the photo does not match', 'photo-matches'],
    ['the ID has expired', 'not-expired'],
  ])('does not check a guest in when %s: the duty manager takes over', async (_name, failing) => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T18:00') });
    const id = await walkInToId(r, false);
    await r.completeAt(id, 'register-id', 'rec-gao', { idType: 'resident-id', idNo: '440402199001011234' }, { ...idOk, [failing]: false });
    expect(r.taskAt(id, 'refuse').role).toBe('duty-manager');
    await r.completeAt(id, 'refuse', 'dm-1', { refusalNote: '证件过期，客人表示去派出所开证明' });
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'refused' });
    expect(r.trail(id)).not.toContain('deposit:complete');
  });

  it('hands a reserved guest the mail held for them, against a signature, before the deposit', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T18:00') });
    const id = await r.start('guesthouse-check-in', { reserved: true });
    await r.completeAt(id, 'welcome', 'rec-gao');
    await r.completeAt(id, 'confirm-booking', 'rec-gao', { reservationNo: 'B-0307-4' }, all('found', 'read-back', 'changes'));
    await r.completeAt(id, 'register-id', 'rec-gao', { idType: 'passport', idNo: 'E12345678' }, idOk);
    await r.completeAt(id, 'registration-form', 'rec-gao', { ...regForm, heldItems: true }, regList);
    expect((await refusal(() => r.completeAt(id, 'hand-over-items', 'rec-gao', {}))).code).toBe('FORM_INVALID');
    await r.completeAt(id, 'hand-over-items', 'rec-gao', { itemsReceipt: 'sig-mail' });
    expect(r.taskAt(id, 'deposit').role).toBe('cashier');
  });

  it('takes the deposit only with the rate, the method, the amount and the receptionist’s signature on the form', async () => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T18:00') });
    const id = await walkInToId(r, false);
    await r.completeAt(id, 'register-id', 'rec-gao', { idType: 'resident-id', idNo: '440402199001011234' }, idOk);
    await r.completeAt(id, 'registration-form', 'rec-gao', regForm, regList);
    const e = await refusal(() => r.completeAt(id, 'deposit', 'cash-1', { roomRate: 268, depositAmount: 500 }));
    expect(e.issues.map((i) => i.field).sort()).toEqual(['depositMethod', 'receptionistSignature']);
  });

  it.each([
    ['with luggage: the bellboy shows the guest up', true, 'bellboy-escort', 'bellboy'],
    ['without luggage: the card with both hands and the lifts pointed out', false, 'hand-card', 'receptionist'],
  ])('shows the guest to the room %s, then files the records within an hour', async (_name, luggageHelp, step, role) => {
    const r = await runner([sop], { staff, now: shanghai('2026-03-07T18:00') });
    const id = await walkInToId(r, true);
    await r.completeAt(id, 'register-id', 'rec-gao', { idType: 'resident-id', idNo: '440402199001011234' }, idOk);
    await r.completeAt(id, 'registration-form', 'rec-gao', regForm, regList);
    await r.completeAt(id, 'deposit', 'cash-1', depositForm);
    await r.completeAt(id, 'offer-help', 'rec-gao', { luggageHelp });
    expect(r.taskAt(id, step).role).toBe(role);
    await r.completeAt(id, step, luggageHelp ? 'bell-1' : 'rec-gao', undefined, luggageHelp ? undefined : all('both-hands', 'lifts', 'farewell'));
    const archive = r.taskAt(id, 'archive');
    expect(archive.sla!.dueAt - r.now).toBe(3_600_000);
    await r.advance(3_600_000);
    expect(r.notifications.filter((n) => n.reason === 'escalation').map((n) => n.to)).toEqual([{ role: 'duty-manager' }]);
    await r.completeAt(id, 'archive', 'rec-gao', undefined, all('entered', 'filed'));
    expect(r.cases.get(id)).toMatchObject({ status: 'completed', outcome: 'checked-in' });
  });
});
