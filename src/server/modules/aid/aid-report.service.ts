import ExcelJS from 'exceljs';
import { and, asc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { type budgetQuery, type budgetReportDto, type FundFlowDto, type paidReportDto, PROGRAM_TYPE_LABELS, type ProgramType, type recoveriesReportDto, type recoveriesReportQuery, type reportExportQuery, type reportQuery } from '../../../contracts/aid';
import { CATEGORY_LABELS, type Category } from '../../../contracts/registry';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/db/client';
import { withTx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { validation } from '../../platform/http/errors';
import { likePrefix, scopeWhere } from '../../platform/http/scope';
import { maskName } from '../../platform/pii/mask';
import { addTableSheet, boldLastRow, moneyCells, moneyColumns } from '../../platform/xlsx';
import { ledgerAccounts } from '../ledger/account.table';
import { ledgerEntries } from '../ledger/entry.table';
import { getOrgById } from '../orgs/org.service';
import { fileSummaries } from '../registry/household-oversight.service';
import { AID_SOURCES, businessDate } from './aid-ledger';
import { aidAwards } from './award.table';
import { aidPayments } from './disbursement.table';
import { aidPrograms } from './program.table';
import { aidRecoveries } from './recovery.table';
import { recoveryScope } from './recovery.service';

/**
 * 帮扶统计: money paid in a period (by the business date of the payment's ledger entry), each program's budget
 * against what is committed and paid, recoveries, and the fund flow (source fund → program → org → household).
 * Every figure is an integer sum of fen; the totals are the sums of the rows.
 */

type ReportQuery = z.output<typeof reportQuery>;
type PaidReport = z.infer<typeof paidReportDto>;
type BudgetReport = z.infer<typeof budgetReportDto>;

type RecoveriesReport = z.infer<typeof recoveriesReportDto>;
type ExportQuery = z.output<typeof reportExportQuery>;

/** Most households drawn one by one in the fund flow; the rest of each org's households are one node. */
const FLOW_HOUSEHOLDS_MAX = 200;

/** Payments the actor may count: the actor keeps the program (funding org in scope) or the household is in scope. */
function paymentScope(actor: Actor): SQL {
  return sql`(${aidPrograms.orgPath} like ${likePrefix(actor.orgPath)} or ${scopeWhere(actor, { orgPath: aidAwards.orgPath, regionCode: aidAwards.regionCode })})`;
}

/** Programs whose budget the actor may read: funded by an org in the actor's subtree or above it. */
function programScope(actor: Actor): SQL {
  return sql`(${aidPrograms.orgPath} like ${likePrefix(actor.orgPath)} or starts_with(${actor.orgPath}::text, ${aidPrograms.orgPath}))`;
}

function checkPeriod(from: string, to: string): void {
  if (from > to) throw validation('from', '开始日期不能晚于结束日期', 'must not be after to');
}

/** Paid payments whose ledger entry is dated in the period, in scope, with what the groupings need. */
async function paidRows(db: Db, actor: Actor, q: { from: string; to: string; programId?: string }) {
  checkPeriod(q.from, q.to);
  return db
    .select({
      paymentId: aidPayments.id,
      amountFen: aidPayments.amountFen,
      householdId: aidPayments.householdId,
      programId: aidPrograms.id,
      programCode: aidPrograms.code,
      programName: aidPrograms.name,
      programType: aidPrograms.type,
      fundingOrgId: aidPrograms.fundingOrgId,
      orgId: aidAwards.orgId,
      category: aidAwards.category,
      businessDate: ledgerEntries.businessDate,
    })
    .from(aidPayments)
    .innerJoin(aidAwards, eq(aidAwards.id, aidPayments.awardId))
    .innerJoin(aidPrograms, eq(aidPrograms.id, aidAwards.programId))
    .innerJoin(ledgerEntries, and(eq(ledgerEntries.sourceType, AID_SOURCES.pay), eq(ledgerEntries.sourceId, sql`${aidPayments.id}::text`)))
    .where(
      and(
        eq(aidPayments.status, 'paid'),
        gte(ledgerEntries.businessDate, q.from),
        lte(ledgerEntries.businessDate, q.to),
        sql`not exists (select 1 from ledger_entries r where r.reversal_of = ${ledgerEntries.id})`,
        paymentScope(actor),
        q.programId ? eq(aidPrograms.id, q.programId) : undefined,
      ),
    )
    .orderBy(asc(ledgerEntries.businessDate), asc(aidPayments.id));
}

async function orgNames(db: Db, ids: Iterable<string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const id of new Set(ids)) out.set(id, (await getOrgById(db, id))?.name ?? '');
  return out;
}

/** 发放统计: what was paid in the period, grouped by program, household union, category or month. */
export async function paidReport(db: Db, actor: Actor, q: ReportQuery): Promise<PaidReport> {
  const rows = await paidRows(db, actor, q);
  const names = q.groupBy === 'org' ? await orgNames(db, rows.map((r) => r.orgId)) : new Map<string, string>();
  const groups = new Map<string, { key: string; label: string; count: number; paidFen: number }>();
  for (const r of rows) {
    const [key, label] =
      q.groupBy === 'program'
        ? [r.programId, `${r.programName}（${r.programCode}）`]
        : q.groupBy === 'org'
          ? [r.orgId, names.get(r.orgId) ?? '']
          : q.groupBy === 'category'
            ? [r.category ?? 'none', r.category ? `${CATEGORY_LABELS[r.category as Category]?.zh ?? r.category} / ${CATEGORY_LABELS[r.category as Category]?.en ?? r.category}` : '未分类 / none']
            : [String(r.businessDate).slice(0, 7), String(r.businessDate).slice(0, 7)];
    const g = groups.get(key) ?? { key, label, count: 0, paidFen: 0 };
    g.count += 1;
    g.paidFen += Number(r.amountFen);
    groups.set(key, g);
  }
  const out = [...groups.values()].sort((a, b) => (q.groupBy === 'month' ? a.key.localeCompare(b.key) : b.paidFen - a.paidFen || a.label.localeCompare(b.label)));
  return { from: q.from, to: q.to, groupBy: q.groupBy, rows: out, totalCount: out.reduce((s, r) => s + r.count, 0), totalFen: out.reduce((s, r) => s + r.paidFen, 0) };
}

/**
 * 预算执行: per program, its budget, what is committed (commit entries of its awards not reversed), what is paid (payment
 * entries not reversed) and what is available (the budget account's balance).
 */
export async function budgetReport(db: Db, actor: Actor, q: z.output<typeof budgetQuery>): Promise<BudgetReport> {
  const programs = await db
    .select({ p: aidPrograms, available: ledgerAccounts.balanceFen })
    .from(aidPrograms)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, aidPrograms.budgetAccountId))
    .where(and(programScope(actor), q.year ? eq(aidPrograms.year, q.year) : undefined))
    .orderBy(asc(aidPrograms.year), asc(aidPrograms.code));
  if (programs.length === 0) return { rows: [] };
  const ids = programs.map((x) => x.p.id);
  const notReversed = sql`not exists (select 1 from ledger_entries r where r.reversal_of = e.id)`;
  const debit = sql`(select sum(l.amount_fen) from ledger_lines l where l.entry_id = e.id and l.side = 'debit')`;
  const committed = await db
    .select({ programId: aidAwards.programId, fen: sql<string>`coalesce(sum(${debit}), 0)::text` })
    .from(aidAwards)
    .innerJoin(sql`ledger_entries e`, sql`e.source_type = ${AID_SOURCES.commit} and e.source_id = ${aidAwards.id}::text`)
    .where(and(inArray(aidAwards.programId, ids), notReversed))
    .groupBy(aidAwards.programId);
  const paid = await db
    .select({ programId: aidAwards.programId, fen: sql<string>`coalesce(sum(${debit}), 0)::text` })
    .from(aidPayments)
    .innerJoin(aidAwards, eq(aidAwards.id, aidPayments.awardId))
    .innerJoin(sql`ledger_entries e`, sql`e.source_type = ${AID_SOURCES.pay} and e.source_id = ${aidPayments.id}::text`)
    .where(and(inArray(aidAwards.programId, ids), notReversed))
    .groupBy(aidAwards.programId);
  const c = new Map(committed.map((r) => [r.programId, Number(r.fen)]));
  const pd = new Map(paid.map((r) => [r.programId, Number(r.fen)]));
  return {
    rows: programs.map(({ p, available }) => ({ programId: p.id, code: p.code, name: p.name, year: p.year, budgetFen: Number(p.budgetFen), committedFen: c.get(p.id) ?? 0, paidFen: pd.get(p.id) ?? 0, availableFen: Number(available) })),
  };
}

