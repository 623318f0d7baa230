/**
 * Requests started before the page that needs them has rendered: opening /inbox starts
 * loading the first page of tasks at once, in parallel with the session check, instead of
 * after it (one round trip less before the first row shows). A prefetched answer is used once.
 */
const pending = new Map<string, Promise<unknown>>();

/** Starts a request under a key (its errors surface when it is taken). */
export function prefetch<T>(key: string, load: () => Promise<T>): void {
  const p = load();
  p.catch(() => {});
  pending.set(key, p);
}

/** The prefetched request for a key (once), or undefined. */
export function takePrefetched<T>(key: string): Promise<T> | undefined {
  const p = pending.get(key) as Promise<T> | undefined;
  pending.delete(key);
  return p;
}
