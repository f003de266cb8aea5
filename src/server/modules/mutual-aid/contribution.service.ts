import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { PAYER_LABELS, PAYERS, type Payer, type Scheme } from '../../../contracts/mutual-aid';
import {
  BILL_STATUS_LABELS,
  type BillDetailDto,
  type BillDto,
  type BillLineDto,
  type BillListQuery,
  type BillListResponse,
  type BillPreviewDto,
  type BillStatus,
  type PaymentDto,
  type PaymentInput,
  type UnitBillResponse,
} from '../../../contracts/mutual-aid-enrolment';
import { recordAudit } from '../../platform/audit/audit.service';
import { shanghaiDate } from '../../platform/dates';
import type { Db } from '../../platform/db/client';
import { violatedConstraint } from '../../platform/db/errors';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { conflict, notFound, registerEntityName, validation } from '../../platform/http/errors';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination';
import { likePrefix } from '../../platform/http/scope';
import { uuidv7 } from '../../platform/ids';
import { formatYuan } from '../../platform/money';
import { addTableSheet, yuanCell } from '../../platform/xlsx';
import { getOrgById } from '../orgs/org.service';
import { ContributionError, contributionBill } from './contribution.rules';
import { memberGroups, mergeLines } from './contribution-bill.rules';
import { type MutualAidBillRow, type MutualAidContributionPaymentRow, mutualAidBills as bills, mutualAidContributionPayments as payments } from './contribution.table';
import { type SchemePeriod, schemePeriod, schemePeriodOrNull, schemeVersionRow } from './enrolment-period.service';
import { periodBounds } from './enrolment.rules';
import { currentHardship } from './member.service';
import { mutualAidEnrolments as enrolments, mutualAidMembers as members } from './member.table';
import { MA_SOURCES, postMove, schemeAccounts } from './mutual-aid-ledger';
import { inUnitScope, loadUnit } from './unit.service';
import { type MutualAidUnitRow, mutualAidUnits as units } from './unit.table';

registerEntityName('mutual_aid_bill', '缴费通知', 'Contribution bill');

/**
 * 缴费 Contributions. A unit's bill for a period is computed by contribution.rules from the unit's active opt-ins
 * under the version in force at the period's start, each member counted with the status the registry gives today
 * (hardship when their ID is in a household file that is approved). A bill follows the opt-ins (recomputed when they
 * change) but never falls below what was already paid. Payments are recorded against a bill per payer, never more than
 * is owed, and posted to the scheme's pool (Dr ma-bank / Cr ma-pool); the payment that settles a bill covers every
 * opt-in it holds (paid_at). Members of a unit that has not paid are therefore not covered.
 */

const ENTITY = 'mutual_aid_bill';

export const billScope = (actor: Actor): SQL => sql`${bills.orgPath} like ${likePrefix(actor.orgPath)}`;

// ─────────────── computing ───────────────

export interface ComputedBill {
  sp: SchemePeriod;
  lines: BillLineDto[];
  byPayer: Partial<Record<Payer, number>>;
  totalFen: number;
  memberCount: number;
  enrolmentCount: number;
}

