import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { AccountDto, AccountsQuery, EntryDto, StatementDto, StatementQuery, VerifyLedgerDto } from '../../../contracts/ledger';
import { recordAudit } from '../../platform/audit/audit.service';
import { type Db, rowsOf } from '../../platform/db/client';
import { violatedConstraint } from '../../platform/db/errors';
import { nextSequence } from '../../platform/db/sequence';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { AppError, conflict, notFound, registerEntityName, validation } from '../../platform/http/errors';
import { MESSAGES } from '../../platform/http/i18n';
import { decodeCursor, page } from '../../platform/http/pagination';
import { scopeWhere } from '../../platform/http/scope';
import { shanghaiDate } from '../../platform/dates';
import { uuidv7 } from '../../platform/ids';
import { type LedgerAccountRow, ledgerAccounts } from './account.table';
import { type LedgerEntryRow, ledgerEntries, ledgerLines } from './entry.table';
import { type AccountKind, type LineInput, balanceDelta, checkEntry, crossesFloor, mirrorLines, normalSide } from './ledger.rules';

registerEntityName('ledger_account', '台账科目', 'Ledger account');
registerEntityName('ledger_entry', '分录', 'Ledger entry');
MESSAGES.BUDGET_EXHAUSTED = { zh: '预算不足：{account}', en: 'Budget exhausted: {account}' };

type ClockDeps = Pick<Deps, 'clock'>;

export interface EnsureAccountInput {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: AccountKind;
  orgId: string;
  /** Lower bound of the balance (e.g. 0 for a budget); null or absent: none. */
  floorFen?: number | null;
}

export interface PostEntryInput {
  /** YYYY-MM-DD */
  businessDate: string;
  memo: string;
  source: { type: string; id?: string | null };
  lines: LineInput[];
  /** Set by reverseEntry only. */
  reversalOf?: string | null;
}

export interface PostedEntry {
  entry: LedgerEntryRow;
  lines: Array<LineInput & { lineNo: number }>;
}

function accountDto(a: LedgerAccountRow): AccountDto {
  return { id: a.id, code: a.code, nameZh: a.nameZh, nameEn: a.nameEn, kind: a.kind as AccountKind, orgId: a.orgId, currency: a.currency, balanceFen: Number(a.balanceFen), floorFen: a.floorFen === null ? null : Number(a.floorFen) };
}

/**
 * The account with this code, created when missing (lazily, in the caller's transaction; creation is audited).
 * An existing account is returned as it is: its kind and owner must match, or the call is refused.
 */
export async function ensureAccount(tx: Tx, deps: ClockDeps, actor: Actor, input: EnsureAccountInput): Promise<LedgerAccountRow> {
  if (input.floorFen !== undefined && input.floorFen !== null && !Number.isSafeInteger(input.floorFen)) throw validation('floorFen', '必须是整数（分）', 'must be an integer number of fen');
  const [created] = await tx
    .insert(ledgerAccounts)
    .values({ id: uuidv7(), code: input.code, nameZh: input.nameZh, nameEn: input.nameEn, kind: input.kind, orgId: input.orgId, currency: 'CNY', balanceFen: 0, floorFen: input.floorFen ?? null, lineCount: 0, createdAt: deps.clock.now() })
    .onConflictDoNothing({ target: ledgerAccounts.code })
    .returning();
  if (created) {
    await recordAudit(tx, actor, deps.clock, { action: 'ledger.account.create', entityType: 'ledger_account', entityId: created.id, after: accountDto(created) });
    return created;
  }
  const [existing] = await tx.select().from(ledgerAccounts).where(eq(ledgerAccounts.code, input.code));
  if (existing.kind !== input.kind || existing.orgId !== input.orgId) {
    throw conflict(`科目 ${input.code} 已存在且类型或所属组织不同`, `account ${input.code} exists with another kind or owner`);
  }
  return existing;
}

/**
 * Posts one balanced entry in the caller's transaction: checks the rule, locks the touched accounts (in id order, so
 * concurrent postings cannot deadlock), refuses a posting that would take an account below its floor, inserts the
 * entry and its lines, moves the balances and writes the audit event. The only writer of balances.
 */
