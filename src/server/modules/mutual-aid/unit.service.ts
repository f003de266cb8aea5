import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Scheme } from '../../../contracts/mutual-aid';
import { UNIT_STATUS_LABELS, type UnitDto, type UnitInput, type UnitListQuery, type UnitStatus, type UnitUpdateInput } from '../../../contracts/mutual-aid-enrolment';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/db/client';
import { violatedConstraint } from '../../platform/db/errors';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { conflict, notFound, registerEntityName, validation } from '../../platform/http/errors';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination';
import { likePrefix } from '../../platform/http/scope';
import { uuidv7 } from '../../platform/ids';
import { maskName } from '../../platform/pii/mask';
import { addTableSheet } from '../../platform/xlsx';
import { getOrgById } from '../orgs/org.service';
import { orgs } from '../orgs/org.table';
import { mutualAidMembers } from './member.table';
import { publishedVersions } from './scheme.service';
import { mutualAidSchemeVersions } from './scheme.table';
import { type MutualAidUnitRow, mutualAidUnits as units } from './unit.table';

registerEntityName('mutual_aid_unit', '会员单位', 'Member unit');

/**
 * 会员单位 Member units: an employer joins a scheme through the union it belongs to. A unit is seen and kept within
 * the org path of its union (a county cadre keeps the units of the county's unions); its members, bills and payments
 * copy that path. The unit's union must be in the actor's scope and lie in the scheme's region; the scheme must be
 * published.
 */

const ENTITY = 'mutual_aid_unit';

/** Units in the actor's scope: the org subtree of the actor. */
export const unitScope = (actor: Actor, col: SQL | typeof units.orgPath = units.orgPath): SQL => sql`${col} like ${likePrefix(actor.orgPath)}`;
export const inUnitScope = (actor: Actor, orgPath: string) => orgPath.startsWith(actor.orgPath);

