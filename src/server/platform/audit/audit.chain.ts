import type { Actor } from '../http/actor';
import { uuidv7 } from '../ids';
import { maskRecord } from '../pii/mask';
import { type ChainedEvent, hashEvent } from './audit.rules';
import type { auditEvents } from './audit.table';

/** One event to append to the audit chain (recordAudit and its batch forms). */
export interface AuditInput {
  action: string;
  entityType: string;
  entityId?: string | null;
  /** Path of the org owning the entity, for scoped reading of the event. */
  orgPath?: string | null;
  regionCode?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Plain JSON (Dates as ISO strings, undefined dropped), personal fields masked. */
function snapshot(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  return JSON.parse(JSON.stringify(maskRecord(v)));
}

/** The content of one event (everything the hash covers). */
function chainedEvent(actor: Actor, input: AuditInput, seq: number, at: string, prevHash: string): ChainedEvent {
  return {
    seq,
    id: uuidv7(),
    at,
    actorUserId: actor.userId,
    actorUsername: actor.username,
    actorOrgId: actor.orgId,
    orgPath: input.orgPath ?? null,
    regionCode: input.regionCode ?? null,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId ?? null,
    before: snapshot(input.before),
    after: snapshot(input.after),
    ip: actor.ip,
    userAgent: actor.userAgent,
    requestId: actor.requestId,
    prevHash,
  };
}

/** Where the chain stands: the last event's seq and hash. */
export interface ChainState {
  seq: number;
  hash: string;
}

/** Chains events after `state` (which moves to the last of them) into the rows that store them. */
export function chainRows(actor: Actor, inputs: readonly AuditInput[], state: ChainState, at: string): Array<typeof auditEvents.$inferInsert> {
  const rows: Array<typeof auditEvents.$inferInsert> = [];
  for (const input of inputs) {
    const ev = chainedEvent(actor, input, state.seq + 1, at, state.hash);
    const hash = hashEvent(ev);
    state.seq = ev.seq;
    state.hash = hash;
    rows.push({ ...ev, at: new Date(ev.at), hash });
  }
  return rows;
}