/** 追回统计: per program, how much was to be recovered, received, written off and is still outstanding. */
export async function recoveriesReport(db: Db, actor: Actor, q: z.output<typeof recoveriesReportQuery>): Promise<RecoveriesReport> {
  const rows = await db
    .select({
      programId: aidPrograms.id,
      code: aidPrograms.code,
      name: aidPrograms.name,
      count: sql<number>`count(*)::int`,
      openCount: sql<number>`(count(*) filter (where ${aidRecoveries.status} = 'open'))::int`,
      due: sql<string>`sum(${aidRecoveries.amountDueFen})::text`,
      received: sql<string>`sum(${aidRecoveries.receivedFen})::text`,
      off: sql<string>`sum(${aidRecoveries.writtenOffFen})::text`,
    })
    .from(aidRecoveries)
    .innerJoin(aidAwards, eq(aidAwards.id, aidRecoveries.awardId))
    .innerJoin(aidPrograms, eq(aidPrograms.id, aidRecoveries.programId))
    .where(and(recoveryScope(actor), q.programId ? eq(aidRecoveries.programId, q.programId) : undefined))
    .groupBy(aidPrograms.id, aidPrograms.code, aidPrograms.name)
    .orderBy(asc(aidPrograms.code));
  const out = rows.map((r) => {
    const amountDueFen = Number(r.due);
    const receivedFen = Number(r.received);
    const writtenOffFen = Number(r.off);
    return { programId: r.programId, code: r.code, name: r.name, count: Number(r.count), openCount: Number(r.openCount), amountDueFen, receivedFen, writtenOffFen, outstandingFen: amountDueFen - receivedFen - writtenOffFen };
  });
  const sum = (k: 'count' | 'openCount' | 'amountDueFen' | 'receivedFen' | 'writtenOffFen' | 'outstandingFen') => out.reduce((s, r) => s + r[k], 0);
  return { rows: out, totals: { count: sum('count'), openCount: sum('openCount'), amountDueFen: sum('amountDueFen'), receivedFen: sum('receivedFen'), writtenOffFen: sum('writtenOffFen'), outstandingFen: sum('outstandingFen') } };
}

