import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { describeBackends } from '../store/testing/backends.ts';
import { fingerprint, makeWorld } from '../api/testing/world.ts';
import { yuanToCents } from './plans.ts';
import { parseCsv } from './table.ts';

/** Bulk import of customers, staff and membership cards through the API. */

async function xlsx(rows: (string | number)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

describe('sheet reading', () => {
  it('reads CSV with quotes, doubled quotes, line breaks in cells, a BOM and semicolons; row numbers are the lines a person sees', () => {
    const s = parseCsv('\uFEFF姓名;电话;备注\r\n"王, 小明";138 0013 8000;"说 ""你好""\n第二行"\n\n李娜;13900000000;\n');
    expect(s.headers).toEqual(['姓名', '电话', '备注']);
    expect(s.rows).toEqual([
      { rowNumber: 2, cells: { 姓名: '王, 小明', 电话: '138 0013 8000', 备注: '说 "你好"\n第二行' } },
      { rowNumber: 5, cells: { 姓名: '李娜', 电话: '13900000000', 备注: '' } },
    ]);
    expect(() => parseCsv('a,b\n"open')).toThrow(/never closed/);
  });

  it('turns yuan into cents exactly', () => {
    expect(yuanToCents('1280')).toBe(128_000);
    expect(yuanToCents('1,280.5')).toBe(128_050);
    expect(yuanToCents('¥0.07')).toBe(7);
    expect(yuanToCents('12.345')).toBeUndefined();
    expect(yuanToCents('-5')).toBeUndefined();
  });
});

describeBackends('bulk import', (b) => {
  it('a dry run lists every bad row; the real import of that file writes nothing and reports each bad row', async () => {
    const w = await makeWorld(await b.fresh());
    await w.as('adv1').post('/api/customers', { id: 'old', name: '老客户', phones: ['13700000000'] });
    const csv = [
      '客户编号,姓名,电话,客户经理,肤质',
      'n1,王小明,+86 138-0013-8000,adv1,干性',
      'n2,,13800000002,,',
      'n3,李娜,not a phone,,',
      'n4,张伟,138 0013 8000,,',
      'n5,赵丽,137-0000-0000,,',
      'n6,钱多,13800000006,nobody,',
      'old,孙,13800000007,,',
    ].join('\n');
    const before = await fingerprint(w.db);
    const dry = await w.as('admin').post('/api/import/customers', { format: 'csv', content: csv, dryRun: true });
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body).toMatchObject({ kind: 'customers', dryRun: true, rows: 7 });
    expect(dry.body.problems).toEqual([
      { row: 3, column: 'name', message: 'the name is empty' },
      { row: 4, column: 'phone', message: '"not a phone" is not a phone number' },
      { row: 5, column: 'phone', message: 'the phone number is also on row 2' },
      { row: 6, column: 'phone', message: 'customer old already has this phone number' },
      { row: 7, column: 'owner', message: 'there is no staff member "nobody" in your organisation' },
      { row: 8, column: 'id', message: 'the id old is taken' },
    ]);
    const real = await w.as('admin').post('/api/import/customers', { format: 'csv', content: csv });
    expect(real.status).toBe(422);
    expect(real.body.code).toBe('IMPORT_REJECTED');
    expect(real.body.current.problems).toEqual(dry.body.problems);
    expect(real.body.issues[0]).toEqual({ path: 'row 3, column name', message: 'the name is empty' });
    expect(await fingerprint(w.db)).toBe(before);
  });

  it('imports customers from CSV, then staff and cards from .xlsx', async () => {
    const w = await makeWorld(await b.fresh());
    const csv = '姓名,手机,身份证,标签,肤质,资产\n王小明,+86 138-0013-8000,110101199003071234,vip;regular,干性,2000000\n李娜,139 0000 0000,,,,\n';
    const dry = await w.as('admin').post('/api/import/customers', { format: 'csv', content: csv, dryRun: true });
    expect(dry.body.problems).toEqual([]);
    const made = await w.as('admin').post('/api/import/customers', { format: 'csv', content: csv });
    expect(made.status, made.text).toBe(201);
    expect(made.body.created).toHaveLength(2);
    const wang = (await w.as('admin').get(`/api/customers/${made.body.created[0]}`)).body;
    expect(wang).toMatchObject({ name: '王小明', phones: ['13800138000'], idNumber: '110101199003071234', tags: ['vip', 'regular'], attributes: { 肤质: '干性', 资产: 2000000 } });
    // the same file again: every phone is now a duplicate
    const again = await w.as('admin').post('/api/import/customers', { format: 'csv', content: csv });
    expect(again.body.current.problems.map((x: { row: number; column: string }) => `${x.row}:${x.column}`)).toEqual(['2:phone', '3:phone']);

    const staff = await w.as('admin').post('/api/import/staff', { format: 'xlsx', content: await xlsx([['工号', '姓名', '门店', '岗位'], ['b01', '美容师甲', 's1', 'beautician'], ['b02', '美容师乙', 's2', 'beautician;consultant']]) });
    expect(staff.status, staff.text).toBe(201);
    expect((await w.as('admin').get('/api/staff/b02')).body.roles).toEqual([
      { storeId: 's2', role: 'beautician' },
      { storeId: 's2', role: 'consultant' },
    ]);

    const cards = await w.as('admin').post('/api/import/cards', {
      format: 'xlsx',
      content: await xlsx([
        ['卡号', '电话', '类型', '名称', '余额', '门店'],
        ['v1', '13800138000', '储值卡', '金卡', '1280.50', 's1'],
        ['v2', '139-0000-0000', '疗程卡', '面部护理 10 次', 8, 's1'],
      ]),
    });
    expect(cards.status, cards.text).toBe(201);
    expect((await w.as('adv1').get('/api/cards/v1')).body.card).toMatchObject({ customerId: made.body.created[0], kind: 'balance', balance: 128_050 });
    expect((await w.as('adv1').get('/api/cards/v2')).body.card).toMatchObject({ customerId: made.body.created[1], kind: 'sessions', balance: 8 });
    const bad = await w.as('admin').post('/api/import/cards', {
      format: 'xlsx',
      content: await xlsx([
        ['电话', '类型', '名称', '余额'],
        ['13600000000', '储值卡', 'x', '10'],
        ['13800138000', 'gift', 'x', '10'],
        ['13800138000', '次卡', 'x', '2.5'],
      ]),
      dryRun: true,
    });
    expect(bad.body.problems.map((x: { row: number; column: string }) => `${x.row}:${x.column}`)).toEqual(['2:phone', '3:kind', '4:balance']);
    // audited, without personal data in the entry
    const audit = await w.db.query<{ action: string; after: { created: string[] } }>(`SELECT action, after FROM audit_log WHERE target_type = 'import' ORDER BY seq`);
    expect(audit.rows.map((r) => r.action)).toEqual(['import.customers', 'import.staff', 'import.cards']);
    expect(JSON.stringify(audit.rows)).not.toContain('13800138000');
  });

  it('is for admins of the organisation; other organisations never meet', async () => {
    const w = await makeWorld(await b.fresh());
    await w.as('adv1').post('/api/customers', { id: 'x1', name: '王', phones: ['13800138000'] });
    const csv = '电话,类型,名称,余额\n13800138000,储值卡,x,10\n';
    const before = await fingerprint(w.db);
    for (const who of ['gm', 'mgr1', 'adv1', 'auditor'] as const) expect((await w.as(who).post('/api/import/cards', { format: 'csv', content: csv })).status, who).toBe(403);
    const other = await w.as('adminB').post('/api/import/cards', { format: 'csv', content: csv, dryRun: true });
    expect(other.body.problems).toEqual([{ row: 2, column: 'phone', message: 'no customer has this phone number: import the customers first' }]);
    expect((await w.as('admin').post('/api/import/customers', { format: 'xlsx', content: Buffer.from('not a zip').toString('base64') })).body.code).toBe('UNREADABLE_FILE');
    expect((await w.as('admin').post('/api/import/staff', { format: 'csv', content: 'who,name\n1,x\n', dryRun: true })).body.problems[0]).toEqual({ row: 1, column: 'who', message: expect.stringContaining('unknown column') });
    expect(await fingerprint(w.db)).toBe(before);
  });
});
