import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rankingWorkbook, sheetRows, sheetWorkbook, type Cell } from './export.ts';
import type { AppraisalSheet } from './compute.ts';

/**
 * The Excel export opens in LibreOffice: the workbook is converted headless to CSV and the CSV
 * is compared with the rows the sheet is made of. Skipped, visibly, without soffice unless
 * SERVFLOW_REQUIRE_LIBREOFFICE=1 (CI installs it; see .ci/run).
 */

function which(cmd: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}
const SOFFICE = which('soffice') ?? which('libreoffice');
const REQUIRE = process.env.SERVFLOW_REQUIRE_LIBREOFFICE === '1';
if (SOFFICE === undefined) {
  if (REQUIRE) throw new Error('SERVFLOW_REQUIRE_LIBREOFFICE=1 but soffice is not installed (apt-get install libreoffice-calc-nogui)');
  console.warn('\n[staff export test] LibreOffice check SKIPPED: soffice is not installed (apt-get install libreoffice-calc-nogui).\n');
}

const dir = mkdtempSync(join(tmpdir(), 'sf-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Converts an .xlsx to UTF-8 CSV with LibreOffice and parses it. */
function viaLibreOffice(name: string, xlsx: Buffer): string[][] {
  const file = join(dir, `${name}.xlsx`);
  writeFileSync(file, xlsx);
  execFileSync(SOFFICE!, [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', dir, file], { stdio: 'pipe', timeout: 120_000 });
  return parseCsv(readFileSync(join(dir, `${name}.csv`), 'utf8'));
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else if (ch !== '\r') cell += ch;
  }
  if (cell !== '' || row.length > 0) row.push(cell), rows.push(row);
  return rows;
}

const asText = (rows: Cell[][]) => rows.map((r) => r.map((c) => (c === null ? '' : String(c))));

const SHEET: AppraisalSheet = {
  staffId: 'mnt-a',
  name: '李师傅',
  storeId: 'campus-1',
  posts: ['campus-1:maintenance'],
  from: '2026-03-01T00:00:00.000Z',
  to: '2026-04-01T00:00:00.000Z',
  metrics: { tasksDone: 16, slaTotal: 16, slaOnTime: 14, slaBreached: 2, slaCompliance: 0.875, checklistTotal: 4, checklistPassed: 3, standardsCompliance: 0.75, csat: 4.5, csatCases: 10, surveyCsat: 4, surveys: 3, storeComplaints: 2, repeatComplaints: 1, complaints: 1, complaintsUpheld: 1, complaintsRepeat: 0 },
  counters: { noHotWater: 2 },
  supervisorScore: 8.5,
  score: 83.5,
  baseBonus: 600,
  lines: [
    { rule: 'hotWaterDeduction', label: { zh: '扣除当月奖金', en: "Month's bonus deducted" }, amount: -600 },
    { rule: 'highScore', label: { zh: '高分奖励', en: 'High-score reward' }, amount: 0 },
  ],
  commission: [{ rule: 'service', label: { zh: '维修提成', en: 'Repair commission' }, kind: 'service', cases: 1.5, base: 450, amount: 45.5 }],
  commissionTotal: 45.5,
  total: 45.5,
};

describe.skipIf(SOFFICE === undefined)(`appraisal export opens in LibreOffice${SOFFICE === undefined ? ' (skipped: no soffice)' : ''}`, () => {
  it('a signed sheet in Chinese: LibreOffice reads back every row and value', async () => {
    const signed = { by: 'gm', at: '2026-04-02T02:00:00.000Z' };
    const csv = viaLibreOffice('sheet-zh', await sheetWorkbook(SHEET, 'zh', signed));
    expect(csv).toEqual(asText(sheetRows(SHEET, 'zh', signed)));
    expect(csv[1]).toEqual(['员工', '李师傅 (mnt-a)']);
    expect(csv.find((r) => r[0] === '扣除当月奖金')).toEqual(['扣除当月奖金', '-600']);
    expect(csv.find((r) => r[0]!.startsWith('针对本人的投诉数'))).toEqual(['针对本人的投诉数（其中成立 / 重复）', '1 (1 / 0)']);
    expect(csv.at(-1)).toEqual(['签核', 'gm 2026-04-02']);
  }, 180_000);

  it('the store ranking in English', async () => {
    const rows = [
      { storeId: 's1', rank: 1, staffId: 'bea-a', name: 'Ann', score: 92.25, total: 1320 },
      { storeId: 's1', rank: 2, staffId: 'bea-b', name: 'Bo', score: 80, total: 880.5 },
    ];
    const csv = viaLibreOffice('ranking-en', await rankingWorkbook(rows, 'en'));
    expect(csv).toEqual([['Store', 'Rank', 'Staff id', 'Name', 'Score', 'Total (yuan)'], ['s1', '1', 'bea-a', 'Ann', '92.25', '1320'], ['s1', '2', 'bea-b', 'Bo', '80', '880.5']]);
  }, 180_000);
});
