/** Delay before retry number `attempt` (1 = the first retry): initial × factor^(attempt−1), capped. */
export function backoffMs(attempt: number, b: { readonly initialMs: number; readonly factor: number; readonly maxMs: number }): number {
  return Math.min(b.maxMs, Math.round(b.initialMs * b.factor ** Math.max(0, attempt - 1)));
}
