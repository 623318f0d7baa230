/** Simulation errors carry a stable code (the CLI and API map them to messages and statuses). */
export type SimulationErrorCode =
  | 'BAD_DISTRIBUTION'
  | 'BAD_MODEL'
  | 'BAD_SCENARIO'
  | 'NO_STAFF'
  | 'NOT_CALIBRATABLE'
  | 'STALLED'
  | 'ENGINE_REFUSED';

export class SimulationError extends Error {
  constructor(
    readonly code: SimulationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SimulationError';
  }
}
