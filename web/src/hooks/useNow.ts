import { useEffect, useState } from 'react';

const listeners = new Set<(t: number) => void>();
let timer: ReturnType<typeof setInterval> | undefined;

/**
 * The current time, ticking every second, shared by every countdown on the page (one interval,
 * not one per row: an inbox page shows 50 countdowns).
 */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    listeners.add(setNow);
    if (timer === undefined) timer = setInterval(() => {
      const t = Date.now();
      for (const l of listeners) l(t);
    }, 1000);
    return () => {
      listeners.delete(setNow);
      if (listeners.size === 0 && timer !== undefined) {
        clearInterval(timer);
        timer = undefined;
      }
    };
  }, []);
  return now;
}
