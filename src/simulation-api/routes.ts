import { z } from 'zod';
import { isAdmin } from '../api/policy/access.ts';
import { ApiProblem, forbidden, notFound } from '../api/problem.ts';
import { defineRoute, type RouteDef } from '../api/route.ts';
import { idSchema, versionField } from '../api/schemas/common.ts';
import { getDefinition } from '../store/definitions.ts';
import { scenarioExamples } from './examples.ts';
import { LIMITS } from './job.ts';
import { simulationRuns, type SimulationRun } from './runs.ts';
import type { Principal } from '../api/auth/principal.ts';

/**
 * What-if simulations over the API: a manager picks a published SOP version and a scenario file
 * (the shipped example for a library template, or their own), the server simulates the baseline
 * and each scenario on common random numbers in a worker thread, and the web app polls the run
 * for its progress and then draws the comparison side by side. See docs/simulation.md.
 */

/** Managers (of the organisation or of any store) and admins: redesign is management work. */
function simulates(p: Principal): boolean {
  return isAdmin(p) || p.orgLevels.has('manager') || [...p.storeLevels.values()].some((l) => l.has('manager'));
}
function mustSimulate(p: Principal): void {
  if (!simulates(p)) throw forbidden('what-if simulations are for managers and admins');
}

const estimate = z.object({ mean: z.number().nullable(), halfWidth: z.number().nullable(), low: z.number().nullable(), high: z.number().nullable(), n: z.number().int() });
const delta = z.object({ mean: z.number(), halfWidth: z.number().nullable(), relative: z.number().nullable(), significant: z.boolean(), verdict: z.enum(['better', 'worse', 'same', 'changed']) });
const comparisonSchema = z
  .object({
    scenarios: z.array(z.object({ name: z.string(), description: z.string().optional(), changes: z.array(z.string()), warnings: z.array(z.string()), process: z.object({ key: z.string(), version: z.number().int() }) })),
    rows: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        unit: z.string(),
        group: z.enum(['case', 'step', 'role']),
        better: z.enum(['lower', 'higher']).optional(),
        subject: z.string().optional(),
        values: z.array(estimate.nullable()),
        deltas: z.array(delta.nullable()),
      }),
    ),
    replications: z.number().int(),
    cases: z.number().int(),
    confidence: z.number(),
  })
  .meta({ id: 'SimulationComparison' });

