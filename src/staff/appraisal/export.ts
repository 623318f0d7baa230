import ExcelJS from 'exceljs';
import type { AppraisalSheet } from './compute.ts';
import type { LocalizedText } from '../../model/types.ts';

/**
 * The appraisal sheet as rows (one table a person signs), and as an Excel workbook built with
 * exceljs from the same rows — so the printable page, the workbook and the test's reading of
 * the workbook (LibreOffice, converted to CSV) all show one content.
 */

export type Lang = 'zh' | 'en';
export type Cell = string | number | null;

const L = {
  title: { zh: '员工考核表', en: 'Staff appraisal sheet' },
  staff: { zh: '员工', en: 'Staff' },
  posts: { zh: '岗位', en: 'Posts' },
  period: { zh: '考核期', en: 'Period' },
  measure: { zh: '项目', en: 'Item' },
  value: { zh: '数值', en: 'Value' },
  tasksDone: { zh: '完成任务数', en: 'Tasks done' },
  slaCompliance: { zh: '时限达标率', en: 'SLA compliance' },
  slaBreached: { zh: '超时任务数', en: 'Tasks over time' },
  standardsCompliance: { zh: '标准达标率（检查表）', en: 'Standards compliance (checklists)' },
  csat: { zh: '客户满意度', en: 'CSAT' },
  surveyCsat: { zh: '回访问卷满意度（1–5）', en: 'Survey CSAT (1–5)' },
  storeComplaints: { zh: '本店投诉数（其中重复投诉）', en: 'Store complaints (repeats)' },
  complaints: { zh: '针对本人的投诉数（其中成立 / 重复）', en: 'Complaints about them (upheld / repeats)' },
  supervisorScore: { zh: '主管评分', en: 'Supervisor score' },
  score: { zh: '考核得分', en: 'Score' },
  baseBonus: { zh: '基本奖金（元）', en: 'Base bonus (yuan)' },
  commission: { zh: '提成（元）', en: 'Commission (yuan)' },
  total: { zh: '合计（元）', en: 'Total (yuan)' },
  signed: { zh: '签核', en: 'Signed off' },
  notSigned: { zh: '未签核', en: 'not signed' },
} satisfies Record<string, Required<LocalizedText>>;

const tx = (t: LocalizedText, lang: Lang): string => t[lang] ?? t.zh ?? t.en ?? '';
const ratio = (x: number | null): Cell => (x === null ? null : Math.round(x * 10000) / 10000);
const day = (iso: string) => iso.slice(0, 10);

export interface SignOff {
  readonly by: string | null;
  readonly at: string | null;
}

/** The sheet as rows: a heading block, then item/value rows. */
export function sheetRows(s: AppraisalSheet, lang: Lang, signed: SignOff = { by: null, at: null }): Cell[][] {
  const rows: Cell[][] = [
    [L.title[lang], null],
    [L.staff[lang], `${s.name} (${s.staffId})`],
    [L.posts[lang], s.posts.join(', ')],
    [L.period[lang], `${day(s.from)} – ${day(s.to)}`],
    [L.measure[lang], L.value[lang]],
    [L.tasksDone[lang], s.metrics.tasksDone],
    [L.slaCompliance[lang], ratio(s.metrics.slaCompliance)],
    [L.slaBreached[lang], s.metrics.slaBreached],
    [L.standardsCompliance[lang], ratio(s.metrics.standardsCompliance)],
    [L.csat[lang], s.metrics.csat === null ? null : Math.round(s.metrics.csat * 100) / 100],
    [L.surveyCsat[lang], s.metrics.surveyCsat === null ? null : Math.round(s.metrics.surveyCsat * 100) / 100],
    [L.storeComplaints[lang], `${s.metrics.storeComplaints} (${s.metrics.repeatComplaints})`],
    // Sheets computed before complaints named people have no personal counts: shown as 0.
    [L.complaints[lang], `${s.metrics.complaints ?? 0} (${s.metrics.complaintsUpheld ?? 0} / ${s.metrics.complaintsRepeat ?? 0})`],
  ];
  for (const [k, v] of Object.entries(s.counters)) rows.push([k, v]);
  rows.push([L.supervisorScore[lang], s.supervisorScore], [L.score[lang], s.score], [L.baseBonus[lang], s.baseBonus]);
  for (const l of s.lines) rows.push([tx(l.label, lang), l.amount]);
  for (const c of s.commission) rows.push([`${L.commission[lang]}: ${tx(c.label, lang)} (${c.cases} × ${c.base})`, c.amount]);
  rows.push([L.total[lang], s.total], [L.signed[lang], signed.by === null ? L.notSigned[lang] : `${signed.by} ${day(signed.at ?? '')}`]);
  return rows;
}

/** One person's sheet as an .xlsx workbook (one worksheet). */
export async function sheetWorkbook(s: AppraisalSheet, lang: Lang, signed?: SignOff): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'servflow';
  const ws = wb.addWorksheet(s.staffId.slice(0, 31));
  for (const r of sheetRows(s, lang, signed)) ws.addRow(r);
  ws.getColumn(1).width = 40;
  ws.getColumn(2).width = 28;
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.getRow(5).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The store ranking as a workbook. */
export async function rankingWorkbook(rows: readonly { storeId: string | null; rank: number; staffId: string; name: string; score: number; total: number }[], lang: Lang): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(lang === 'zh' ? '排名' : 'Ranking');
  ws.addRow(lang === 'zh' ? ['门店', '名次', '工号', '姓名', '得分', '合计（元）'] : ['Store', 'Rank', 'Staff id', 'Name', 'Score', 'Total (yuan)']);
  for (const r of rows) ws.addRow([r.storeId ?? '-', r.rank, r.staffId, r.name, r.score, r.total]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
