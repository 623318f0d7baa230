/** Epoch milliseconds now. Injected everywhere: tests and simulations move a fake one. */
export type Clock = () => number;

/** The machine's clock, for production only. */
export const systemClock: Clock = () => Date.now();
