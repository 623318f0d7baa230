/**
 * Personal data helpers: phone numbers normalised for duplicate detection and search, and the
 * masks shown to people who do not need the full value.
 */

/**
 * A phone number as stored and compared: digits only, the mainland prefix (+86, 0086, 86 before an
 * 11-digit mobile number) dropped. `+86 138-0013 8000`, `138 0013 8000` and `13800138000` are one
 * number. Returns undefined when fewer than 5 digits are left (not a phone number).
 */
export function normalisePhone(raw: string): string | undefined {
  const trimmed = raw.trim();
  if (!/^\+?[\d\s\-().]+$/.test(trimmed)) return undefined;
  let d = trimmed.replace(/\D/g, '');
  if (d.startsWith('0086')) d = d.slice(4);
  else if (d.startsWith('86') && d.length === 13) d = d.slice(2);
  return d.length >= 5 && d.length <= 20 ? d : undefined;
}

/** 13800138000 → 138****8000; short numbers keep only their last two digits. */
export function maskPhone(p: string): string {
  if (p.length >= 8) return `${p.slice(0, 3)}****${p.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, p.length - 2))}${p.slice(-2)}`;
}

/** 110101199003071234 → 110***********1234. */
export function maskIdNumber(n: string): string {
  const chars = [...n];
  if (chars.length <= 6) return '*'.repeat(chars.length);
  return `${chars.slice(0, 3).join('')}${'*'.repeat(chars.length - 7)}${chars.slice(-4).join('')}`;
}

/** 王小明 → 王**; the first character only. */
export function maskName(n: string): string {
  return `${[...n][0] ?? ''}**`;
}
