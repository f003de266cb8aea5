import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { Permission } from '../../../contracts/auth';
import { FINDING_CAUSE_LABELS, type drawBody, type FindingCause, type FindingDto, type outcomeBody, type SampleItemDto, type SignerRole, type SpotCheckDto, type SpotCheckListItem, type StratifyBy } from '../../../contracts/oversight';
import type { WorklistSection } from '../../../contracts/worklist';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/db/client';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { conflict, notFound, registerEntityName, validation } from '../../platform/http/errors';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination';
import { inScope, scopeWhere } from '../../platform/http/scope';
import { uuidv7 } from '../../platform/ids';
import { applyFindingObligations } from '../aid/recovery.service';
import { divisionName } from '../orgs/division';
import { getOrgById } from '../orgs/org.service';
import { cancelHouseholdByFinding, fileSigners, fileSummaries, filesSignedBy, samplingPopulation } from '../registry/household-oversight.service';
import { shanghaiDate } from '../registry/household.rules';
import { accountabilityDtos, overdueAccountabilitySection } from './accountability.service';
import { accountabilityRecords } from './accountability.table';
import { planAccountability, type Signers } from './accountability.rules';
import { aidObligations } from './obligation.table';
import { paidAidByHousehold } from '../aid/household-money.service';
import { type Candidate, drawSample } from './spot-check.rules';
import { type SpotCheckItemRow, type SpotCheckRow, spotCheckItems, spotChecks } from './spot-check.table';

registerEntityName('spot_check', '抽查', 'Spot check');
registerEntityName('spot_check_item', '抽查档案', 'Sampled file');

type DrawInput = z.output<typeof drawBody>;
/** The audit event of a draw lists the sampled files up to this many (the items table keeps them all). */
const AUDIT_IDS_MAX = 2000;
type OutcomeInput = z.output<typeof outcomeBody>;

/** Spot checks the actor may see: drawn from an org inside the actor's scope. */
const spotCheckScope = (actor: Actor) => scopeWhere(actor, { orgPath: spotChecks.orgPath, regionCode: spotChecks.orgRegionCode });

interface StoredRule {
  percentBp: number | null;
  count: number | null;
  stratifyBy: StratifyBy;
  minPerStratum: boolean;
  weights: DrawInput['weights'];
}

async function loadSpotCheck(db: Db, actor: Actor, id: string): Promise<SpotCheckRow> {
  const [row] = await db
    .select()
    .from(spotChecks)
    .where(and(eq(spotChecks.id, id), spotCheckScope(actor)));
  if (!row) throw notFound('spot_check');
  return row;
}

async function loadItem(db: Db, actor: Actor, id: string, lock = false): Promise<{ item: SpotCheckItemRow; check: SpotCheckRow }> {
  const q = db
    .select({ item: spotCheckItems, check: spotChecks })
    .from(spotCheckItems)
    .innerJoin(spotChecks, eq(spotChecks.id, spotCheckItems.spotCheckId))
    .where(and(eq(spotCheckItems.id, id), spotCheckScope(actor)));
  const [row] = lock ? await q.for('update', { of: spotCheckItems }) : await q;
  if (!row) throw notFound('spot_check_item');
  return row;
}

// ─────────────── drawing ───────────────