export async function postEntry(tx: Tx, deps: ClockDeps, actor: Actor, input: PostEntryInput): Promise<PostedEntry> {
  const problem = checkEntry(input.lines);
  if (problem) throw new AppError(400, 'VALIDATION_FAILED', { fields: `lines（${problem.zh}）`, fieldsEn: `lines (${problem.en})` }, [{ path: 'lines', message: problem.en, messageZh: problem.zh, code: problem.code }]);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.businessDate) || Number.isNaN(Date.parse(`${input.businessDate}T00:00:00Z`))) throw validation('businessDate', '日期格式应为 YYYY-MM-DD', 'must be a date YYYY-MM-DD');
  if (!input.memo?.trim()) throw validation('memo', '摘要不能为空', 'is required');
  if (!input.source?.type?.trim()) throw validation('source.type', '来源不能为空', 'is required');

  const ids = [...new Set(input.lines.map((l) => l.accountId))].sort();
  const locked = await tx.select().from(ledgerAccounts).where(inArray(ledgerAccounts.id, ids)).orderBy(asc(ledgerAccounts.id)).for('update');
  if (locked.length !== ids.length) throw validation('lines.accountId', '科目不存在', 'no such account');
  const byId = new Map(locked.map((a) => [a.id, { ...a, balanceFen: Number(a.balanceFen), lineCount: a.lineCount }]));

  for (const l of input.lines) {
    const a = byId.get(l.accountId)!;
    a.balanceFen += balanceDelta(a.kind as AccountKind, l.side, l.amountFen);
    if (!Number.isSafeInteger(a.balanceFen)) throw validation('lines', '余额超出范围', 'balance out of range');
  }
  for (const a of byId.values()) {
    const before = Number(locked.find((x) => x.id === a.id)!.balanceFen);
    const floor = a.floorFen === null ? null : Number(a.floorFen);
    if (a.balanceFen < before && crossesFloor(a.balanceFen, floor)) {
      throw new AppError(409, 'BUDGET_EXHAUSTED', { account: `${a.nameZh}（${a.code}）`, accountEn: `${a.nameEn} (${a.code})` }, { accountCode: a.code, balanceFen: before, floorFen: floor });
    }
  }

  const year = input.businessDate.slice(0, 4);
  const seq = await nextSequence(tx, `ledger_entry:${year}`);
  const entry: LedgerEntryRow = {
    id: uuidv7(),
    entryNo: `LE-${year}-${String(seq).padStart(6, '0')}`,
    businessDate: input.businessDate,
    memo: input.memo.trim(),
    sourceType: input.source.type.trim(),
    sourceId: input.source.id ?? null,
    postedBy: actor.userId,
    postedByName: actor.displayName || actor.username,
    postedAt: deps.clock.now(),
    reversalOf: input.reversalOf ?? null,
  };
  try {
    await tx.insert(ledgerEntries).values(entry);
  } catch (e) {
    if (violatedConstraint(e) === 'ledger_entries_reversal_of_uq') throw conflict('该分录已被冲销', 'the entry has already been reversed');
    throw e;
  }
  const lines = input.lines.map((l, i) => ({ ...l, lineNo: i + 1 }));
  await tx.insert(ledgerLines).values(
    lines.map((l) => {
      const a = byId.get(l.accountId)!;
      a.lineCount += 1;
      return { id: uuidv7(), entryId: entry.id, lineNo: l.lineNo, accountId: l.accountId, side: l.side, amountFen: l.amountFen, businessDate: entry.businessDate, accountSeq: a.lineCount };
    }),
  );
  for (const a of byId.values()) {
    await tx.update(ledgerAccounts).set({ balanceFen: a.balanceFen, lineCount: a.lineCount }).where(eq(ledgerAccounts.id, a.id));
  }
  await recordAudit(tx, actor, deps.clock, {
    action: entry.reversalOf ? 'ledger.entry.reverse' : 'ledger.entry.post',
    entityType: 'ledger_entry',
    entityId: entry.id,
    after: { entryNo: entry.entryNo, businessDate: entry.businessDate, memo: entry.memo, source: input.source, reversalOf: entry.reversalOf, lines: lines.map((l) => ({ accountCode: byId.get(l.accountId)!.code, side: l.side, amountFen: l.amountFen })) },
  });
  return { entry, lines };
}


/** Posts the mirror of an entry (reversalOf set). An entry is reversed at most once; a reversal is never reversed. */
export async function reverseEntry(tx: Tx, deps: ClockDeps, actor: Actor, entryId: string, reason: string): Promise<PostedEntry> {
  if (!reason?.trim()) throw validation('reason', '冲销原因不能为空', 'a reason is required');
  const [orig] = await tx.select().from(ledgerEntries).where(eq(ledgerEntries.id, entryId));
  if (!orig) throw notFound('ledger_entry');
  if (orig.reversalOf) throw conflict('冲销分录不能再冲销', 'a reversal cannot be reversed');
  const [already] = await tx.select({ id: ledgerEntries.id }).from(ledgerEntries).where(eq(ledgerEntries.reversalOf, entryId));
  if (already) throw conflict('该分录已被冲销', 'the entry has already been reversed');
  const lines = await tx.select().from(ledgerLines).where(eq(ledgerLines.entryId, entryId)).orderBy(asc(ledgerLines.lineNo));
  return postEntry(tx, deps, actor, {
    businessDate: shanghaiDate(deps.clock.now()),
    memo: `冲销 ${orig.entryNo} / reversal of ${orig.entryNo}: ${reason.trim()}`,
    source: { type: 'reversal', id: orig.id },
    lines: mirrorLines(lines.map((l) => ({ accountId: l.accountId, side: l.side as LineInput['side'], amountFen: Number(l.amountFen) }))),
    reversalOf: orig.id,
  });
}

