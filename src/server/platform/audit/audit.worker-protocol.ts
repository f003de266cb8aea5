import type { PreparedCopy } from '../db/bulk';
import type { Actor } from '../http/actor';
import type { ChainState } from './audit.chain';

/** What the audit chaining thread (audit.worker) is started with: the actor, the events' instant, the locked head. */
export interface AuditThreadInit {
  actor: Actor;
  at: string;
  head: ChainState;
}

/** To the thread: a line of JSON, a batch of AuditInput, to chain after those before. */
export type AuditThreadRequest = { t: 'line'; line: string };

/** From the thread, one per request in order: the events' rows as COPY text and where the chain then stands. */
export type AuditThreadReply = { t: 'copy'; copy: PreparedCopy; end: ChainState } | { t: 'error'; message: string };