/** 抽查: draws a sample from the files of an org by the rule and the seed, and stores the draw and its items. */
export async function drawSpotCheck(tx: Tx, deps: Deps, actor: Actor, body: DrawInput): Promise<SpotCheckDto> {
  const org = await getOrgById(tx, body.orgId);
  if (!org || !inScope(actor, { orgPath: org.path, regionCode: org.regionCode })) throw notFound('org');
  if (body.followUpOfItemId) await loadItem(tx, actor, body.followUpOfItemId);
  const population = await samplingPopulation(tx, actor, {
    scopeOrg: { path: org.path, kind: org.kind, regionCode: org.regionCode },
    regionCode: body.regionCode,
    statuses: body.statuses,
    signedBy: body.signedBy,
  });
  if (population.length === 0) throw validation('orgId', '所选范围内没有符合条件的档案', 'no files in the chosen scope match');
  const aid = await paidAidByHousehold(tx);
  const candidates: Candidate[] = population.map((p) => ({
    id: p.id,
    stratum: body.stratifyBy === 'region' ? p.regionCode : p.orgId,
    edits: Math.max(0, p.version - 1),
    investigatedBy: p.investigatedBy,
    aidReceivedFen: aid.get(p.id) ?? 0,
  }));
  const rule: StoredRule = { percentBp: body.percentBp ?? null, count: body.count ?? null, stratifyBy: body.stratifyBy, minPerStratum: body.minPerStratum, weights: body.weights };
  const result = drawSample(candidates, { percentBp: body.percentBp, count: body.count, stratify: body.stratifyBy !== 'none', minPerStratum: body.minPerStratum, weights: body.weights }, body.seed);
  const strata = Object.keys(result.perStratum);
  const orgNames = body.stratifyBy === 'org' && strata.length ? new Map((await fileOrgNames(tx, strata)).map((o) => [o.id, o.name])) : new Map<string, string>();
  const perStratum = Object.fromEntries(
    Object.entries(result.perStratum).map(([k, v]) => [k, { ...v, name: body.stratifyBy === 'region' ? (divisionName(k) ?? k) : (orgNames.get(k) ?? k) }]),
  );
  const id = uuidv7();
  const now = deps.clock.now();
  const row = {
    id,
    title: body.title,
    orgId: org.id,
    orgPath: org.path,
    orgRegionCode: org.regionCode,
    regionCode: body.regionCode ?? null,
    statuses: body.statuses,
    signedBy: body.signedBy ?? [],
    rule,
    seed: body.seed,
    populationCount: result.populationCount,
    targetCount: result.targetCount,
    sampleCount: result.items.length,
    perStratum,
    followUpOfItemId: body.followUpOfItemId ?? null,
    drawnBy: actor.userId,
    drawnByName: actor.displayName,
    drawnAt: now,
  };
  await tx.insert(spotChecks).values(row);
  const items = result.items.map((s, position) => ({ id: uuidv7(), spotCheckId: id, position, householdId: s.id, stratum: s.stratum, weight: s.weight, drawKey: s.key }));
  for (let i = 0; i < items.length; i += 1000) await tx.insert(spotCheckItems).values(items.slice(i, i + 1000));
  await recordAudit(tx, actor, deps.clock, {
    action: 'oversight.spot_check.draw',
    entityType: 'spot_check',
    entityId: id,
    orgPath: org.path,
    regionCode: org.regionCode,
    after: { title: body.title, orgId: org.id, regionCode: body.regionCode ?? null, statuses: body.statuses, signedBy: body.signedBy ?? [], rule, seed: body.seed, populationCount: result.populationCount, sampleCount: items.length, ...(items.length <= AUDIT_IDS_MAX ? { householdIds: items.map((x) => x.householdId) } : {}) },
  });
  return getSpotCheck(tx, deps, actor, id);
}

async function fileOrgNames(db: Db, ids: string[]) {
  const out: Array<{ id: string; name: string }> = [];
  for (const oid of ids) {
    const o = await getOrgById(db, oid);
    if (o) out.push({ id: o.id, name: o.name });
  }
  return out;
}

// ─────────────── reading ───────────────

function itemDto(i: SpotCheckItemRow, f: { archiveNo: string | null; workerName: string; status: string; orgName: string; regionCode: string } | undefined): SampleItemDto {
  return {
    id: i.id,
    spotCheckId: i.spotCheckId,
    position: i.position,
    householdId: i.householdId,
    archiveNo: f?.archiveNo ?? null,
    workerName: f?.workerName ?? '',
    householdStatus: f?.status ?? '',
    orgName: f?.orgName ?? '',
    regionCode: f?.regionCode ?? '',
    stratum: i.stratum,
    weight: i.weight,
    outcome: i.outcome as SampleItemDto['outcome'],
    cause: i.cause as SampleItemDto['cause'],
    notes: i.notes,
    recheckedOn: i.recheckedOn,
    recordedByName: i.recordedByName,
    recordedAt: i.recordedAt ? i.recordedAt.toISOString() : null,
    signatureHash: i.signatureHash,
  };
}

