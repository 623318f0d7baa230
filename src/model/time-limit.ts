import type { TimeLimit, TimeUnit } from './types.ts';

/**
 * The time-limit mini-language: "48 h", "30 min", "3 working days", "PT48H", "3个工作日"…
 *
 * One unit per limit, because `TimeLimit` holds one: an ISO duration with several parts
 * ("P1DT2H") is converted to its smallest unit (26 hours) rather than rejected, since people
 * paste such values from other tools. Months and years are refused: they have no fixed length
 * and a service limit of "1 month" is better said as "30 days" or "22 working days".
 */

/** A time limit that cannot be read; the message says what to write instead. */
export class TimeLimitError extends Error {
  readonly code = 'TIME_LIMIT_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'TimeLimitError';
  }
}

const EXAMPLES = '"48 h", "30 min", "3 working days", "PT48H" or "3个工作日"';

const EN_UNITS: Readonly<Record<string, TimeUnit>> = {
  s: 'seconds', sec: 'seconds', secs: 'seconds', second: 'seconds', seconds: 'seconds',
  m: 'minutes', min: 'minutes', mins: 'minutes', minute: 'minutes', minutes: 'minutes',
  h: 'hours', hr: 'hours', hrs: 'hours', hour: 'hours', hours: 'hours',
  d: 'days', day: 'days', days: 'days',
  w: 'weeks', wk: 'weeks', wks: 'weeks', week: 'weeks', weeks: 'weeks',
};

const ZH_UNITS: Readonly<Record<string, TimeUnit>> = {
  秒: 'seconds', 秒钟: 'seconds',
  分: 'minutes', 分钟: 'minutes',
  时: 'hours', 小时: 'hours', 钟头: 'hours',
  天: 'days', 日: 'days',
  周: 'weeks', 星期: 'weeks', 礼拜: 'weeks',
};

const NUMBER = String.raw`[+-]?(?:\d+(?:\.\d+)?|\.\d+)(?:e[+-]?\d+)?`;
const EN_RE = new RegExp(String.raw`^(${NUMBER})\s*(?:(working|business|work)\s+)?([a-z]+)$`, 'i');
const EN_WORKDAY_RE = new RegExp(String.raw`^(${NUMBER})\s*(workdays?|businessdays?)$`, 'i');
const ZH_RE = /^([+-]?(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]+))\s*个?\s*(工作)?(秒钟|秒|分钟|分|小时|钟头|时|天|日|周|星期|礼拜)$/;
const ISO_RE = /^([+-])?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

const SECONDS: Readonly<Record<TimeUnit, number>> = { seconds: 1, minutes: 60, hours: 3600, days: 86400, weeks: 604800 };

/** Reads Chinese numerals up to 999 (一, 两, 十五, 二十四, 一百二十). */
function chineseNumber(s: string): number | undefined {
  const digit: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  let total = 0;
  let current = 0;
  let seen = false;
  for (const ch of s) {
    if (ch in digit) {
      current = digit[ch]!;
      seen = true;
    } else if (ch === '十' || ch === '百') {
      const mul = ch === '十' ? 10 : 100;
      total += (seen ? current : 1) * mul;
      current = 0;
      seen = false;
    } else return undefined;
  }
  return total + current;
}

function amountOf(s: string): number {
  return /^[+-]?[\d.]/.test(s) ? Number(s) : (chineseNumber(s) ?? NaN);
}

function parseIso(m: RegExpExecArray, text: string): TimeLimit {
  const [, sign, years, months, weeks, days, hours, minutes, seconds] = m;
  if (years !== undefined || months !== undefined)
    throw new TimeLimitError(`"${text}": months and years have no fixed length; write days or weeks instead (e.g. "P30D")`);
  const parts: [string | undefined, TimeUnit][] = [[weeks, 'weeks'], [days, 'days'], [hours, 'hours'], [minutes, 'minutes'], [seconds, 'seconds']];
  const present = parts.filter((p): p is [string, TimeUnit] => p[0] !== undefined);
  if (present.length === 0) throw new TimeLimitError(`"${text}" is an empty ISO-8601 duration; write e.g. "PT48H" or "P3D"`);
  const smallest = present[present.length - 1]![1];
  const total = present.reduce((acc, [v, u]) => acc + (Number(v) * SECONDS[u]) / SECONDS[smallest], 0);
  return { amount: sign === '-' ? -total : total, unit: smallest, basis: 'elapsed' };
}

/** Parses a time limit such as "48 h", "3 working days", "PT48H" or "3个工作日"; negative amounts only when `signed`. */
export function parseTimeLimit(text: string, options: { readonly signed?: boolean } = {}): TimeLimit {
  const s = text.trim().replace(/\s+/g, ' ');
  if (s === '') throw new TimeLimitError(`empty time limit; write e.g. ${EXAMPLES}`);
  let result: TimeLimit | undefined;
  const iso = ISO_RE.exec(s);
  const en = EN_RE.exec(s);
  const workday = EN_WORKDAY_RE.exec(s);
  const zh = ZH_RE.exec(s.replace(/ /g, ''));
  if (iso && /\d/.test(s)) result = parseIso(iso, s);
  else if (workday) result = { amount: Number(workday[1]), unit: 'days', basis: 'working' };
  else if (en) {
    const unit = EN_UNITS[en[3]!.toLowerCase()];
    if (unit === undefined)
      throw new TimeLimitError(`"${s}": unknown unit "${en[3]}"; use s, min, h, day or week (add "working" to count only opening hours), e.g. ${EXAMPLES}`);
    result = { amount: Number(en[1]), unit, basis: en[2] ? 'working' : 'elapsed' };
  } else if (zh) {
    const unit = ZH_UNITS[zh[3]!]!;
    result = { amount: amountOf(zh[1]!), unit, basis: zh[2] !== undefined ? 'working' : 'elapsed' };
  } else if (new RegExp(`^${NUMBER}$`, 'i').test(s)) {
    throw new TimeLimitError(`"${s}" has no unit; write e.g. "${s} h", "${s} min" or "${s} working days"`);
  } else {
    throw new TimeLimitError(`"${s}" is not a time limit; write e.g. ${EXAMPLES}`);
  }
  if (!Number.isFinite(result.amount)) throw new TimeLimitError(`"${s}" is not a time limit: the amount is not a number`);
  if (result.amount < 0 && !options.signed) throw new TimeLimitError(`"${s}" is negative; a time limit counts forward (write e.g. "${s.replace(/^-\s*/, '')}")`);
  if (Object.is(result.amount, -0)) result = { ...result, amount: 0 };
  return result;
}

const WORDS: Readonly<Record<TimeUnit, readonly [string, string]>> = {
  seconds: ['second', 'seconds'],
  minutes: ['minute', 'minutes'],
  hours: ['hour', 'hours'],
  days: ['day', 'days'],
  weeks: ['week', 'weeks'],
};
const SHORT: Readonly<Record<TimeUnit, string | undefined>> = { seconds: 's', minutes: 'min', hours: 'h', days: undefined, weeks: undefined };

/** Writes a time limit in the canonical form `parseTimeLimit` reads back: "48 h", "15 min", "3 working days". */
export function formatTimeLimit(t: TimeLimit): string {
  const n = String(t.amount);
  const plural = Math.abs(t.amount) === 1 ? 0 : 1;
  if (t.basis === 'working') return `${n} working ${WORDS[t.unit][plural]}`;
  return `${n} ${SHORT[t.unit] ?? WORDS[t.unit][plural]}`;
}
