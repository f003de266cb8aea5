import { and, asc, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { addDays } from '../../platform/dates';
import { Permission } from '../../../contracts/auth';
import {
  type NewDraftInput,
  type Scheme,
  type SchemeDraftInput,
  type SchemeListResponse,
  type SchemeVersionDto,
  type SchemeVersionStatus,
  type SchemeVersionSummaryDto,
  scheme as schemeSchema,
  schemeIssueText,
} from '../../../contracts/mutual-aid';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/db/client';
import { violatedConstraint } from '../../platform/db/errors';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { AppError, conflict, forbidden, notFound, registerEntityName, validation } from '../../platform/http/errors';
import { likePrefix } from '../../platform/http/scope';
import { uuidv7 } from '../../platform/ids';
import { getOrgByCode, getOrgById } from '../orgs/org.service';
import { BUILT_IN_SCHEMES } from './scheme-data';
import { type MutualAidSchemeVersionRow, mutualAidSchemeVersions as versions } from './scheme.table';

registerEntityName('mutual_aid_scheme_version', '互助方案版本', 'Mutual-aid scheme version');

/**
 * 互助方案 Stored, versioned mutual-aid schemes.
 *
 * Reading: every staff member with mutualaid.read sees every published version (a cadre may explain any region's
 * scheme to a worker); drafts are seen only within the owning federation's scope. Keeping (mutualaid.manage): drafts
 * are created, edited and published within the actor's scope; a published version never changes (the service refuses,
 * and a database trigger refuses a direct UPDATE or DELETE too), the next one starts as a new draft copied from it.
 * Published versions of one code never overlap in period, so an event date has at most one version in force.
 */

const ENTITY = 'mutual_aid_scheme_version';

/** The period the five built-in schemes (the 2016 practice) are seeded in force for. demo: the source gives no end. */
export const SEED_PERIOD = { validFrom: '2016-01-01', validTo: '2025-12-31' } as const;

function readable(actor: Actor): SQL {
  return sql`(${versions.status} = 'published' or ${versions.orgPath} like ${likePrefix(actor.orgPath)})`;
}

const keeps = (actor: Actor, row: Pick<MutualAidSchemeVersionRow, 'orgPath'>) => row.orgPath.startsWith(actor.orgPath);

function requireManage(actor: Actor): void {
  if (!actor.permissions.has(Permission.MutualAidManage)) throw forbidden();
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

async function orgNames(db: Db | Tx, ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const id of new Set(ids)) out.set(id, (await getOrgById(db, id))?.name ?? '');
  return out;
}

function summary(row: MutualAidSchemeVersionRow, orgName: string): SchemeVersionSummaryDto {
  const s = row.scheme as Scheme;
  return {
    id: row.id,
    code: row.code,
    version: row.version,
    name: s.name,
    regionCode: row.regionCode,
    orgId: row.orgId,
    orgName,
    status: row.status as SchemeVersionStatus,
    validFrom: row.validFrom,
    validTo: row.validTo,
    basedOnVersion: row.basedOnVersion,
    createdByName: row.createdByName,
    createdAt: iso(row.createdAt)!,
    publishedByName: row.publishedByName,
    publishedAt: iso(row.publishedAt),
  };
}

async function versionDto(db: Db | Tx, row: MutualAidSchemeVersionRow): Promise<SchemeVersionDto> {
  const names = await orgNames(db, [row.orgId]);
  return { ...summary(row, names.get(row.orgId) ?? ''), scheme: row.scheme as Scheme };
}

/** Every scheme the actor sees, in the order they were first stored, with the versions the actor sees. */
export async function listSchemes(db: Db, actor: Actor, opts: { withDrafts?: boolean } = {}): Promise<SchemeListResponse> {
  const rows = await db.select().from(versions).where(readable(actor)).orderBy(asc(versions.code), asc(versions.version));
  const byCode = new Map<string, MutualAidSchemeVersionRow[]>();
  for (const r of rows) byCode.set(r.code, [...(byCode.get(r.code) ?? []), r]);
  const names = await orgNames(db, rows.map((r) => r.orgId));
  const firstId = (rs: MutualAidSchemeVersionRow[]) => rs.reduce((m, r) => (r.id < m ? r.id : m), rs[0]!.id);
  const items = [...byCode.values()]
    .sort((a, b) => (firstId(a) < firstId(b) ? -1 : 1))
    .flatMap((rs) => {
      const published = rs.filter((r) => r.status === 'published');
      const shown = published.at(-1) ?? (opts.withDrafts ? rs.at(-1)! : null);
      if (!shown) return [];
      const s = shown.scheme as Scheme;
      return [
        {
          code: shown.code,
          name: s.name,
          regionCode: shown.regionCode,
          version: shown.version,
          versionId: shown.id,
          status: shown.status as SchemeVersionStatus,
          validFrom: shown.validFrom,
          validTo: shown.validTo,
          orgName: names.get(shown.orgId) ?? '',
          plans: s.plans.map((p) => ({
            code: p.code,
            name: p.name,
            kind: p.kind,
            trigger: p.trigger,
            diagnoses: p.kind === 'lump_sum' ? p.diagnoses.map((d) => ({ code: d.code, name: d.name, icd10: d.icd10 })) : [],
          })),
          versions: rs.map((r) => summary(r, names.get(r.orgId) ?? '')),
        },
      ];
    });
  return { items, nextCursor: null };
}

/** The versions of one scheme the actor sees, oldest first; 404 when there is none. */
export async function listVersions(db: Db, actor: Actor, code: string): Promise<{ items: SchemeVersionSummaryDto[]; nextCursor: null }> {
  const rows = await db
    .select()
    .from(versions)
    .where(and(eq(versions.code, code), readable(actor)))
    .orderBy(asc(versions.version));
  if (rows.length === 0) throw notFound(ENTITY);
  const names = await orgNames(db, rows.map((r) => r.orgId));
  return { items: rows.map((r) => summary(r, names.get(r.orgId) ?? '')), nextCursor: null };
}

export async function getVersion(db: Db, actor: Actor, id: string): Promise<SchemeVersionDto> {
  const [row] = await db
    .select()
    .from(versions)
    .where(and(eq(versions.id, id), readable(actor)));
  if (!row) throw notFound(ENTITY);
  return versionDto(db, row);
}

/** The published version of a scheme in force on an event date (YYYY-MM-DD), if any. */
export async function versionInForce(db: Db | Tx, code: string, eventDate: string): Promise<MutualAidSchemeVersionRow | undefined> {
  const [row] = await db
    .select()
    .from(versions)
    .where(and(eq(versions.code, code), eq(versions.status, 'published'), lte(versions.validFrom, eventDate), gte(versions.validTo, eventDate)));
  return row;
}

/** Every published version of a scheme, by period (for evaluating claims of several dates at once). */
export async function publishedVersions(db: Db | Tx, code: string): Promise<MutualAidSchemeVersionRow[]> {
  return db
    .select()
    .from(versions)
    .where(and(eq(versions.code, code), eq(versions.status, 'published')))
    .orderBy(asc(versions.validFrom));
}

// ---- writing -----------------------------------------------------------------------------------

/** Checks a scheme in the contract's format; every problem is named by its path, in both languages. Nothing is written. */
export function parseScheme(raw: Record<string, unknown>, version: number): Scheme {
  const r = schemeSchema.safeParse({ ...raw, version });
  if (r.success) return r.data;
  const details = r.error.issues.map((i) => {
    const path = ['scheme', ...i.path.map(String)].join('.');
    const t = schemeIssueText(i as Parameters<typeof schemeIssueText>[0]);
    return { path, message: t.en, messageZh: t.zh };
  });
  const shown = details.slice(0, 5);
  const more = details.length > shown.length ? details.length - shown.length : 0;
  throw new AppError(
    400,
    'VALIDATION_FAILED',
    {
      fields: shown.map((d) => `${d.path}（${d.messageZh}）`).join('；') + (more ? `；另有 ${more} 处` : ''),
      fieldsEn: shown.map((d) => `${d.path} (${d.message})`).join('; ') + (more ? `; ${more} more` : ''),
    },
    details,
  );
}

async function ownerOrg(db: Db | Tx, orgId: string) {
  const o = await getOrgById(db, orgId);
  if (!o) throw notFound('org');
  return o;
}

function checkRegion(s: Scheme, owner: { regionCode: string | null; name: string }): void {
  if (owner.regionCode && !s.regionCode.startsWith(owner.regionCode)) {
    throw validation('scheme.regionCode', `须在${owner.name}所辖区域（${owner.regionCode}）之内`, `must lie in the region of ${owner.name} (${owner.regionCode})`);
  }
}

/** A draft of a new scheme, owned by the actor's org. 409 when the code is taken (make a new draft from its version instead). */
export async function createDraft(tx: Tx, deps: Deps, actor: Actor, input: SchemeDraftInput): Promise<SchemeVersionDto> {
  requireManage(actor);
  const s = parseScheme(input.scheme, 1);
  const owner = await ownerOrg(tx, actor.orgId);
  checkRegion(s, owner);
  const [taken] = await tx.select({ version: versions.version }).from(versions).where(eq(versions.code, s.code)).limit(1);
  if (taken) throw conflict(`方案编码 ${s.code} 已被使用：请从它的已发布版本新建草稿`, `the scheme code ${s.code} is taken: make a new draft from one of its published versions`);
  const row = await insertVersion(tx, deps, actor, { code: s.code, version: 1, scheme: s, owner, validFrom: input.validFrom, validTo: input.validTo, basedOnVersion: null });
  await recordAudit(tx, actor, deps.clock, { action: 'mutual_aid.scheme.create', entityType: ENTITY, entityId: row.id, orgPath: row.orgPath, regionCode: row.regionCode, after: auditView(row) });
  return versionDto(tx, row);
}

async function insertVersion(
  tx: Tx,
  deps: Deps,
  actor: Actor,
  v: { code: string; version: number; scheme: Scheme; owner: { id: string; path: string }; validFrom: string; validTo: string; basedOnVersion: number | null },
): Promise<MutualAidSchemeVersionRow> {
  const now = deps.clock.now();
  const row: MutualAidSchemeVersionRow = {
    id: uuidv7(),
    code: v.code,
    version: v.version,
    regionCode: v.scheme.regionCode,
    orgId: v.owner.id,
    orgPath: v.owner.path,
    validFrom: v.validFrom,
    validTo: v.validTo,
    status: 'draft',
    scheme: v.scheme,
    basedOnVersion: v.basedOnVersion,
    createdBy: actor.userId,
    createdByName: actor.displayName || actor.username,
    createdAt: now,
    updatedAt: now,
    publishedBy: null,
    publishedByName: null,
    publishedAt: null,
  };
  try {
    // a savepoint, so that a lost race for the version number leaves the caller's transaction usable
    await tx.transaction(async (sp) => {
      await sp.insert(versions).values(row);
    });
  } catch (e) {
    if (violatedConstraint(e) === 'mutual_aid_scheme_versions_uq') throw conflict(`方案 ${v.code} 第 ${v.version} 版刚被他人建立，请刷新后重试`, `version ${v.version} of scheme ${v.code} was just made by someone else; reload and retry`);
    throw e;
  }
  return row;
}

const auditView = (r: MutualAidSchemeVersionRow) => ({ code: r.code, version: r.version, status: r.status, regionCode: r.regionCode, orgId: r.orgId, validFrom: r.validFrom, validTo: r.validTo, basedOnVersion: r.basedOnVersion, scheme: r.scheme });

/** A draft in the actor's keeping, locked; 404 out of scope, 409 when it is published. */
async function keptDraft(tx: Tx, actor: Actor, id: string): Promise<MutualAidSchemeVersionRow> {
  requireManage(actor);
  const [row] = await tx
    .select()
    .from(versions)
    .where(and(eq(versions.id, id), readable(actor)))
    .for('update');
  if (!row) throw notFound(ENTITY);
  if (!keeps(actor, row)) throw forbidden();
  if (row.status !== 'draft') throw conflict(`方案 ${row.code} 第 ${row.version} 版已发布，不可修改：请从它新建草稿`, `version ${row.version} of scheme ${row.code} is published and cannot change: make a new draft from it`);
  return row;
}

/** Replaces a draft's period and scheme (validated as a whole; a bad scheme writes nothing). */
export async function updateDraft(tx: Tx, deps: Deps, actor: Actor, id: string, input: SchemeDraftInput): Promise<SchemeVersionDto> {
  const row = await keptDraft(tx, actor, id);
  if (input.scheme.code !== undefined && input.scheme.code !== row.code) {
    throw validation('scheme.code', `方案编码不可更改（本方案为 ${row.code}）`, `the code of a scheme cannot change (this one is ${row.code})`);
  }
  const s = parseScheme({ ...input.scheme, code: row.code }, row.version);
  checkRegion(s, await ownerOrg(tx, row.orgId));
  const [next] = await tx
    .update(versions)
    .set({ scheme: s, regionCode: s.regionCode, validFrom: input.validFrom, validTo: input.validTo, updatedAt: deps.clock.now() })
    .where(eq(versions.id, row.id))
    .returning();
  await recordAudit(tx, actor, deps.clock, { action: 'mutual_aid.scheme.update', entityType: ENTITY, entityId: row.id, orgPath: row.orgPath, regionCode: next!.regionCode, before: auditView(row), after: auditView(next!) });
  return versionDto(tx, next!);
}

/**
 * Publishes a draft: from now on it is immutable and claims whose event date falls in its period use it. Refused when
 * its period overlaps a published version of the same scheme (the message names that version). The versions of the
 * code are locked first, so two drafts published at once are checked one after the other.
 */
export async function publishVersion(tx: Tx, deps: Deps, actor: Actor, id: string): Promise<SchemeVersionDto> {
  const draft = await keptDraft(tx, actor, id);
  await tx.select({ id: versions.id }).from(versions).where(eq(versions.code, draft.code)).for('update');
  parseScheme(draft.scheme as Record<string, unknown>, draft.version);
  const overlapping = await tx
    .select()
    .from(versions)
    .where(and(eq(versions.code, draft.code), eq(versions.status, 'published'), lte(versions.validFrom, draft.validTo), gte(versions.validTo, draft.validFrom)))
    .orderBy(asc(versions.validFrom));
  if (overlapping.length > 0) {
    const o = overlapping[0]!;
    throw conflict(
      `施行期 ${draft.validFrom} 至 ${draft.validTo} 与已发布的第 ${o.version} 版（${o.validFrom} 至 ${o.validTo}）重叠`,
      `the period ${draft.validFrom} to ${draft.validTo} overlaps published version ${o.version} (${o.validFrom} to ${o.validTo})`,
      { overlapsVersion: o.version, overlapsVersionId: o.id, validFrom: o.validFrom, validTo: o.validTo },
    );
  }
  const now = deps.clock.now();
  const [next] = await tx
    .update(versions)
    .set({ status: 'published', publishedBy: actor.userId, publishedByName: actor.displayName || actor.username, publishedAt: now, updatedAt: now })
    .where(eq(versions.id, draft.id))
    .returning();
  await recordAudit(tx, actor, deps.clock, { action: 'mutual_aid.scheme.publish', entityType: ENTITY, entityId: draft.id, orgPath: draft.orgPath, regionCode: draft.regionCode, before: { status: 'draft' }, after: { status: 'published', code: draft.code, version: draft.version, validFrom: draft.validFrom, validTo: draft.validTo } });
  return versionDto(tx, next!);
}

function addYear(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * A new draft copied from a published version, numbered after the scheme's last version and owned by the same
 * federation. Its period defaults to the year after the source's period.
 */
export async function newDraftFrom(tx: Tx, deps: Deps, actor: Actor, id: string, input: NewDraftInput): Promise<SchemeVersionDto> {
  requireManage(actor);
  const [src] = await tx
    .select()
    .from(versions)
    .where(and(eq(versions.id, id), readable(actor)));
  if (!src) throw notFound(ENTITY);
  if (!keeps(actor, src)) throw forbidden();
  if (src.status !== 'published') throw conflict(`第 ${src.version} 版还是草稿：直接修改它即可`, `version ${src.version} is still a draft: edit it instead`);
  const [last] = await tx.select({ version: versions.version }).from(versions).where(eq(versions.code, src.code)).orderBy(desc(versions.version)).limit(1);
  const version = (last?.version ?? src.version) + 1;
  const validFrom = input?.validFrom ?? addDays(src.validTo, 1);
  const validTo = input?.validTo ?? addDays(addYear(validFrom), -1);
  const s = { ...(src.scheme as Scheme), version };
  const row = await insertVersion(tx, deps, actor, { code: src.code, version, scheme: s, owner: { id: src.orgId, path: src.orgPath }, validFrom, validTo, basedOnVersion: src.version });
  await recordAudit(tx, actor, deps.clock, { action: 'mutual_aid.scheme.new_draft', entityType: ENTITY, entityId: row.id, orgPath: row.orgPath, regionCode: row.regionCode, after: { code: row.code, version, basedOnVersion: src.version, validFrom, validTo } });
  return versionDto(tx, row);
}

/**
 * Stores the five built-in schemes (scheme-data.ts) as version 1, published, each owned by the federation of its region
 * (the federation's code is the region code: 5202 六盘水, 520624 思南, 5201 贵阳, 5203 遵义, 52 the province). Needs the
 * federations; idempotent: a code already stored is left alone. Returns how many versions were written.
 */
export async function seedBuiltInSchemes(tx: Tx, deps: Deps, actor: Actor, period: { validFrom: string; validTo: string } = SEED_PERIOD): Promise<number> {
  const present = new Set(
    (
      await tx
        .select({ code: versions.code })
        .from(versions)
        .where(
          inArray(
            versions.code,
            BUILT_IN_SCHEMES.map((s) => s.code),
          ),
        )
    ).map((r) => r.code),
  );
  let n = 0;
  for (const builtIn of BUILT_IN_SCHEMES) {
    if (present.has(builtIn.code)) continue;
    const owner = await getOrgByCode(tx, builtIn.regionCode);
    if (!owner) throw new Error(`no federation ${builtIn.regionCode} for mutual-aid scheme ${builtIn.code}: generate the federations first`);
    const s: Scheme = { ...builtIn, version: 1 };
    const row = await insertVersion(tx, deps, actor, { code: s.code, version: 1, scheme: s, owner, ...period, basedOnVersion: null });
    const now = deps.clock.now();
    await tx
      .update(versions)
      .set({ status: 'published', publishedBy: actor.userId, publishedByName: actor.displayName || actor.username, publishedAt: now })
      .where(eq(versions.id, row.id));
    await recordAudit(tx, actor, deps.clock, { action: 'mutual_aid.scheme.seed', entityType: ENTITY, entityId: row.id, orgPath: row.orgPath, regionCode: row.regionCode, after: { ...auditView(row), status: 'published' } });
    n++;
  }
  return n;
}

