/**
 * The audit chaining thread (started by recordAuditLines): chains the events of each line after the last one —
 * masking, hashing, building COPY's text — and sends them back in order while the other thread writes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareCopy } from '../db/bulk';
import { type AuditInput, chainRows } from './audit.chain';
import { auditEvents } from './audit.table';
import type { AuditThreadInit, AuditThreadReply, AuditThreadRequest } from './audit.worker-protocol';

const init = (workerData as { data: AuditThreadInit }).data;
const port = parentPort!;
const post = (m: AuditThreadReply) => port.postMessage(m);
const state = { ...init.head };

port.on('message', (m: AuditThreadRequest) => {
  try {
    const rows = chainRows(init.actor, JSON.parse(m.line) as AuditInput[], state, init.at);
    post({ t: 'copy', copy: prepareCopy(auditEvents, rows), end: { ...state } });
  } catch (e) {
    post({ t: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