// ───── reads (scoped by the owning org of the account) ─────

const accountInScope = (actor: Actor) => scopeWhere(actor, { orgId: ledgerAccounts.orgId });

export async function listAccounts(db: Db | Tx, actor: Actor, q: AccountsQuery) {
  const after = decodeCursor<{ code: string }>(q.cursor);
  const rows = await db
    .select()
    .from(ledgerAccounts)
    .where(and(accountInScope(actor), q.kind ? eq(ledgerAccounts.kind, q.kind) : undefined, q.orgId ? eq(ledgerAccounts.orgId, q.orgId) : undefined, after ? gt(ledgerAccounts.code, String(after.code)) : undefined))
    .orderBy(asc(ledgerAccounts.code))
    .limit(q.limit + 1);
  const p = page(rows, q.limit, (last) => ({ code: last.code }));
  return { items: p.items.map(accountDto), nextCursor: p.nextCursor };
}

async function scopedAccount(db: Db | Tx, actor: Actor, id: string): Promise<LedgerAccountRow> {
  const [a] = await db.select().from(ledgerAccounts).where(and(eq(ledgerAccounts.id, id), accountInScope(actor)));
  if (!a) throw notFound('ledger_account');
  return a;
}

export async function getAccount(db: Db | Tx, actor: Actor, id: string): Promise<AccountDto> {
  return accountDto(await scopedAccount(db, actor, id));
}

/** A line's effect on the account's balance, in SQL, for an account of the given kind. */
const deltaSql = (kind: AccountKind) => sql`(case when l.side = ${normalSide(kind)} then l.amount_fen else -l.amount_fen end)`;

/**
 * The account's statement for a period of business dates: opening balance (everything before `from`), the lines in
 * (business date, posting order) with the running balance, and the closing balance. Keyset pages over the lines.
 */
export async function accountStatement(db: Db | Tx, actor: Actor, accountId: string, q: StatementQuery): Promise<StatementDto> {
  if (q.from > q.to) throw validation('from', '开始日期不能晚于结束日期', 'must not be after to');
  const a = await scopedAccount(db, actor, accountId);
  const kind = a.kind as AccountKind;
  const after = decodeCursor<{ d: string; s: number }>(q.cursor);
  const [sums] = rowsOf<{ opening: string | null; period: string | null }>(
    await db.execute(sql`select
        coalesce(sum(${deltaSql(kind)}) filter (where l.business_date < ${q.from}), 0)::text as opening,
        coalesce(sum(${deltaSql(kind)}) filter (where l.business_date between ${q.from} and ${q.to}), 0)::text as period
      from ledger_lines l where l.account_id = ${a.id} and l.business_date <= ${q.to}`),
  );
  const opening = Number(sums.opening ?? 0);
  const rows = rowsOf<{ entry_id: string; entry_no: string; business_date: string | Date; memo: string; side: 'debit' | 'credit'; amount_fen: string | number; delta: string | number; running: string | number; account_seq: number }>(
    await db.execute(sql`select * from (
        select l.entry_id, e.entry_no, l.business_date::text as business_date, e.memo, l.side, l.amount_fen, ${deltaSql(kind)} as delta, l.account_seq,
          ${opening}::bigint + sum(${deltaSql(kind)}) over (order by l.business_date, l.account_seq) as running
        from ledger_lines l join ledger_entries e on e.id = l.entry_id
        where l.account_id = ${a.id} and l.business_date between ${q.from} and ${q.to}
      ) s
      where ${after ? sql`(s.business_date, s.account_seq) > (${String(after.d)}, ${Number(after.s)})` : sql`true`}
      order by s.business_date, s.account_seq
      limit ${q.limit + 1}`),
  );
  const p = page(rows, q.limit, (last) => ({ d: String(last.business_date), s: last.account_seq }));
  return {
    account: accountDto(a),
    from: q.from,
    to: q.to,
    openingBalanceFen: opening,
    closingBalanceFen: opening + Number(sums.period ?? 0),
    items: p.items.map((r) => ({ entryId: r.entry_id, entryNo: r.entry_no, businessDate: String(r.business_date), memo: r.memo, side: r.side, amountFen: Number(r.amount_fen), deltaFen: Number(r.delta), runningBalanceFen: Number(r.running) })),
    nextCursor: p.nextCursor,
  };
}

