import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { BANK_FILE_HEADERS, type BankFileLine, buildBankCsv, buildBankXlsx, parseBankResultFile, parseCsv } from './bank-file';

const lines: BankFileLine[] = [
  { lineNo: 1, payeeName: '陈小明', bankName: '中国工商银行遵义分行', account: '6222021234567890123', amountFen: 100000, reference: 'AB-2026-000001-0001' },
  { lineNo: 2, payeeName: '王"芳"', bankName: null, account: '6217001234567890', amountFen: 50005, reference: 'AB-2026-000001-0002' },
  { lineNo: 3, payeeName: '=HYPERLINK("x")', bankName: '农行, 红花岗支行', account: '622848000000000001', amountFen: 1, reference: 'AB-2026-000001-0003' },
];
const meta = { batchNo: 'AB-2026-000001', programName: '金秋助学', createdAt: new Date('2026-11-30T02:00:00Z') };

async function readXlsx(buf: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const out: unknown[][] = [];
  wb.worksheets[0].eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

/** GB18030 bytes of a text (two-byte GBK codes found by decoding the code space; ASCII as is). */
function gb18030(text: string): Buffer {
  const dec = new TextDecoder('gb18030');
  const codes = new Map<string, number[]>();
  for (let a = 0x81; a <= 0xfe; a++) for (let b = 0x40; b <= 0xfe; b++) if (b !== 0x7f) codes.set(dec.decode(Uint8Array.from([a, b])), [a, b]);
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else out.push(...codes.get(ch)!);
  }
  return Buffer.from(out);
}

async function xlsxOf(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('回盘');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('bank transfer file', () => {
  it('.xlsx: headers, complete accounts as text, yuan with two decimals and fen', async () => {
    const rows = await readXlsx(await buildBankXlsx(meta, lines));
    expect(rows[0]).toEqual([...BANK_FILE_HEADERS]);
    expect(rows.slice(1)).toEqual([
      [1, '陈小明', '中国工商银行遵义分行', '6222021234567890123', '1000.00', 100000, 'AB-2026-000001-0001'],
      [2, '王"芳"', '', '6217001234567890', '500.05', 50005, 'AB-2026-000001-0002'],
      [3, '=HYPERLINK("x")', '农行, 红花岗支行', '622848000000000001', '0.01', 1, 'AB-2026-000001-0003'],
    ]);
  });

  it('.xlsx: a summary sheet with the batch number, count and total', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildBankXlsx(meta, lines)) as unknown as ArrayBuffer);
    const sum = wb.getWorksheet('汇总')!;
    expect(sum.getCell('B1').value).toBe('AB-2026-000001');
    expect(sum.getCell('B3').value).toBe(3);
    expect(sum.getCell('B4').value).toBe('1500.06');
    expect(sum.getCell('B5').value).toBe(150006);
  });

  it('.csv: UTF-8 with a byte-order mark, every field quoted, quotes doubled, formulas kept as text', () => {
    const buf = buildBankCsv(lines);
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buf.subarray(3).toString('utf8');
    const textLines = text.split('\r\n');
    expect(textLines[0]).toBe('"序号","收款人","开户行","账号","金额（元）","金额（分）","附言/参考号"');
    expect(textLines[1]).toBe('"1","陈小明","中国工商银行遵义分行","6222021234567890123","1000.00","100000","AB-2026-000001-0001"');
    expect(textLines[2]).toBe('"2","王""芳""","","6217001234567890","500.05","50005","AB-2026-000001-0002"');
    expect(parseCsv(text)[3]).toEqual(['3', `'=HYPERLINK("x")`, '农行, 红花岗支行', '622848000000000001', '0.01', '1', 'AB-2026-000001-0003']);
    expect(textLines[4]).toBe('');
  });

  it('is the same bytes for the same batch (.csv) and the same content (.xlsx)', async () => {
    expect(buildBankCsv(lines).equals(buildBankCsv(lines))).toBe(true);
    expect(await readXlsx(await buildBankXlsx(meta, lines))).toEqual(await readXlsx(await buildBankXlsx(meta, lines)));
  });

  it('writes large amounts exactly', () => {
    const big = [{ ...lines[0], amountFen: 9_007_199_254_740_991 }];
    expect(buildBankCsv(big).toString('utf8')).toContain('"90071992547409.91","9007199254740991"');
  });
});

