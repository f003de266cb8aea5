import { and, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { AmountRule, EligibilityRules, ProgramDto, ProgramInput, ProgramPatch, ProgramStatus, ProgramType, RulesVersionDto, RulesVersionInput } from '../../../contracts/aid';
import { Permission } from '../../../contracts/auth';
import type { z } from 'zod';
import type { programsQuery } from '../../../contracts/aid';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/db/client';
import { nextSequence } from '../../platform/db/sequence';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { conflict, forbidden, notFound, registerEntityName, validation } from '../../platform/http/errors';
import { decodeCursor, page } from '../../platform/http/pagination';
import { likePrefix } from '../../platform/http/scope';
import { uuidv7 } from '../../platform/ids';
import { ledgerAccounts } from '../ledger/account.table';
import { orgs } from '../orgs/org.table';
import { AID_SOURCES, budgetAccount, fundAccount, orgById, payableAccount, postMove } from './aid-ledger';
import { aidAwards } from './award.table';
import { type AidProgramRow, type AidProgramVersionRow, aidProgramVersions, aidPrograms } from './program.table';

registerEntityName('aid_program', '帮扶项目', 'Aid program');

/** Award statuses whose amount is committed against the budget. */
export const COMMITTED_STATUSES = ['approved', 'in_notice', 'objected', 'confirmed', 'batched', 'paid', 'failed'] as const;

/**
 * Programs an actor sees: those funded by an org in the actor's subtree (they keep them), and those of the orgs above
 * the actor (a grassroots cadre applies to the city federation's program).
 */
export function programVisible(actor: Actor): SQL {
  return sql`(${aidPrograms.orgPath} like ${likePrefix(actor.orgPath)} or starts_with(${actor.orgPath}::text, ${aidPrograms.orgPath}))`;
}

/** The actor keeps the program (edits it, reviews its applications): it is funded by an org in the actor's subtree. */
export function keepsProgram(actor: Actor, p: Pick<AidProgramRow, 'orgPath'>): boolean {
  return p.orgPath.startsWith(actor.orgPath);
}

export async function loadProgram(db: Db | Tx, actor: Actor, id: string, opts: { lock?: boolean } = {}): Promise<AidProgramRow> {
  const q = db.select().from(aidPrograms).where(and(eq(aidPrograms.id, id), programVisible(actor)));
  const [p] = opts.lock ? await q.for('update') : await q;
  if (!p) throw notFound('aid_program');
  return p;
}

export async function currentRules(db: Db | Tx, p: AidProgramRow): Promise<AidProgramVersionRow> {
  const [v] = await db
    .select()
    .from(aidProgramVersions)
    .where(and(eq(aidProgramVersions.programId, p.id), eq(aidProgramVersions.version, p.currentVersion)));
  return v;
}

function rulesDto(v: AidProgramVersionRow): RulesVersionDto {
  return { version: v.version, eligibility: v.eligibility as EligibilityRules, amount: v.amount as AmountRule, note: v.note, createdByName: v.createdByName, createdAt: new Date(v.createdAt).toISOString() };
}

async function programDtos(db: Db | Tx, rows: AidProgramRow[]): Promise<ProgramDto[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const versions = await db
    .select()
    .from(aidProgramVersions)
    .where(and(inArray(aidProgramVersions.programId, ids)));
  const counts = await db
    .select({ programId: aidAwards.programId, status: aidAwards.status, n: sql<number>`count(*)::int`, fen: sql<string>`coalesce(sum(${aidAwards.amountFen}), 0)::text` })
    .from(aidAwards)
    .where(inArray(aidAwards.programId, ids))
    .groupBy(aidAwards.programId, aidAwards.status);
  const accounts = await db
    .select({ id: ledgerAccounts.id, balance: ledgerAccounts.balanceFen })
    .from(ledgerAccounts)
    .where(inArray(ledgerAccounts.id, rows.map((r) => r.budgetAccountId)));
  const funders = await db
    .select({ id: orgs.id, name: orgs.name })
    .from(orgs)
    .where(inArray(orgs.id, [...new Set(rows.map((r) => r.fundingOrgId))]));
  return rows.map((p) => {
    const v = versions.find((x) => x.programId === p.id && x.version === p.currentVersion)!;
    const mine = counts.filter((c) => c.programId === p.id);
    const sum = (statuses: readonly string[]) => mine.filter((c) => statuses.includes(c.status)).reduce((s, c) => s + Number(c.fen), 0);
    return {
      id: p.id,
      code: p.code,
      name: p.name,
      type: p.type as ProgramType,
      customType: p.customType,
      fundingOrgId: p.fundingOrgId,
      fundingOrgName: funders.find((o) => o.id === p.fundingOrgId)?.name ?? '',
      year: p.year,
      budgetFen: Number(p.budgetFen),
      committedFen: sum(COMMITTED_STATUSES),
      paidFen: sum(['paid']),
      availableFen: Number(accounts.find((a) => a.id === p.budgetAccountId)?.balance ?? 0),
      windowStart: p.windowStart,
      windowEnd: p.windowEnd,
      noticeDays: p.noticeDays,
      status: p.status as ProgramStatus,
      currentVersion: p.currentVersion,
      rules: rulesDto(v),
      budgetAccountId: p.budgetAccountId,
      counts: Object.fromEntries(mine.map((c) => [c.status, c.n])),
      version: p.version,
      createdAt: new Date(p.createdAt).toISOString(),
      updatedAt: new Date(p.updatedAt).toISOString(),
    };
  });
}

export async function programDto(db: Db | Tx, p: AidProgramRow): Promise<ProgramDto> {
  return (await programDtos(db, [p]))[0];
}

function checkDates(windowStart: string, windowEnd: string, year: number): void {
  if (windowStart > windowEnd) throw validation('windowEnd', '申请截止日期不能早于开始日期', 'must not be before windowStart');
  if (Number(windowStart.slice(0, 4)) > year + 1 || Number(windowEnd.slice(0, 4)) < year - 1) throw validation('windowStart', '申请期须在项目年度前后', 'the window must be around the program year');
}

function checkRules(type: ProgramType, e: EligibilityRules, a: AmountRule): void {
  if (a.mode === 'by_stage' && e.studentStages.length === 0) throw validation('eligibility.studentStages', '按学段计算金额时须规定学段', 'required when the amount is by schooling stage');
  if (type === 'student_aid' && e.studentStages.length === 0) throw validation('eligibility.studentStages', '金秋助学须规定资助的学段（如大学、高职）', 'student aid needs the schooling stages it supports');
  const amounts = a.mode === 'fixed' ? [a.amountFen] : a.mode === 'per_member' ? [a.perMemberFen] : Object.values(a.amounts);
  if (amounts.length === 0 || amounts.every((x) => !x)) throw validation('amount', '金额规则至少要有一个大于零的金额', 'at least one amount must be above zero');
}

/** A reviewer of the funding org (or above it) creates a program; its budget is allocated from the org's fund. */
export async function createProgram(tx: Tx, deps: Deps, actor: Actor, input: ProgramInput): Promise<ProgramDto> {
  if (!actor.permissions.has(Permission.AidReview)) throw forbidden();
  const funder = await orgById(tx, input.fundingOrgId);
  if (!funder.path.startsWith(actor.orgPath)) throw validation('fundingOrgId', '只能为本组织或下级组织设立项目', 'must be your org or one below it');
  if (input.type === 'custom' && !input.customType) throw validation('customType', '自定义项目须填写项目类型名称', 'required for a custom program');
  if (input.type !== 'custom' && input.customType) throw validation('customType', '仅自定义项目可填写类型名称', 'only for a custom program');
  checkDates(input.windowStart, input.windowEnd, input.year);
  checkRules(input.type, input.eligibility, input.amount);

  const now = deps.clock.now();
  const seq = await nextSequence(tx, `aid_program:${input.year}`);
  const code = `AP-${input.year}-${String(seq).padStart(4, '0')}`;
  const budget = await budgetAccount(tx, deps, actor, { code, name: input.name, fundingOrgId: funder.id });
  await payableAccount(tx, deps, actor, { code, name: input.name, fundingOrgId: funder.id });
  const row: AidProgramRow = {
    id: uuidv7(),
    code,
    name: input.name,
    type: input.type,
    customType: input.customType ?? null,
    fundingOrgId: funder.id,
    orgPath: funder.path,
    year: input.year,
    budgetFen: input.budgetFen,
    windowStart: input.windowStart,
    windowEnd: input.windowEnd,
    noticeDays: input.noticeDays,
    status: 'open',
    currentVersion: 1,
    budgetAccountId: budget.id,
    createdBy: actor.userId,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  await tx.insert(aidPrograms).values(row);
  await tx.insert(aidProgramVersions).values({ id: uuidv7(), programId: row.id, version: 1, eligibility: input.eligibility, amount: input.amount, note: null, createdBy: actor.userId, createdByName: actor.displayName || actor.username, createdAt: now });
  if (input.budgetFen > 0) {
    const fund = await fundAccount(tx, deps, actor, funder.id);
    await postMove(tx, deps, actor, { debit: fund.id, credit: budget.id, amountFen: input.budgetFen, memo: `${row.name}预算 / budget of ${code}`, source: { type: AID_SOURCES.allocate, id: row.id } });
  }
  await recordAudit(tx, actor, deps.clock, { action: 'aid.program.create', entityType: 'aid_program', entityId: row.id, orgPath: funder.path, after: { ...input, code } });
  return programDto(tx, row);
}

async function keptProgram(tx: Tx, actor: Actor, id: string, version: number): Promise<AidProgramRow> {
  if (!actor.permissions.has(Permission.AidReview)) throw forbidden();
  const p = await loadProgram(tx, actor, id, { lock: true });
  if (!keepsProgram(actor, p)) throw forbidden();
  if (p.version !== version) throw conflict('项目已被他人修改，请刷新后重试', 'the program was changed by someone else; reload and retry');
  return p;
}

/** Edits the program; a budget change moves money between the fund and the budget (lowering it never below what is committed). */
export async function updateProgram(tx: Tx, deps: Deps, actor: Actor, id: string, patch: ProgramPatch): Promise<ProgramDto> {
  const p = await keptProgram(tx, actor, id, patch.version);
  const next = { name: patch.name ?? p.name, budgetFen: patch.budgetFen ?? Number(p.budgetFen), windowStart: patch.windowStart ?? p.windowStart, windowEnd: patch.windowEnd ?? p.windowEnd, noticeDays: patch.noticeDays ?? p.noticeDays, status: patch.status ?? p.status };
  checkDates(next.windowStart, next.windowEnd, p.year);
  const delta = next.budgetFen - Number(p.budgetFen);
  if (delta !== 0) {
    const fund = await fundAccount(tx, deps, actor, p.fundingOrgId);
    const memo = `${next.name}预算${delta > 0 ? '追加' : '调减'} / budget ${delta > 0 ? 'raised' : 'lowered'} (${p.code})`;
    if (delta > 0) await postMove(tx, deps, actor, { debit: fund.id, credit: p.budgetAccountId, amountFen: delta, memo, source: { type: AID_SOURCES.allocate, id: p.id } });
    // the budget account's floor (0) refuses lowering below what awards have committed: BUDGET_EXHAUSTED
    else await postMove(tx, deps, actor, { debit: p.budgetAccountId, credit: fund.id, amountFen: -delta, memo, source: { type: AID_SOURCES.allocate, id: p.id } });
  }
  const [row] = await tx
    .update(aidPrograms)
    .set({ ...next, updatedAt: deps.clock.now(), version: p.version + 1 })
    .where(eq(aidPrograms.id, p.id))
    .returning();
  await recordAudit(tx, actor, deps.clock, { action: 'aid.program.update', entityType: 'aid_program', entityId: p.id, orgPath: p.orgPath, before: { name: p.name, budgetFen: Number(p.budgetFen), windowStart: p.windowStart, windowEnd: p.windowEnd, noticeDays: p.noticeDays, status: p.status }, after: next });
  return programDto(tx, row);
}

/** New eligibility and amount rules: a new version; awards already made keep the version they used. */
export async function addRulesVersion(tx: Tx, deps: Deps, actor: Actor, id: string, input: RulesVersionInput & { version: number }): Promise<ProgramDto> {
  const p = await keptProgram(tx, actor, id, input.version);
  checkRules(p.type as ProgramType, input.eligibility, input.amount);
  const now = deps.clock.now();
  const version = p.currentVersion + 1;
  await tx.insert(aidProgramVersions).values({ id: uuidv7(), programId: p.id, version, eligibility: input.eligibility, amount: input.amount, note: input.note ?? null, createdBy: actor.userId, createdByName: actor.displayName || actor.username, createdAt: now });
  const [row] = await tx.update(aidPrograms).set({ currentVersion: version, updatedAt: now, version: p.version + 1 }).where(eq(aidPrograms.id, p.id)).returning();
  await recordAudit(tx, actor, deps.clock, { action: 'aid.program.rules', entityType: 'aid_program', entityId: p.id, orgPath: p.orgPath, after: { version, eligibility: input.eligibility, amount: input.amount, note: input.note ?? null } });
  return programDto(tx, row);
}

export async function getProgram(db: Db, actor: Actor, id: string): Promise<ProgramDto> {
  return programDto(db, await loadProgram(db, actor, id));
}

export async function programRulesHistory(db: Db, actor: Actor, id: string): Promise<RulesVersionDto[]> {
  const p = await loadProgram(db, actor, id);
  const rows = await db.select().from(aidProgramVersions).where(eq(aidProgramVersions.programId, p.id)).orderBy(desc(aidProgramVersions.version));
  return rows.map(rulesDto);
}

export async function listPrograms(db: Db, actor: Actor, q: z.output<typeof programsQuery>) {
  const after = decodeCursor<{ c: string; id: string }>(q.cursor);
  const rows = await db
    .select()
    .from(aidPrograms)
    .where(
      and(
        programVisible(actor),
        q.year ? eq(aidPrograms.year, q.year) : undefined,
        q.type ? eq(aidPrograms.type, q.type) : undefined,
        q.status ? eq(aidPrograms.status, q.status) : undefined,
        after ? or(lt(aidPrograms.createdAt, new Date(String(after.c))), and(eq(aidPrograms.createdAt, new Date(String(after.c))), lt(aidPrograms.id, String(after.id)))) : undefined,
      ),
    )
    .orderBy(desc(aidPrograms.createdAt), desc(aidPrograms.id))
    .limit(q.limit + 1);
  const p = page(rows, q.limit, (last) => ({ c: new Date(last.createdAt).toISOString(), id: last.id }));
  return { items: await programDtos(db, p.items), nextCursor: p.nextCursor };
}
