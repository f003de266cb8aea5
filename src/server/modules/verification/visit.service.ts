import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { FourLookKey } from '../../../contracts/registry';
import type { FileDto, RecommendBody, VisitDto , visitBody } from '../../../contracts/verification';
import { ALLOWED_FILE_TYPES, COMMITMENT_STATEMENT, MAX_FILE_BYTES } from '../../../contracts/verification';
import { canonicalJson } from '../../platform/audit/audit.rules';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/db/client';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import type { AppError} from '../../platform/http/errors';
import { conflict, notFound, registerEntityName, validation } from '../../platform/http/errors';
import { uuidv7 } from '../../platform/ids';
import { type FileStore, fileStoreFromEnv } from '../../platform/storage/file-store';
import { sniffType } from '../../platform/storage/file-type';
import { getOrgById } from '../orgs/org.service';
import { scoreFourLooks } from '../registry/four-looks.rules';
import { shanghaiDate } from '../registry/household.rules';
import { createHousehold, householdInScope, transitionHousehold } from '../registry/household.service';
import { contentHash, type SignedContent } from './signature.rules';
import { type SignatureRow, verificationSignatures } from './signature.table';
import { markVisited, myAssignedTask } from './task.service';
import { verificationTasks } from './task.table';
import { type FileRow, verificationFiles } from './file.table';
import { type VisitRow, verificationVisits } from './visit.table';

registerEntityName('verification_visit', '入户核查记录', 'Home visit');
registerEntityName('verification_file', '核查附件', 'Visit attachment');

// ─────────────── file store ───────────────

const stores = new WeakMap<Deps, FileStore>();

/** The file store of this app (configured from the environment on first use; tests may set one). */
export function fileStoreOf(deps: Deps): FileStore {
  let s = stores.get(deps);
  if (!s) {
    s = fileStoreFromEnv(deps.config.dataDir);
    stores.set(deps, s);
  }
  return s;
}
export function setFileStore(deps: Deps, store: FileStore): void {
  stores.set(deps, store);
}

const fileDto = (f: FileRow): FileDto => ({ id: f.id, name: f.name, mime: f.mime, size: f.size, sha256: f.sha256, uploadedAt: f.uploadedAt.toISOString() });

export function fileTooLarge(): AppError {
  return validation('file', `文件不能超过 ${MAX_FILE_BYTES / 1024 / 1024} MB`, `a file may not exceed ${MAX_FILE_BYTES / 1024 / 1024} MB`);
}

/** A photo or document of the visit, checked by its first bytes (jpg/png/webp/pdf) and size, stored in the file store. */
export async function uploadFile(tx: Tx, deps: Deps, actor: Actor, taskId: string, file: { name: string; data: Buffer }): Promise<FileDto> {
  const task = await myAssignedTask(tx, actor, taskId);
  if (task.status !== 'assigned') throw conflict('该任务已核查或已撤销，不能再上传', 'this task is already visited or cancelled');
  if (file.data.length > MAX_FILE_BYTES) throw fileTooLarge();
  if (file.data.length === 0) throw validation('file', '文件为空', 'the file is empty');
  const mime = sniffType(file.data);
  if (!mime || !(ALLOWED_FILE_TYPES as readonly string[]).includes(mime)) throw validation('file', '只接受 JPG、PNG、WebP 图片或 PDF 文件', 'only JPG, PNG or WebP images and PDF files are accepted');
  const id = uuidv7();
  const row = {
    id,
    taskId,
    householdId: task.householdId,
    visitId: null,
    name: [...file.name].map((c) => (c === '/' || c === '\\' || c.charCodeAt(0) < 32 ? '_' : c)).join('').slice(0, 200) || 'file',
    mime,
    size: file.data.length,
    sha256: createHash('sha256').update(file.data).digest('hex'),
    storageKey: `verification/${taskId}/${id}`,
    uploadedBy: actor.userId,
    uploadedAt: deps.clock.now(),
  };
  await tx.insert(verificationFiles).values(row);
  await recordAudit(tx, actor, deps.clock, { action: 'verification.file.upload', entityType: 'verification_task', entityId: taskId, regionCode: task.regionCode, after: { fileId: id, name: row.name, mime, size: row.size, sha256: row.sha256 } });
  // the bytes go to the store last: a failed insert leaves no orphan; a failed put rolls the row back
  await fileStoreOf(deps).put(row.storageKey, file.data, mime);
  return fileDto(row);
}

/** A file's bytes, for whoever may see its household (or uploaded it). */
export async function readFile(db: Db, deps: Deps, actor: Actor, id: string): Promise<{ file: FileDto; data: Buffer }> {
  const [f] = await db.select().from(verificationFiles).where(eq(verificationFiles.id, id));
  if (!f) throw notFound('verification_file');
  if (f.uploadedBy !== actor.userId) await householdInScope(db, actor, f.householdId).catch(() => Promise.reject(notFound('verification_file')));
  return { file: fileDto(f), data: await fileStoreOf(deps).get(f.storageKey) };
}

