import ExcelJS from 'exceljs';

/**
 * An uploaded sheet as rows of text cells keyed by header. The first row holds the headers;
 * `rowNumber` is the row as the spreadsheet program shows it (the header is row 1), so problem
 * reports point at the line a person sees. Empty rows are skipped.
 */

export interface SheetRow {
  readonly rowNumber: number;
  readonly cells: Readonly<Record<string, string>>;
}

export interface Sheet {
  readonly headers: readonly string[];
  readonly rows: readonly SheetRow[];
}

export class SheetError extends Error {}

/** Parses CSV text (RFC 4180: quotes, doubled quotes, line breaks inside quotes; a BOM; `,` `;` or tab). */
export function parseCsv(text: string): Sheet {
  const src = text.replace(/^\uFEFF/, '');
  const firstLine = src.slice(0, src.search(/\r?\n|$/));
  const sep = [',', ';', '\t'].map((s) => [s, firstLine.split(s).length] as const).sort((a, b) => b[1] - a[1])[0]![0];
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === sep) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      cells.push(cell);
      records.push({ line: startLine, cells });
      cells = [];
      cell = '';
      line++;
      startLine = line;
    } else cell += ch;
  }
  if (quoted) throw new SheetError(`a quoted cell starting on line ${startLine} is never closed`);
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    records.push({ line: startLine, cells });
  }
  return toSheet(records.map((r) => ({ rowNumber: r.line, values: r.cells })));
}

/** Reads the first worksheet of an .xlsx file. */
export async function parseXlsx(bytes: Uint8Array): Promise<Sheet> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (e) {
    throw new SheetError(`this is not an .xlsx file Excel or WPS can save (${(e as Error).message})`);
  }
  const ws = wb.worksheets[0];
  if (ws === undefined) throw new SheetError('the workbook has no worksheet');
  const records: { rowNumber: number; values: string[] }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) values.push(cellText(row.getCell(c).value));
    records.push({ rowNumber, values });
  });
  return toSheet(records);
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return v.result === undefined ? '' : String(v.result);
    return '';
  }
  return String(v);
}

function toSheet(records: readonly { rowNumber: number; values: readonly string[] }[]): Sheet {
  const head = records[0];
  if (head === undefined) throw new SheetError('the file is empty: the first row must name the columns');
  const headers = head.values.map((h) => h.trim());
  const rows: SheetRow[] = [];
  for (const r of records.slice(1)) {
    if (r.values.every((v) => v.trim() === '')) continue;
    const cells: Record<string, string> = {};
    headers.forEach((h, i) => {
      if (h !== '') cells[h] = (r.values[i] ?? '').trim();
    });
    rows.push({ rowNumber: r.rowNumber, cells });
  }
  return { headers, rows };
}