/** What the unit's bill of a period is from its active opt-ins now (nothing written). */
export async function computeBill(db: Db | Tx, unit: Pick<MutualAidUnitRow, 'id' | 'schemeCode'>, period: number, sp?: SchemePeriod): Promise<ComputedBill> {
  const p = sp ?? (await schemePeriod(db, unit.schemeCode, period));
  const rows = await db
    .select({ memberId: enrolments.memberId, planCode: enrolments.planCode, bidx: members.idNumberBidx })
    .from(enrolments)
    .innerJoin(members, eq(members.id, enrolments.memberId))
    .where(and(eq(enrolments.unitId, unit.id), eq(enrolments.period, period), eq(enrolments.status, 'active')));
  const byMember = new Map<string, { bidx: string; plans: string[] }>();
  for (const r of rows) {
    const m = byMember.get(r.memberId) ?? { bidx: r.bidx, plans: [] };
    m.plans.push(r.planCode);
    byMember.set(r.memberId, m);
  }
  const hardship = await currentHardship(
    db,
    [...byMember.values()].map((m) => m.bidx),
  );
  const groups = memberGroups([...byMember.values()].map((m) => ({ status: hardship.has(m.bidx) ? 'hardship' : 'ordinary', planCodes: m.plans })));
  let bill;
  try {
    bill = contributionBill(p.scheme, groups);
  } catch (e) {
    if (e instanceof ContributionError) throw conflict(`按方案第 ${p.version.version} 版无法计算缴费：${e.message}`, `the bill cannot be computed under version ${p.version.version}: ${e.message}`, { problem: e.problem });
    throw e;
  }
  return { sp: p, lines: mergeLines(bill.lines), byPayer: bill.byPayer, totalFen: bill.totalFen, memberCount: byMember.size, enrolmentCount: rows.length };
}

// ─────────────── reading ───────────────

function paymentDto(p: MutualAidContributionPaymentRow): PaymentDto {
  return {
    id: p.id,
    billId: p.billId,
    payer: p.payer as Payer,
    amountFen: Number(p.amountFen),
    paidOn: p.paidOn,
    reference: p.reference,
    ledgerEntryId: p.ledgerEntryId,
    createdByName: p.createdByName,
    createdAt: p.createdAt.toISOString(),
  };
}

async function paidByPayer(db: Db | Tx, billIds: readonly string[]): Promise<Map<string, Partial<Record<Payer, number>>>> {
  const out = new Map<string, Partial<Record<Payer, number>>>();
  if (billIds.length === 0) return out;
  const rows = await db
    .select({ billId: payments.billId, payer: payments.payer, fen: sql<string>`sum(${payments.amountFen})` })
    .from(payments)
    .where(inArray(payments.billId, [...billIds]))
    .groupBy(payments.billId, payments.payer);
  for (const r of rows) {
    const m = out.get(r.billId) ?? {};
    m[r.payer as Payer] = Number(r.fen);
    out.set(r.billId, m);
  }
  return out;
}

function shares(byPayer: Partial<Record<Payer, number>>, paid: Partial<Record<Payer, number>>) {
  return PAYERS.filter((p) => byPayer[p] !== undefined || paid[p] !== undefined).map((p) => {
    const dueFen = byPayer[p] ?? 0;
    const paidFen = paid[p] ?? 0;
    return { payer: p, dueFen, paidFen, arrearsFen: Math.max(0, dueFen - paidFen) };
  });
}

async function billDtos(db: Db | Tx, rows: Array<{ b: MutualAidBillRow; unitName: string; orgName: string }>): Promise<BillDto[]> {
  const paid = await paidByPayer(
    db,
    rows.map((r) => r.b.id),
  );
  const bounds = new Map<string, { validFrom: string; validTo: string }>();
  const out: BillDto[] = [];
  for (const { b, unitName, orgName } of rows) {
    const k = `${b.schemeCode}|${b.schemeVersion}|${b.period}`;
    if (!bounds.has(k)) {
      const v = await schemeVersionRow(db, b.schemeCode, b.schemeVersion);
      bounds.set(k, v ? periodBounds((v.scheme as Scheme).period, b.period) : { validFrom: `${b.period}-01-01`, validTo: `${b.period}-12-31` });
    }
    const bd = bounds.get(k)!;
    const totalFen = Number(b.totalFen);
    const paidFen = Number(b.paidFen);
    out.push({
      id: b.id,
      unitId: b.unitId,
      unitName,
      orgName,
      schemeCode: b.schemeCode,
      schemeVersion: b.schemeVersion,
      period: b.period,
      validFrom: bd.validFrom,
      validTo: bd.validTo,
      totalFen,
      paidFen,
      arrearsFen: totalFen - paidFen,
      memberCount: b.memberCount,
      enrolmentCount: b.enrolmentCount,
      status: b.status as BillStatus,
      byPayer: shares(b.byPayer as Partial<Record<Payer, number>>, paid.get(b.id) ?? {}),
      issuedAt: b.issuedAt.toISOString(),
      updatedAt: b.updatedAt.toISOString(),
    });
  }
  return out;
}

