import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedEvent {
  seq: number;
  id: string;
  at: string; // ISO instant, millisecond precision
  actorUserId: string | null;
  actorUsername: string | null;
  actorOrgId: string | null;
  orgPath: string | null;
  regionCode: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  prevHash: string;
}

/** JSON with object keys sorted at every level: the same value always hashes the same, whatever jsonb did to key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + (i in value ? canonicalJson(value[i]) : ''); // a hole joins as nothing, as map().join() did
    return out + ']';
  }
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).sort();
    let out = '{';
    let first = true;
    for (const k of keys) {
      const v = obj[k];
      if (v === undefined) continue;
      out += (first ? '' : ',') + JSON.stringify(k) + ':' + canonicalJson(v);
      first = false;
    }
    return out + '}';
  }
  return JSON.stringify(value);
}

export function hashEvent(e: ChainedEvent): string {
  return createHash('sha256').update(canonicalJson(e)).digest('hex');
}

export type ChainProblem =
  | { kind: 'changed'; seq: number; id: string }
  | { kind: 'removed'; seq: number; afterSeq: number | null }
  | { kind: 'out_of_order'; seq: number; id: string }
  | { kind: 'head_mismatch'; seq: number };

/**
 * Walks events in seq order from `fromSeq`, starting at `prevHash`. Returns the first problem or null.
 * - a seq gap, or a prevHash that names another hash, where the stored hash of the previous row was intact → removed or inserted
 * - a stored hash that is not the hash of the row's content → changed
 */
export function verifyChainSegment(
  events: Array<ChainedEvent & { hash: string }>,
  start: { expectedSeq: number; prevHash: string },
): { problem: ChainProblem | null; lastSeq: number; lastHash: string } {
  let expectedSeq = start.expectedSeq;
  let prevHash = start.prevHash;
  for (const e of events) {
    if (e.seq !== expectedSeq) {
      if (e.seq > expectedSeq) return { problem: { kind: 'removed', seq: expectedSeq, afterSeq: expectedSeq - 1 || null }, lastSeq: expectedSeq - 1, lastHash: prevHash };
      return { problem: { kind: 'out_of_order', seq: e.seq, id: e.id }, lastSeq: expectedSeq - 1, lastHash: prevHash };
    }
    const { hash, ...content } = e;
    if (hashEvent(content) !== hash) return { problem: { kind: 'changed', seq: e.seq, id: e.id }, lastSeq: expectedSeq - 1, lastHash: prevHash };
    if (e.prevHash !== prevHash) {
      // The row is self-consistent but does not follow its predecessor: a row was removed before it, or it was inserted.
      return { problem: { kind: 'out_of_order', seq: e.seq, id: e.id }, lastSeq: expectedSeq - 1, lastHash: prevHash };
    }
    prevHash = hash;
    expectedSeq++;
  }
  return { problem: null, lastSeq: expectedSeq - 1, lastHash: prevHash };
}