/** One entry with its lines; visible when any of its accounts is in the actor's scope. */
export async function getEntry(db: Db | Tx, actor: Actor, id: string): Promise<EntryDto> {
  const [e] = await db.select().from(ledgerEntries).where(eq(ledgerEntries.id, id));
  if (!e) throw notFound('ledger_entry');
  const lines = await db
    .select({ lineNo: ledgerLines.lineNo, accountId: ledgerLines.accountId, accountCode: ledgerAccounts.code, side: ledgerLines.side, amountFen: ledgerLines.amountFen, visible: sql<boolean>`${accountInScope(actor)}` })
    .from(ledgerLines)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerLines.accountId))
    .where(eq(ledgerLines.entryId, id))
    .orderBy(asc(ledgerLines.lineNo));
  if (!lines.some((l) => l.visible)) throw notFound('ledger_entry');
  const [rev] = await db.select({ id: ledgerEntries.id }).from(ledgerEntries).where(eq(ledgerEntries.reversalOf, id));
  return {
    id: e.id,
    entryNo: e.entryNo,
    businessDate: e.businessDate,
    memo: e.memo,
    sourceType: e.sourceType,
    sourceId: e.sourceId,
    postedBy: e.postedBy,
    postedByName: e.postedByName,
    postedAt: new Date(e.postedAt).toISOString(),
    reversalOf: e.reversalOf,
    reversedBy: rev?.id ?? null,
    lines: lines.map((l) => ({ lineNo: l.lineNo, accountId: l.accountId, accountCode: l.accountCode, side: l.side as 'debit' | 'credit', amountFen: Number(l.amountFen) })),
  };
}

/**
 * Checks the whole ledger: every entry has ≥ 2 lines and balances, and every account's stored balance equals the sum of
 * its lines. Names the first problem (entries by number, accounts by code).
 */
export async function verifyLedger(db: Db | Tx): Promise<VerifyLedgerDto> {
  const [counts] = rowsOf<{ entries: string | number; accounts: string | number }>(await db.execute(sql`select (select count(*) from ledger_entries) as entries, (select count(*) from ledger_accounts) as accounts`));
  const entriesChecked = Number(counts.entries);
  const accountsChecked = Number(counts.accounts);
  const [bad] = rowsOf<{ entry_no: string; debit: string; credit: string; n: string | number }>(
    await db.execute(sql`select e.entry_no,
        coalesce(sum(l.amount_fen) filter (where l.side = 'debit'), 0)::text as debit,
        coalesce(sum(l.amount_fen) filter (where l.side = 'credit'), 0)::text as credit,
        count(l.id) as n
      from ledger_entries e left join ledger_lines l on l.entry_id = e.id
      group by e.id, e.entry_no
      having count(l.id) < 2 or coalesce(sum(l.amount_fen) filter (where l.side = 'debit'), 0) <> coalesce(sum(l.amount_fen) filter (where l.side = 'credit'), 0)
      order by e.entry_no limit 1`),
  );
  if (bad) {
    return { ok: false, entriesChecked, accountsChecked, problem: { kind: 'unbalanced_entry', entryNo: bad.entry_no }, message: `分录不平衡 / unbalanced entry ${bad.entry_no}: debit ${bad.debit} fen, credit ${bad.credit} fen, ${bad.n} lines` };
  }
  const [mismatch] = rowsOf<{ code: string; stored: string; expected: string }>(
    await db.execute(sql`select a.code, a.balance_fen::text as stored,
        coalesce(sum(case when (a.kind in ('asset', 'expense')) = (l.side = 'debit') then l.amount_fen else -l.amount_fen end), 0)::text as expected
      from ledger_accounts a left join ledger_lines l on l.account_id = a.id
      group by a.id, a.code, a.balance_fen
      having a.balance_fen <> coalesce(sum(case when (a.kind in ('asset', 'expense')) = (l.side = 'debit') then l.amount_fen else -l.amount_fen end), 0)
      order by a.code limit 1`),
  );
  if (mismatch) {
    return {
      ok: false,
      entriesChecked,
      accountsChecked,
      problem: { kind: 'balance_mismatch', accountCode: mismatch.code, storedFen: Number(mismatch.stored), expectedFen: Number(mismatch.expected) },
      message: `科目余额与分录不符 / account ${mismatch.code}: stored balance ${mismatch.stored} fen, lines sum to ${mismatch.expected} fen`,
    };
  }
  return { ok: true, entriesChecked, accountsChecked, problem: null, message: `台账平衡 / ledger balanced: ${entriesChecked} entries, ${accountsChecked} accounts` };
}


