import ExcelJS from 'exceljs';
import { parseYuanToFen } from '../../platform/money';
import { type BankResult, type ResultRow, fenToYuanText } from './disbursement.rules';

/**
 * 银行代发文件 and 回盘文件: the transfer file a batch sends to the bank (.xlsx or .csv) and the reading of the result
 * file the bank sends back. The transfer file carries complete account numbers: it goes to the bank, never to a screen.
 */

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_MIME = 'text/csv; charset=utf-8';

export const BANK_FILE_HEADERS = ['序号', '收款人', '开户行', '账号', '金额（元）', '金额（分）', '附言/参考号'] as const;

export interface BankFileLine {
  lineNo: number;
  payeeName: string;
  bankName: string | null;
  /** Complete, decrypted. */
  account: string;
  amountFen: number;
  reference: string;
}

export interface BankFileMeta {
  batchNo: string;
  programName: string;
  /** When the batch was made: the workbook's dates, so the same batch always gives the same file. */
  createdAt: Date;
}

function cells(l: BankFileLine): [number, string, string, string, string, number, string] {
  return [l.lineNo, l.payeeName, l.bankName ?? '', l.account, fenToYuanText(l.amountFen), l.amountFen, l.reference];
}

/** The transfer file as .xlsx: one sheet of lines (account and amounts as text cells, so no digit is lost) and a summary. */
export async function buildBankXlsx(meta: BankFileMeta, lines: readonly BankFileLine[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'precision-aid';
  wb.created = meta.createdAt;
  wb.modified = meta.createdAt;
  const ws = wb.addWorksheet('代发明细');
  ws.columns = [
    { header: BANK_FILE_HEADERS[0], key: 'lineNo', width: 8 },
    { header: BANK_FILE_HEADERS[1], key: 'payeeName', width: 14 },
    { header: BANK_FILE_HEADERS[2], key: 'bankName', width: 28 },
    { header: BANK_FILE_HEADERS[3], key: 'account', width: 26, style: { numFmt: '@' } },
    { header: BANK_FILE_HEADERS[4], key: 'yuan', width: 14, style: { numFmt: '@', alignment: { horizontal: 'right' } } },
    { header: BANK_FILE_HEADERS[5], key: 'fen', width: 14 },
    { header: BANK_FILE_HEADERS[6], key: 'reference', width: 26, style: { numFmt: '@' } },
  ];
  ws.getRow(1).font = { bold: true };
  for (const l of lines) ws.addRow(cells(l));
  const sum = wb.addWorksheet('汇总');
  const totalFen = lines.reduce((s, l) => s + l.amountFen, 0);
  sum.addRows([
    ['批次号', meta.batchNo],
    ['项目', meta.programName],
    ['笔数', lines.length],
    ['总金额（元）', fenToYuanText(totalFen)],
    ['总金额（分）', totalFen],
  ]);
  sum.getColumn(1).width = 14;
  sum.getColumn(2).width = 30;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A text a spreadsheet would read as a formula (=, +, -, @ first) is kept as text with a leading apostrophe. */
function safeText(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

const quote = (v: string | number) => `"${String(v).replace(/"/g, '""')}"`;

/** The transfer file as .csv: UTF-8 with a byte-order mark (Excel reads it as UTF-8), every field quoted, CRLF lines. */
export function buildBankCsv(lines: readonly BankFileLine[]): Buffer {
  const out = [BANK_FILE_HEADERS.map(quote).join(',')];
  for (const l of lines) {
    const [n, name, bank, account, yuan, fen, ref] = cells(l);
    out.push([n, safeText(name), safeText(bank), account, yuan, fen, ref].map(quote).join(','));
  }
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(out.join('\r\n') + '\r\n', 'utf8')]);
}

// ───── reading the bank's result file ─────

export interface ParseProblem {
  row: number;
  reference: string;
  code: 'MISSING_COLUMN' | 'NO_ROWS' | 'UNREADABLE' | 'BAD_AMOUNT' | 'BAD_RESULT' | 'MISSING_REFERENCE';
  zh: string;
  en: string;
}

export interface ParsedResults {
  rows: Array<ResultRow & { rowNo: number }>;
  problems: ParseProblem[];
}

type Col = 'reference' | 'fen' | 'yuan' | 'result' | 'reason';

const HEADER_NAMES: Record<Col, string[]> = {
  reference: ['参考号', '附言/参考号', '附言', '交易参考号', '业务参考号', '摘要', 'reference', 'ref'],
  fen: ['金额(分)', 'amountfen', 'amount(fen)'],
  yuan: ['金额(元)', '金额', '交易金额', '实付金额', 'amount', 'amount(yuan)'],
  result: ['结果', '交易结果', '处理结果', '状态', 'result', 'status'],
  reason: ['失败原因', '原因', '备注', 'reason'],
};

const RESULT_WORDS: Record<string, BankResult> = {
  成功: 'paid',
  交易成功: 'paid',
  已成功: 'paid',
  已支付: 'paid',
  paid: 'paid',
  success: 'paid',
  succeeded: 'paid',
  失败: 'failed',
  交易失败: 'failed',
  已失败: 'failed',
  退票: 'failed',
  failed: 'failed',
  fail: 'failed',
  failure: 'failed',
};

/** Full-width forms to ASCII, blanks removed, lower case: 金额（分） → 金额(分). */
const key = (s: string) => s.normalize('NFKC').replace(/[\s\u00a0\u3000]+/g, '').toLowerCase();

function headerMap(header: string[]): Partial<Record<Col, number>> {
  const m: Partial<Record<Col, number>> = {};
  header.forEach((h, i) => {
    const k = key(h);
    for (const col of Object.keys(HEADER_NAMES) as Col[]) {
      if (m[col] === undefined && HEADER_NAMES[col].includes(k)) m[col] = i;
    }
  });
  return m;
}

type Raw = string | number | null;

/** An exceljs cell value reduced to text or a number (rich text, formulas and hyperlinks to their value). */
function cellValue(v: unknown): Raw {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as Array<{ text?: string }>).map((r) => r.text ?? '').join('');
    if ('error' in o) return String(o.error);
    if ('formula' in o || 'sharedFormula' in o) return cellValue(o.result);
    if ('text' in o) return cellValue(o.text);
    if ('result' in o) return cellValue(o.result);
  }
  return String(v);
}

