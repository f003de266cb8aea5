import { describe, expect, it } from 'vitest';
import {
  type BatchPayment,
  type ResultRow,
  type RowProblemCode,
  batchNumber,
  batchTotals,
  checkResultRows,
  describeProblems,
  fenToYuanText,
  isPaymentReference,
  paymentReference,
  planResults,
} from './disbursement.rules';

const BATCH = 'AB-2026-000007';
const ref = (n: number) => paymentReference(BATCH, n);
const payments: BatchPayment[] = [
  { id: 'p1', reference: ref(1), amountFen: 100000, status: 'pending' },
  { id: 'p2', reference: ref(2), amountFen: 50050, status: 'pending' },
  { id: 'p3', reference: ref(3), amountFen: 30000, status: 'paid' },
  { id: 'p4', reference: ref(4), amountFen: 20000, status: 'failed' },
];
const paid = (n: number, amountFen: number): ResultRow => ({ reference: ref(n), amountFen, result: 'paid' });
const failed = (n: number, amountFen: number, reason?: string): ResultRow => ({ reference: ref(n), amountFen, result: 'failed', reason });

describe('numbers', () => {
  it.each([
    [2026, 1, 'AB-2026-000001'],
    [2026, 123456, 'AB-2026-123456'],
    ['2027', 1234567, 'AB-2027-1234567'],
  ] as const)('batchNumber(%s, %s) = %s', (year, seq, expected) => {
    expect(batchNumber(year, seq)).toBe(expected);
  });

  it.each([
    [1, 'AB-2026-000007-0001'],
    [42, 'AB-2026-000007-0042'],
    [12345, 'AB-2026-000007-12345'],
  ])('paymentReference(line %s) = %s', (line, expected) => {
    expect(paymentReference(BATCH, line)).toBe(expected);
    expect(isPaymentReference(expected)).toBe(true);
  });

  it.each(['', 'AB-2026-000007', 'AB-26-000007-0001', 'ab-2026-000007-0001', 'AB-2026-000007-01', ' AB-2026-000007-0001', 'AB-2026-000007-0001x', "AB-2026-000007-0001' or 1=1"])(
    '%j is not a reference',
    (text) => {
      expect(isPaymentReference(text)).toBe(false);
    },
  );
});