/**
 * 资金流向 for an ECharts sankey: the funding org's fund → program → household union → household, each link the sum
 * (and count) of what was paid in the period. Households are labelled by their masked name; beyond the largest
 * FLOW_HOUSEHOLDS_MAX, each union's other households are one node.
 */
export async function fundFlow(db: Db, actor: Actor, q: { from: string; to: string }): Promise<FundFlowDto> {
  const rows = await paidRows(db, actor, q);
  const nodes = new Map<string, FundFlowDto['nodes'][number]>();
  const links = new Map<string, FundFlowDto['links'][number]>();
  const link = (source: string, target: string, fen: number) => {
    const k = `${source}→${target}`;
    const l = links.get(k) ?? { source, target, amountFen: 0, count: 0 };
    l.amountFen += fen;
    l.count += 1;
    links.set(k, l);
  };
  const perHousehold = new Map<string, number>();
  for (const r of rows) perHousehold.set(r.householdId, (perHousehold.get(r.householdId) ?? 0) + Number(r.amountFen));
  const drawn = new Set([...perHousehold.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, FLOW_HOUSEHOLDS_MAX).map(([id]) => id));
  const files = await fileSummaries(db, [...drawn]);
  const names = await orgNames(db, [...rows.map((r) => r.fundingOrgId), ...rows.map((r) => r.orgId)]);
  const others = new Map<string, Set<string>>();
  for (const r of rows) {
    const fen = Number(r.amountFen);
    const fund = `fund:${r.fundingOrgId}`;
    const program = `program:${r.programId}`;
    const org = `org:${r.orgId}`;
    nodes.set(fund, { id: fund, kind: 'fund', label: `${names.get(r.fundingOrgId) ?? ''}帮扶资金` });
    nodes.set(program, { id: program, kind: 'program', label: `${r.programName}（${PROGRAM_TYPE_LABELS[r.programType as ProgramType]?.zh ?? r.programType}）` });
    nodes.set(org, { id: org, kind: 'org', label: names.get(r.orgId) ?? '' });
    let hh: string;
    if (drawn.has(r.householdId)) {
      hh = `household:${r.householdId}`;
      nodes.set(hh, { id: hh, kind: 'household', label: maskName(files.get(r.householdId)?.workerName) ?? '' });
    } else {
      hh = `household:others:${r.orgId}`;
      const set = others.get(r.orgId) ?? new Set<string>();
      set.add(r.householdId);
      others.set(r.orgId, set);
      nodes.set(hh, { id: hh, kind: 'household', label: `其他 ${set.size} 户 / ${set.size} other households` });
    }
    link(fund, program, fen);
    link(program, org, fen);
    link(org, hh, fen);
  }
  return { from: q.from, to: q.to, totalFen: rows.reduce((s, r) => s + Number(r.amountFen), 0), nodes: [...nodes.values()], links: [...links.values()] };
}

// ─────────────── export ───────────────

