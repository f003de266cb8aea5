import { and, asc, eq } from 'drizzle-orm';
import type { AssessBody, AssessResponse, DibaoLineDto, PutDibaoLineBody } from '../../../contracts/registry';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/db/client';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import { type Actor, isSystem } from '../../platform/http/actor';
import { AppError, notFound, registerEntityName } from '../../platform/http/errors';
import { uuidv7 } from '../../platform/ids';
import { division, divisionName } from '../orgs/division';
import { type DibaoLineRow, dibaoLines } from './dibao-line.table';
import { identify, pickLine } from './identification.rules';

registerEntityName('dibao_line', '低保标准', 'Dibao line');

function toDto(r: DibaoLineRow): DibaoLineDto {
  return {
    id: r.id,
    regionCode: r.regionCode,
    regionName: divisionName(r.regionCode),
    year: r.year,
    dibaoLineFen: r.dibaoLineFen,
    nearDibaoMultiplierBp: r.nearDibaoMultiplierBp,
    rigidSpendingShareBp: r.rigidSpendingShareBp,
    updatedAt: r.updatedAt.toISOString(),
    updatedBy: r.updatedBy,
  };
}

export async function listDibaoLines(db: Db, year?: number): Promise<DibaoLineDto[]> {
  const rows = await db
    .select()
    .from(dibaoLines)
    .where(year ? eq(dibaoLines.year, year) : undefined)
    .orderBy(asc(dibaoLines.year), asc(dibaoLines.regionCode));
  return rows.map(toDto);
}

/** The line in force for a county in a year (most specific region), or null when none is configured. */
export async function lineFor(db: Db, regionCode: string, year: number): Promise<DibaoLineRow | null> {
  const rows = await db.select().from(dibaoLines).where(eq(dibaoLines.year, year));
  return pickLine(rows, regionCode);
}

/**
 * Sets the line of a region and year (insert or update). A federation admin may set lines for its own
 * division and the divisions inside it; others only read them.
 */
export async function putDibaoLine(tx: Tx, deps: Deps, actor: Actor, body: PutDibaoLineBody): Promise<DibaoLineDto> {
  if (!division(body.regionCode)) {
    throw new AppError(400, 'VALIDATION_FAILED', { fields: 'regionCode（未知的行政区划代码）', fieldsEn: 'regionCode (unknown division code)' }, [{ path: 'regionCode', message: 'unknown division' }]);
  }
  if (!isSystem(actor) && (!actor.divisionCode || !body.regionCode.startsWith(actor.divisionCode))) throw notFound('dibao_line');
  const [before] = await tx.select().from(dibaoLines).where(and(eq(dibaoLines.regionCode, body.regionCode), eq(dibaoLines.year, body.year)));
  const values = {
    dibaoLineFen: body.dibaoLineFen,
    nearDibaoMultiplierBp: body.nearDibaoMultiplierBp,
    rigidSpendingShareBp: body.rigidSpendingShareBp,
    updatedAt: deps.clock.now(),
    updatedBy: actor.username,
  };
  const [row] = before
    ? await tx.update(dibaoLines).set(values).where(eq(dibaoLines.id, before.id)).returning()
    : await tx.insert(dibaoLines).values({ id: uuidv7(), regionCode: body.regionCode, year: body.year, ...values }).returning();
  await recordAudit(tx, actor, deps.clock, {
    action: before ? 'registry.dibao_line.update' : 'registry.dibao_line.create',
    entityType: 'dibao_line',
    entityId: row.id,
    orgPath: actor.orgPath,
    regionCode: row.regionCode,
    before: before ?? null,
    after: row,
  });
  return toDto(row);
}

/** 精准识别 pre-screen: derives category and level without saving anything. */
export async function assess(db: Db, body: AssessBody): Promise<AssessResponse> {
  if (!division(body.regionCode)) {
    throw new AppError(400, 'VALIDATION_FAILED', { fields: 'regionCode（未知的行政区划代码）', fieldsEn: 'regionCode (unknown division code)' }, [{ path: 'regionCode', message: 'unknown division' }]);
  }
  const line = await lineFor(db, body.regionCode, body.year);
  if (!line) {
    throw new AppError(
      422,
      'DIBAO_LINE_MISSING',
      { region: divisionName(body.regionCode) ?? body.regionCode, year: body.year },
      [{ path: 'year', message: `no dibao line configured for ${body.regionCode} in ${body.year}` }],
    );
  }
  const params = { dibaoLineFen: line.dibaoLineFen, nearDibaoMultiplierBp: line.nearDibaoMultiplierBp, rigidSpendingShareBp: line.rigidSpendingShareBp };
  const r = identify(body, params);
  return {
    category: r.category,
    level: r.level,
    perCapitaMonthlyIncomeFen: r.perCapitaMonthlyIncomeFen,
    dibaoLineFen: line.dibaoLineFen,
    nearDibaoMultiplierBp: line.nearDibaoMultiplierBp,
    lineRegionCode: line.regionCode,
    reasons: r.reasons,
  };
}
