import { answerDemoSurveys, fileDemoComplaints } from './demo-care.ts';
import { writeDemoAppointments } from './demo-appointments.ts';
import { customerCases, insertDemoCustomers, setDemoTierRules, writeCardsAndPurchases } from './demo-customers-write.ts';
import { planDemoCustomers } from './demo-customers.ts';
import { demoArrivalTimes, writeDemoHistory, type DemoHistoryOptions, type DemoHistoryResult } from './demo-history.ts';
import type { CompiledProcess } from '../model/types.ts';
import type { Store } from '../store/store.ts';
import type { Tx } from '../store/db.ts';

/**
 * Everything a first start shows besides the SOPs: customers, the simulated weeks of cases that
 * served them, and around those cases what a business keeps — purchases and membership cards,
 * the appointment book (past and the next days), complaints with a repeat that escalated, and
 * survey answers with one low score being recovered. In this order, because each part refers
 * to the one before: customers exist before their cases, cases before the appointments that
 * started them, the ledger entries tied to them, their complaints and surveys.
 */

export interface DemoDataResult extends DemoHistoryResult {
  readonly around: {
    readonly customers: number;
    readonly purchases: number;
    readonly cards: number;
    readonly ledgerEntries: number;
    readonly appointments: number;
    readonly complaints: number;
    readonly repeatComplaints: number;
    readonly surveys: number;
    readonly recoveryCaseId: string | null;
    /** Time spent on all of this besides the history (ms). */
    readonly ms: number;
  };
}

/** Writes the demo data of a new demo organisation (see the file comment). */
export async function writeDemoData(tx: Tx, store: Store, processes: readonly CompiledProcess[], o: Omit<DemoHistoryOptions, 'extras'>): Promise<DemoDataResult> {
  const t0 = performance.now();
  const plan = planDemoCustomers({ processes, arrivals: demoArrivalTimes(processes, o), stores: o.stores, now: o.now, seed: o.seed });
  await insertDemoCustomers(tx, o.orgId, plan.customers);
  const t1 = performance.now();
  const history = await writeDemoHistory(tx, processes, { ...o, extras: plan.extras });
  const t2 = performance.now();
  const cases = await customerCases(tx, o.orgId);
  const money = await writeCardsAndPurchases(tx, o.orgId, cases, o.now, o.seed);
  const booked = await tx.query<{ id: string; appointment: string }>(
    `SELECT id, state->'data'->>'appointmentId' AS appointment FROM cases WHERE org_id = $1 AND state->'data'->>'appointmentId' IS NOT NULL`,
    [o.orgId],
  );
  const appts = await writeDemoAppointments(
    tx,
    o.orgId,
    o.stores.map((s) => s.storeId),
    plan.appointments,
    new Map(booked.rows.map((x) => [x.appointment, x.id])),
    new Set(processes.map((p) => p.definition.key)),
    o.now,
  );
  const complaints = await fileDemoComplaints(tx, o.orgId, cases);
  const surveys = await answerDemoSurveys(tx, store, o.orgId, cases, o.now, o.seed);
  await setDemoTierRules(tx, o.orgId);
  return {
    ...history,
    around: {
      customers: plan.customers.length,
      purchases: money.purchases,
      cards: money.cards,
      ledgerEntries: money.entries,
      appointments: appts.appointments,
      complaints: complaints.complaints,
      repeatComplaints: complaints.repeats,
      surveys: surveys.answers,
      recoveryCaseId: surveys.recoveryCaseId,
      ms: Math.round(t1 - t0 + (performance.now() - t2)),
    },
  };
}