const runSchema = z
  .object({
    id: z.string(),
    process: z.object({ key: z.string(), version: z.number().int() }),
    startedBy: z.string(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    status: z.enum(['running', 'done', 'failed']),
    progress: z.object({ done: z.number().int(), total: z.number().int() }).describe('Simulated cases so far, of all scenarios'),
    comparison: comparisonSchema.nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  })
  .meta({ id: 'SimulationRun' });

// NaN (an interval from one replication) is not JSON: it travels as null.
const finite = (x: number) => (Number.isFinite(x) ? x : null);
function view(r: SimulationRun, withComparison = true) {
  const c = r.comparison;
  return {
    id: r.id,
    process: r.process,
    startedBy: r.startedBy,
    startedAt: new Date(r.startedAt).toISOString(),
    finishedAt: r.finishedAt === undefined ? null : new Date(r.finishedAt).toISOString(),
    status: r.status,
    progress: r.progress,
    comparison:
      c === undefined || !withComparison
        ? null
        : {
            ...c,
            rows: c.rows.map((row) => ({
              ...row,
              values: row.values.map((v) => (v === null ? null : { mean: finite(v.mean), halfWidth: finite(v.halfWidth), low: finite(v.low), high: finite(v.high), n: v.n })),
              deltas: row.deltas.map((d) => (d === null ? null : { ...d, halfWidth: finite(d.halfWidth), relative: finite(d.relative) })),
            })),
          },
    error: r.error ?? null,
  };
}

/** The simulation routes. */
export const simulationRoutes: RouteDef[] = [
  defineRoute({
    method: 'get',
    path: '/api/simulations/examples/{process}',
    operationId: 'simulationExample',
    tag: 'simulation',
    summary: 'The what-if study shipped for a library template (parameters and scenarios, YAML)',
    access: 'signedIn',
    params: z.strictObject({ process: idSchema }),
    responses: { 200: { description: 'The scenario file', schema: z.object({ process: z.string(), scenarios: z.string() }) } },
    async handler({ params, principal: p, rc }) {
      mustSimulate(p);
      const text = (await scenarioExamples(rc.deps.library)).get(params.process);
      if (text === undefined) throw notFound('example study for process', params.process);
      return { status: 200, body: { process: params.process, scenarios: text } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/simulations',
    operationId: 'startSimulation',
    tag: 'simulation',
    summary: 'Simulate a published SOP version and what-if scenarios side by side (runs in the background: poll the run)',
    description: `The scenario file is the one \`servflow simulate\` reads (docs/simulation.md) with baseline parameters. At most ${LIMITS.replications} replications of ${LIMITS.cases} cases and ${LIMITS.scenarios} scenarios; two runs at a time per server (429 otherwise).`,
    access: 'signedIn',
    body: z.strictObject({
      process: idSchema.describe('Process key'),
      version: versionField.optional().describe('Default: the newest published version'),
      scenarios: z.string().min(1).max(200_000).describe('The scenario file (YAML or JSON)'),
      replications: z.number().int().min(1).max(LIMITS.replications).optional(),
      cases: z.number().int().min(1).max(LIMITS.cases).optional(),
      seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
    }),
    responses: { 202: { description: 'Started', schema: runSchema } },
    problems: [429],
    async handler({ body, principal: p, rc }) {
      mustSimulate(p);
      const db = rc.deps.store.db;
      const version =
        body.version ??
        (await db.query<{ v: number }>(`SELECT max(version) AS v FROM definitions WHERE org_id = $1 AND key = $2 AND status = 'published'`, [p.orgId, body.process])).rows[0]?.v ??
        undefined;
      const def = version === undefined || version === null ? undefined : await getDefinition(db, p.orgId, body.process, version);
      if (def === undefined || def.status === 'draft') throw notFound('published process', body.version === undefined ? body.process : `${body.process} v${body.version}`);
      const run = simulationRuns(rc.deps.store).start(p.orgId, p.staffId, { process: def.compiled, scenarios: body.scenarios, replications: body.replications, cases: body.cases, seed: body.seed });
      if (run === undefined) throw new ApiProblem(429, 'SIMULATIONS_BUSY', 'the server is already running its simulations: try again in a minute', { retryAfter: 60 });
      return { status: 202, body: view(run), headers: { location: `/api/simulations/${run.id}` } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/simulations',
    operationId: 'listSimulations',
    tag: 'simulation',
    summary: "Your organisation's recent simulation runs, newest first (without their comparisons)",
    access: 'signedIn',
    responses: { 200: { description: 'Runs', schema: z.object({ items: z.array(runSchema) }) } },
    async handler({ principal: p, rc }) {
      mustSimulate(p);
      return { status: 200, body: { items: simulationRuns(rc.deps.store).list(p.orgId).map((r) => view(r, false)) } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/simulations/{runId}',
    operationId: 'getSimulation',
    tag: 'simulation',
    summary: 'A simulation run: its progress, then the comparison (or what went wrong)',
    access: 'signedIn',
    params: z.strictObject({ runId: z.string().uuid() }),
    responses: { 200: { description: 'The run', schema: runSchema } },
    async handler({ params, principal: p, rc }) {
      mustSimulate(p);
      const run = simulationRuns(rc.deps.store).get(p.orgId, params.runId);
      if (run === undefined) throw notFound('simulation run', params.runId);
      return { status: 200, body: view(run) };
    },
  }),
];
