import { type SQL, and, eq, inArray, sql } from 'drizzle-orm';
import { FEDERATION_KINDS } from '../../../contracts/orgs';
import {
  CATEGORIES,
  CATEGORY_LABELS,
  CAUSES,
  CAUSE_LABELS,
  HOUSEHOLD_STATUSES,
  LEVELS,
  LEVEL_LABELS,
  OPEN_STATUSES,
  STATUS_LABELS,
} from '../../../contracts/registry';
import type { RegistryStatsQuery, RegistryStatsResponse, StatsBucket } from '../../../contracts/registry-stats';
import { type Db, rowsOf } from '../../platform/db/client';
import type { Actor } from '../../platform/http/actor';
import { validation } from '../../platform/http/errors';
import { likePrefix, scopeWhere } from '../../platform/http/scope';
import { division, divisionName, divisionsOf } from '../orgs/division';
import { getOrg, getOrgById } from '../orgs/org.service';
import { households } from './household.table';
import { percentOf, percentages } from './stats.rules';

/**
 * One aggregate per figure; every one is a FILTER clause of the same scan, grouped by the drill-down key
 * (city, county or owning org), so the whole answer costs one pass over the households in scope.
 */
const h = households;
const AGGREGATES: Array<[string, SQL]> = [
  ['n', sql`count(*)::int`],
  ['members', sql`coalesce(sum(${h.size}), 0)::bigint`],
  ...CATEGORIES.map((c): [string, SQL] => [`cat_${c}`, sql`(count(*) filter (where ${h.category} = ${c}))::int`]),
  ['cat_none', sql`(count(*) filter (where ${h.category} is null))::int`],
  ...LEVELS.map((l): [string, SQL] => [`lvl_${l}`, sql`(count(*) filter (where ${h.level} = ${l}))::int`]),
  ['lvl_none', sql`(count(*) filter (where ${h.level} is null))::int`],
  ...CAUSES.map((c): [string, SQL] => [`cause_${c}`, sql`(count(*) filter (where ${h.primaryCause} = ${c}))::int`]),
  ...HOUSEHOLD_STATUSES.map((s): [string, SQL] => [`st_${s}`, sql`(count(*) filter (where ${h.status} = ${s}))::int`]),
  ['with_students', sql`(count(*) filter (where ${h.students} > 0))::int`],
  ['students', sql`coalesce(sum(${h.students}), 0)::bigint`],
  ['serious', sql`(count(*) filter (where ${h.seriousIllness}))::int`],
  ['extreme', sql`(count(*) filter (where ${h.flags} @> array['extremeHardship']::text[]))::int`],
];

type Sums = Record<string, number>;

function bucketList<K extends string>(keys: readonly K[], labels: Record<K, { zh: string; en: string }>, sums: Sums, prefix: string, total: number, none?: { zh: string; en: string }): StatsBucket[] {
  const items = keys.map((k) => ({ key: k as string, zh: labels[k].zh, en: labels[k].en, count: sums[`${prefix}${k}`] ?? 0 }));
  if (none && (sums[`${prefix}none`] ?? 0) > 0) items.push({ key: 'none', zh: none.zh, en: none.en, count: sums[`${prefix}none`] });
  const pct = percentages(
    items.map((i) => i.count),
    total,
  );
  return items.map((i, j) => ({ ...i, percent: pct[j] }));
}

/**
 * 建档立卡统计: counts and shares of households by category, level, primary cause, status and region (children
 * of the requested division, for drill-down; the owning unions below a county), with students, serious
 * illness and extreme hardship — all within the actor's scope (the one scope helper).
 */
