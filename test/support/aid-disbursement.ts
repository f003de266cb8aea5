import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { AwardDto, ProgramDto } from '../../src/contracts/aid';
import { rowsOf } from '../../src/server/platform/db/client';
import type { Deps } from '../../src/server/platform/deps';
import type { TestContext } from './app';
import { type AidWorld, confirmedAwards } from './aid';

let accountSeq = 0;
/** A distinct 19-digit account number. */
export function testAccount(): string {
  return `62220${String(process.pid % 10000).padStart(4, '0')}${String(++accountSeq).padStart(10, '0')}`;
}

/**
 * A program with `n` confirmed awards (through the API), each given its own payee account (19 digits, encrypted as
 * the award service stores it). Returns the accounts by award id.
 */
export async function confirmedWithAccounts(t: TestContext, w: AidWorld, n: number): Promise<{ program: ProgramDto; awards: AwardDto[]; accounts: Map<string, string> }> {
  // each call moves the clock past a notice: an application window that stays open
  const { program, awards } = await confirmedAwards(t, w, n, { windowStart: '2026-08-01', windowEnd: '2028-12-31' });
  const accounts = new Map<string, string>();
  for (const a of awards) {
    const acct = testAccount();
    accounts.set(a.id, acct);
    await t.deps.db.execute(sql`update aid_awards set payee_account_enc = ${t.deps.cipher.encrypt(acct)} where id = ${a.id}`);
  }
  return { program, awards, accounts };
}

export async function awardStatus(deps: Deps, id: string): Promise<string> {
  return rowsOf<{ status: string }>(await deps.db.execute(sql`select status from aid_awards where id = ${id}`))[0].status;
}

/** Entries the aid module posted for a payment (source aid_payment). */
export async function paymentEntries(deps: Deps, paymentId?: string): Promise<number> {
  const rows = rowsOf<{ n: number }>(
    await deps.db.execute(paymentId ? sql`select count(*)::int as n from ledger_entries where source_type = 'aid_payment' and source_id = ${paymentId}` : sql`select count(*)::int as n from ledger_entries where source_type = 'aid_payment'`),
  );
  return rows[0].n;
}

/** A multipart body with one file. */
export function multipart(name: string, data: Buffer) {
  const boundary = '----pa' + randomUUID().replace(/-/g, '');
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, data, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The first sheet of an .xlsx as rows of cell values. */
export async function xlsxRows(buf: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const out: unknown[][] = [];
  wb.worksheets[0].eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

/** A bank result file as .xlsx: 参考号, 金额（分）, 结果, 失败原因. */
export async function resultXlsx(rows: Array<[string, number | string, string, string?]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('回盘');
  ws.addRow(['参考号', '金额（分）', '结果', '失败原因']);
  for (const r of rows) ws.addRow([r[0], r[1], r[2], r[3] ?? null]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A bank result file as .csv in yuan: 参考号, 金额（元）, 结果, 失败原因. */
export function resultCsv(rows: Array<[string, string, string, string?]>): Buffer {
  const lines = ['参考号,金额（元）,结果,失败原因', ...rows.map((r) => [r[0], r[1], r[2], r[3] ?? ''].map((v) => `"${v}"`).join(','))];
  return Buffer.from('\ufeff' + lines.join('\r\n') + '\r\n', 'utf8');
}
