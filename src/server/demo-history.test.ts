import { describe, expect, it } from 'vitest';
import { silentLogger } from '../api/http/logger.ts';
import { cycleTime, slaCompliance, throughput } from '../kpi/index.ts';
import { createStore } from '../store/store.ts';
import { describeBackends } from '../store/testing/backends.ts';
import { demoArrivals, exampleOf } from './demo-history.ts';
import { loadLibrary, TEMPLATES_DIR } from './library.ts';
import { DEMO_HISTORY_DAYS, DEMO_ORG, seedDemo } from './seed.ts';

// Monday 23 November 2026, 15:00 in Shanghai.
const NOW = Date.UTC(2026, 10, 23, 7, 0);
const DAY = 86_400_000;

describeBackends('demo history on first start', (b) => {
  it('gives every installed template finished and open cases, with tasks, events, SLA breaches and KPIs', async () => {
    const db = await b.fresh();
    const store = createStore(db);
    const library = await loadLibrary(TEMPLATES_DIR, silentLogger);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const seed = await seedDemo(store, library, { now: NOW, log: silentLogger, passwordCost: { N: 1024, r: 8, p: 1 } });
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    const h = seed.history!;
    console.log(`demo seed on ${b.name}: ${Math.round(ms)} ms wall, ${Math.round((cpu.user + cpu.system) / 1000)} ms CPU of this process (simulate ${h.simulateMs} ms, write ${h.writeMs} ms), ${h.cases} cases`);
    expect(h.skipped).toEqual([]);

    // From the database itself: per template, cases that ended and cases still open.
    const per = await db.query<{ process_key: string; ended: string; open: string }>(
      `SELECT process_key, count(*) FILTER (WHERE status <> 'active') AS ended, count(*) FILTER (WHERE status = 'active') AS open
         FROM cases WHERE org_id = $1 AND parent_case_id IS NULL GROUP BY process_key`,
      [DEMO_ORG],
    );
    const byKey = new Map(per.rows.map((r) => [r.process_key, { ended: Number(r.ended), open: Number(r.open) }]));
    for (const e of library) {
      const k = e.definition.key;
      expect(byKey.get(k)?.ended ?? 0, `${k}: finished cases`).toBeGreaterThan(0);
      expect(byKey.get(k)?.open ?? 0, `${k}: open cases`).toBeGreaterThan(0);
    }

    // Three weeks of it, and nothing in the future.
    const span = (await db.query<{ first: Date; last: Date }>(`SELECT min(at) AS first, max(at) AS last FROM events WHERE org_id = $1`, [DEMO_ORG])).rows[0]!;
    expect(span.first.getTime()).toBeGreaterThanOrEqual(NOW - DEMO_HISTORY_DAYS * DAY);
    expect(span.first.getTime()).toBeLessThan(NOW - (DEMO_HISTORY_DAYS - 2) * DAY);
    expect(span.last.getTime()).toBeLessThanOrEqual(NOW);

    // Every case has its log, beginning with the case's start.
    const noLog = await db.query(`SELECT id FROM cases c WHERE org_id = $1 AND NOT EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id AND e.scope = 'case' AND e.lifecycle = 'start')`, [
      DEMO_ORG,
    ]);
    expect(noLog.rows).toEqual([]);

    // Inboxes: open tasks waiting at both stores, the admin's own store included.
    const waiting = await db.query<{ store_id: string; n: string }>(`SELECT store_id, count(*) AS n FROM tasks WHERE org_id = $1 AND status IN ('open', 'claimed') GROUP BY store_id`, [DEMO_ORG]);
    const w = new Map(waiting.rows.map((r) => [r.store_id, Number(r.n)]));
    expect(w.get('demo-hq') ?? 0).toBeGreaterThan(library.length / 2);
    expect(w.get('demo-east') ?? 0).toBeGreaterThan(library.length / 2);
    // Work was done by the demo staff of each store, not by invented people.
    const who = await db.query<{ by: string }>(`SELECT DISTINCT closed_by AS by FROM tasks WHERE org_id = $1 AND status = 'completed' AND closed_by NOT LIKE 'demo-%' AND closed_by <> 'system'`, [DEMO_ORG]);
    expect(who.rows).toEqual([]);

    // Pending jobs (timers, SLA points) are all in the future: the past ones fired in the simulation.
    const stale = await db.query(`SELECT id FROM jobs WHERE status = 'pending' AND due_at <= $1`, [new Date(NOW).toISOString()]);
    expect(stale.rows).toEqual([]);

    // Dashboards: cycle times for every template, some SLA breaches, throughput.
    const f = { orgId: DEMO_ORG, from: NOW - 30 * DAY, to: NOW + 1 };
    const ct = await cycleTime(db, f);
    expect(new Set(ct.filter((r) => r.cases > 0).map((r) => r.processKey))).toEqual(new Set(library.map((e) => e.definition.key)));
    const sla = await slaCompliance(db, f, 'step');
    const breached = sla.reduce((s, r) => s + r.breached, 0);
    const total = sla.reduce((s, r) => s + r.total, 0);
    expect(breached).toBeGreaterThan(0);
    expect(breached).toBeLessThan(total);
    expect((await throughput(db, f, { unit: 'day' })).length).toBeGreaterThan(10);

    // A second start adds nothing.
    const cases = (await db.query<{ n: string }>(`SELECT count(*) AS n FROM cases`)).rows[0]!.n;
    expect(await seedDemo(store, library, { now: NOW + DAY, log: silentLogger, passwordCost: { N: 1024, r: 8, p: 1 } })).toEqual({ created: false });
    expect((await db.query<{ n: string }>(`SELECT count(*) AS n FROM cases`)).rows[0]!.n).toBe(cases);
  }, 600_000);
});

describe('demo history inputs', () => {
  it('makes texts that match the templates’ form patterns', () => {
    for (const p of ['^[A-HJ-NPR-Z0-9]{17}$', '^[0-9A-Z]{10,15}$', '^\\d{2,3}/\\d{2,3}$', '^[A-Z][0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{2}$', '^1\\d{10}$', '^(?:ab|c)+x?$']) {
      const ex = exampleOf(p);
      expect(ex, p).toBeDefined();
      expect(new RegExp(p).test(ex!), `${p} ← ${ex}`).toBe(true);
    }
    expect(exampleOf('^(a')).toBeUndefined();
  });

  it('spreads arrivals over opening hours, so many a day, and none after now', () => {
    const t = demoArrivals(1.5, { now: NOW, days: 21 }, 7);
    expect(t.length).toBeGreaterThanOrEqual(29); // 1.5 × 21 days, the first and last day cut at the hour of now
    expect(t.length).toBeLessThanOrEqual(33);
    expect(t[t.length - 1]!).toBeLessThanOrEqual(NOW);
    expect(t[0]!).toBeGreaterThanOrEqual(NOW - 21 * DAY);
    for (const x of t) {
      const h = new Date(x + 8 * 3_600_000).getUTCHours();
      expect(h >= 9 && h < 17, new Date(x).toISOString()).toBe(true);
    }
    // Each of the last two days has its cases (those stay open in the backlog).
    expect(t.filter((x) => x > NOW - 2 * DAY).length).toBeGreaterThanOrEqual(2);
  });
});
