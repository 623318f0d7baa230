import { formatTimeLimit, parseTimeLimit, TimeLimitError } from '../time-limit.ts';
import type { SlaSpec } from '../types.ts';

/**
 * Small value languages of the YAML surface that are more than one time limit: the SLA warning
 * point ("80%", "5 min before", "提前5分钟"). Shared by the schema (to reject) and the mapping
 * to the model (to read), so the two cannot disagree.
 */

export type Warning = NonNullable<SlaSpec['warning']>;

const PERCENT = /^(\d+(?:\.\d+)?)\s*%$/;
const BEFORE_EN = /^(.+?)\s+before$/i;
const BEFORE_ZH = /^(?:提前|到期前)\s*(.+)$/;

/** Reads an SLA warning: a percentage of the limit ("80%", or 0.8), or a time before the due time ("5 min before"). */
export function parseWarning(value: string | number): Warning {
  if (typeof value === 'number') {
    if (value > 0 && value < 1) return { fraction: value };
    throw new TimeLimitError(`warning ${value}: write a share of the time limit such as "80%" (or 0.8), or a time before it such as "30 min before"`);
  }
  const s = value.trim();
  const pct = PERCENT.exec(s);
  if (pct) {
    const fraction = Number(pct[1]) / 100;
    if (fraction > 0 && fraction < 1) return { fraction };
    throw new TimeLimitError(`warning "${s}": the share must be between 0% and 100%, e.g. "80%"`);
  }
  const before = BEFORE_EN.exec(s) ?? BEFORE_ZH.exec(s);
  if (before) return { before: parseTimeLimit(before[1]!) };
  throw new TimeLimitError(`warning "${s}": write a share of the time limit such as "80%", or a time before it such as "30 min before" or "提前30分钟"`);
}

/** Writes an SLA warning so that `parseWarning` gives it back exactly. */
export function formatWarning(w: Warning): string | number {
  if ('before' in w) return `${formatTimeLimit(w.before)} before`;
  const pct = `${Math.round(w.fraction * 1e6) / 1e4}%`;
  // A percentage that would not read back to the very same number is written as the number itself.
  const back = PERCENT.exec(pct);
  return back && Number(back[1]) / 100 === w.fraction ? pct : w.fraction;
}
