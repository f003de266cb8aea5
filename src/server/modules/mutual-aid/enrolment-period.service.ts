import { and, eq } from 'drizzle-orm';
import type { Scheme } from '../../../contracts/mutual-aid';
import type { Db } from '../../platform/db/client';
import type { Tx } from '../../platform/db/tx';
import { AppError } from '../../platform/http/errors';
import { type PeriodBounds, periodBounds, periodOf } from './enrolment.rules';
import { publishedVersions, versionInForce } from './scheme.service';
import { type MutualAidSchemeVersionRow, mutualAidSchemeVersions } from './scheme.table';

/** A period of a scheme: its bounds and the published version in force at its start (whose plans and contributions apply). */
export interface SchemePeriod extends PeriodBounds {
  version: MutualAidSchemeVersionRow;
  scheme: Scheme;
}

export function noVersionError(code: string, period: number, date: string): AppError {
  return new AppError(
    409,
    'CONFLICT',
    { reason: `方案 ${code} 在 ${period} 年度开始时（${date}）没有施行的已发布版本`, reasonEn: `scheme ${code} has no published version in force at the start of period ${period} (${date})` },
    { field: 'period', period, date },
  );
}

/**
 * The scheme version in force at the start of a period, with the period's bounds (by that version's period rule:
 * calendar year, or policy year from its startMonthDay). The latest published version whose period covers the start
 * wins; none: 409 naming the date.
 */
export async function schemePeriodOrNull(db: Db | Tx, code: string, period: number): Promise<SchemePeriod | { missing: string }> {
  const versions = await publishedVersions(db, code);
  let firstStart: string | null = null;
  for (const v of [...versions].reverse()) {
    const s = v.scheme as Scheme;
    const b = periodBounds(s.period, period);
    firstStart ??= b.validFrom;
    if (!(v.validFrom <= b.validFrom && b.validFrom <= v.validTo)) continue;
    // the version in force on the period's first day, by the scheme service's own rule
    const inForce = await versionInForce(db, code, b.validFrom);
    if (inForce?.id === v.id) return { ...b, version: v, scheme: s };
  }
  return { missing: firstStart ?? `${period}-01-01` };
}

export async function schemePeriod(db: Db | Tx, code: string, period: number): Promise<SchemePeriod> {
  const r = await schemePeriodOrNull(db, code, period);
  if ('missing' in r) throw noVersionError(code, period, r.missing);
  return r;
}

/** The period a date falls in under the scheme's latest published version (the current period for today). */
export async function currentPeriod(db: Db | Tx, code: string, today: string): Promise<number> {
  const versions = await publishedVersions(db, code);
  const latest = versions.at(-1);
  return latest ? periodOf((latest.scheme as Scheme).period, today) : Number(today.slice(0, 4));
}

/** A stored version by code and number (bills name the version they were computed under). */
export async function schemeVersionRow(db: Db | Tx, code: string, version: number): Promise<MutualAidSchemeVersionRow | undefined> {
  const [row] = await db
    .select()
    .from(mutualAidSchemeVersions)
    .where(and(eq(mutualAidSchemeVersions.code, code), eq(mutualAidSchemeVersions.version, version)));
  return row;
}
