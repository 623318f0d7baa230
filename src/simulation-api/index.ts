// What-if simulations over the API (runs in worker threads; see docs/simulation.md).
export { simulationRoutes } from './routes.ts';
export { SimulationRuns, simulationRuns, type SimulationRun } from './runs.ts';
export { runJob, LIMITS } from './job.ts';
