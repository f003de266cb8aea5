import type { AwardStatus, RecoveryStatus } from '../../../contracts/aid';

/**
 * 撤销与追回: what revoking an award does in each state, and how installments and write-offs move a recovery.
 * Pure: the service loads the rows, asks these rules, and carries out the answer in one transaction.
 */

export interface Refusal {
  code: 'wait_bank' | 'final' | 'inconsistent' | 'over_outstanding' | 'not_open' | 'pending_write_off' | 'no_pending_write_off' | 'same_person';
  zh: string;
  en: string;
}

/** The award's live payment (pending or paid) and the status of its batch. */
export interface LivePayment {
  status: 'pending' | 'paid';
  amountFen: number;
  batchStatus: string;
}

export type RevokePlan =
  | {
      ok: true;
      /** Reverse the commit entry (the amount goes back to the program's budget). */
      release: boolean;
      /** Cancel the pending payment of a draft batch (status failed, reason 撤销). */
      cancelPayment: boolean;
      /** The household owes this much back (a paid award): a recovery opens. */
      recoverFen: number | null;
    }
  | { ok: false; refusal: Refusal };

const PRE_PAYMENT: ReadonlySet<AwardStatus> = new Set(['submitted', 'approved', 'in_notice', 'objected', 'confirmed', 'failed']);
const FINAL: ReadonlySet<AwardStatus> = new Set(['rejected', 'withdrawn', 'revoked']);

export const WAIT_BANK: Refusal = { code: 'wait_bank', zh: '该救助已随批次导出给银行，等待银行回盘后再撤销', en: "the award is in a batch exported to the bank: wait for the bank's result, then revoke" };

/**
 * What revoking does:
 * - before payment (submitted … confirmed, failed): the commitment is released (when one was posted), status revoked;
 * - batched, its payment pending in a draft batch: the payment is cancelled and the commitment released;
 * - batched in an exported batch: refused until the bank's result is in;
 * - paid: revoked, and a recovery opens for the amount paid (the commitment was consumed by the payment);
 * - rejected, withdrawn, revoked: refused (nothing to revoke).
 */
export function planRevoke(status: AwardStatus, hasCommit: boolean, payment: LivePayment | null): RevokePlan {
  if (FINAL.has(status)) return { ok: false, refusal: { code: 'final', zh: `该申请${status === 'revoked' ? '已撤销' : status === 'rejected' ? '未通过审核' : '已撤回'}，无可撤销`, en: `the award is ${status}: nothing to revoke` } };
  if (PRE_PAYMENT.has(status)) {
    if (payment?.status === 'paid') return { ok: false, refusal: inconsistent() };
    return { ok: true, release: hasCommit, cancelPayment: false, recoverFen: null };
  }
  if (status === 'batched') {
    if (!payment || payment.status !== 'pending') return { ok: false, refusal: inconsistent() };
    if (payment.batchStatus !== 'draft') return { ok: false, refusal: WAIT_BANK };
    return { ok: true, release: hasCommit, cancelPayment: true, recoverFen: null };
  }
  // paid
  if (!payment || payment.status !== 'paid') return { ok: false, refusal: inconsistent() };
  return { ok: true, release: false, cancelPayment: false, recoverFen: payment.amountFen };
}

function inconsistent(): Refusal {
  return { code: 'inconsistent', zh: '救助状态与发放记录不一致，请联系财务核对', en: 'the award and its payment records disagree; ask finance to check' };
}

// ───── recovery amounts ─────

export interface RecoveryAmounts {
  amountDueFen: number;
  receivedFen: number;
  writtenOffFen: number;
  status: RecoveryStatus;
}

export function outstandingOf(r: Pick<RecoveryAmounts, 'amountDueFen' | 'receivedFen' | 'writtenOffFen'>): number {
  return r.amountDueFen - r.receivedFen - r.writtenOffFen;
}

/** open while anything is outstanding; settled when all was received; written_off when a write-off closed it. */
export function statusOf(r: Pick<RecoveryAmounts, 'amountDueFen' | 'receivedFen' | 'writtenOffFen'>): RecoveryStatus {
  if (outstandingOf(r) > 0) return 'open';
  return r.writtenOffFen > 0 ? 'written_off' : 'settled';
}

function overOutstanding(amountFen: number, outstanding: number): Refusal {
  return { code: 'over_outstanding', zh: `金额 ${amountFen} 分超过未追回金额 ${outstanding} 分`, en: `${amountFen} fen exceeds the ${outstanding} fen outstanding` };
}

const NOT_OPEN: Refusal = { code: 'not_open', zh: '该追回已办结', en: 'the recovery is closed' };

/** An installment received: at most what is outstanding. */
export function applyInstallment(r: RecoveryAmounts, amountFen: number): { ok: true; next: RecoveryAmounts } | { ok: false; refusal: Refusal } {
  if (r.status !== 'open') return { ok: false, refusal: NOT_OPEN };
  const outstanding = outstandingOf(r);
  if (amountFen > outstanding) return { ok: false, refusal: overOutstanding(amountFen, outstanding) };
  const next = { ...r, receivedFen: r.receivedFen + amountFen };
  return { ok: true, next: { ...next, status: statusOf(next) } };
}

/** A write-off request: the recovery is open, no other request waits, and the amount is at most what is outstanding. */
export function checkWriteOffRequest(r: RecoveryAmounts, amountFen: number, pendingFen: number | null): Refusal | null {
  if (r.status !== 'open') return NOT_OPEN;
  if (pendingFen !== null) return { code: 'pending_write_off', zh: '已有待审批的核销申请', en: 'a write-off already waits for approval' };
  const outstanding = outstandingOf(r);
  return amountFen > outstanding ? overOutstanding(amountFen, outstanding) : null;
}

/**
 * Deciding a write-off: one must wait; whoever requested it cannot decide it; an approval is re-checked against what
 * is outstanding now (installments may have arrived since the request).
 */
export function decideWriteOff(
  r: RecoveryAmounts,
  pending: { amountFen: number; requestedBy: string } | null,
  deciderId: string,
  approve: boolean,
): { ok: true; next: RecoveryAmounts } | { ok: false; refusal: Refusal } {
  if (r.status !== 'open') return { ok: false, refusal: NOT_OPEN };
  if (!pending) return { ok: false, refusal: { code: 'no_pending_write_off', zh: '没有待审批的核销申请', en: 'no write-off waits for approval' } };
  if (pending.requestedBy === deciderId) return { ok: false, refusal: { code: 'same_person', zh: '核销的申请人不能审批自己的申请，须由另一人审批', en: 'whoever requested a write-off cannot decide it: another person must' } };
  if (!approve) return { ok: true, next: r };
  const outstanding = outstandingOf(r);
  if (pending.amountFen > outstanding) return { ok: false, refusal: overOutstanding(pending.amountFen, outstanding) };
  const next = { ...r, writtenOffFen: r.writtenOffFen + pending.amountFen };
  return { ok: true, next: { ...next, status: statusOf(next) } };
}

/** The write-off waiting for a decision, from the recovery's events in order: the last request not yet decided. */
export function pendingWriteOff(events: ReadonlyArray<{ kind: string; amountFen: number; byUserId: string }>): { amountFen: number; requestedBy: string } | null {
  let pending: { amountFen: number; requestedBy: string } | null = null;
  for (const e of events) {
    if (e.kind === 'write_off_request') pending = { amountFen: e.amountFen, requestedBy: e.byUserId };
    else if (e.kind === 'write_off_approved' || e.kind === 'write_off_rejected') pending = null;
  }
  return pending;
}