async function counts(db: Db, ids: string[]) {
  if (ids.length === 0) return new Map<string, { open: number; bad: number }>();
  const rows = await db
    .select({ id: spotCheckItems.spotCheckId, open: sql<number>`count(*) filter (where ${spotCheckItems.outcome} is null)::int`, bad: sql<number>`count(*) filter (where ${spotCheckItems.outcome} = 'nonconforming')::int` })
    .from(spotCheckItems)
    .where(inArray(spotCheckItems.spotCheckId, ids))
    .groupBy(spotCheckItems.spotCheckId);
  return new Map(rows.map((r) => [r.id, { open: Number(r.open), bad: Number(r.bad) }]));
}

async function listItemOf(db: Db, c: SpotCheckRow, n?: { open: number; bad: number }): Promise<SpotCheckListItem> {
  const org = await getOrgById(db, c.orgId);
  return {
    id: c.id,
    title: c.title,
    orgId: c.orgId,
    orgName: org?.name ?? '',
    seed: c.seed,
    populationCount: c.populationCount,
    sampleCount: c.sampleCount,
    openCount: n?.open ?? 0,
    nonconformingCount: n?.bad ?? 0,
    drawnByName: c.drawnByName,
    drawnAt: c.drawnAt.toISOString(),
  };
}

export async function getSpotCheck(db: Db, _deps: Deps, actor: Actor, id: string): Promise<SpotCheckDto> {
  const c = await loadSpotCheck(db, actor, id);
  const items = await db.select().from(spotCheckItems).where(eq(spotCheckItems.spotCheckId, id)).orderBy(asc(spotCheckItems.position));
  const files = await fileSummaries(db, items.map((i) => i.householdId));
  const n = (await counts(db, [id])).get(id);
  const rule = c.rule as StoredRule;
  return {
    ...(await listItemOf(db, c, n)),
    regionCode: c.regionCode,
    statuses: c.statuses,
    signedBy: c.signedBy,
    rule: { percentBp: rule.percentBp, count: rule.count, stratifyBy: rule.stratifyBy, minPerStratum: rule.minPerStratum, weights: rule.weights ?? {} },
    targetCount: c.targetCount,
    perStratum: c.perStratum as SpotCheckDto['perStratum'],
    followUpOfItemId: c.followUpOfItemId,
    items: items.map((i) => itemDto(i, files.get(i.householdId))),
  };
}

export async function listSpotChecks(db: Db, actor: Actor, q: { cursor?: string; limit: number }) {
  const conds: SQL[] = [spotCheckScope(actor)];
  const c = decodeCursor<{ at: string; id: string }>(q.cursor);
  if (c) {
    if (typeof c.at !== 'string' || typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/.test(c.id) || Number.isNaN(Date.parse(c.at))) throw validation('cursor', '无效的分页游标', 'invalid cursor');
    conds.push(sql`(${spotChecks.drawnAt}, ${spotChecks.id}) < (${c.at}::timestamptz, ${c.id}::uuid)`);
  }
  const rows = await db
    .select()
    .from(spotChecks)
    .where(and(...conds))
    .orderBy(desc(spotChecks.drawnAt), desc(spotChecks.id))
    .limit(q.limit + 1);
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  const n = await counts(db, page.map((r) => r.id));
  const items = [];
  for (const r of page) items.push(await listItemOf(db, r, n.get(r.id)));
  const last = page[page.length - 1];
  return { items, nextCursor: more && last ? encodeCursor({ at: last.drawnAt.toISOString(), id: last.id }) : null };
}

// ─────────────── re-verification and findings ───────────────

export function signatureOf(fields: { itemId: string; householdId: string; outcome: string; cause: string | null; notes: string; recheckedOn: string; recordedBy: string; recordedAt: string }): string {
  return createHash('sha256').update(JSON.stringify([fields.itemId, fields.householdId, fields.outcome, fields.cause, fields.notes, fields.recheckedOn, fields.recordedBy, fields.recordedAt])).digest('hex');
}