describe('fenToYuanText', () => {
  it.each([
    [0, '0.00'],
    [1, '0.01'],
    [10, '0.10'],
    [100, '1.00'],
    [123456, '1234.56'],
    [50050, '500.50'],
    [-50, '-0.50'],
    [-123456, '-1234.56'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
  ])('%s fen → %s', (fen, text) => {
    expect(fenToYuanText(fen)).toBe(text);
  });

  it.each([0.5, NaN, 2 ** 53])('refuses %s', (fen) => {
    expect(() => fenToYuanText(fen)).toThrow(RangeError);
  });
});

describe('batchTotals', () => {
  it('counts and sums by status', () => {
    expect(batchTotals(payments)).toEqual({ itemCount: 4, totalFen: 200050, pendingCount: 2, paidCount: 1, paidFen: 30000, failedCount: 1, failedFen: 20000 });
  });
  it('is all zero for no payments', () => {
    expect(batchTotals([])).toEqual({ itemCount: 0, totalFen: 0, pendingCount: 0, paidCount: 0, paidFen: 0, failedCount: 0, failedFen: 0 });
  });
});

describe('checkResultRows', () => {
  const cases: Array<[string, ResultRow[], Array<[number, RowProblemCode]>]> = [
    ['every row good', [paid(1, 100000), failed(2, 50050, '账户已销户')], []],
    ['a subset of the batch is fine', [paid(2, 50050)], []],
    ['rows already recorded are not problems here', [paid(3, 30000), failed(4, 20000, '户名不符')], []],
    ['reference of another batch', [paid(1, 100000), { reference: 'AB-2026-000008-0001', amountFen: 100000, result: 'paid' }], [[2, 'UNKNOWN_REFERENCE']]],
    ['reference past the last line', [paid(9, 100000)], [[1, 'UNKNOWN_REFERENCE']]],
    ['not a reference at all', [{ reference: '张三', amountFen: 100000, result: 'paid' }], [[1, 'REFERENCE_FORMAT']]],
    ['wrong amount', [paid(1, 100001)], [[1, 'AMOUNT_MISMATCH']]],
    ['amount in yuan by mistake', [paid(1, 1000)], [[1, 'AMOUNT_MISMATCH']]],
    ['zero amount', [paid(1, 0)], [[1, 'BAD_AMOUNT']]],
    ['fractional fen', [paid(1, 100000.5)], [[1, 'BAD_AMOUNT']]],
    ['duplicate reference', [paid(1, 100000), paid(2, 50050), paid(1, 100000)], [[3, 'DUPLICATE_REFERENCE']]],
    ['duplicate with another result', [paid(1, 100000), failed(1, 100000, 'x')], [[2, 'DUPLICATE_REFERENCE']]],
    ['failed without reason', [failed(2, 50050)], [[1, 'REASON_REQUIRED']]],
    ['failed with a blank reason', [failed(2, 50050, '   ')], [[1, 'REASON_REQUIRED']]],
    ['unknown result', [{ reference: ref(1), amountFen: 100000, result: 'ok' as 'paid' }], [[1, 'BAD_RESULT']]],
    ['two problems on one row', [failed(1, 1, '')], [[1, 'AMOUNT_MISMATCH'], [1, 'REASON_REQUIRED']]],
    [
      'problems on several rows, in row order',
      [paid(1, 100000), paid(2, 1), { reference: 'AB-2099-000001-0001', amountFen: 5, result: 'paid' }, paid(2, 50050)],
      [
        [2, 'AMOUNT_MISMATCH'],
        [3, 'UNKNOWN_REFERENCE'],
        [4, 'DUPLICATE_REFERENCE'],
      ],
    ],
  ];
  it.each(cases)('%s', (_name, rows, expected) => {
    const problems = checkResultRows(BATCH, payments, rows);
    expect(problems.map((p) => [p.row, p.code])).toEqual(expected);
    for (const p of problems) {
      expect(p.zh).toMatch(/[\u4e00-\u9fa5]/);
      expect(p.en).toMatch(/[a-z]/);
    }
  });

  it('names the rows of a file by their file row numbers', () => {
    const problems = checkResultRows(BATCH, payments, [
      { ...paid(1, 100000), rowNo: 2 },
      { ...paid(1, 100000), rowNo: 3 },
      { ...paid(2, 100), rowNo: 7 },
    ]);
    expect(problems.map((p) => [p.row, p.code])).toEqual([
      [3, 'DUPLICATE_REFERENCE'],
      [7, 'AMOUNT_MISMATCH'],
    ]);
    expect(problems[0].zh).toContain('第 2 行');
    expect(problems[1].zh).toContain('500.50');
    expect(problems[1].en).toContain('1.00 yuan');
  });

  it('accepts a reference with blanks around it', () => {
    expect(checkResultRows(BATCH, payments, [{ ...paid(1, 100000), reference: `  ${ref(1)} ` }])).toEqual([]);
  });
});

describe('planResults', () => {
  const cases: Array<[string, ResultRow[], Array<[string, string]>, number[]]> = [
    ['pending → paid', [paid(1, 100000)], [['p1', 'pay']], []],
    ['pending → failed', [failed(2, 50050, '户名不符')], [['p2', 'fail']], []],
    ['paid again: unchanged', [paid(3, 30000)], [['p3', 'unchanged']], []],
    ['failed again: unchanged (another reason too)', [failed(4, 20000, '其他原因')], [['p4', 'unchanged']], []],
    ['paid reported failed: conflict', [paid(1, 100000), failed(3, 30000, '退票')], [['p1', 'pay']], [2]],
    ['failed reported paid: conflict', [paid(4, 20000)], [], [1]],
  ];
  it.each(cases)('%s', (_name, rows, actions, conflictRows) => {
    const plan = planResults(payments, rows);
    expect(plan.actions.map((a) => [a.payment.id, a.kind])).toEqual(actions);
    expect(plan.conflicts.map((c) => c.row)).toEqual(conflictRows);
  });

  it('names the conflicting row in both languages', () => {
    const [c] = planResults(payments, [{ ...failed(3, 30000, '退票'), rowNo: 12 }]).conflicts;
    expect(c).toMatchObject({ row: 12, reference: ref(3), recorded: 'paid', reported: 'failed' });
    expect(c.zh).toContain('第 12 行');
    expect(c.en).toContain('row 12');
  });

  it('refuses rows that were not checked', () => {
    expect(() => planResults(payments, [paid(9, 1)])).toThrow();
  });
});

describe('describeProblems', () => {
  it('lists a few rows and counts the rest', () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ row: i + 2, zh: '金额不符', en: 'amount differs' }));
    const d = describeProblems(many, 3);
    expect(d.zh).toBe('第 2 行：金额不符；第 3 行：金额不符；第 4 行：金额不符；另有 4 处');
    expect(d.en).toBe('row 2: amount differs; row 3: amount differs; row 4: amount differs; 4 more');
  });
});