const withNames = () => ({ b: bills, unitName: sql<string>`(select u.name from mutual_aid_units u where u.id = ${bills.unitId})`, orgName: sql<string>`(select o.name from orgs o where o.path = ${bills.orgPath} limit 1)` });

async function billDetail(db: Db | Tx, id: string): Promise<BillDetailDto> {
  const [r] = await db.select(withNames()).from(bills).where(eq(bills.id, id));
  if (!r) throw notFound(ENTITY);
  const [dto] = await billDtos(db, [r]);
  const ps = await db.select().from(payments).where(eq(payments.billId, id)).orderBy(asc(payments.createdAt), asc(payments.id));
  return { ...dto!, lines: r.b.lines as BillLineDto[], payments: ps.map(paymentDto) };
}

/** One bill in scope with its lines and payments. */
export async function getBill(db: Db | Tx, actor: Actor, id: string): Promise<BillDetailDto> {
  const [b] = await db
    .select({ id: bills.id })
    .from(bills)
    .where(and(eq(bills.id, id), billScope(actor)));
  if (!b) throw notFound(ENTITY);
  return billDetail(db, id);
}

export async function listPayments(db: Db | Tx, actor: Actor, billId: string): Promise<{ items: PaymentDto[] }> {
  return { items: (await getBill(db, actor, billId)).payments };
}

function previewDto(c: ComputedBill): BillPreviewDto {
  return {
    schemeVersion: c.sp.version.version,
    validFrom: c.sp.validFrom,
    validTo: c.sp.validTo,
    lines: c.lines,
    byPayer: PAYERS.filter((p) => c.byPayer[p] !== undefined).map((p) => ({ payer: p, dueFen: c.byPayer[p]! })),
    totalFen: c.totalFen,
    memberCount: c.memberCount,
    enrolmentCount: c.enrolmentCount,
  };
}

/** The unit's bill of a period (null before it is issued) and what it would be if issued now. */
export async function unitBill(db: Db, actor: Actor, unitId: string, period: number): Promise<UnitBillResponse> {
  const unit = await loadUnit(db, actor, unitId);
  const [b] = await db
    .select({ id: bills.id })
    .from(bills)
    .where(and(eq(bills.unitId, unitId), eq(bills.period, period)));
  const bill = b ? await billDetail(db, b.id) : null;
  const sp = await schemePeriodOrNull(db, unit.schemeCode, period);
  if ('missing' in sp) {
    return {
      bill,
      preview: null,
      problem: { zh: `方案 ${unit.schemeCode} 在 ${period} 年度开始时（${sp.missing}）没有施行的已发布版本`, en: `scheme ${unit.schemeCode} has no published version in force at the start of period ${period} (${sp.missing})` },
    };
  }
  return { bill, preview: previewDto(await computeBill(db, unit, period, sp)), problem: null };
}

async function billFilters(db: Db, actor: Actor, f: Omit<BillListQuery, 'cursor' | 'limit'>): Promise<SQL[]> {
  const conds: SQL[] = [billScope(actor)];
  if (f.schemeCode) conds.push(eq(bills.schemeCode, f.schemeCode));
  if (f.unitId) conds.push(eq(bills.unitId, f.unitId));
  if (f.period) conds.push(eq(bills.period, f.period));
  if (f.status) conds.push(eq(bills.status, f.status));
  if (f.orgId) {
    const org = await getOrgById(db, f.orgId);
    if (!org || !inUnitScope(actor, org.path)) throw notFound('org');
    conds.push(sql`${bills.orgPath} like ${likePrefix(org.path)}`);
  }
  const q = f.q?.trim();
  if (q) conds.push(sql`${bills.unitId} in (select u.id from mutual_aid_units u where u.name like ${'%' + likePrefix(q)})`);
  return conds;
}