/**
 * Records the re-verification of a sampled file, signed and final. A 不符合 finding, in the same transaction: opens
 * accountability records for the signers it implicates, cancels the file (through the registry), and records the
 * obligations the aid module will act on (revoke pending aid, recover aid already paid).
 */
export async function recordOutcome(tx: Tx, deps: Deps, actor: Actor, itemId: string, body: OutcomeInput): Promise<FindingDto> {
  const { item, check } = await loadItem(tx, actor, itemId, true);
  if (item.outcome) throw conflict('该档案的抽查结果已记录，不可更改', 'the outcome of this sampled file is already recorded and final', { recordedBy: item.recordedByName, recordedAt: item.recordedAt?.toISOString() });
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  if (body.recheckedOn > today) throw validation('recheckedOn', '复核日期不能晚于今天', 'the re-check date cannot be in the future');
  if (body.recheckedOn < shanghaiDate(check.drawnAt)) throw validation('recheckedOn', '复核日期不能早于抽取日期', 'the re-check date cannot precede the draw');
  const { household, signers } = await fileSigners(tx, actor, item.householdId);
  const cause = body.outcome === 'nonconforming' ? (body.cause as FindingCause) : null;
  const signatureHash = signatureOf({ itemId, householdId: item.householdId, outcome: body.outcome, cause, notes: body.notes, recheckedOn: body.recheckedOn, recordedBy: actor.userId, recordedAt: now.toISOString() });
  await tx
    .update(spotCheckItems)
    .set({ outcome: body.outcome, cause, notes: body.notes, recheckedOn: body.recheckedOn, recordedBy: actor.userId, recordedByName: actor.displayName, recordedAt: now, signatureHash })
    .where(and(eq(spotCheckItems.id, itemId), isNull(spotCheckItems.outcome)));
  await recordAudit(tx, actor, deps.clock, {
    action: 'oversight.finding.record',
    entityType: 'spot_check_item',
    entityId: itemId,
    orgPath: household.orgPath,
    regionCode: household.regionCode,
    after: { spotCheckId: check.id, householdId: item.householdId, outcome: body.outcome, cause, notes: body.notes, recheckedOn: body.recheckedOn, signatureHash },
  });
  if (cause) {
    const signerMap: Signers = Object.fromEntries(signers.map((s) => [s.role, { userId: s.userId, name: s.name }]));
    const plan = planAccountability(cause, signerMap, body.recheckedOn, body.accountability);
    for (const p of plan) {
      const rec = {
        id: uuidv7(),
        itemId,
        spotCheckId: check.id,
        householdId: item.householdId,
        orgPath: household.orgPath,
        regionCode: household.regionCode,
        subjectUserId: p.userId,
        subjectName: p.name,
        signerRole: p.role,
        cause,
        action: p.action,
        deadline: p.deadline,
        status: 'open',
        createdBy: actor.userId,
        createdByName: actor.displayName,
        createdAt: now,
      };
      await tx.insert(accountabilityRecords).values(rec);
      await recordAudit(tx, actor, deps.clock, { action: 'oversight.accountability.open', entityType: 'accountability_record', entityId: rec.id, orgPath: household.orgPath, regionCode: household.regionCode, after: rec });
    }
    const causeLabel = FINDING_CAUSE_LABELS[cause].zh;
    await cancelHouseholdByFinding(tx, deps, actor, item.householdId, { itemId, spotCheckId: check.id, cause, causeLabel, notes: body.notes });
    for (const kind of ['revoke_pending_aid', 'recover_paid_aid'] as const) {
      const ob = { id: uuidv7(), householdId: item.householdId, itemId, orgPath: household.orgPath, regionCode: household.regionCode, kind, status: 'open', amountFen: null, createdBy: actor.userId, createdAt: now };
      await tx.insert(aidObligations).values(ob);
      await recordAudit(tx, actor, deps.clock, { action: 'oversight.obligation.record', entityType: 'aid_obligation', entityId: ob.id, orgPath: household.orgPath, regionCode: household.regionCode, after: ob });
    }
    // the aid module acts on them at once: pending aid revoked, paid aid recovered, the obligations filled
    await applyFindingObligations(tx, deps, actor, { householdId: item.householdId, findingItemId: itemId });
    // on the file's own audit trail: the finding and the signers it names (谁调查、谁登记、谁审核、谁负责)
    await recordAudit(tx, actor, deps.clock, {
      action: 'oversight.finding.nonconforming',
      entityType: 'household',
      entityId: item.householdId,
      orgPath: household.orgPath,
      regionCode: household.regionCode,
      after: {
        findingId: itemId,
        spotCheckId: check.id,
        cause,
        notes: body.notes,
        signers: signers.map((s) => ({ role: s.role, userId: s.userId, name: s.name })),
        accountability: plan.map((p) => ({ role: p.role, name: p.name, action: p.action, deadline: p.deadline })),
      },
    });
  }
  return getFinding(tx, deps, actor, itemId);
}

