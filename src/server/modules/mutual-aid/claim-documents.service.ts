import { createHash } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { Permission } from '../../../contracts/auth';
import type { ClaimDocumentDto, ClaimDocumentKind } from '../../../contracts/mutual-aid-claims';
import { ALLOWED_FILE_TYPES, MAX_FILE_BYTES } from '../../../contracts/verification';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/db/client';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { conflict, forbidden, notFound, registerEntityName, validation } from '../../platform/http/errors';
import { uuidv7 } from '../../platform/ids';
import { sniffType } from '../../platform/storage/file-type';
import { fileStoreOf } from '../verification/visit.service';
import { loadClaim } from './claim.service';
import { type MutualAidClaimDocumentRow, mutualAidClaimDocuments as documents } from './claim.table';

registerEntityName('mutual_aid_claim_document', '申请材料', 'Claim document');

/**
 * 申请材料 The claim's documents (invoice, discharge summary, diagnosis certificate, expense list, insurance statement,
 * other): JPG, PNG, WebP or PDF recognised by their first bytes, at most 10 MB, kept in the app's file store. Added
 * while the claim is open (not after payment, rejection or reversal); read by whoever sees the claim; each download is
 * an audit event.
 */

export const CLAIM_DOCUMENT_MAX_BYTES = MAX_FILE_BYTES;

const dto = (d: MutualAidClaimDocumentRow): ClaimDocumentDto => ({ id: d.id, kind: d.kind as ClaimDocumentKind, name: d.name, mime: d.mime, size: Number(d.size), sha256: d.sha256, uploadedAt: new Date(d.uploadedAt).toISOString() });

export function documentTooLarge() {
  return validation('file', `文件不能超过 ${MAX_FILE_BYTES / 1024 / 1024} MB`, `a file may not exceed ${MAX_FILE_BYTES / 1024 / 1024} MB`);
}

export async function uploadClaimDocument(tx: Tx, deps: Deps, actor: Actor, claimId: string, file: { kind: ClaimDocumentKind; name: string; data: Buffer }): Promise<ClaimDocumentDto> {
  if (!actor.permissions.has(Permission.MutualAidEnrol) && !actor.permissions.has(Permission.MutualAidReview)) throw forbidden();
  const claim = await loadClaim(tx, actor, claimId, { lock: true });
  if (!['received', 'adjudicated', 'approved'].includes(claim.status)) throw conflict(`申请 ${claim.claimNo} 已${claim.status === 'paid' ? '支付' : '结束'}，不能再添加材料`, `claim ${claim.claimNo} is ${claim.status}: no more documents`);
  if (file.data.length > MAX_FILE_BYTES) throw documentTooLarge();
  if (file.data.length === 0) throw validation('file', '文件为空', 'the file is empty');
  const mime = sniffType(file.data);
  if (!mime || !(ALLOWED_FILE_TYPES as readonly string[]).includes(mime)) throw validation('file', '只接受 JPG、PNG、WebP 图片或 PDF 文件', 'only JPG, PNG or WebP images and PDF files are accepted');
  const id = uuidv7();
  const row: MutualAidClaimDocumentRow = {
    id,
    claimId: claim.id,
    kind: file.kind,
    name: [...file.name].map((c) => (c === '/' || c === '\\' || c.charCodeAt(0) < 32 ? '_' : c)).join('').slice(0, 200) || 'file',
    mime,
    size: file.data.length,
    sha256: createHash('sha256').update(file.data).digest('hex'),
    storageKey: `mutual-aid/claims/${claim.id}/${id}`,
    uploadedBy: actor.userId,
    uploadedAt: deps.clock.now(),
  };
  await tx.insert(documents).values(row);
  await recordAudit(tx, actor, deps.clock, { action: 'mutual_aid.claim.document.upload', entityType: 'mutual_aid_claim', entityId: claim.id, orgPath: claim.orgPath, after: { documentId: id, kind: row.kind, name: row.name, mime, size: row.size, sha256: row.sha256 } });
  // the bytes go to the store last: a failed insert leaves no orphan; a failed put rolls the row back
  await fileStoreOf(deps).put(row.storageKey, file.data, mime);
  return dto(row);
}

export async function listClaimDocuments(db: Db, actor: Actor, claimId: string): Promise<ClaimDocumentDto[]> {
  const claim = await loadClaim(db, actor, claimId);
  const rows = await db.select().from(documents).where(eq(documents.claimId, claim.id)).orderBy(asc(documents.uploadedAt), asc(documents.id));
  return rows.map(dto);
}

/** A document's bytes, for whoever sees its claim; the download is audited. */
export async function readClaimDocument(tx: Tx, deps: Deps, actor: Actor, claimId: string, documentId: string): Promise<{ document: ClaimDocumentDto; data: Buffer }> {
  const claim = await loadClaim(tx, actor, claimId);
  const [d] = await tx
    .select()
    .from(documents)
    .where(and(eq(documents.id, documentId), eq(documents.claimId, claim.id)));
  if (!d) throw notFound('mutual_aid_claim_document');
  await recordAudit(tx, actor, deps.clock, { action: 'mutual_aid.claim.document.download', entityType: 'mutual_aid_claim', entityId: claim.id, orgPath: claim.orgPath, after: { documentId: d.id, kind: d.kind, name: d.name, sha256: d.sha256 } });
  return { document: dto(d), data: await fileStoreOf(deps).get(d.storageKey) };
}