describe('bank result file', () => {
  const header = ['参考号', '金额（分）', '结果', '失败原因'];

  it('.xlsx with fen, 成功/失败 and reasons', async () => {
    const buf = await xlsxOf([header, ['AB-2026-000001-0001', 100000, '成功', null], ['AB-2026-000001-0002', '50005', '失败', '账户已销户'], []]);
    expect(await parseBankResultFile(buf)).toEqual({
      rows: [
        { rowNo: 2, reference: 'AB-2026-000001-0001', amountFen: 100000, result: 'paid' },
        { rowNo: 3, reference: 'AB-2026-000001-0002', amountFen: 50005, result: 'failed', reason: '账户已销户' },
      ],
      problems: [],
    });
  });

  it('.xlsx with yuan (number or text) and paid/failed; a title row above the header', async () => {
    const buf = await xlsxOf([['某银行代发回盘'], ['参考号', '金额(元)', '结果', '失败原因'], ['AB-2026-000001-0001', 1000, 'paid'], ['AB-2026-000001-0002', '500.05', 'FAILED', '户名不符'], ['AB-2026-000001-0003', '¥0.01', 'success']]);
    const parsed = await parseBankResultFile(buf);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((r) => [r.rowNo, r.amountFen, r.result])).toEqual([
      [3, 100000, 'paid'],
      [4, 50005, 'failed'],
      [5, 1, 'paid'],
    ]);
  });

  it('.csv with a byte-order mark, quotes and CRLF', async () => {
    const csv = '\ufeff"参考号","金额（元）","结果","失败原因"\r\n"AB-2026-000001-0001","1,000.00","成功",""\r\n"AB-2026-000001-0002","500.05","失败","账号不存在, 请核对"\r\n';
    const parsed = await parseBankResultFile(Buffer.from(csv, 'utf8'));
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toEqual([
      { rowNo: 2, reference: 'AB-2026-000001-0001', amountFen: 100000, result: 'paid' },
      { rowNo: 3, reference: 'AB-2026-000001-0002', amountFen: 50005, result: 'failed', reason: '账号不存在, 请核对' },
    ]);
  });

  it('.csv in GB18030 (as many banks write it)', async () => {
    const csv = '参考号,金额（分）,结果,失败原因\nAB-2026-000001-0002,50005,失败,户名不符\n';
    const parsed = await parseBankResultFile(gb18030(csv));
    expect(parsed.rows).toEqual([{ rowNo: 2, reference: 'AB-2026-000001-0002', amountFen: 50005, result: 'failed', reason: '户名不符' }]);
  });

  it('reads back the transfer file columns it wrote (附言/参考号, 金额（分）) when a 结果 column is added', async () => {
    const written = buildBankCsv(lines).toString('utf8').split('\r\n').filter(Boolean);
    const csv = written.map((l, i) => `${l},${i === 0 ? '"结果"' : '"成功"'}`).join('\r\n');
    const parsed = await parseBankResultFile(Buffer.from(csv, 'utf8'));
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((r) => [r.reference, r.amountFen, r.result])).toEqual(lines.map((l) => [l.reference, l.amountFen, 'paid']));
  });

  const bad: Array<[string, string, Array<[number, string]>]> = [
    ['missing result column', '参考号,金额（分）\nAB-2026-000001-0001,100\n', [[1, 'MISSING_COLUMN']]],
    ['missing amount columns', '参考号,结果\nAB-2026-000001-0001,成功\n', [[1, 'MISSING_COLUMN']]],
    ['no rows', '参考号,金额（分）,结果\n', [[1, 'NO_ROWS']]],
    ['fen with decimals', '参考号,金额（分）,结果\nAB-2026-000001-0001,100.5,成功\n', [[2, 'BAD_AMOUNT']]],
    ['yuan with three decimals', '参考号,金额（元）,结果\nAB-2026-000001-0001,1.005,成功\n', [[2, 'BAD_AMOUNT']]],
    ['negative yuan', '参考号,金额（元）,结果\nAB-2026-000001-0001,-1.00,成功\n', [[2, 'BAD_AMOUNT']]],
    ['yuan and fen disagree', '参考号,金额（元）,金额（分）,结果\nAB-2026-000001-0001,1.00,101,成功\n', [[2, 'BAD_AMOUNT']]],
    ['empty amount', '参考号,金额（分）,结果\nAB-2026-000001-0001,,成功\n', [[2, 'BAD_AMOUNT']]],
    ['unknown result', '参考号,金额（分）,结果\nAB-2026-000001-0001,100,处理中\n', [[2, 'BAD_RESULT']]],
    ['empty reference', '参考号,金额（分）,结果\n,100,成功\n', [[2, 'MISSING_REFERENCE']]],
    [
      'problems on several rows',
      '参考号,金额（分）,结果\nAB-2026-000001-0001,100,成功\n\nAB-2026-000001-0002,x,成功\nAB-2026-000001-0003,100,?\n',
      [
        [4, 'BAD_AMOUNT'],
        [5, 'BAD_RESULT'],
      ],
    ],
  ];
  it.each(bad)('%s → problems named by row', async (_name, csv, expected) => {
    const parsed = await parseBankResultFile(Buffer.from(csv, 'utf8'));
    expect(parsed.problems.map((p) => [p.row, p.code])).toEqual(expected);
    for (const p of parsed.problems) {
      expect(p.zh).toMatch(/[\u4e00-\u9fa5]/);
      expect(p.en).toMatch(/[a-z]/);
    }
  });

  it('refuses a file that is neither .xlsx nor text, and a broken .xlsx', async () => {
    expect((await parseBankResultFile(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]))).problems[0].code).toBe('UNREADABLE');
    expect((await parseBankResultFile(Buffer.from('PK\u0003\u0004garbage'))).problems[0].code).toBe('UNREADABLE');
  });
});
