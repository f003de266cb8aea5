/**
 * 发放批次的纯规则: batch and payment numbers, batch totals, and the checks a bank result file must pass before any
 * result is recorded (every problem named by its row, in Chinese and English). No database, no clock.
 */

export type PaymentStatus = 'pending' | 'paid' | 'failed' | 'cancelled';
export type BankResult = 'paid' | 'failed';

/** Batch number: AB-<year>-<sequence of six digits>, e.g. AB-2026-000012. */
export function batchNumber(year: number | string, seq: number): string {
  return `AB-${year}-${String(seq).padStart(6, '0')}`;
}

/** The reference the bank echoes back: the batch number and the line number (four digits or more), e.g. AB-2026-000012-0003. */
export function paymentReference(batchNo: string, lineNo: number): string {
  return `${batchNo}-${String(lineNo).padStart(4, '0')}`;
}

const REFERENCE_RE = /^AB-\d{4}-\d{6,}-\d{4,}$/;

/** Whether a text has the form of a payment reference. */
export function isPaymentReference(text: string): boolean {
  return REFERENCE_RE.test(text);
}

export interface Totals {
  itemCount: number;
  totalFen: number;
  pendingCount: number;
  paidCount: number;
  paidFen: number;
  failedCount: number;
  failedFen: number;
}

/** Counts and sums of a batch's payments, in integer fen. */
export function batchTotals(payments: ReadonlyArray<{ amountFen: number; status: PaymentStatus }>): Totals {
  const t: Totals = { itemCount: 0, totalFen: 0, pendingCount: 0, paidCount: 0, paidFen: 0, failedCount: 0, failedFen: 0 };
  for (const p of payments) {
    t.itemCount += 1;
    t.totalFen += p.amountFen;
    if (p.status === 'pending') t.pendingCount += 1;
    else if (p.status === 'paid') {
      t.paidCount += 1;
      t.paidFen += p.amountFen;
    } else {
      t.failedCount += 1;
      t.failedFen += p.amountFen;
    }
  }
  if (!Number.isSafeInteger(t.totalFen)) throw new RangeError('batch total out of range');
  return t;
}

/** One line of a bank result (from the file or the JSON body). rowNo: the line as the user sees it (file row; else 1-based index). */
export interface ResultRow {
  rowNo?: number;
  reference: string;
  amountFen: number;
  result: BankResult;
  reason?: string | null;
}

/** A payment of the batch the results are matched against. */
export interface BatchPayment {
  id: string;
  reference: string;
  amountFen: number;
  status: PaymentStatus;
}

export type RowProblemCode = 'REFERENCE_FORMAT' | 'UNKNOWN_REFERENCE' | 'DUPLICATE_REFERENCE' | 'AMOUNT_MISMATCH' | 'REASON_REQUIRED' | 'BAD_AMOUNT' | 'BAD_RESULT';

export interface RowProblem {
  row: number;
  reference: string;
  code: RowProblemCode;
  zh: string;
  en: string;
}