const text = (v: Raw) => (v === null ? '' : String(v).trim());

function fenOf(v: Raw): number | null {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v > 0 ? v : null;
  const s = key(text(v)).replace(/,/g, '');
  return /^\d{1,15}$/.test(s) && Number(s) > 0 && Number.isSafeInteger(Number(s)) ? Number(s) : null;
}

function yuanOf(v: Raw): number | null {
  const s = typeof v === 'number' ? String(v) : key(text(v)).replace(/^[¥￥]/, '');
  try {
    const fen = parseYuanToFen(s);
    return fen > 0 ? fen : null;
  } catch {
    return null;
  }
}

/** Rows (first row: the header) → result rows and the problems of each row (numbered as the file shows them). */
function readTable(table: Raw[][], firstRowNo = 1): ParsedResults {
  const problems: ParseProblem[] = [];
  const rows: ParsedResults['rows'] = [];
  // the header: the first row (of the first ten) that names a reference column
  let h = table.slice(0, 10).findIndex((r) => headerMap(r.map(text)).reference !== undefined);
  if (h < 0) h = 0;
  const cols = headerMap((table[h] ?? []).map(text));
  const headerRow = firstRowNo + h;
  const missing: string[] = [];
  if (cols.reference === undefined) missing.push('参考号 / reference');
  if (cols.fen === undefined && cols.yuan === undefined) missing.push('金额（分）或金额（元） / amount');
  if (cols.result === undefined) missing.push('结果 / result');
  if (missing.length) {
    problems.push({ row: headerRow, reference: '', code: 'MISSING_COLUMN', zh: `缺少列：${missing.join('、')}`, en: `missing column: ${missing.join(', ')}` });
    return { rows, problems };
  }
  for (let i = h + 1; i < table.length; i++) {
    const r = table[i];
    if (r.every((c) => text(c) === '')) continue;
    const rowNo = firstRowNo + i;
    const reference = text(r[cols.reference!] ?? null);
    const add = (code: ParseProblem['code'], zh: string, en: string) => problems.push({ row: rowNo, reference, code, zh, en });
    if (!reference) add('MISSING_REFERENCE', '参考号为空', 'the reference is empty');
    const fenCell = cols.fen === undefined ? null : (r[cols.fen] ?? null);
    const yuanCell = cols.yuan === undefined ? null : (r[cols.yuan] ?? null);
    let amountFen: number | null = null;
    if (text(fenCell) !== '') {
      amountFen = fenOf(fenCell);
      if (amountFen === null) add('BAD_AMOUNT', `金额（分）“${text(fenCell)}”不是正整数`, `amount (fen) "${text(fenCell)}" is not a positive whole number`);
      else if (text(yuanCell) !== '' && yuanOf(yuanCell) !== amountFen) {
        add('BAD_AMOUNT', `金额（元）“${text(yuanCell)}”与金额（分）${amountFen} 不一致`, `amount (yuan) "${text(yuanCell)}" disagrees with amount (fen) ${amountFen}`);
      }
    } else if (text(yuanCell) !== '') {
      amountFen = yuanOf(yuanCell);
      if (amountFen === null) add('BAD_AMOUNT', `金额（元）“${text(yuanCell)}”无效（最多两位小数）`, `amount (yuan) "${text(yuanCell)}" is invalid (at most two decimals)`);
    } else {
      add('BAD_AMOUNT', '金额为空', 'the amount is empty');
    }
    const resultText = text(r[cols.result!] ?? null);
    const result = RESULT_WORDS[key(resultText)];
    if (!result) add('BAD_RESULT', `结果“${resultText}”应为“成功”或“失败”`, `result "${resultText}" must be 成功/paid or 失败/failed`);
    const reason = cols.reason === undefined ? '' : text(r[cols.reason] ?? null);
    if (reference && amountFen !== null && result) rows.push({ rowNo, reference, amountFen, result, ...(reason ? { reason: reason.slice(0, 200) } : {}) });
  }
  if (rows.length === 0 && problems.length === 0) problems.push({ row: headerRow, reference: '', code: 'NO_ROWS', zh: '文件中没有结果行', en: 'the file has no result rows' });
  return { rows, problems };
}

