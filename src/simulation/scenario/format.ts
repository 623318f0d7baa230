import type { Comparison, ComparisonRow } from './compare.ts';

const num = (x: number, digits = 3): string => (Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(0) : Number(x.toPrecision(digits)).toString()) : '–');

function cell(row: ComparisonRow, i: number): string {
  const v = row.values[i];
  if (!v) return '–';
  const pct = row.unit === 'fraction';
  const show = (x: number): string => (pct ? `${num(x * 100)}%` : num(x));
  let text = Number.isFinite(v.halfWidth) ? `${show(v.mean)} ±${show(v.halfWidth)}` : show(v.mean);
  const d = row.deltas[i];
  if (d && d.significant && Number.isFinite(d.relative)) text += ` (${d.relative > 0 ? '+' : ''}${num(d.relative * 100, 2)}%${d.verdict === 'better' ? ' ✓' : d.verdict === 'worse' ? ' ✗' : ''})`;
  return text;
}

/** Which rows the terminal shows by default: the case-level ones, waiting per step, utilisation per role. */
export function defaultRows(c: Comparison): ComparisonRow[] {
  return c.rows.filter(
    (r) =>
      r.group === 'case' ||
      /^step\.[^.]+\.(wait|breachRate)$/.test(r.key) ||
      /^role\.[^.]+\.(utilisation|people)$/.test(r.key),
  );
}

/** The comparison as a plain-text table (✓ better, ✗ worse where the difference is significant). */
export function formatComparison(c: Comparison, rows: readonly ComparisonRow[] = defaultRows(c)): string {
  const unitOf = (r: ComparisonRow): string => (r.unit === 'fraction' ? '' : ` (${r.unit})`);
  // Long scenario names (suggestions are sentences) become #1, #2… with a legend below.
  const short = c.scenarios.some((s) => s.name.length > 24);
  const header = ['metric', ...c.scenarios.map((s, i) => (short && i > 0 ? `#${i}` : s.name))];
  const body = rows.map((r) => [`${r.label}${unitOf(r)}`, ...c.scenarios.map((_, i) => cell(r, i))]);
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((b) => b[j]!.length)));
  const line = (cells: readonly string[]): string => cells.map((x, j) => (j === 0 ? x.padEnd(widths[j]!) : x.padStart(widths[j]!))).join('  ');
  const out = [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)];
  const notes = c.scenarios.flatMap((s, i) => [
    ...(i > 0 ? [`${short ? `#${i} ${s.name}` : s.name}: ${s.changes.join('; ') || 'no changes'}`] : []),
    ...s.warnings.map((w) => `! ${s.name}: ${w}`),
  ]);
  out.push('', `${c.replications} replications × ${c.cases} cases; ± is the ${Math.round(c.confidence * 100)} % interval; differences paired on common random numbers.`);
  return [...out, ...notes].join('\n');
}