/**
 * Bills in scope — the arrears list: newest period first, then by unit name; filtered by scheme, union, unit,
 * period, status and name; totals over every bill the filters select (not only the page).
 */
export async function listBills(db: Db, actor: Actor, f: BillListQuery): Promise<BillListResponse> {
  const conds = await billFilters(db, actor, f);
  const [tot] = await db
    .select({ n: sql<number>`count(*)::int`, total: sql<string>`coalesce(sum(${bills.totalFen}), 0)`, paid: sql<string>`coalesce(sum(${bills.paidFen}), 0)` })
    .from(bills)
    .where(and(...conds));
  const unitName = sql`(select u.name from mutual_aid_units u where u.id = ${bills.unitId})`;
  const c = decodeCursor<{ p: number; n: string; id: string }>(f.cursor);
  const pageConds = [...conds];
  if (c) {
    if (typeof c.p !== 'number' || typeof c.n !== 'string' || typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/.test(c.id)) throw validation('cursor', '无效的分页游标', 'invalid cursor');
    pageConds.push(sql`(-${bills.period}, ${unitName}, ${bills.id}) > (${-c.p}::int, ${c.n}::text, ${c.id}::uuid)`);
  }
  const rows = await db
    .select(withNames())
    .from(bills)
    .where(and(...pageConds))
    .orderBy(desc(bills.period), asc(unitName), asc(bills.id))
    .limit(f.limit + 1);
  const more = rows.length > f.limit;
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  const total = Number(tot?.total ?? 0);
  const paid = Number(tot?.paid ?? 0);
  return {
    items: await billDtos(db, page),
    nextCursor: more && last ? encodeCursor({ p: last.b.period, n: last.unitName, id: last.b.id }) : null,
    totals: { bills: Number(tot?.n ?? 0), totalFen: total, paidFen: paid, arrearsFen: total - paid },
  };
}

/** The arrears list as .xlsx (unit, period, total, paid, arrears, and per payer), with a totals row. Audited. */
export async function exportBills(deps: Deps, actor: Actor, f: Omit<BillListQuery, 'cursor' | 'limit'>): Promise<{ buffer: Buffer; filename: string }> {
  const conds = await billFilters(deps.db, actor, f);
  const unitName = sql`(select u.name from mutual_aid_units u where u.id = ${bills.unitId})`;
  const rows = await deps.db
    .select(withNames())
    .from(bills)
    .where(and(...conds))
    .orderBy(desc(bills.period), asc(unitName), asc(bills.id))
    .limit(50_000);
  const dtos = await billDtos(deps.db, rows);
  const wb = new ExcelJS.Workbook();
  wb.creator = '精准帮扶 Precision Aid';
  const payerCols = PAYERS.map((p) => ({ header: `${PAYER_LABELS[p].zh}欠费(元) ${PAYER_LABELS[p].en}`, key: `p_${p}`, width: 16 }));
  const ws = addTableSheet(wb, '缴费与欠费', [
    { header: '方案 Scheme', key: 'scheme', width: 10 },
    { header: '年度 Period', key: 'period', width: 8 },
    { header: '会员单位 Unit', key: 'unit', width: 30 },
    { header: '所属工会 Union', key: 'org', width: 24 },
    { header: '会员数 Members', key: 'members', width: 10 },
    { header: '应缴(元) Total', key: 'total', width: 14 },
    { header: '已缴(元) Paid', key: 'paid', width: 14 },
    { header: '欠费(元) Arrears', key: 'arrears', width: 14 },
    { header: '状态 Status', key: 'status', width: 10 },
    ...payerCols,
  ], { freezeHeader: true });
  let total = 0;
  let paid = 0;
  for (const b of dtos) {
    total += b.totalFen;
    paid += b.paidFen;
    const row: Record<string, unknown> = {
      scheme: b.schemeCode,
      period: b.period,
      unit: b.unitName,
      org: b.orgName,
      members: b.memberCount,
      total: yuanCell(b.totalFen),
      paid: yuanCell(b.paidFen),
      arrears: yuanCell(b.arrearsFen),
      status: `${BILL_STATUS_LABELS[b.status].zh} ${BILL_STATUS_LABELS[b.status].en}`,
    };
    for (const s of b.byPayer) row[`p_${s.payer}`] = yuanCell(s.arrearsFen);
    ws.addRow(row);
  }
  const sum = ws.addRow({ scheme: '合计 Total', members: dtos.reduce((a, b) => a + b.memberCount, 0), total: yuanCell(total), paid: yuanCell(paid), arrears: yuanCell(total - paid) });
  sum.font = { bold: true };
  for (const k of ['total', 'paid', 'arrears', ...PAYERS.map((p) => `p_${p}`)]) ws.getColumn(k).numFmt = '#,##0.00';
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  await deps.db.transaction((tx) => recordAudit(tx as unknown as Tx, actor, deps.clock, { action: 'mutual_aid.arrears.export', entityType: 'mutual_aid_bill_list', orgPath: actor.orgPath, after: { filters: f, rows: dtos.length } }));
  return { buffer, filename: `mutual-aid-arrears-${deps.clock.now().toISOString().slice(0, 10)}.xlsx` };
}