export async function registryStats(db: Db, actor: Actor, q: RegistryStatsQuery): Promise<RegistryStatsResponse> {
  const conds: SQL[] = [scopeWhere(actor, { orgId: h.orgId, regionCode: h.regionCode })];

  // an org in scope: its subtree, and for a federation every household in its division (the same rule as scope)
  const org = q.orgId ? await getOrg(db, actor, q.orgId) : null;
  if (org) {
    const federation = (FEDERATION_KINDS as readonly string[]).includes(org.kind);
    conds.push(scopeWhere({ ...actor, orgId: org.id, orgPath: org.path, divisionCode: federation ? org.regionCode : null }, { orgId: h.orgId, regionCode: h.regionCode }));
  }
  if (q.regionCode) {
    if (!division(q.regionCode)) throw validation('regionCode', '未知的行政区划代码', 'unknown division code');
    conds.push(sql`${h.regionCode} like ${likePrefix(q.regionCode)}`);
  }
  if (q.status === 'open') conds.push(inArray(h.status, [...OPEN_STATUSES]));
  else if (q.status !== 'all') conds.push(eq(h.status, q.status));

  // the division whose children the breakdown by region lists
  const ownRegion = actor.divisionCode ?? (await getOrgById(db, actor.orgId))?.regionCode ?? null;
  const base = q.regionCode ?? org?.regionCode ?? ownRegion ?? '52';
  const groupKey = base.length === 2 ? sql`substr(${h.regionCode}, 1, 4)` : base.length === 4 ? sql`${h.regionCode}` : sql`${h.orgId}::text`;

  const select = sql.join(
    AGGREGATES.map(([alias, expr]) => sql`${expr} as ${sql.identifier(alias)}`),
    sql`, `,
  );
  const rows = rowsOf<Record<string, string | number | null>>(
    await db.execute(sql`select ${groupKey} as k, ${select} from ${h} where ${and(...conds)} group by 1`),
  );
  const groups = rows.map((r) => ({ key: String(r.k), n: Number(r.n) }));
  const sums: Sums = {};
  for (const r of rows) for (const [alias] of AGGREGATES) sums[alias] = (sums[alias] ?? 0) + Number(r[alias] ?? 0);
  const total = sums.n ?? 0;

  let byRegion: StatsBucket[] = [];
  let byOrg: StatsBucket[] = [];
  if (base.length < 6) {
    const counts = new Map(groups.map((g) => [g.key, g.n]));
    const children = divisionsOf(base.slice(0, 2)).filter((d) => d.parentCode === base);
    const items = children.map((d) => ({ key: d.code, zh: d.name, en: d.name, count: counts.get(d.code) ?? 0 }));
    for (const g of groups) if (!children.some((d) => d.code === g.key)) items.push({ key: g.key, zh: divisionName(g.key) ?? g.key, en: divisionName(g.key) ?? g.key, count: g.n });
    const pct = percentages(
      items.map((i) => i.count),
      total,
    );
    byRegion = items.map((i, j) => ({ ...i, percent: pct[j] }));
  } else {
    const names = await Promise.all(groups.map((g) => getOrgById(db, g.key)));
    const items = groups
      .map((g, j) => ({ key: g.key, zh: names[j]?.name ?? g.key, en: names[j]?.name ?? g.key, count: g.n }))
      .sort((a, b) => b.count - a.count || a.zh.localeCompare(b.zh, 'zh'));
    const pct = percentages(
      items.map((i) => i.count),
      total,
    );
    byOrg = items.map((i, j) => ({ ...i, percent: pct[j] }));
  }

  return {
    filter: {
      orgId: org?.id ?? null,
      orgName: org?.name ?? null,
      regionCode: q.regionCode ?? null,
      regionName: q.regionCode ? divisionName(q.regionCode) : null,
      status: q.status,
    },
    households: total,
    members: sums.members ?? 0,
    byCategory: bucketList(CATEGORIES, CATEGORY_LABELS, sums, 'cat_', total, { zh: '未识别', en: 'Not identified' }),
    byLevel: bucketList(LEVELS, LEVEL_LABELS, sums, 'lvl_', total, { zh: '无困难等级', en: 'No level' }),
    byCause: bucketList(CAUSES, CAUSE_LABELS, sums, 'cause_', total),
    byStatus: bucketList(HOUSEHOLD_STATUSES, STATUS_LABELS, sums, 'st_', total),
    byRegion,
    byOrg,
    students: { households: sums.with_students ?? 0, percent: percentOf(sums.with_students ?? 0, total), students: sums.students ?? 0 },
    seriousIllness: { count: sums.serious ?? 0, percent: percentOf(sums.serious ?? 0, total) },
    extremeHardship: { count: sums.extreme ?? 0, percent: percentOf(sums.extreme ?? 0, total) },
  };
}
