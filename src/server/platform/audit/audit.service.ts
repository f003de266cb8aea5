import { and, asc, desc, eq, gt, gte, lte, lt, or, sql, type SQL } from 'drizzle-orm';
import { bulkInsert, canCopy, copyPrepared } from '../db/bulk';
import type { Db } from '../db/client';
import type { Tx } from '../db/tx';
import type { Actor } from '../http/actor';
import { scopeWhere } from '../http/scope';
import type { Clock } from '../clock';
import { type AuditInput, type ChainState, chainRows } from './audit.chain';
import type { AuditThreadInit, AuditThreadReply, AuditThreadRequest } from './audit.worker-protocol';
import { startWorker, workerInbox } from '../worker-thread';
import { auditChainHead, auditEvents } from './audit.table';
import { type ChainProblem, type ChainedEvent, GENESIS_HASH, verifyChainSegment } from './audit.rules';
import { decodeCursor, encodeCursor } from '../http/pagination';
import { AppError } from '../http/errors';

export type { AuditInput } from './audit.chain';

/** Locks the chain's head (made at its genesis the first time) for the rest of the transaction: where the chain stands. */
async function lockHead(tx: Tx): Promise<ChainState> {
  await tx.insert(auditChainHead).values({ id: 1, seq: 0, hash: GENESIS_HASH }).onConflictDoNothing();
  const [head] = await tx.select().from(auditChainHead).where(eq(auditChainHead.id, 1)).for('update');
  return { seq: Number(head.seq), hash: head.hash };
}

/**
 * Appends one event to the chain in the caller's transaction. The head row is locked, so concurrent
 * writers append one after another and the chain stays linear.
 */
export async function recordAudit(tx: Tx, actor: Actor, clock: Clock, input: AuditInput): Promise<{ seq: number; hash: string }> {
  const state = await lockHead(tx);
  const [row] = chainRows(actor, [input], state, new Date(Math.floor(clock.now().getTime())).toISOString());
  await tx.insert(auditEvents).values(row);
  await tx.update(auditChainHead).set({ seq: state.seq, hash: state.hash }).where(eq(auditChainHead.id, 1));
  return { seq: state.seq, hash: state.hash };
}

/**
 * Appends many events to the chain in the caller's transaction, in order: the head row is locked once, the events
 * are chained in memory and inserted a few thousand per statement, and the head moves once. The chain is exactly
 * what as many recordAudit calls would have written (bulk writers such as the Excel import use it).
 */
export async function recordAuditBatch(tx: Tx, actor: Actor, clock: Clock, inputs: AuditInput[]): Promise<{ firstSeq: number; lastSeq: number; hash: string } | null> {
  return recordAuditStream(tx, actor, clock, [inputs]);
}

/**
 * recordAuditBatch over batches that arrive one after another (read from a temporary file, say), so they need not
 * all be in memory: the head is locked once, and each batch is chained while the previous one is being inserted.
 */
export async function recordAuditStream(
  tx: Tx,
  actor: Actor,
  clock: Clock,
  batches: Iterable<AuditInput[]> | AsyncIterable<AuditInput[]>,
): Promise<{ firstSeq: number; lastSeq: number; hash: string } | null> {
  let first: number | null = null;
  let state: ChainState | null = null;
  const at = new Date(Math.floor(clock.now().getTime())).toISOString();
  let pending: Promise<void> | null = null;
  try {
    for await (const inputs of batches) {
      if (inputs.length === 0) continue;
      if (!state) {
        state = await lockHead(tx);
        first = state.seq + 1;
      }
      const rows = chainRows(actor, inputs, state, at);
      if (pending) await pending;
      pending = bulkInsert(tx, auditEvents, rows);
      pending.catch(() => undefined); // awaited below; this only keeps it from counting as unhandled meanwhile
    }
    if (pending) await pending;
  } catch (e) {
    await (pending as Promise<void> | null)?.catch(() => undefined);
    throw e;
  }
  if (!state || first === null) return null;
  await tx.update(auditChainHead).set({ seq: state.seq, hash: state.hash }).where(eq(auditChainHead.id, 1));
  return { firstSeq: first, lastSeq: state.seq, hash: state.hash };
}