// ─────────────── the visit and its signature ───────────────

type ParsedVisit = ReturnType<typeof visitBody.parse>;

function signedContent(v: VisitRow, statement: string, signerUserId: string, attachments: Array<{ id: string; sha256: string }>): SignedContent {
  return {
    visitId: v.id,
    taskId: v.taskId,
    householdId: v.householdId,
    signerUserId,
    statement,
    visitDate: v.visitDate,
    checklist: v.checklist,
    found: { size: v.foundSize, annualIncomeFen: v.foundAnnualIncomeFen, housing: v.foundHousing },
    fourLooks: (v.fourLooks as { answers: Record<string, string> }).answers,
    findings: v.findings,
    recommendation: { category: v.recommendedCategory, level: v.recommendedLevel, measures: v.recommendedMeasures, aidFen: v.recommendedAidFen, note: v.recommendationNote },
    attachments,
  };
}

function visitDto(v: VisitRow, s: SignatureRow, files: FileRow[]): VisitDto {
  const fl = v.fourLooks as { answers: Record<string, string>; scores: Record<string, number> };
  const recomputed = contentHash(signedContent(v, s.statement, s.signerUserId, files.map((f) => ({ id: f.id, sha256: f.sha256 }))));
  return {
    id: v.id,
    taskId: v.taskId,
    householdId: v.householdId,
    round: v.round,
    investigator: { userId: v.investigatorId, name: v.investigatorName },
    visitDate: v.visitDate,
    checklist: v.checklist,
    found: { size: v.foundSize, annualIncomeFen: v.foundAnnualIncomeFen, housing: v.foundHousing },
    fourLooks: { answers: fl.answers, scores: fl.scores, total: v.fourLooksTotal },
    findings: v.findings,
    recommendation: { category: v.recommendedCategory, level: v.recommendedLevel, measures: v.recommendedMeasures, aidFen: v.recommendedAidFen, note: v.recommendationNote },
    attachments: files.map(fileDto),
    householdVersion: v.householdVersion,
    signature: { id: s.id, signerUserId: s.signerUserId, signerName: s.signerName, statement: s.statement, contentHash: s.contentHash, signedAt: s.signedAt.toISOString(), hashValid: recomputed === s.contentHash },
    createdAt: v.createdAt.toISOString(),
  };
}

async function loadVisit(db: Db, id: string): Promise<VisitDto | null> {
  const [v] = await db.select().from(verificationVisits).where(eq(verificationVisits.id, id));
  if (!v) return null;
  const [s] = await db.select().from(verificationSignatures).where(eq(verificationSignatures.visitId, id));
  const files = await db.select().from(verificationFiles).where(eq(verificationFiles.visitId, id)).orderBy(asc(verificationFiles.uploadedAt), asc(verificationFiles.id));
  return visitDto(v, s, files);
}

/** A visit, for the investigator who made it or anyone who may see its household; the hash is checked on every read. */
export async function getVisit(db: Db, actor: Actor, id: string): Promise<VisitDto> {
  const v = await loadVisit(db, id);
  if (!v) throw notFound('verification_visit');
  if (v.investigator.userId !== actor.userId) await householdInScope(db, actor, v.householdId).catch(() => Promise.reject(notFound('verification_visit')));
  return v;
}

/** The visits of a household, newest first (the caller has checked the household's scope). */
export async function visitsOfHousehold(db: Db, householdId: string): Promise<VisitDto[]> {
  const rows = await db.select({ id: verificationVisits.id }).from(verificationVisits).where(eq(verificationVisits.householdId, householdId)).orderBy(desc(verificationVisits.createdAt));
  const out: VisitDto[] = [];
  for (const r of rows) out.push((await loadVisit(db, r.id))!);
  return out;
}

export function requestHashOf(taskId: string, body: ParsedVisit): string {
  return createHash('sha256').update(canonicalJson({ taskId, ...body, attachmentIds: [...body.attachmentIds].sort() })).digest('hex');
}

/**
 * 入户核查签名: stores the visit once (the phone's visit id is the key: a repeat answers the stored visit), binds the
 * uploaded files, signs it (statement, SHA-256 of the canonical content) and verifies the file through the registry's
 * lifecycle with the investigator as 谁调查. Separation of duties: the registrar of the file cannot sign it.
 */