// ─────────────── writing ───────────────

/** Every active opt-in of the unit's period not yet paid for becomes paid (covered) now. */
async function coverOptIns(tx: Tx, deps: Pick<Deps, 'clock'>, unitId: string, period: number): Promise<number> {
  const rows = await tx
    .update(enrolments)
    .set({ paidAt: deps.clock.now(), updatedAt: deps.clock.now() })
    .where(and(eq(enrolments.unitId, unitId), eq(enrolments.period, period), eq(enrolments.status, 'active'), isNull(enrolments.paidAt)))
    .returning({ id: enrolments.id });
  return rows.length;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const yuanText = (fen: number) => `¥${formatYuan(fen)}`;

async function writeBill(tx: Tx, deps: Pick<Deps, 'clock'>, actor: Actor, unit: MutualAidUnitRow, period: number, existing: MutualAidBillRow | undefined, c: ComputedBill): Promise<string> {
  const now = deps.clock.now();
  if (existing) {
    const paidFen = Number(existing.paidFen);
    if (c.totalFen < paidFen) {
      throw conflict(
        `重新计算后的应缴金额 ${yuanText(c.totalFen)} 低于已缴金额 ${yuanText(paidFen)}，不能重新计算（请先处理多缴部分）`,
        `the recomputed bill ${yuanText(c.totalFen)} is below what was already paid ${yuanText(paidFen)}; it cannot be recomputed (settle the overpayment first)`,
        { field: 'totalFen', totalFen: c.totalFen, paidFen },
      );
    }
    const status: BillStatus = paidFen >= c.totalFen ? 'paid' : 'open';
    const unchanged =
      Number(existing.totalFen) === c.totalFen &&
      existing.schemeVersion === c.sp.version.version &&
      existing.memberCount === c.memberCount &&
      existing.enrolmentCount === c.enrolmentCount &&
      existing.status === status &&
      sameJson(existing.lines, c.lines) &&
      sameJson(existing.byPayer, c.byPayer);
    if (!unchanged) {
      await tx
        .update(bills)
        .set({ schemeVersion: c.sp.version.version, lines: c.lines, byPayer: c.byPayer, totalFen: c.totalFen, memberCount: c.memberCount, enrolmentCount: c.enrolmentCount, status, updatedAt: now })
        .where(eq(bills.id, existing.id));
      await recordAudit(tx, actor, deps.clock, {
        action: 'mutual_aid.bill.recompute',
        entityType: ENTITY,
        entityId: existing.id,
        orgPath: existing.orgPath,
        before: { totalFen: Number(existing.totalFen), byPayer: existing.byPayer, memberCount: existing.memberCount, enrolmentCount: existing.enrolmentCount, status: existing.status },
        after: { totalFen: c.totalFen, byPayer: c.byPayer, memberCount: c.memberCount, enrolmentCount: c.enrolmentCount, status, schemeVersion: c.sp.version.version },
      });
    }
    if (status === 'paid') await coverOptIns(tx, deps, unit.id, period);
    return existing.id;
  }
  const row: MutualAidBillRow = {
    id: uuidv7(),
    unitId: unit.id,
    schemeCode: unit.schemeCode,
    schemeVersion: c.sp.version.version,
    period,
    orgPath: unit.orgPath,
    lines: c.lines,
    byPayer: c.byPayer,
    totalFen: c.totalFen,
    paidFen: 0,
    memberCount: c.memberCount,
    enrolmentCount: c.enrolmentCount,
    status: c.totalFen === 0 ? 'paid' : 'open',
    issuedBy: actor.userId,
    issuedAt: now,
    updatedAt: now,
  };
  try {
    await tx.transaction(async (sp) => {
      await sp.insert(bills).values(row);
    });
  } catch (e) {
    if (violatedConstraint(e) === 'mutual_aid_bills_unit_period_uq') throw conflict('该单位本年度的缴费通知刚被他人出具，请刷新后重试', 'the bill of this unit and period was just issued by someone else; reload and retry');
    throw e;
  }
  await recordAudit(tx, actor, deps.clock, {
    action: 'mutual_aid.bill.issue',
    entityType: ENTITY,
    entityId: row.id,
    orgPath: row.orgPath,
    after: { unitId: unit.id, period, schemeVersion: row.schemeVersion, totalFen: row.totalFen, byPayer: row.byPayer, memberCount: row.memberCount, enrolmentCount: row.enrolmentCount },
  });
  if (row.status === 'paid') await coverOptIns(tx, deps, unit.id, period);
  return row.id;
}

/**
 * Issues the unit's bill for a period, or recomputes it from the active opt-ins: split by payer under the version in
 * force at the period's start, each member's status from the registry today. 409 when there is nothing to bill, no
 * version in force, or the recomputed total would fall below what was already paid.
 */
export async function issueBill(tx: Tx, deps: Deps, actor: Actor, unitId: string, period: number): Promise<BillDetailDto> {
  const unit = await loadUnit(tx, actor, unitId, true);
  const [existing] = await tx
    .select()
    .from(bills)
    .where(and(eq(bills.unitId, unitId), eq(bills.period, period)))
    .for('update');
  const c = await computeBill(tx, unit, period);
  if (!existing && c.enrolmentCount === 0) {
    throw conflict(`${unit.name} 在 ${period} 年度没有参加计划的会员，无需出具缴费通知`, `${unit.name} has no members opted into plans for period ${period}; there is nothing to bill`, { field: 'period' });
  }
  const id = await writeBill(tx, deps, actor, unit, period, existing, c);
  return billDetail(tx, id);
}

/** Recomputes the unit's bill of a period when there is one (opt-ins changed); null when none was issued yet. */
export async function refreshBill(tx: Tx, deps: Pick<Deps, 'clock'>, actor: Actor, unitId: string, period: number): Promise<string | null> {
  const [existing] = await tx
    .select()
    .from(bills)
    .where(and(eq(bills.unitId, unitId), eq(bills.period, period)))
    .for('update');
  if (!existing) return null;
  const [unit] = await tx.select().from(units).where(eq(units.id, unitId));
  const c = await computeBill(tx, unit!, period);
  return writeBill(tx, deps, actor, unit!, period, existing, c);
}

/**
 * Records money received against a bill from one payer: never more than that payer still owes nor than the bill's
 * arrears, dated not after today. Posts Dr ma-bank / Cr ma-pool (source ma_contribution, the payment's id); the
 * payment that settles the bill marks it paid and covers every opt-in of the unit's period. All in the caller's
 * transaction, audited.
 */
export async function recordPayment(tx: Tx, deps: Deps, actor: Actor, billId: string, input: PaymentInput): Promise<BillDetailDto> {
  const [bill] = await tx
    .select()
    .from(bills)
    .where(and(eq(bills.id, billId), billScope(actor)))
    .for('update');
  if (!bill) throw notFound(ENTITY);
  const today = shanghaiDate(deps.clock.now());
  if (input.paidOn > today) throw validation('paidOn', `缴费日期不能晚于今天（${today}）`, `the payment date cannot be after today (${today})`);
  const totalFen = Number(bill.totalFen);
  const paidFen = Number(bill.paidFen);
  const arrears = totalFen - paidFen;
  const payerZh = PAYER_LABELS[input.payer].zh;
  const payerEn = PAYER_LABELS[input.payer].en;
  if (arrears <= 0) throw conflict('本缴费通知已缴清，不能再登记缴费', 'the bill is paid in full; no more payments can be recorded', { field: 'amountFen', arrearsFen: 0 });
  const due = (bill.byPayer as Partial<Record<Payer, number>>)[input.payer] ?? 0;
  if (due === 0) throw conflict(`本缴费通知没有“${payerZh}”应缴的份额`, `the bill has no share for the payer ${payerEn}`, { field: 'payer' });
  const paidBy = (await paidByPayer(tx, [bill.id])).get(bill.id)?.[input.payer] ?? 0;
  const max = Math.min(due - paidBy, arrears);
  if (max <= 0) throw conflict(`“${payerZh}”的份额已缴清`, `the share of ${payerEn} is paid in full`, { field: 'payer', payerArrearsFen: 0, arrearsFen: arrears });
  if (input.amountFen > max) {
    throw conflict(
      `金额 ${yuanText(input.amountFen)} 超过欠费：“${payerZh}”最多还可缴 ${yuanText(max)}（本通知共欠 ${yuanText(arrears)}）`,
      `the amount ${yuanText(input.amountFen)} is more than is owed: ${payerEn} may pay at most ${yuanText(max)} (the bill owes ${yuanText(arrears)})`,
      { field: 'amountFen', maxFen: max, payerArrearsFen: due - paidBy, arrearsFen: arrears },
    );
  }
  const [unit] = await tx.select().from(units).where(eq(units.id, bill.unitId));
  const id = uuidv7();
  const acc = await schemeAccounts(tx, deps, actor, bill.schemeCode);
  const posted = await postMove(tx, deps, actor, {
    debit: acc.bank,
    credit: acc.pool,
    amountFen: input.amountFen,
    memo: `${unit?.name ?? ''} ${bill.period} 年度互助金（${payerZh}）${input.reference}`.slice(0, 200),
    source: { type: MA_SOURCES.contribution, id },
  });
  const now = deps.clock.now();
  const payment: MutualAidContributionPaymentRow = {
    id,
    billId: bill.id,
    unitId: bill.unitId,
    schemeCode: bill.schemeCode,
    period: bill.period,
    orgPath: bill.orgPath,
    payer: input.payer,
    amountFen: input.amountFen,
    paidOn: input.paidOn,
    reference: input.reference,
    ledgerEntryId: posted.entry.id,
    createdBy: actor.userId,
    createdByName: actor.displayName || actor.username,
    createdAt: now,
  };
  await tx.insert(payments).values(payment);
  const newPaid = paidFen + input.amountFen;
  const status: BillStatus = newPaid >= totalFen ? 'paid' : 'open';
  await tx.update(bills).set({ paidFen: newPaid, status, updatedAt: now }).where(eq(bills.id, bill.id));
  const covered = status === 'paid' ? await coverOptIns(tx, deps, bill.unitId, bill.period) : 0;
  await recordAudit(tx, actor, deps.clock, {
    action: 'mutual_aid.payment.record',
    entityType: ENTITY,
    entityId: bill.id,
    orgPath: bill.orgPath,
    before: { paidFen, status: bill.status },
    after: { paymentId: id, payer: input.payer, amountFen: input.amountFen, paidOn: input.paidOn, reference: input.reference, ledgerEntryNo: posted.entry.entryNo, paidFen: newPaid, status, optInsCovered: covered },
  });
  return billDetail(tx, bill.id);
}
