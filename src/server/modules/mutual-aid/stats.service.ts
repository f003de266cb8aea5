import { type SQL, and, asc, eq, inArray, sql } from 'drizzle-orm';
import { STATS_CLAIM_STATUSES, type MutualAidStatsQuery, type MutualAidStatsResponse } from '../../../contracts/mutual-aid-stats';
import type { Scheme } from '../../../contracts/mutual-aid';
import { recordAudit } from '../../platform/audit/audit.service';
import { type Db, rowsOf } from '../../platform/db/client';
import { withTx } from '../../platform/db/tx';
import { shanghaiDate } from '../../platform/dates';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { notFound } from '../../platform/http/errors';
import { likePrefix } from '../../platform/http/scope';
import { getOrgById } from '../orgs/org.service';
import { type OrgRow, orgs } from '../orgs/org.table';
import { mutualAidClaims as claims } from './claim.table';
import { mutualAidBills as bills, mutualAidContributionPayments as payments } from './contribution.table';
import { mutualAidEnrolments as enrolments } from './member.table';
import { mutualAidSchemeVersions as versions } from './scheme.table';
import { statsWorkbook } from './stats-export';
import { type RawFigures, type RawPart, claimsByStatus, finishFigures, finishRows, mergeParts, percentages } from './stats.rules';
import { mutualAidUnits as units } from './unit.table';

/**
 * 互助统计: one aggregate query per table (opt-ins, contribution payments, bills, claims), each grouped by the row key
 * (the child org of the org shown, or the scheme) and the year in grouping sets, so one scan gives the rows of a year,
 * the rows of all years and the figures of every year. The tables are read directly (the rows are the module's own);
 * everything is limited to the subtree of the org shown, which must lie in the actor's subtree (out of it: 404).
 */

/** The row key of the direct units of the org shown (not under any of its children). */
const DIRECT = 'direct';

interface Agg {
  k: string;
  y: number | null;
  /** grouping(k, y): 0 per key and year, 1 per key, 2 per year */
  g: number;
  [figure: string]: string | number | null;
}

function keyOf(groupBy: MutualAidStatsQuery['groupBy'], orgPath: SQL | unknown, schemeCode: SQL | unknown, base: OrgRow): SQL {
  if (groupBy === 'scheme') return sql`${schemeCode}`;
  // the code of the child org the path lies under: /52/5203/520302/X/ under /52/5203/ → 520302 ('' for the org itself)
  return sql`split_part(substr(${orgPath}, ${base.path.length + 1}), '/', 1)`;
}

async function aggregate(db: Db, inner: SQL, figures: SQL): Promise<Agg[]> {
  return rowsOf<Agg>(await db.execute(sql`select k, y, grouping(k, y)::int as g, ${figures} from (${inner}) s group by grouping sets ((k, y), (k), (y))`));
}

/** The org the rows break down: the actor's own, or one in the actor's subtree. */
async function baseOrg(db: Db, actor: Actor, orgId: string | undefined): Promise<OrgRow> {
  const org = await getOrgById(db, orgId ?? actor.orgId);
  if (!org || !org.path.startsWith(actor.orgPath)) throw notFound('org');
  return org;
}

/** The orgs from the actor's down to `org`, for the breadcrumb. */
async function breadcrumb(db: Db, actor: Actor, org: OrgRow): Promise<Array<{ orgId: string; name: string }>> {
  const codes = org.path.split('/').filter(Boolean);
  const rows = await db
    .select({ id: orgs.id, name: orgs.name, path: orgs.path })
    .from(orgs)
    .where(and(inArray(orgs.code, codes), sql`${orgs.path} like ${likePrefix(actor.orgPath)}`));
  return rows.sort((a, b) => a.path.length - b.path.length).map((r) => ({ orgId: r.id, name: r.name }));
}

