import { hasSqlState } from './errors.ts';

/**
 * Deadlocks (40P01) and serialization failures (40001) are PostgreSQL telling one of two
 * transactions to try again: nothing of it was written. Commands run again up to `tries` times
 * before the error reaches the caller. Rare by design (locks are taken case-first, parent before
 * child, batches in case order), but a rare 500 is still a 500.
 */
export async function retryTransient<T>(fn: () => Promise<T>, tries = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt >= tries || !(hasSqlState(e, '40P01') || hasSqlState(e, '40001'))) throw e;
    }
  }
}