/** 倒查: a sampled file with its signers, lifecycle chain, accountability records, obligations and the other files the implicated people signed. */
export async function getFinding(db: Db, deps: Deps, actor: Actor, itemId: string): Promise<FindingDto> {
  const { item, check } = await loadItem(db, actor, itemId);
  const { household, signers, chain } = await fileSigners(db, actor, item.householdId);
  const recs = await db.select().from(accountabilityRecords).where(eq(accountabilityRecords.itemId, itemId)).orderBy(asc(accountabilityRecords.createdAt), asc(accountabilityRecords.id));
  const obligations = await db.select().from(aidObligations).where(eq(aidObligations.itemId, itemId)).orderBy(asc(aidObligations.kind));
  const implicated = item.outcome === 'nonconforming' ? [...new Set(recs.map((r) => r.subjectUserId))] : [];
  const files = await fileSummaries(db, [item.householdId]);
  return {
    item: itemDto(item, files.get(item.householdId)),
    spotCheckTitle: check.title,
    householdCancelled: household.status === 'cancelled',
    signers: signers.map((s) => ({ role: s.role as SignerRole, userId: s.userId, name: s.name, at: s.at })),
    chain,
    accountability: await accountabilityDtos(db, deps, recs),
    obligations: obligations.map((o) => ({ id: o.id, householdId: o.householdId, itemId: o.itemId, kind: o.kind as FindingDto['obligations'][number]['kind'], status: o.status, amountFen: o.amountFen, createdAt: o.createdAt.toISOString() })),
    otherFiles: (await filesSignedBy(db, actor, implicated, item.householdId)) as FindingDto['otherFiles'],
  };
}

// ─────────────── worklist ───────────────

/** The auditor's queues: sampled files still to re-check, and open accountability records past their deadline. */
export async function worklistSections(db: Db, deps: Deps, actor: Actor): Promise<WorklistSection[]> {
  if (!actor.permissions.has(Permission.SpotCheckManage)) return [];
  const scope = spotCheckScope(actor);
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(spotCheckItems)
    .innerJoin(spotChecks, eq(spotChecks.id, spotCheckItems.spotCheckId))
    .where(and(scope, isNull(spotCheckItems.outcome)));
  const open = await db
    .select({ item: spotCheckItems, title: spotChecks.title })
    .from(spotCheckItems)
    .innerJoin(spotChecks, eq(spotChecks.id, spotCheckItems.spotCheckId))
    .where(and(scope, isNull(spotCheckItems.outcome)))
    .orderBy(asc(spotChecks.drawnAt), asc(spotCheckItems.position))
    .limit(10);
  const files = await fileSummaries(db, open.map((o) => o.item.householdId));
  const sampleSection: WorklistSection = {
    key: 'oversight.open_sample_items',
    titleZh: '待复核的抽查档案',
    titleEn: 'Sampled files to re-check',
    total: Number(n),
    overdue: 0,
    href: '/oversight',
    items: open.map((o) => {
      const f = files.get(o.item.householdId);
      return { kind: 'spot_check_item', id: o.item.id, title: `${f?.archiveNo ?? '（未建档）'} ${f?.workerName ?? ''} · 复核 re-check`, subtitle: o.title, dueDate: null, overdue: false, href: `/oversight/spot-checks/${o.item.spotCheckId}` };
    }),
  };
  return [sampleSection, await overdueAccountabilitySection(db, deps, actor)];
}