export async function submitVisit(tx: Tx, deps: Deps, actor: Actor, taskId: string, body: ParsedVisit): Promise<{ visit: VisitDto; replayed: boolean }> {
  const requestHash = requestHashOf(taskId, body);
  const [prior] = await tx.select().from(verificationVisits).where(eq(verificationVisits.id, body.visitId));
  if (prior) {
    if (prior.investigatorId !== actor.userId || prior.taskId !== taskId) throw conflict('该核查记录编号已被使用', 'this visit id is already used');
    if (prior.requestHash !== requestHash) throw conflict('该核查记录已签名提交，内容不能更改', 'this visit is already signed; it cannot be changed');
    return { visit: (await loadVisit(tx, prior.id))!, replayed: true };
  }
  const task = await myAssignedTask(tx, actor, taskId, true);
  if (task.status !== 'assigned') throw conflict('该任务已核查或已撤销', 'this task is already visited or cancelled', { status: task.status });
  const now = deps.clock.now();
  if (body.visitDate > shanghaiDate(now)) throw validation('visitDate', '核查日期不能晚于今天', 'the visit date cannot be in the future');
  if (body.statement !== COMMITMENT_STATEMENT) throw validation('statement', '须签署承诺', 'the commitment must be signed');
  const ids = [...new Set(body.attachmentIds)];
  const files = ids.length
    ? await tx
        .select()
        .from(verificationFiles)
        .where(and(inArray(verificationFiles.id, ids), eq(verificationFiles.taskId, taskId), eq(verificationFiles.uploadedBy, actor.userId), isNull(verificationFiles.visitId)))
    : [];
  if (files.length !== ids.length) throw validation('attachmentIds', '附件不存在或不属于此任务', 'an attachment does not exist or belongs to another task');

  const h = await householdInScope(tx, actor, task.householdId);
  const verified = await transitionHousehold(tx, deps, actor, h.id, { to: 'verified', reason: '入户核查签名 / signed home visit', version: h.version }, { via: 'visit' });
  const answers = body.fourLooks as Record<FourLookKey, string>;
  const { scores, total } = scoreFourLooks(answers);
  const visit: VisitRow = {
    id: body.visitId,
    taskId,
    householdId: h.id,
    regionCode: h.regionCode,
    round: task.round,
    investigatorId: actor.userId,
    investigatorName: actor.displayName,
    visitDate: body.visitDate,
    checklist: body.checklist,
    foundSize: body.found.size,
    foundAnnualIncomeFen: body.checklist.income.annualIncomeFen,
    foundHousing: body.checklist.housing.type,
    fourLooks: { answers, scores },
    fourLooksTotal: total,
    findings: body.findings,
    recommendedCategory: body.recommendation.category,
    recommendedLevel: body.recommendation.level ?? null,
    recommendedMeasures: [...new Set(body.recommendation.measures)],
    recommendedAidFen: body.recommendation.aidFen,
    recommendationNote: body.recommendation.note ?? null,
    householdVersion: verified.version,
    requestHash,
    createdAt: now,
  };
  // JSON as stored (jsonb drops nothing we keep, but undefined keys vanish): hash what will be read back
  const stored = JSON.parse(JSON.stringify(visit)) as VisitRow;
  const hash = contentHash(signedContent({ ...visit, checklist: stored.checklist, fourLooks: stored.fourLooks }, COMMITMENT_STATEMENT, actor.userId, files.map((f) => ({ id: f.id, sha256: f.sha256 }))));
  await tx.insert(verificationVisits).values(visit);
  await tx.insert(verificationSignatures).values({ id: uuidv7(), visitId: visit.id, signerUserId: actor.userId, signerName: actor.displayName, statement: COMMITMENT_STATEMENT, contentHash: hash, signedAt: now });
  if (ids.length) await tx.update(verificationFiles).set({ visitId: visit.id }).where(inArray(verificationFiles.id, ids));
  await markVisited(tx, deps, task, visit.id);
  await recordAudit(tx, actor, deps.clock, {
    action: 'verification.visit.sign',
    entityType: 'household',
    entityId: h.id,
    orgPath: h.orgPath,
    regionCode: h.regionCode,
    after: { visitId: visit.id, taskId, round: task.round, signatureSha256: hash, statement: COMMITMENT_STATEMENT, recommendedCategory: visit.recommendedCategory, recommendedAidFen: visit.recommendedAidFen, attachments: ids.length },
  });
  return { visit: (await loadVisit(tx, visit.id))!, replayed: false };
}

/**
 * 新发现的困难家庭: an investigator recommends a household found in an area they visit. It becomes a draft of the
 * union they visit there, registered by the investigator (so they can never verify it themselves).
 */
export async function recommendHousehold(tx: Tx, deps: Deps, actor: Actor, body: RecommendBody) {
  const { note, ...input } = body;
  const [visited] = await tx
    .select({ id: verificationTasks.id })
    .from(verificationTasks)
    .where(and(eq(verificationTasks.investigatorId, actor.userId), eq(verificationTasks.orgId, input.orgId)))
    .limit(1);
  const org = await getOrgById(tx, input.orgId);
  const own = org && org.path.startsWith(actor.orgPath);
  if (!org || (!visited && !own)) throw notFound('org');
  // the investigator acts for the union whose area they visit, for this one draft
  const proxy: Actor = { ...actor, orgPath: org.path, divisionCode: null };
  const dto = await createHousehold(tx, deps, proxy, input);
  await recordAudit(tx, actor, deps.clock, { action: 'verification.household.recommend', entityType: 'household', entityId: dto.id, orgPath: org.path, regionCode: dto.regionCode, after: { note } });
  return dto;
}
