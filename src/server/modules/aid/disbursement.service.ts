import { and, asc, desc, eq, inArray, lt, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { Permission } from '../../../contracts/auth';
import type { BatchDto, BatchStatus, PaymentDto, PaymentStatus, batchesQuery, resultsSummary } from '../../../contracts/aid';
import { type AuditInput, recordAudit, recordAuditBatch } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/db/client';
import { violatedConstraint } from '../../platform/db/errors';
import { nextSequence } from '../../platform/db/sequence';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { AppError, conflict, notFound, registerEntityName } from '../../platform/http/errors';
import { MESSAGES } from '../../platform/http/i18n';
import { decodeCursor, page } from '../../platform/http/pagination';
import { scopeWhere } from '../../platform/http/scope';
import { uuidv7 } from '../../platform/ids';
import { maskBankAccount, maskName } from '../../platform/pii/mask';
import { AID_SOURCES, bankAccount, businessDate, payableAccount, postMove } from './aid-ledger';
import { type AidAwardRow, aidAwards } from './award.table';
import { type BankFileLine, CSV_MIME, XLSX_MIME, buildBankCsv, buildBankXlsx } from './bank-file';
import { type AidBatchRow, type AidPaymentRow, aidBatches, aidPayments } from './disbursement.table';
import { type ResultRow, batchNumber, batchTotals, checkResultRows, describeProblems, paymentReference, planResults } from './disbursement.rules';
import { type AidProgramRow, aidPrograms } from './program.table';

/**
 * 发放: confirmed awards go to the bank in batches. A batch is made (draft), its transfer file exported (exported;
 * audited, complete account numbers only in the file), and the bank's results recorded: paid posts Dr payable / Cr bank
 * in the same transaction, failed sends the award to a retry batch. Recording is idempotent per payment: a result
 * already recorded is left as it is, a contradicting one is refused.
 */

registerEntityName('aid_program', '帮扶项目', 'Aid program');
registerEntityName('aid_batch', '发放批次', 'Disbursement batch');
registerEntityName('aid_payment', '发放明细', 'Payment');
MESSAGES.PAYEE_ACCOUNT_MISSING = { zh: '以下申请没有收款账号，不能发放：{awards}', en: 'These awards have no payee account and cannot be paid: {awards}' };
MESSAGES.NOTHING_TO_DISBURSE = { zh: '没有可发放的申请：{reason}', en: 'Nothing to disburse: {reason}' };

const CANCEL_REASON = '批次作废 / batch cancelled';

type BatchesQuery = z.infer<typeof batchesQuery>;
type ResultsSummary = z.infer<typeof resultsSummary>;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const refused = (zh: string, en: string, details?: unknown) => new AppError(409, 'TRANSITION_REFUSED', { reason: zh, reasonEn: en }, details);

// ───── reading ─────

const batchInScope = (actor: Actor) => scopeWhere(actor, { orgPath: aidBatches.orgPath });

async function batchDtos(db: Db | Tx, rows: AidBatchRow[]): Promise<BatchDto[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const sums = await db
    .select({ batchId: aidPayments.batchId, status: aidPayments.status, n: sql<number>`count(*)::int`, fen: sql<string>`sum(${aidPayments.amountFen})::text` })
    .from(aidPayments)
    .where(inArray(aidPayments.batchId, ids))
    .groupBy(aidPayments.batchId, aidPayments.status);
  const programIds = [...new Set(rows.map((r) => r.programId))];
  const programs = await db.select({ id: aidPrograms.id, name: aidPrograms.name }).from(aidPrograms).where(inArray(aidPrograms.id, programIds));
  const nameOf = new Map(programs.map((p) => [p.id, p.name]));
  return rows.map((b) => {
    const mine = sums.filter((s) => s.batchId === b.id);
    const of = (st: PaymentStatus) => mine.find((s) => s.status === st);
    return {
      id: b.id,
      batchNo: b.batchNo,
      programId: b.programId,
      programName: nameOf.get(b.programId) ?? '',
      status: b.status as BatchStatus,
      itemCount: b.itemCount,
      totalFen: Number(b.totalFen),
      paidCount: of('paid')?.n ?? 0,
      paidFen: Number(of('paid')?.fen ?? 0),
      failedCount: of('failed')?.n ?? 0,
      retryOf: b.retryOf,
      createdByName: b.createdByName,
      createdAt: iso(b.createdAt)!,
      exportedAt: iso(b.exportedAt),
      exportCount: b.exportCount,
      settledAt: iso(b.settledAt),
    };
  });
}

export async function listBatches(db: Db | Tx, actor: Actor, q: BatchesQuery): Promise<{ items: BatchDto[]; nextCursor: string | null }> {
  const after = decodeCursor<{ id: string }>(q.cursor);
  if (after && !z.uuid().safeParse(after.id).success) throw new AppError(400, 'VALIDATION_FAILED', { fields: 'cursor（无效的分页游标）', fieldsEn: 'cursor (invalid)' });
  const rows = await db
    .select()
    .from(aidBatches)
    .where(and(batchInScope(actor), q.programId ? eq(aidBatches.programId, q.programId) : undefined, q.status ? eq(aidBatches.status, q.status) : undefined, after ? lt(aidBatches.id, after.id) : undefined))
    .orderBy(desc(aidBatches.id))
    .limit(q.limit + 1);
  const p = page(rows, q.limit, (last) => ({ id: last.id }));
  return { items: await batchDtos(db, p.items), nextCursor: p.nextCursor };
}

function paymentDto(deps: Pick<Deps, 'cipher'>, actor: Actor, p: AidPaymentRow, awardNo: string): PaymentDto {
  // finance (who sends the file anyway) and those who may reveal personal data see the payee's name
  const fullName = actor.permissions.has(Permission.AidDisburse) || actor.permissions.has(Permission.PiiReveal);
  return {
    id: p.id,
    batchId: p.batchId,
    awardId: p.awardId,
    awardNo,
    householdId: p.householdId,
    lineNo: p.lineNo,
    reference: p.reference,
    amountFen: Number(p.amountFen),
    payeeName: fullName ? p.payeeName : (maskName(p.payeeName) ?? ''),
    bankName: p.bankName,
    account: maskBankAccount(deps.cipher.decrypt(p.accountEnc)) ?? '',
    status: p.status as PaymentStatus,
    failReason: p.failReason,
    resultAt: iso(p.resultAt),
    entryId: p.entryId,
  };
}

/** One batch with its lines; account numbers masked. Out of scope: 404. */
export async function getBatch(db: Db | Tx, deps: Pick<Deps, 'cipher'>, actor: Actor, id: string): Promise<BatchDto & { items: PaymentDto[] }> {
  const [b] = await db.select().from(aidBatches).where(and(eq(aidBatches.id, id), batchInScope(actor)));
  if (!b) throw notFound('aid_batch');
  const [dto] = await batchDtos(db, [b]);
  const items = await db
    .select({ p: aidPayments, awardNo: aidAwards.awardNo })
    .from(aidPayments)
    .innerJoin(aidAwards, eq(aidAwards.id, aidPayments.awardId))
    .where(eq(aidPayments.batchId, id))
    .orderBy(asc(aidPayments.lineNo));
  return { ...dto, items: items.map((r) => paymentDto(deps, actor, r.p, r.awardNo)) };
}

/** The batch, locked for the rest of the transaction (every write to a batch or its payments takes this lock first). */
async function lockBatch(tx: Tx, actor: Actor, id: string): Promise<AidBatchRow> {
  const [b] = await tx.select().from(aidBatches).where(and(eq(aidBatches.id, id), batchInScope(actor))).for('update');
  if (!b) throw notFound('aid_batch');
  return b;
}

async function programOf(tx: Tx, id: string): Promise<AidProgramRow> {
  const [p] = await tx.select().from(aidPrograms).where(eq(aidPrograms.id, id));
  if (!p) throw notFound('aid_program');
  return p;
}

// ───── making batches ─────

/** Writes a draft batch of the given (locked) awards: one payment per award, the awards → batched. */
async function openBatch(tx: Tx, deps: Deps, actor: Actor, program: AidProgramRow, awards: AidAwardRow[], retryOf: AidBatchRow | null): Promise<BatchDto> {
  const noAccount = awards.filter((a) => !a.payeeAccountEnc).map((a) => a.awardNo);
  if (noAccount.length) {
    const list = noAccount.slice(0, 20).join('、') + (noAccount.length > 20 ? ` 等 ${noAccount.length} 项` : '');
    const listEn = noAccount.slice(0, 20).join(', ') + (noAccount.length > 20 ? ` and ${noAccount.length - 20} more` : '');
    throw new AppError(422, 'PAYEE_ACCOUNT_MISSING', { awards: list, awardsEn: listEn }, { awardNos: noAccount });
  }
  const zero = awards.filter((a) => Number(a.amountFen) <= 0).map((a) => a.awardNo);
  if (zero.length) throw new AppError(422, 'NOTHING_TO_DISBURSE', { reason: `金额为零：${zero.join('、')}`, reasonEn: `zero amount: ${zero.join(', ')}` }, { awardNos: zero });

  const now = deps.clock.now();
  const year = businessDate(now).slice(0, 4);
  const batchNo = batchNumber(year, await nextSequence(tx, `aid_batch:${year}`));
  const ordered = [...awards].sort((a, b) => (a.awardNo < b.awardNo ? -1 : a.awardNo > b.awardNo ? 1 : 0));
  const payments: AidPaymentRow[] = [];
  const batch: AidBatchRow = {
    id: uuidv7(),
    batchNo,
    programId: program.id,
    orgPath: program.orgPath,
    status: 'draft',
    itemCount: ordered.length,
    totalFen: 0,
    retryOf: retryOf?.id ?? null,
    createdBy: actor.userId,
    createdByName: actor.displayName || actor.username,
    createdAt: now,
    exportedBy: null,
    exportedAt: null,
    exportCount: 0,
    settledAt: null,
  };
  ordered.forEach((a, i) => {
    payments.push({
      id: uuidv7(),
      batchId: batch.id,
      awardId: a.id,
      householdId: a.householdId,
      lineNo: i + 1,
      reference: paymentReference(batchNo, i + 1),
      amountFen: Number(a.amountFen),
      payeeName: a.payeeName,
      bankName: a.payeeBankName,
      accountEnc: a.payeeAccountEnc!,
      status: 'pending',
      failReason: null,
      resultBy: null,
      resultAt: null,
      entryId: null,
      createdAt: now,
    });
  });
  batch.totalFen = batchTotals(payments.map((p) => ({ amountFen: p.amountFen, status: 'pending' }))).totalFen;
  try {
    await tx.insert(aidBatches).values(batch);
    for (let i = 0; i < payments.length; i += 500) await tx.insert(aidPayments).values(payments.slice(i, i + 500));
  } catch (e) {
    if (violatedConstraint(e) === 'aid_payments_award_live_uq') throw conflict('有申请已在另一个发放批次中', 'an award is already in another batch');
    throw e;
  }
  const ids = ordered.map((a) => a.id);
  const moved = await tx
    .update(aidAwards)
    .set({ status: 'batched', updatedAt: now, version: sql`${aidAwards.version} + 1` })
    .where(and(inArray(aidAwards.id, ids), inArray(aidAwards.status, ['confirmed', 'failed'])))
    .returning({ id: aidAwards.id });
  if (moved.length !== ids.length) throw conflict('有申请的状态已改变，请重试', 'an award changed meanwhile; please retry');
  await recordAudit(tx, actor, deps.clock, {
    action: retryOf ? 'aid.batch.retry' : 'aid.batch.create',
    entityType: 'aid_batch',
    entityId: batch.id,
    orgPath: batch.orgPath,
    after: { batchNo, programId: program.id, programCode: program.code, itemCount: batch.itemCount, totalFen: batch.totalFen, retryOf: retryOf?.batchNo ?? null, awardNos: ordered.map((a) => a.awardNo) },
  });
  const [dto] = await batchDtos(tx, [batch]);
  return dto;
}

/**
 * A draft batch of the program's confirmed awards in the actor's scope (all of them, or those named). The awards are
 * locked, so two batches never take the same award; an award without a payee account is refused by number.
 */
export async function createBatch(tx: Tx, deps: Deps, actor: Actor, programId: string, input: { awardIds?: string[] | null } = {}): Promise<BatchDto> {
  const [program] = await tx.select().from(aidPrograms).where(and(eq(aidPrograms.id, programId), scopeWhere(actor, { orgPath: aidPrograms.orgPath })));
  if (!program) throw notFound('aid_program');
  const wanted = input.awardIds ? [...new Set(input.awardIds)] : null;
  const awards = await tx
    .select()
    .from(aidAwards)
    .where(
      and(
        eq(aidAwards.programId, program.id),
        eq(aidAwards.status, 'confirmed'),
        scopeWhere(actor, { orgPath: aidAwards.orgPath, regionCode: aidAwards.regionCode }),
        wanted ? inArray(aidAwards.id, wanted) : undefined,
      ),
    )
    .orderBy(asc(aidAwards.id))
    .for('update');
  if (wanted && awards.length !== wanted.length) {
    const found = new Set(awards.map((a) => a.id));
    const missing = wanted.filter((id) => !found.has(id));
    throw new AppError(422, 'NOTHING_TO_DISBURSE', { reason: `${missing.length} 项不是本项目已确认待发放的申请`, reasonEn: `${missing.length} of the awards are not confirmed awards of this program` }, { awardIds: missing });
  }
  if (awards.length === 0) throw new AppError(422, 'NOTHING_TO_DISBURSE', { reason: '本项目没有已确认待发放的申请', reasonEn: 'the program has no confirmed awards waiting for payment' });
  return openBatch(tx, deps, actor, program, awards, null);
}

/** The failed payments' awards (still failed, not revoked, not retried since) into a new batch that names this one. */
export async function retryBatch(tx: Tx, deps: Deps, actor: Actor, batchId: string): Promise<BatchDto> {
  const old = await lockBatch(tx, actor, batchId);
  if (old.status !== 'exported' && old.status !== 'settled') throw refused('只有已导出的批次才能重发失败项', 'only an exported batch has failed payments to retry');
  const failed = await tx
    .select({ awardId: aidPayments.awardId })
    .from(aidPayments)
    .where(
      and(
        eq(aidPayments.batchId, old.id),
        eq(aidPayments.status, 'failed'),
        sql`not exists (select 1 from aid_payments later where later.award_id = ${aidPayments.awardId} and later.id > ${aidPayments.id})`,
      ),
    );
  const awards = failed.length
    ? await tx
        .select()
        .from(aidAwards)
        .where(and(inArray(aidAwards.id, failed.map((f) => f.awardId)), eq(aidAwards.status, 'failed')))
        .orderBy(asc(aidAwards.id))
        .for('update')
    : [];
  if (awards.length === 0) throw new AppError(422, 'NOTHING_TO_DISBURSE', { reason: '该批次没有待重发的失败项', reasonEn: 'the batch has no failed payments left to retry' });
  return openBatch(tx, deps, actor, await programOf(tx, old.programId), awards, old);
}

/** A draft batch is cancelled: its payments fail (批次作废), its awards are confirmed again. */
export async function cancelBatch(tx: Tx, deps: Deps, actor: Actor, batchId: string): Promise<BatchDto> {
  const b = await lockBatch(tx, actor, batchId);
  if (b.status !== 'draft') throw refused('只有未导出的批次可以作废（已导出的文件可能已送银行）', 'only a draft batch can be cancelled (an exported file may be at the bank)');
  const now = deps.clock.now();
  const payments = await tx.update(aidPayments).set({ status: 'cancelled', failReason: CANCEL_REASON, resultBy: actor.userId, resultAt: now }).where(and(eq(aidPayments.batchId, b.id), eq(aidPayments.status, 'pending'))).returning({ awardId: aidPayments.awardId });
  if (payments.length) {
    await tx
      .update(aidAwards)
      .set({ status: 'confirmed', updatedAt: now, version: sql`${aidAwards.version} + 1` })
      .where(and(inArray(aidAwards.id, payments.map((p) => p.awardId)), eq(aidAwards.status, 'batched')));
  }
  const [after] = await tx.update(aidBatches).set({ status: 'cancelled' }).where(eq(aidBatches.id, b.id)).returning();
  await recordAudit(tx, actor, deps.clock, { action: 'aid.batch.cancel', entityType: 'aid_batch', entityId: b.id, orgPath: b.orgPath, before: { status: b.status }, after: { batchNo: b.batchNo, status: 'cancelled', itemCount: b.itemCount, totalFen: Number(b.totalFen) } });
  const [dto] = await batchDtos(tx, [after]);
  return dto;
}

// ───── the bank file ─────

export interface BankFile {
  buffer: Buffer;
  filename: string;
  contentType: string;
  batch: BatchDto;
}

/**
 * The transfer file with complete account numbers (decrypted here, never shown on a screen). The batch becomes
 * exported (its lines are fixed from now on); every export, the first and any later one, is an audit event with the
 * batch number, the format, the count and the total — never an account number. The same batch gives the same file.
 */
export async function exportBankFile(tx: Tx, deps: Deps, actor: Actor, batchId: string, format: 'xlsx' | 'csv'): Promise<BankFile> {
  const b = await lockBatch(tx, actor, batchId);
  if (b.status === 'cancelled' || b.status === 'settled') {
    throw refused(b.status === 'cancelled' ? '批次已作废，不能导出' : '批次已回盘完毕，不能再导出', b.status === 'cancelled' ? 'the batch is cancelled' : 'the batch is settled');
  }
  const program = await programOf(tx, b.programId);
  // a transfer cancelled while the batch was a draft (its award revoked) is not sent
  const payments = await tx.select().from(aidPayments).where(and(eq(aidPayments.batchId, b.id), ne(aidPayments.status, 'cancelled'))).orderBy(asc(aidPayments.lineNo));
  if (payments.length === 0) throw refused('批次中没有待发放的款项', 'the batch has no transfer to send');
  const lines: BankFileLine[] = payments.map((p) => ({ lineNo: p.lineNo, payeeName: p.payeeName, bankName: p.bankName, account: deps.cipher.decrypt(p.accountEnc), amountFen: Number(p.amountFen), reference: p.reference }));
  const buffer = format === 'xlsx' ? await buildBankXlsx({ batchNo: b.batchNo, programName: program.name, createdAt: new Date(b.createdAt) }, lines) : buildBankCsv(lines);
  const now = deps.clock.now();
  const [after] = await tx
    .update(aidBatches)
    .set({ status: b.status === 'draft' ? 'exported' : b.status, exportedAt: now, exportedBy: actor.userId, exportCount: sql`${aidBatches.exportCount} + 1` })
    .where(eq(aidBatches.id, b.id))
    .returning();
  await recordAudit(tx, actor, deps.clock, {
    action: 'aid.batch.export',
    entityType: 'aid_batch',
    entityId: b.id,
    orgPath: b.orgPath,
    before: { status: b.status, exportCount: b.exportCount },
    after: { batchNo: b.batchNo, format, itemCount: lines.length, totalFen: Number(b.totalFen), status: after.status, exportCount: after.exportCount },
  });
  const [dto] = await batchDtos(tx, [after]);
  return { buffer, filename: `${b.batchNo}.${format}`, contentType: format === 'xlsx' ? XLSX_MIME : CSV_MIME, batch: dto };
}

// ───── bank results ─────

/**
 * Records the bank's results for a batch. The whole list is checked first (a reference of this batch, once, with the
 * payment's amount; a reason for a failure): any problem refuses the list naming its rows and nothing is written.
 * Then each row: a pending payment becomes paid (Dr payable / Cr bank, the award paid) or failed (the award failed);
 * a payment that already has this result is left unchanged; one with the other result is a conflict (nothing written).
 * The batch is settled once no payment is pending.
 */
export async function recordResults(tx: Tx, deps: Deps, actor: Actor, batchId: string, rows: ResultRow[], via: 'json' | 'file' | 'manual' = 'json'): Promise<ResultsSummary> {
  const b = await lockBatch(tx, actor, batchId);
  if (b.status === 'draft') throw refused('批次尚未导出银行文件，不能登记结果', 'the bank file of the batch has not been exported');
  if (b.status === 'cancelled') throw refused('批次已作废', 'the batch is cancelled');
  const payments = await tx.select().from(aidPayments).where(eq(aidPayments.batchId, b.id)).orderBy(asc(aidPayments.id)).for('update');
  // a transfer cancelled before the file was sent is not in the bank's result: its reference is unknown there
  const refs = payments.filter((p) => p.status !== 'cancelled').map((p) => ({ id: p.id, reference: p.reference, amountFen: Number(p.amountFen), status: p.status as PaymentStatus }));

  const problems = checkResultRows(b.batchNo, refs, rows);
  if (problems.length) {
    const d = describeProblems(problems);
    throw new AppError(422, 'VALIDATION_FAILED', { fields: `rows（${d.zh}）`, fieldsEn: `rows (${d.en})` }, problems.map((p) => ({ path: `rows.${p.row}`, row: p.row, reference: p.reference, code: p.code, message: p.en, messageZh: p.zh })));
  }
  const plan = planResults(refs, rows);
  if (plan.conflicts.length) {
    const d = describeProblems(plan.conflicts.map((c) => ({ row: c.row, zh: c.zh, en: c.en })));
    throw conflict(d.zh, d.en, plan.conflicts.map((c) => ({ row: c.row, reference: c.reference, recorded: c.recorded, reported: c.reported })));
  }

  const now = deps.clock.now();
  const byId = new Map(payments.map((p) => [p.id, p]));
  const changes = plan.actions.filter((a) => a.kind !== 'unchanged').sort((x, y) => (x.payment.id < y.payment.id ? -1 : 1));
  const audits: AuditInput[] = [];
  let accounts: { payable: string; bank: string } | null = null;
  for (const a of changes) {
    const p = byId.get(a.payment.id)!;
    if (a.kind === 'pay') {
      if (!accounts) {
        const program = await programOf(tx, b.programId);
        accounts = { payable: (await payableAccount(tx, deps, actor, program)).id, bank: (await bankAccount(tx, deps, actor, program.fundingOrgId)).id };
      }
      const posted = await postMove(tx, deps, actor, {
        debit: accounts.payable,
        credit: accounts.bank,
        amountFen: Number(p.amountFen),
        memo: `救助款发放 ${p.reference} / aid payment ${p.reference}`,
        source: { type: AID_SOURCES.pay, id: p.id },
      });
      await tx.update(aidPayments).set({ status: 'paid', entryId: posted.entry.id, failReason: null, resultBy: actor.userId, resultAt: now }).where(eq(aidPayments.id, p.id));
      await tx
        .update(aidAwards)
        .set({ status: 'paid', paidAt: now, updatedAt: now, version: sql`${aidAwards.version} + 1` })
        .where(and(eq(aidAwards.id, p.awardId), eq(aidAwards.status, 'batched')));
      audits.push({ action: 'aid.payment.paid', entityType: 'aid_payment', entityId: p.id, orgPath: b.orgPath, before: { status: p.status }, after: { batchNo: b.batchNo, reference: p.reference, amountFen: Number(p.amountFen), status: 'paid', entryNo: posted.entry.entryNo, via } });
    } else {
      const reason = a.row.reason!.trim();
      await tx.update(aidPayments).set({ status: 'failed', failReason: reason, resultBy: actor.userId, resultAt: now }).where(eq(aidPayments.id, p.id));
      await tx
        .update(aidAwards)
        .set({ status: 'failed', updatedAt: now, version: sql`${aidAwards.version} + 1` })
        .where(and(eq(aidAwards.id, p.awardId), eq(aidAwards.status, 'batched')));
      audits.push({ action: 'aid.payment.failed', entityType: 'aid_payment', entityId: p.id, orgPath: b.orgPath, before: { status: p.status }, after: { batchNo: b.batchNo, reference: p.reference, amountFen: Number(p.amountFen), status: 'failed', failReason: reason, via } });
    }
  }

  const pendingLeft = refs.filter((r) => r.status === 'pending').length - changes.length;
  let after = b;
  if (pendingLeft === 0 && b.status === 'exported') {
    [after] = await tx.update(aidBatches).set({ status: 'settled', settledAt: now }).where(eq(aidBatches.id, b.id)).returning();
  }
  const summary = { paid: plan.actions.filter((a) => a.kind === 'pay').length, failed: plan.actions.filter((a) => a.kind === 'fail').length, unchanged: plan.actions.filter((a) => a.kind === 'unchanged').length };
  if (changes.length) {
    audits.push({ action: 'aid.batch.results', entityType: 'aid_batch', entityId: b.id, orgPath: b.orgPath, before: { status: b.status }, after: { batchNo: b.batchNo, via, rows: rows.length, ...summary, status: after.status } });
    await recordAuditBatch(tx, actor, deps.clock, audits);
  }
  const [dto] = await batchDtos(tx, [after]);
  return { ...summary, batch: dto };
}

/** One payment's result entered by hand: the same rules as a result file of one row (the amount is the payment's). */
export async function recordPaymentResult(tx: Tx, deps: Deps, actor: Actor, paymentId: string, input: { result: 'paid' | 'failed'; reason?: string | null }): Promise<ResultsSummary> {
  const [p] = await tx
    .select({ batchId: aidPayments.batchId })
    .from(aidPayments)
    .innerJoin(aidBatches, eq(aidBatches.id, aidPayments.batchId))
    .where(and(eq(aidPayments.id, paymentId), batchInScope(actor)));
  if (!p) throw notFound('aid_payment');
  if (input.result === 'failed' && !input.reason?.trim()) {
    throw new AppError(422, 'VALIDATION_FAILED', { fields: 'reason（失败须填写原因）', fieldsEn: 'reason (required for a failed payment)' }, [{ path: 'reason', message: 'required for a failed payment', messageZh: '失败须填写原因' }]);
  }
  // the batch lock first (as for a file), then the payment is read again under it
  await lockBatch(tx, actor, p.batchId);
  const [payment] = await tx.select().from(aidPayments).where(eq(aidPayments.id, paymentId));
  return recordResults(tx, deps, actor, p.batchId, [{ rowNo: 1, reference: payment.reference, amountFen: Number(payment.amountFen), result: input.result, reason: input.reason ?? null }], 'manual');
}
