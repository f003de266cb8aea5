import { and, asc, eq, gt, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { CreateOrgBody, OrgDto, OrgKind } from '../../../contracts/orgs';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db/client';
import type { Tx } from '../../platform/db/tx';
import type { Actor } from '../../platform/http/actor';
import { AppError, conflict, notFound } from '../../platform/http/errors';
import { decodeCursor, page } from '../../platform/http/pagination';
import { inScope, likePrefix, scopeWhere } from '../../platform/http/scope';
import { uuidv7 } from '../../platform/ids';
import { division, divisionName, divisionsOf } from './division';
import { type OrgRow, orgs } from './org.table';
import { PLACEMENT_MESSAGES, childPath, isFederation, moveProblem, nextOrgCode, placementProblem } from './org.rules';

const childCount = sql<number>`(select count(*)::int from orgs c where c.parent_id = "orgs"."id")`.as('child_count');

function toDto(r: OrgRow & { childCount?: number }): OrgDto {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    subtype: r.subtype,
    parentId: r.parentId,
    path: r.path,
    regionCode: r.regionCode,
    regionName: divisionName(r.regionCode),
    active: r.active,
    childCount: r.childCount ?? 0,
  };
}

/** Orgs the actor may read: its subtree and, for a federation, every org serving a region inside its division. */
export const orgReadScope = (actor: Actor) => scopeWhere(actor, { orgPath: orgs.path, regionCode: orgs.regionCode });
/** Orgs the actor may manage: its subtree only. */
export const orgManageScope = (actor: Actor) => scopeWhere(actor, { orgPath: orgs.path }, { includeRegion: false });

const kindNames: Record<string, string> = { province: '总工会', city: '总工会', county: '总工会' };

/**
 * Generates the federation tree of a province from GB/T 2260: province → cities/prefectures → counties.
 * Idempotent: existing codes are left alone. Returns how many orgs were created.
 */
export async function generateFederations(tx: Tx, actor: Actor, clock: Clock, provinceCode = '52'): Promise<number> {
  const existing = new Set((await tx.select({ code: orgs.code }).from(orgs)).map((r) => r.code));
  const paths = new Map<string, { id: string; path: string }>();
  for (const r of await tx.select({ code: orgs.code, id: orgs.id, path: orgs.path }).from(orgs)) paths.set(r.code, r);
  let created = 0;
  const now = clock.now();
  for (const d of divisionsOf(provinceCode)) {
    if (existing.has(d.code)) continue;
    const parent = d.parentCode ? paths.get(d.parentCode) : undefined;
    if (d.parentCode && !parent) throw new Error(`parent division ${d.parentCode} missing for ${d.code}`);
    const row = {
      id: uuidv7(),
      code: d.code,
      name: d.name + kindNames[d.level],
      kind: d.level as OrgKind,
      subtype: null,
      parentId: parent?.id ?? null,
      path: childPath(parent?.path ?? null, d.code),
      regionCode: d.code,
      active: true,
      createdAt: now,
      updatedAt: now,
    };
    await tx.insert(orgs).values(row);
    paths.set(d.code, { id: row.id, path: row.path });
    await recordAudit(tx, actor, clock, { action: 'org.generate', entityType: 'org', entityId: row.id, orgPath: row.path, regionCode: row.regionCode, after: row });
    created++;
  }
  return created;
}

async function loadInScope(db: Db, actor: Actor, id: string, manage: boolean): Promise<OrgRow> {
  const [row] = await db
    .select()
    .from(orgs)
    .where(and(eq(orgs.id, id), manage ? orgManageScope(actor) : orgReadScope(actor)));
  if (!row) throw notFound('org');
  return row;
}

export async function getOrg(db: Db, actor: Actor, id: string): Promise<OrgDto> {
  const [row] = await db
    .select({ o: orgs, childCount })
    .from(orgs)
    .where(and(eq(orgs.id, id), orgReadScope(actor)));
  if (!row) throw notFound('org');
  return toDto({ ...row.o, childCount: row.childCount });
}