/** Integer fen as yuan text with two decimals and no grouping (123456 → "1234.56"), by integer arithmetic only. */
export function fenToYuanText(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not an integer number of fen: ${fen}`);
  const abs = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
const yuan = (fen: number) => (Number.isSafeInteger(fen) ? fenToYuanText(fen) : String(fen));

/**
 * Checks a whole result list against the batch before anything is recorded: each reference has the form of one and
 * belongs to this batch, appears once, the amount equals the payment's, the result is paid or failed, and a failed
 * row gives its reason. Returns every problem (an empty list: the file may be recorded).
 */
export function checkResultRows(batchNo: string, payments: readonly BatchPayment[], rows: readonly ResultRow[]): RowProblem[] {
  const byRef = new Map(payments.map((p) => [p.reference, p]));
  const firstRow = new Map<string, number>();
  const problems: RowProblem[] = [];
  rows.forEach((r, i) => {
    const row = r.rowNo ?? i + 1;
    const ref = (r.reference ?? '').trim();
    const add = (code: RowProblemCode, zh: string, en: string) => problems.push({ row, reference: ref, code, zh, en });
    if (!isPaymentReference(ref)) {
      add('REFERENCE_FORMAT', `参考号“${ref}”格式不对`, `reference "${ref}" is not a payment reference`);
      return;
    }
    const seen = firstRow.get(ref);
    if (seen !== undefined) {
      add('DUPLICATE_REFERENCE', `参考号 ${ref} 与第 ${seen} 行重复`, `reference ${ref} repeats row ${seen}`);
      return;
    }
    firstRow.set(ref, row);
    const p = byRef.get(ref);
    if (!p) {
      add('UNKNOWN_REFERENCE', `参考号 ${ref} 不属于批次 ${batchNo}`, `reference ${ref} is not in batch ${batchNo}`);
      return;
    }
    if (!Number.isSafeInteger(r.amountFen) || r.amountFen <= 0) {
      add('BAD_AMOUNT', '金额无效', 'the amount is not a positive number of fen');
    } else if (r.amountFen !== p.amountFen) {
      add('AMOUNT_MISMATCH', `金额 ${yuan(r.amountFen)} 元与应发 ${yuan(p.amountFen)} 元不符`, `amount ${yuan(r.amountFen)} yuan differs from the payment's ${yuan(p.amountFen)} yuan`);
    }
    if (r.result !== 'paid' && r.result !== 'failed') {
      add('BAD_RESULT', '结果应为“成功”或“失败”', 'the result must be paid or failed');
    } else if (r.result === 'failed' && !r.reason?.trim()) {
      add('REASON_REQUIRED', '失败的行须填写失败原因', 'a failed row needs its reason');
    }
  });
  return problems.sort((a, b) => a.row - b.row);
}

export type PlannedAction = { kind: 'pay' | 'fail' | 'unchanged'; payment: BatchPayment; row: ResultRow & { rowNo: number } };
export interface ResultConflict {
  row: number;
  reference: string;
  recorded: PaymentStatus;
  reported: BankResult;
  zh: string;
  en: string;
}

const STATUS_ZH: Record<PaymentStatus, string> = { pending: '待回盘', paid: '成功', failed: '失败', cancelled: '已取消' };

/**
 * What recording checked rows does to each payment: a pending payment is paid or failed; a payment that already has
 * the same result stays as it is (re-importing a file pays nothing twice); a row that contradicts a recorded result
 * is a conflict. Rows must have passed checkResultRows.
 */
export function planResults(payments: readonly BatchPayment[], rows: readonly ResultRow[]): { actions: PlannedAction[]; conflicts: ResultConflict[] } {
  const byRef = new Map(payments.map((p) => [p.reference, p]));
  const actions: PlannedAction[] = [];
  const conflicts: ResultConflict[] = [];
  rows.forEach((r, i) => {
    const row = { ...r, reference: r.reference.trim(), rowNo: r.rowNo ?? i + 1 };
    const p = byRef.get(row.reference);
    if (!p) throw new Error(`unchecked row ${row.rowNo}: ${row.reference}`);
    if (p.status === 'pending') actions.push({ kind: r.result === 'paid' ? 'pay' : 'fail', payment: p, row });
    else if (p.status === r.result) actions.push({ kind: 'unchanged', payment: p, row });
    else {
      conflicts.push({
        row: row.rowNo,
        reference: row.reference,
        recorded: p.status,
        reported: r.result,
        zh: `第 ${row.rowNo} 行 ${row.reference} 已记录为“${STATUS_ZH[p.status]}”，不能改为“${STATUS_ZH[r.result]}”`,
        en: `row ${row.rowNo} ${row.reference} is recorded as ${p.status} and cannot become ${r.result}`,
      });
    }
  });
  return { actions, conflicts };
}

/** A short list of row problems for a message ("第 3 行：…；第 5 行：…" and how many more). */
export function describeProblems(problems: ReadonlyArray<{ row: number; zh: string; en: string }>, max = 5): { zh: string; en: string } {
  const shown = problems.slice(0, max);
  const more = problems.length - shown.length;
  return {
    zh: shown.map((p) => `第 ${p.row} 行：${p.zh}`).join('；') + (more > 0 ? `；另有 ${more} 处` : ''),
    en: shown.map((p) => `row ${p.row}: ${p.en}`).join('; ') + (more > 0 ? `; ${more} more` : ''),
  };
}