/** Lines (batches of events) the chaining thread may be ahead of the writes (memory stays flat). */
const LINES_AHEAD = 2;

/**
 * recordAuditStream for batches kept as lines of JSON (a large import's temporary file), with the chaining done in a
 * second thread: it masks, hashes and builds COPY's text of each batch while this thread writes the previous one, so
 * the database's work and the hashing overlap instead of taking turns. The chain is exactly what recordAuditStream
 * writes (the same events in the same order, hashed the same way). Where COPY cannot stream (the PostgreSQL pool
 * outside a transaction), and when `inThread` is false, it is recordAuditStream itself.
 */
export async function recordAuditLines(
  tx: Tx,
  actor: Actor,
  clock: Clock,
  lines: Iterable<string>,
  opts: { inThread: boolean },
): Promise<{ firstSeq: number; lastSeq: number; hash: string } | null> {
  const parsed = function* () {
    for (const line of lines) yield JSON.parse(line) as AuditInput[];
  };
  if (!opts.inThread || !canCopy(tx)) return recordAuditStream(tx, actor, clock, parsed());
  const at = new Date(Math.floor(clock.now().getTime())).toISOString();
  const head = await lockHead(tx);
  const init: AuditThreadInit = { actor, at, head };
  const worker = startWorker(new URL('./audit.worker.ts', import.meta.url), init, { youngMb: 4, oldMb: 64 });
  const inbox = workerInbox<AuditThreadReply>(worker, 'the audit chaining thread');
  let end: ChainState = head;
  let sent = 0;
  let written = 0;
  const write = async () => {
    const m = await inbox.next();
    if (m.t === 'error') throw new Error(`chaining the audit events failed: ${m.message}`);
    written++;
    await copyPrepared(tx, auditEvents, m.copy);
    end = m.end;
  };
  try {
    for (const line of lines) {
      worker.postMessage({ t: 'line', line } satisfies AuditThreadRequest);
      sent++;
      while (sent - written > LINES_AHEAD) await write();
    }
    while (written < sent) await write();
  } finally {
    await worker.terminate();
  }
  if (end.seq === head.seq) return null;
  await tx.update(auditChainHead).set({ seq: end.seq, hash: end.hash }).where(eq(auditChainHead.id, 1));
  return { firstSeq: head.seq + 1, lastSeq: end.seq, hash: end.hash };
}

function toChained(r: typeof auditEvents.$inferSelect): ChainedEvent & { hash: string } {
  return {
    seq: Number(r.seq),
    id: r.id,
    at: new Date(r.at).toISOString(),
    actorUserId: r.actorUserId,
    actorUsername: r.actorUsername,
    actorOrgId: r.actorOrgId,
    orgPath: r.orgPath,
    regionCode: r.regionCode,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    before: r.before ?? null,
    after: r.after ?? null,
    ip: r.ip,
    userAgent: r.userAgent,
    requestId: r.requestId,
    prevHash: r.prevHash,
    hash: r.hash,
  };
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  headSeq: number;
  problem: ChainProblem | null;
  message: string;
}

/** Walks the whole chain in seq order, in pages, and names the first event that was changed, removed or inserted. */
export async function verifyAuditChain(db: Db, onProgress?: (checked: number) => void): Promise<AuditVerification> {
  const [head] = await db.select().from(auditChainHead).where(eq(auditChainHead.id, 1));
  const headSeq = head ? Number(head.seq) : 0;
  let state = { expectedSeq: 1, prevHash: GENESIS_HASH };
  let checked = 0;
  let lastSeq = 0;
  for (;;) {
    const rows = await db.select().from(auditEvents).where(gt(auditEvents.seq, lastSeq)).orderBy(asc(auditEvents.seq)).limit(5000);
    if (rows.length === 0) break;
    const res = verifyChainSegment(rows.map(toChained), state);
    if (res.problem) return { ok: false, checked: checked + (res.lastSeq - state.expectedSeq + 1), headSeq, problem: res.problem, message: describe(res.problem) };
    checked += rows.length;
    lastSeq = Number(rows[rows.length - 1].seq);
    state = { expectedSeq: res.lastSeq + 1, prevHash: res.lastHash };
    onProgress?.(checked);
  }
  if (head && (lastSeq !== headSeq || state.prevHash !== head.hash)) {
    const problem: ChainProblem = { kind: 'head_mismatch', seq: lastSeq };
    return { ok: false, checked, headSeq, problem, message: describe(problem, headSeq) };
  }
  return { ok: true, checked, headSeq, problem: null, message: `审计链完整 / audit chain intact: ${checked} events` };
}

