import { z } from 'zod';
import { isAdmin } from '../api/policy/access.ts';
import { ApiProblem, forbidden } from '../api/problem.ts';
import { defineRoute, type RouteDef } from '../api/route.ts';
import { planImport, type ImportKind } from './plans.ts';
import { parseCsv, parseXlsx, SheetError, type Sheet } from './table.ts';

/**
 * Bulk import through the API (admins): customers, staff, membership cards from .xlsx or .csv.
 * `dryRun: true` checks every row and lists every problem without writing; a real import of a
 * file with any problem writes nothing and answers 422 with the same list.
 */

const problemItem = z.object({ row: z.number().int().describe('Row as the spreadsheet shows it (headers = row 1)'), column: z.string(), message: z.string() }).meta({ id: 'ImportProblem' });

async function readSheet(format: 'csv' | 'xlsx', content: string): Promise<Sheet> {
  try {
    if (format === 'csv') return parseCsv(content);
    const bytes = Buffer.from(content, 'base64');
    if (bytes.length === 0) throw new SheetError('the content is empty: send the .xlsx file base64-encoded');
    return await parseXlsx(bytes);
  } catch (e) {
    if (e instanceof SheetError) throw new ApiProblem(422, 'UNREADABLE_FILE', e.message, { issues: [{ path: 'body.content', message: e.message }] });
    throw e;
  }
}

export const importRoutes: RouteDef[] = [
  defineRoute({
    method: 'post',
    path: '/api/import/{kind}',
    operationId: 'bulkImport',
    tag: 'customers',
    summary: 'Import customers, staff or membership cards from .xlsx/.csv (admins); dryRun lists every row problem; a file with any problem writes nothing',
    description:
      'Columns (English or Chinese headers). customers: id, name/姓名, phone/电话 (several separated by ;), id_number/身份证, tags/标签, tier/等级, owner/客户经理; any other column becomes a free attribute. ' +
      'staff: id/工号, name/姓名, store/门店, role/岗位. cards: id/卡号, customer/客户编号 or phone/电话, kind/类型 (balance 储值卡 | sessions 次卡 疗程卡), label/名称, balance/余额 (yuan, or sessions), store/门店.',
    access: 'signedIn',
    params: z.strictObject({ kind: z.enum(['customers', 'staff', 'cards']) }),
    body: z.strictObject({
      format: z.enum(['csv', 'xlsx']),
      content: z.string().min(1).describe('csv: the text; xlsx: the file, base64-encoded'),
      dryRun: z.boolean().default(false),
    }),
    responses: {
      200: { description: 'Dry run: every problem found (nothing written)', schema: z.object({ kind: z.string(), dryRun: z.literal(true), rows: z.number().int(), problems: z.array(problemItem) }) },
      201: { description: 'Imported, every row', schema: z.object({ kind: z.string(), dryRun: z.literal(false), rows: z.number().int(), created: z.array(z.string()) }) },
    },
    problems: [403],
    async handler({ params, body, principal: p, rc }) {
      if (!isAdmin(p)) throw forbidden('only organisation admins import data');
      const sheet = await readSheet(body.format, body.content);
      const kind = params.kind as ImportKind;
      if (body.dryRun) {
        const plan = await planImport(rc.deps.store.db, p.orgId, kind, sheet);
        return { status: 200, body: { kind, dryRun: true, rows: plan.rows, problems: plan.problems } };
      }
      return rc.write(p, async (w) => {
        const plan = await planImport(w.tx, p.orgId, kind, sheet);
        if (plan.problems.length > 0)
          throw new ApiProblem(422, 'IMPORT_REJECTED', `${plan.problems.length} problem(s) in the file; nothing was imported. Fix them (a dry run lists them) and send the file again`, {
            issues: plan.problems.map((x) => ({ path: `row ${x.row}, column ${x.column}`, message: x.message })),
            current: { problems: plan.problems },
          });
        const created = await plan.apply(w.tx, { orgId: p.orgId, by: p.staffId, now: rc.now, newId: (k) => rc.deps.store.ids.next(k) });
        w.audit({ action: `import.${kind}`, targetType: 'import', targetId: rc.requestId, after: { rows: plan.rows, created }, personal: kind === 'customers' ? ['name', 'phones', 'idNumber'] : kind === 'staff' ? ['name'] : [] });
        return { status: 201, body: { kind, dryRun: false, rows: plan.rows, created } };
      });
    },
  }),
];