/** UTF-8 (with or without a byte-order mark); a file that is not valid UTF-8 is read as GB18030, as Chinese banks write it. */
function decodeText(buf: Buffer): string {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}

/** RFC 4180 fields: quotes, doubled quotes, commas and line breaks inside quotes; CRLF or LF; a tab-separated file too. */
export function parseCsv(textIn: string): string[][] {
  const firstLine = textIn.slice(0, textIn.search(/\r?\n|$/));
  const sep = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < textIn.length; i++) {
    const c = textIn[i];
    if (quoted) {
      if (c === '"') {
        if (textIn[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === sep) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && textIn[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const isZip = (buf: Buffer) => buf.length > 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;

/**
 * Reads a bank result file (.xlsx: the first sheet; .csv: UTF-8 or GB18030) with the columns 参考号, 金额（分）or
 * 金额（元）, 结果 (成功/失败 or paid/failed) and 失败原因. The kind is told by the content, not the name.
 */
export async function parseBankResultFile(buf: Buffer): Promise<ParsedResults> {
  if (isZip(buf)) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(buf as unknown as ArrayBuffer);
    } catch {
      return { rows: [], problems: [{ row: 0, reference: '', code: 'UNREADABLE', zh: '无法读取该 Excel 文件', en: 'the Excel file cannot be read' }] };
    }
    const ws = wb.worksheets[0];
    if (!ws) return { rows: [], problems: [{ row: 0, reference: '', code: 'NO_ROWS', zh: '文件中没有工作表', en: 'the file has no sheet' }] };
    const table: Raw[][] = [];
    ws.eachRow({ includeEmpty: true }, (row, rowNo) => {
      const values: Raw[] = [];
      for (let c = 1; c <= Math.max(row.cellCount, 1); c++) values.push(cellValue(row.getCell(c).value));
      table[rowNo - 1] = values;
    });
    for (let i = 0; i < table.length; i++) table[i] ??= [];
    return readTable(table, 1);
  }
  if (buf.includes(0)) {
    return { rows: [], problems: [{ row: 0, reference: '', code: 'UNREADABLE', zh: '文件应为 .xlsx 或 .csv', en: 'the file must be .xlsx or .csv' }] };
  }
  return readTable(parseCsv(decodeText(buf)), 1);
}