function describe(p: ChainProblem, headSeq?: number): string {
  switch (p.kind) {
    case 'changed':
      return `第 ${p.seq} 号事件（${p.id}）内容被修改 / event #${p.seq} (${p.id}) was changed`;
    case 'removed':
      return `第 ${p.seq} 号事件缺失（被删除）/ event #${p.seq} is missing (removed)`;
    case 'out_of_order':
      return `第 ${p.seq} 号事件（${p.id}）不接续前一事件：之前的事件被删除或此事件被插入 / event #${p.seq} (${p.id}) does not follow its predecessor: an event was removed before it or it was inserted out of order`;
    case 'head_mismatch':
      return `链尾不符：最后的事件为 #${p.seq}，链头记录为 #${headSeq}（末尾事件被删除或被追加）/ chain tail mismatch: last event #${p.seq}, head records #${headSeq} (events removed from or appended to the end)`;
  }
}

export interface AuditFilter {
  actorUserId?: string;
  actorUsername?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
}

/** Events in the actor's scope, newest first, keyset-paginated on seq. */
export async function listAuditEvents(db: Db, actor: Actor, f: AuditFilter) {
  const conds: SQL[] = [scopeWhere(actor, { orgPath: auditEvents.orgPath, regionCode: auditEvents.regionCode })];
  if (f.actorUserId) conds.push(eq(auditEvents.actorUserId, f.actorUserId));
  if (f.actorUsername) conds.push(eq(auditEvents.actorUsername, f.actorUsername));
  if (f.entityType) conds.push(eq(auditEvents.entityType, f.entityType));
  if (f.entityId) conds.push(eq(auditEvents.entityId, f.entityId));
  if (f.action) conds.push(or(eq(auditEvents.action, f.action), sql`${auditEvents.action} like ${f.action.replace(/[\\%_]/g, '\\$&') + '.%'}`)!);
  if (f.from) conds.push(gte(auditEvents.at, new Date(f.from)));
  if (f.to) conds.push(lte(auditEvents.at, new Date(f.to)));
  const c = decodeCursor<{ seq: number }>(f.cursor);
  if (c) {
    if (!Number.isSafeInteger(c.seq)) throw new AppError(400, 'VALIDATION_FAILED', { fields: 'cursor' });
    conds.push(lt(auditEvents.seq, c.seq));
  }
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(...conds))
    .orderBy(desc(auditEvents.seq))
    .limit(f.limit + 1);
  const more = rows.length > f.limit;
  const items = rows.slice(0, f.limit).map((r) => ({
    seq: Number(r.seq),
    id: r.id,
    at: new Date(r.at).toISOString(),
    actorUserId: r.actorUserId,
    actorUsername: r.actorUsername,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    before: r.before ?? null,
    after: r.after ?? null,
    ip: r.ip,
    userAgent: r.userAgent,
    hash: r.hash,
  }));
  return { items, nextCursor: more ? encodeCursor({ seq: items[items.length - 1].seq }) : null };
}

/** The audit trail of one entity, oldest first (for the entity's own history tab; scope is checked by the caller). */
export async function auditTrailOf(db: Db, entityType: string, entityId: string, limit = 500) {
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, entityType), eq(auditEvents.entityId, entityId)))
    .orderBy(asc(auditEvents.seq))
    .limit(limit);
  return rows.map((r) => ({ seq: Number(r.seq), at: new Date(r.at).toISOString(), actorUsername: r.actorUsername, action: r.action, before: r.before ?? null, after: r.after ?? null }));
}