/** One workbook per report kind, each sheet ending in its totals row (sums of the integer fen). Audited. */
export async function exportReport(deps: Deps, actor: Actor, q: ExportQuery): Promise<{ buffer: Buffer; filename: string }> {
  const wb = new ExcelJS.Workbook();
  let rowsCount = 0;
  const needPeriod = () => {
    if (!q.from) throw validation('from', '请选择开始日期', 'is required for this report');
    if (!q.to) throw validation('to', '请选择结束日期', 'is required for this report');
    return { from: q.from, to: q.to };
  };
  if (q.kind === 'paid') {
    const r = await paidReport(deps.db, actor, { ...needPeriod(), groupBy: q.groupBy, programId: q.programId });
    const ws = addTableSheet(wb, '发放统计', [{ header: '分组 Group', key: 'label', width: 36 }, { header: '笔数 Count', key: 'count', width: 10 }, ...moneyColumns('paidFen', '发放金额')]);
    for (const x of r.rows) ws.addRow({ label: x.label, count: x.count, ...moneyCells({ paidFen: x.paidFen }) });
    ws.addRow({ label: `合计 Total（${r.from} ~ ${r.to}）`, count: r.totalCount, ...moneyCells({ paidFen: r.totalFen }) });
    boldLastRow(ws);
    rowsCount = r.rows.length;
  } else if (q.kind === 'budget') {
    const r = await budgetReport(deps.db, actor, { year: q.year });
    const ws = addTableSheet(wb, '预算执行', [
      { header: '项目编号 Code', key: 'code', width: 16 },
      { header: '项目 Program', key: 'name', width: 30 },
      { header: '年度 Year', key: 'year', width: 8 },
      ...moneyColumns('budgetFen', '预算'),
      ...moneyColumns('committedFen', '已承诺'),
      ...moneyColumns('paidFen', '已发放'),
      ...moneyColumns('availableFen', '可用'),
    ]);
    const t = { budgetFen: 0, committedFen: 0, paidFen: 0, availableFen: 0 };
    for (const x of r.rows) {
      ws.addRow({ code: x.code, name: x.name, year: x.year, ...moneyCells({ budgetFen: x.budgetFen, committedFen: x.committedFen, paidFen: x.paidFen, availableFen: x.availableFen }) });
      for (const k of Object.keys(t) as Array<keyof typeof t>) t[k] += x[k];
    }
    ws.addRow({ code: '合计 Total', ...moneyCells(t) });
    boldLastRow(ws);
    rowsCount = r.rows.length;
  } else if (q.kind === 'recoveries') {
    const r = await recoveriesReport(deps.db, actor, { programId: q.programId });
    const ws = addTableSheet(wb, '追回统计', [
      { header: '项目编号 Code', key: 'code', width: 16 },
      { header: '项目 Program', key: 'name', width: 30 },
      { header: '追回笔数 Count', key: 'count', width: 10 },
      { header: '未办结 Open', key: 'openCount', width: 10 },
      ...moneyColumns('amountDueFen', '应追回'),
      ...moneyColumns('receivedFen', '已追回'),
      ...moneyColumns('writtenOffFen', '已核销'),
      ...moneyColumns('outstandingFen', '未追回'),
    ]);
    for (const x of r.rows) ws.addRow({ code: x.code, name: x.name, count: x.count, openCount: x.openCount, ...moneyCells({ amountDueFen: x.amountDueFen, receivedFen: x.receivedFen, writtenOffFen: x.writtenOffFen, outstandingFen: x.outstandingFen }) });
    const { count, openCount, ...money } = r.totals;
    ws.addRow({ code: '合计 Total', count, openCount, ...moneyCells(money) });
    boldLastRow(ws);
    rowsCount = r.rows.length;
  } else {
    const r = await fundFlow(deps.db, actor, needPeriod());
    const label = new Map(r.nodes.map((n) => [n.id, n.label]));
    const ws = addTableSheet(wb, '资金流向', [{ header: '来源 From', key: 'source', width: 34 }, { header: '去向 To', key: 'target', width: 34 }, { header: '笔数 Count', key: 'count', width: 10 }, ...moneyColumns('amountFen', '金额')]);
    // each stage of the flow adds up to the same total: show the first stage's sum as the total
    for (const l of r.links) ws.addRow({ source: label.get(l.source), target: label.get(l.target), count: l.count, ...moneyCells({ amountFen: l.amountFen }) });
    ws.addRow({ source: `合计 Total（${r.from} ~ ${r.to}）`, count: r.links.filter((l) => l.source.startsWith('fund:')).reduce((s, l) => s + l.count, 0), ...moneyCells({ amountFen: r.totalFen }) });
    boldLastRow(ws);
    rowsCount = r.links.length;
  }
  await withTx(deps.db, (tx) => recordAudit(tx, actor, deps.clock, { action: 'aid.report.export', entityType: 'aid_report', orgPath: actor.orgPath, after: { kind: q.kind, filters: q, rows: rowsCount } }));
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { buffer, filename: `aid-${q.kind}-${businessDate(deps.clock.now())}.xlsx` };
}