/** The name of each scheme: that of its latest published version (or latest version). */
async function schemeNames(db: Db, codes: readonly string[]): Promise<Map<string, { zh: string; en: string }>> {
  const out = new Map<string, { zh: string; en: string }>();
  if (codes.length === 0) return out;
  const rows = await db
    .select({ code: versions.code, status: versions.status, scheme: versions.scheme })
    .from(versions)
    .where(inArray(versions.code, [...codes]))
    .orderBy(asc(versions.code), asc(versions.version));
  for (const r of rows) {
    if (r.status === 'published' || !out.has(r.code)) out.set(r.code, (r.scheme as Scheme).name);
  }
  return out;
}

const claimFigures = sql.join(
  STATS_CLAIM_STATUSES.map((s) => sql`(count(*) filter (where status = ${s}))::int as ${sql.identifier(`c_${s}`)}`),
  sql`, `,
);

/** 互助统计 within the actor's subtree: rows by child org or scheme, totals, every year, claims by status. */
export async function mutualAidStats(db: Db, actor: Actor, q: MutualAidStatsQuery): Promise<MutualAidStatsResponse> {
  const base = await baseOrg(db, actor, q.orgId);
  const under = likePrefix(base.path);
  const scheme = (col: unknown) => (q.schemeCode ? sql`and ${col} = ${q.schemeCode}` : sql``);

  const [optIns, raised, billed, claimed] = await Promise.all([
    aggregate(
      db,
      sql`select ${keyOf(q.groupBy, units.orgPath, enrolments.schemeCode, base)} as k, ${enrolments.period} as y, ${enrolments.unitId} as unit_id, ${enrolments.memberId} as member_id, ${enrolments.paidAt} as paid_at
          from ${enrolments} join ${units} on ${units.id} = ${enrolments.unitId}
          where ${enrolments.status} = 'active' and ${units.orgPath} like ${under} ${scheme(enrolments.schemeCode)}`,
      sql`count(distinct unit_id)::int as units, count(distinct member_id)::int as members, (count(distinct member_id) filter (where paid_at is not null))::int as covered`,
    ),
    aggregate(
      db,
      sql`select ${keyOf(q.groupBy, payments.orgPath, payments.schemeCode, base)} as k, ${payments.period} as y, ${payments.amountFen} as amount_fen
          from ${payments} where ${payments.orgPath} like ${under} ${scheme(payments.schemeCode)}`,
      sql`coalesce(sum(amount_fen), 0)::text as raised`,
    ),
    aggregate(
      db,
      sql`select ${keyOf(q.groupBy, bills.orgPath, bills.schemeCode, base)} as k, ${bills.period} as y, ${bills.totalFen} as total_fen, ${bills.paidFen} as paid_fen
          from ${bills} where ${bills.orgPath} like ${under} ${scheme(bills.schemeCode)}`,
      sql`coalesce(sum(total_fen), 0)::text as billed, coalesce(sum(paid_fen), 0)::text as bill_paid`,
    ),
    aggregate(
      db,
      sql`select ${keyOf(q.groupBy, claims.orgPath, claims.schemeCode, base)} as k, extract(year from ${claims.eventDate})::int as y, ${claims.status} as status, ${claims.payoutFen} as payout_fen
          from ${claims} where ${claims.orgPath} like ${under} ${scheme(claims.schemeCode)}`,
      sql`${claimFigures}, (count(*) filter (where status = 'paid'))::int as paid_count, coalesce(sum(payout_fen) filter (where status = 'paid'), 0)::text as paid_fen`,
    ),
  ]);

  const parts = (a: Agg): RawPart => ({
    units: Number(a.units ?? 0),
    members: Number(a.members ?? 0),
    membersCovered: Number(a.covered ?? 0),
    raisedFen: Number(a.raised ?? 0),
    billedFen: Number(a.billed ?? 0),
    billPaidFen: Number(a.bill_paid ?? 0),
    paidCount: Number(a.paid_count ?? 0),
    paidFen: Number(a.paid_fen ?? 0),
    claims: Object.fromEntries(STATS_CLAIM_STATUSES.map((s) => [s, Number(a[`c_${s}`] ?? 0)])),
  });
  const all = [...optIns, ...raised, ...billed, ...claimed];
  const perKey = q.year === undefined ? all.filter((a) => Number(a.g) === 1) : all.filter((a) => Number(a.g) === 0 && Number(a.y) === q.year);
  const byKey = mergeParts(perKey.map((a) => [String(a.k), parts(a)] as const));
  const byYearRaw = mergeParts(all.filter((a) => Number(a.g) === 2).map((a) => [String(a.y), parts(a)] as const));

  // label the rows: child orgs (drillable when they have children of their own) or schemes
  let labelled: Array<{ key: string; zh: string; en: string; drillable: boolean; sort: string; raw: RawFigures }>;
  if (q.groupBy === 'org') {
    const codes = [...byKey.keys()].filter((k) => k !== '');
    const children = codes.length
      ? await db
          .select({ id: orgs.id, code: orgs.code, name: orgs.name, childCount: sql<number>`(select count(*)::int from orgs c where c.parent_id = "orgs"."id")` })
          .from(orgs)
          .where(and(eq(orgs.parentId, base.id), inArray(orgs.code, codes)))
      : [];
    const byCode = new Map(children.map((c) => [c.code, c]));
    labelled = [...byKey.entries()].map(([k, raw]) => {
      if (k === '') return { key: DIRECT, zh: `${base.name}（本级）`, en: `${base.name} (direct)`, drillable: false, sort: '', raw };
      const c = byCode.get(k);
      return { key: c?.id ?? k, zh: c?.name ?? k, en: c?.name ?? k, drillable: Number(c?.childCount ?? 0) > 0, sort: k, raw };
    });
  } else {
    const names = await schemeNames(db, [...byKey.keys()]);
    labelled = [...byKey.entries()].map(([k, raw]) => ({ key: k, zh: names.get(k)?.zh ?? k, en: names.get(k)?.en ?? k, drillable: false, sort: k, raw }));
  }
  labelled.sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0));
  const { rows, totals } = finishRows(labelled.map(({ sort: _sort, ...r }) => r));

  const yearKeys = [...byYearRaw.keys()].map(Number).sort((a, b) => a - b);
  const yearRaised = percentages(
    yearKeys.map((y) => byYearRaw.get(String(y))!.raisedFen),
    yearKeys.reduce((s, y) => s + byYearRaw.get(String(y))!.raisedFen, 0),
  );
  const byYear = yearKeys.map((y, i) => ({ year: y, ...finishFigures(byYearRaw.get(String(y))!, yearRaised[i]!) }));

  const schemeCodes = await db
    .selectDistinct({ code: units.schemeCode })
    .from(units)
    .where(sql`${units.orgPath} like ${under}`)
    .orderBy(asc(units.schemeCode));
  const names = await schemeNames(
    db,
    schemeCodes.map((s) => s.code),
  );

  return {
    filter: { year: q.year ?? null, schemeCode: q.schemeCode ?? null, orgId: base.id, orgName: base.name, groupBy: q.groupBy },
    breadcrumb: await breadcrumb(db, actor, base),
    years: [...yearKeys].reverse(),
    schemes: schemeCodes.map((s) => ({ code: s.code, zh: names.get(s.code)?.zh ?? s.code, en: names.get(s.code)?.en ?? s.code })),
    rows,
    totals,
    byYear,
    claimsByStatus: claimsByStatus(totals.claims),
  };
}

/** The same tables as an .xlsx workbook (Chinese headers, totals rows). The export is an audited read. */
export async function exportMutualAidStats(deps: Deps, actor: Actor, q: MutualAidStatsQuery): Promise<{ buffer: Buffer; filename: string }> {
  const r = await mutualAidStats(deps.db, actor, q);
  const buffer = await statsWorkbook(r);
  await withTx(deps.db, (tx) =>
    recordAudit(tx, actor, deps.clock, {
      action: 'mutual_aid.stats.export',
      entityType: 'mutual_aid_stats',
      orgPath: actor.orgPath,
      after: { filters: { ...q }, orgId: r.filter.orgId, rows: r.rows.length },
    }),
  );
  return { buffer, filename: `mutual-aid-stats-${q.year ?? 'all'}-${shanghaiDate(deps.clock.now())}.xlsx` };
}