/** A unit in the actor's scope (404 otherwise), optionally locked. */
export async function loadUnit(db: Db | Tx, actor: Actor, id: string, lock = false): Promise<MutualAidUnitRow> {
  const q = db
    .select()
    .from(units)
    .where(and(eq(units.id, id), unitScope(actor)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound(ENTITY);
  return row;
}

/** The name of a unit as someone outside its scope may see it: masked (遵**********). */
export const maskedUnitName = (name: string) => maskName(name) ?? '';

/** Scheme names by code (the latest published version's). */
export async function schemeNames(db: Db | Tx, codes: readonly string[]): Promise<Map<string, { zh: string; en: string }>> {
  const out = new Map<string, { zh: string; en: string }>();
  const list = [...new Set(codes)];
  if (list.length === 0) return out;
  const rows = await db
    .select({ code: mutualAidSchemeVersions.code, version: mutualAidSchemeVersions.version, scheme: mutualAidSchemeVersions.scheme, status: mutualAidSchemeVersions.status })
    .from(mutualAidSchemeVersions)
    .where(inArray(mutualAidSchemeVersions.code, list));
  const best = new Map<string, { version: number; name: { zh: string; en: string }; published: boolean }>();
  for (const r of rows) {
    const published = r.status === 'published';
    const b = best.get(r.code);
    if (!b || (published && !b.published) || (published === b.published && r.version > b.version)) best.set(r.code, { version: r.version, name: (r.scheme as Scheme).name, published });
  }
  for (const [code, b] of best) out.set(code, b.name);
  return out;
}

async function unitDtos(db: Db | Tx, rows: MutualAidUnitRow[]): Promise<UnitDto[]> {
  if (rows.length === 0) return [];
  const names = await schemeNames(
    db,
    rows.map((r) => r.schemeCode),
  );
  const orgRows = await db
    .select({ id: orgs.id, name: orgs.name })
    .from(orgs)
    .where(
      inArray(
        orgs.id,
        rows.map((r) => r.orgId),
      ),
    );
  const orgName = new Map(orgRows.map((o) => [o.id, o.name]));
  const counts = await db
    .select({ unitId: mutualAidMembers.unitId, n: sql<number>`count(*)::int` })
    .from(mutualAidMembers)
    .where(
      inArray(
        mutualAidMembers.unitId,
        rows.map((r) => r.id),
      ),
    )
    .groupBy(mutualAidMembers.unitId);
  const count = new Map(counts.map((c) => [c.unitId, Number(c.n)]));
  return rows.map((r) => ({
    id: r.id,
    schemeCode: r.schemeCode,
    schemeName: names.get(r.schemeCode) ?? { zh: r.schemeCode, en: r.schemeCode },
    name: r.name,
    creditCode: r.creditCode,
    orgId: r.orgId,
    orgName: orgName.get(r.orgId) ?? '',
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    status: r.status as UnitStatus,
    memberCount: count.get(r.id) ?? 0,
    createdByName: r.createdByName,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

export async function unitDto(db: Db | Tx, row: MutualAidUnitRow): Promise<UnitDto> {
  return (await unitDtos(db, [row]))[0]!;
}

export async function getUnit(db: Db, actor: Actor, id: string): Promise<UnitDto> {
  return unitDto(db, await loadUnit(db, actor, id));
}

/** The filters of the list and the export, as SQL, always inside the actor's scope. */
async function unitFilters(db: Db, actor: Actor, f: Omit<UnitListQuery, 'cursor' | 'limit'>): Promise<SQL[]> {
  const conds: SQL[] = [unitScope(actor)];
  if (f.schemeCode) conds.push(eq(units.schemeCode, f.schemeCode));
  if (f.status) conds.push(eq(units.status, f.status));
  if (f.orgId) {
    const org = await getOrgById(db, f.orgId);
    if (!org || !inUnitScope(actor, org.path)) throw notFound('org');
    conds.push(sql`${units.orgPath} like ${likePrefix(org.path)}`);
  }
  const q = f.q?.trim();
  if (q) conds.push(sql`${units.name} like ${'%' + likePrefix(q)}`);
  return conds;
}

/** Units in scope by name, filtered by scheme, union (with the unions below it), name and status; keyset pages. */
export async function listUnits(db: Db, actor: Actor, f: UnitListQuery): Promise<{ items: UnitDto[]; nextCursor: string | null }> {
  const conds = await unitFilters(db, actor, f);
  const c = decodeCursor<{ n: string; id: string }>(f.cursor);
  if (c) {
    if (typeof c.n !== 'string' || typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/.test(c.id)) throw validation('cursor', '无效的分页游标', 'invalid cursor');
    conds.push(sql`(${units.name}, ${units.id}) > (${c.n}, ${c.id}::uuid)`);
  }
  const rows = await db
    .select()
    .from(units)
    .where(and(...conds))
    .orderBy(asc(units.name), asc(units.id))
    .limit(f.limit + 1);
  const more = rows.length > f.limit;
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return { items: await unitDtos(db, page), nextCursor: more && last ? encodeCursor({ n: last.name, id: last.id }) : null };
}

/** The filtered units as .xlsx (the unit's office phone is not a person's data). Audited. */
export async function exportUnits(deps: Deps, actor: Actor, f: Omit<UnitListQuery, 'cursor' | 'limit'>): Promise<{ buffer: Buffer; filename: string }> {
  const conds = await unitFilters(deps.db, actor, f);
  const rows = await deps.db
    .select()
    .from(units)
    .where(and(...conds))
    .orderBy(asc(units.schemeCode), asc(units.name))
    .limit(50_000);
  const dtos = await unitDtos(deps.db, rows);
  const wb = new ExcelJS.Workbook();
  wb.creator = '精准帮扶 Precision Aid';
  const ws = addTableSheet(wb, '会员单位', [
    { header: '方案 Scheme', key: 'scheme', width: 22 },
    { header: '单位名称 Unit', key: 'name', width: 30 },
    { header: '统一社会信用代码 Credit code', key: 'creditCode', width: 22 },
    { header: '所属工会 Union', key: 'org', width: 26 },
    { header: '联系人 Contact', key: 'contactName', width: 12 },
    { header: '联系电话 Phone', key: 'contactPhone', width: 16 },
    { header: '会员人数 Members', key: 'members', width: 10 },
    { header: '状态 Status', key: 'status', width: 10 },
    { header: '建立 Created', key: 'createdAt', width: 20 },
  ], { freezeHeader: true });
  for (const u of dtos) {
    ws.addRow({
      scheme: `${u.schemeCode} ${u.schemeName.zh}`,
      name: u.name,
      creditCode: u.creditCode ?? '',
      org: u.orgName,
      contactName: u.contactName ?? '',
      contactPhone: u.contactPhone ?? '',
      members: u.memberCount,
      status: UNIT_STATUS_LABELS[u.status].zh,
      createdAt: u.createdAt.slice(0, 10),
    });
  }
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  await deps.db.transaction((tx) => recordAudit(tx as unknown as Tx, actor, deps.clock, { action: 'mutual_aid.unit.export', entityType: 'mutual_aid_unit_list', orgPath: actor.orgPath, after: { filters: f, rows: dtos.length } }));
  return { buffer, filename: `mutual-aid-units-${deps.clock.now().toISOString().slice(0, 10)}.xlsx` };
}

const auditView = (r: MutualAidUnitRow) => ({ schemeCode: r.schemeCode, name: r.name, creditCode: r.creditCode, orgId: r.orgId, contactName: r.contactName, contactPhone: r.contactPhone, status: r.status });

async function nameTaken(tx: Tx, actor: Actor, schemeCode: string, name: string, exceptId?: string): Promise<void> {
  const [other] = await tx
    .select({ id: units.id, orgPath: units.orgPath })
    .from(units)
    .where(and(eq(units.schemeCode, schemeCode), eq(units.name, name)));
  if (other && other.id !== exceptId) throw nameConflict(actor, schemeCode, name, other);
}

function nameConflict(actor: Actor, schemeCode: string, name: string, other?: { id: string; orgPath: string }) {
  const visible = !!other && inUnitScope(actor, other.orgPath);
  return conflict(`方案 ${schemeCode} 已有名为“${name}”的会员单位`, `scheme ${schemeCode} already has a unit named "${name}"`, { field: 'name', ...(visible ? { unitId: other!.id } : {}) });
}

/**
 * A new member unit of a published scheme, attached to a union in the actor's scope that lies in the scheme's
 * region. 404 for a union out of scope; 400 for a scheme that is not published or a union outside its region;
 * 409 for a name the scheme already has.
 */
export async function createUnit(tx: Tx, deps: Deps, actor: Actor, input: UnitInput): Promise<UnitDto> {
  const versions = await publishedVersions(tx, input.schemeCode);
  const latest = versions.at(-1);
  if (!latest) throw validation('schemeCode', `没有已发布的互助方案 ${input.schemeCode}`, `no published mutual-aid scheme ${input.schemeCode}`);
  const org = await getOrgById(tx, input.orgId);
  if (!org || !inUnitScope(actor, org.path)) throw notFound('org');
  if (!org.active) throw validation('orgId', `工会“${org.name}”已停用`, `the union "${org.name}" is inactive`);
  if (org.kind === 'third_party') throw validation('orgId', '会员单位须归属工会（基层工会或县区总工会）', 'a unit belongs to a union (grassroots or county)');
  const region = (latest.scheme as Scheme).regionCode;
  if (org.regionCode && !org.regionCode.startsWith(region)) {
    throw validation('orgId', `工会“${org.name}”不在方案 ${input.schemeCode} 的地区（${region}）之内`, `the union "${org.name}" is outside the region of scheme ${input.schemeCode} (${region})`);
  }
  await nameTaken(tx, actor, input.schemeCode, input.name);
  const now = deps.clock.now();
  const row: MutualAidUnitRow = {
    id: uuidv7(),
    schemeCode: input.schemeCode,
    name: input.name,
    creditCode: input.creditCode ?? null,
    orgId: org.id,
    orgPath: org.path,
    contactName: input.contactName ?? null,
    contactPhone: input.contactPhone ?? null,
    status: 'active',
    createdBy: actor.userId,
    createdByName: actor.displayName || actor.username,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await tx.transaction(async (sp) => {
      await sp.insert(units).values(row);
    });
  } catch (e) {
    if (violatedConstraint(e) === 'mutual_aid_units_name_uq') throw nameConflict(actor, input.schemeCode, input.name);
    throw e;
  }
  await recordAudit(tx, actor, deps.clock, { action: 'mutual_aid.unit.create', entityType: ENTITY, entityId: row.id, orgPath: row.orgPath, regionCode: org.regionCode, after: auditView(row) });
  return unitDto(tx, row);
}

/** Edits a unit's name, credit code, contact or status; its scheme and union stay. */
export async function updateUnit(tx: Tx, deps: Deps, actor: Actor, id: string, input: UnitUpdateInput): Promise<UnitDto> {
  const before = await loadUnit(tx, actor, id, true);
  if (input.name !== undefined && input.name !== before.name) await nameTaken(tx, actor, before.schemeCode, input.name, id);
  const patch: Partial<MutualAidUnitRow> = { updatedAt: deps.clock.now() };
  if (input.name !== undefined) patch.name = input.name;
  if (input.creditCode !== undefined) patch.creditCode = input.creditCode;
  if (input.contactName !== undefined) patch.contactName = input.contactName;
  if (input.contactPhone !== undefined) patch.contactPhone = input.contactPhone;
  if (input.status !== undefined) patch.status = input.status;
  let after: MutualAidUnitRow;
  try {
    after = await tx.transaction(async (sp) => (await sp.update(units).set(patch).where(eq(units.id, id)).returning())[0]!);
  } catch (e) {
    if (violatedConstraint(e) === 'mutual_aid_units_name_uq') throw nameConflict(actor, before.schemeCode, input.name ?? before.name);
    throw e;
  }
  await recordAudit(tx, actor, deps.clock, { action: 'mutual_aid.unit.update', entityType: ENTITY, entityId: id, orgPath: before.orgPath, before: auditView(before), after: auditView(after) });
  return unitDto(tx, after);
}