export async function getOrgByCode(db: Db, code: string): Promise<OrgRow | undefined> {
  const [row] = await db.select().from(orgs).where(eq(orgs.code, code));
  return row;
}

export async function findChildOrgByName(db: Db, parentId: string, name: string): Promise<OrgRow | undefined> {
  const [row] = await db.select().from(orgs).where(and(eq(orgs.parentId, parentId), eq(orgs.name, name)));
  return row;
}

export async function getOrgById(db: Db, id: string): Promise<OrgRow | undefined> {
  const [row] = await db.select().from(orgs).where(eq(orgs.id, id));
  return row;
}

/** Ancestors of an org (root first), for breadcrumbs; only those in the actor's read scope are named. */
export async function orgAncestors(db: Db, actor: Actor, id: string): Promise<OrgDto[]> {
  const org = await loadInScope(db, actor, id, false);
  const codes = org.path.split('/').filter(Boolean);
  const rows = await db.select().from(orgs).where(and(sql`${orgs.code} in ${codes}`, orgReadScope(actor)));
  return codes.map((c) => rows.find((r) => r.code === c)).filter((r): r is OrgRow => !!r).map((r) => toDto(r));
}

export interface OrgListFilter {
  parentId?: string;
  q?: string;
  kind?: OrgKind;
  cursor?: string;
  limit: number;
}

/**
 * Lists orgs in scope. With parentId: its children (a tree level). Without: the actor's own org as the
 * root, unless q/kind filter a search over the whole scope. Sorted by code, keyset-paginated.
 */
export async function listOrgs(db: Db, actor: Actor, f: OrgListFilter) {
  const conds: SQL[] = [orgReadScope(actor)];
  if (f.parentId) {
    await loadInScope(db, actor, f.parentId, false);
    conds.push(eq(orgs.parentId, f.parentId));
  } else if (!f.q && !f.kind) {
    conds.push(eq(orgs.id, actor.orgId));
  }
  if (f.kind) conds.push(eq(orgs.kind, f.kind));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, '\\$&')}%`;
    conds.push(or(ilike(orgs.name, like), ilike(orgs.code, like))!);
  }
  const c = decodeCursor<{ code: string }>(f.cursor);
  if (c) {
    if (typeof c.code !== 'string') throw new AppError(400, 'VALIDATION_FAILED', { fields: 'cursor' });
    conds.push(gt(orgs.code, c.code));
  }
  const rows = await db
    .select({ o: orgs, childCount })
    .from(orgs)
    .where(and(...conds))
    .orderBy(asc(orgs.code))
    .limit(f.limit + 1);
  const res = page(rows, f.limit, (r) => ({ code: r.o.code }));
  return { items: res.items.map((r) => toDto({ ...r.o, childCount: r.childCount })), nextCursor: res.nextCursor };
}

function placementError(problem: keyof typeof PLACEMENT_MESSAGES): AppError {
  const m = PLACEMENT_MESSAGES[problem];
  return new AppError(400, 'ORG_MOVE_INVALID', { reason: m.zh, reasonEn: m.en }, { problem });
}

export async function createOrg(tx: Tx, actor: Actor, clock: Clock, body: CreateOrgBody): Promise<OrgDto> {
  const parent = await loadInScope(tx, actor, body.parentId, true);
  const problem = placementProblem(body.kind, parent, body.regionCode, !!division(body.regionCode));
  if (problem) throw placementError(problem);
  let code = body.code;
  if (code) {
    if (await getOrgByCode(tx, code)) throw conflict(`组织代码 ${code} 已存在`, `org code ${code} already exists`, { field: 'code' });
  } else {
    // serialize code allocation per region: concurrent creations would otherwise compute the same next code
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'org-code:' + body.regionCode}))`);
    const existing = await tx
      .select({ code: orgs.code })
      .from(orgs)
      .where(sql`${orgs.code} like ${likePrefix(body.regionCode + '-')}`);
    code = nextOrgCode(body.regionCode, body.kind, existing.map((r) => r.code));
  }
  const now = clock.now();
  const row = {
    id: uuidv7(),
    code,
    name: body.name,
    kind: body.kind as OrgKind,
    subtype: body.subtype ?? null,
    parentId: parent.id,
    path: childPath(parent.path, code),
    regionCode: body.regionCode,
    active: true,
    createdAt: now,
    updatedAt: now,
  };
  await tx.insert(orgs).values(row);
  await recordAudit(tx, actor, clock, { action: 'org.create', entityType: 'org', entityId: row.id, orgPath: row.path, regionCode: row.regionCode, after: row });
  return toDto(row);
}

export async function updateOrg(
  tx: Tx,
  actor: Actor,
  clock: Clock,
  id: string,
  body: { name?: string; subtype?: string | null; regionCode?: string; active?: boolean },
): Promise<OrgDto> {
  const before = await loadInScope(tx, actor, id, true);
  if (before.id === actor.orgId && body.active === false) throw placementError('federation_fixed');
  if (isFederation(before.kind) && (body.regionCode !== undefined || body.active === false)) throw placementError('federation_fixed');
  if (body.regionCode !== undefined && body.regionCode !== before.regionCode && before.parentId) {
    const parent = (await getOrgById(tx, before.parentId))!;
    const problem = placementProblem(before.kind, parent, body.regionCode, !!division(body.regionCode));
    if (problem) throw placementError(problem);
  }
  const patch = {
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.subtype !== undefined ? { subtype: body.subtype } : {}),
    ...(body.regionCode !== undefined ? { regionCode: body.regionCode } : {}),
    ...(body.active !== undefined ? { active: body.active } : {}),
    updatedAt: clock.now(),
  };
  const [after] = await tx.update(orgs).set(patch).where(eq(orgs.id, id)).returning();
  await recordAudit(tx, actor, clock, { action: 'org.update', entityType: 'org', entityId: id, orgPath: after.path, regionCode: after.regionCode, before, after });
  return getOrg(tx, actor, id);
}

/** Moves an org (and its whole subtree) under a new parent; paths of every descendant follow. */
export async function moveOrg(tx: Tx, actor: Actor, clock: Clock, id: string, parentId: string): Promise<OrgDto> {
  const org = await loadInScope(tx, actor, id, true);
  if (org.id === actor.orgId) throw placementError('move_into_own_subtree');
  const parent = await loadInScope(tx, actor, parentId, true);
  const mp = moveProblem(org.path, org.kind, parent.path);
  if (mp) throw placementError(mp);
  const pp = placementProblem(org.kind, parent, org.regionCode ?? '', !!division(org.regionCode ?? ''));
  if (pp) throw placementError(pp);
  if (org.parentId === parent.id) return getOrg(tx, actor, id);
  const newPath = childPath(parent.path, org.code);
  await tx
    .update(orgs)
    .set({ path: sql`${newPath} || substr(${orgs.path}, ${org.path.length + 1})`, updatedAt: clock.now() })
    .where(sql`${orgs.path} like ${likePrefix(org.path)}`);
  await tx.update(orgs).set({ parentId: parent.id }).where(eq(orgs.id, id));
  await recordAudit(tx, actor, clock, {
    action: 'org.move',
    entityType: 'org',
    entityId: id,
    orgPath: newPath,
    regionCode: org.regionCode,
    before: { parentId: org.parentId, path: org.path },
    after: { parentId: parent.id, path: newPath },
  });
  return getOrg(tx, actor, id);
}

/** Is the given org inside the actor's manage scope (subtree)? */
export async function orgInManageScope(db: Db, actor: Actor, orgId: string): Promise<OrgRow | null> {
  const org = await getOrgById(db, orgId);
  return org && inScope(actor, { orgPath: org.path }, { includeRegion: false }) ? org : null;
}

