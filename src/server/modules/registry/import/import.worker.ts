/**
 * The preparing thread of a large import (started by import.service with startWorker): reads the spool's partitions,
 * assembles the households and prepares each batch (checks, encryption, blind indexes, identification) while the
 * import's own thread writes the previous batches — two cores at work instead of one. It runs at most `ahead`
 * batches ahead of the writer (credit messages), so memory stays flat.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ImportCounts } from '../../../../contracts/registry-import';
import { PiiCipher } from '../../../platform/pii/cipher';
import { assemblePartition, type PrepareContext, prepareBatch, readyBatch, transferOf } from './import.prepare';
import type { Issue } from './import.rules';
import type { PreparingThreadControl, PreparingThreadInit, PreparingThreadMessage } from './import.worker-protocol';
import { Spool } from './import.spool';

const init = (workerData as { data: PreparingThreadInit }).data;
const port = parentPort!;
const post = (m: PreparingThreadMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

let credit = init.ahead;
/** batches of new files go made ready to be written, until the writer has to look files up */
let ready = init.ready;
let wake: (() => void) | null = null;
port.on('message', (m: PreparingThreadControl) => {
  if (m.t === 'full') ready = null;
  if (m.t !== 'credit') return;
  credit += m.n;
  const w = wake;
  wake = null;
  w?.();
});

async function run() {
  const spool = Spool.forReading(init.spool);
  const ctx: PrepareContext = {
    orgs: init.orgs,
    actor: init.actor,
    reportingOrg: init.reportingOrg,
    cipher: PiiCipher.fromThreadKeys(init.keys),
    now: init.now,
    year: init.year,
    lines: init.lines,
    yieldEvery: 0,
  };
  for (let p = 0; p < spool.count; p++) {
    const found: Issue[] = [];
    const counts = { invalid: 0 } as ImportCounts;
    const sink = { add: (i: Issue) => void found.push(i), addAll: (is: Issue[]) => void found.push(...is) };
    const items = assemblePartition(spool.read(p), sink, counts, init.partition);
    // the partition's own issues travel with its first batch (or alone when it has none)
    let issues = found;
    let invalid = counts.invalid;
    if (items.length === 0 && (issues.length > 0 || invalid > 0)) post({ t: 'batch', issues, invalid, batch: null });
    for (let i = 0; i < items.length; i += init.batchSize) {
      while (credit <= 0) await new Promise<void>((resolve) => (wake = resolve));
      credit--;
      const batch = await prepareBatch(ctx, items.slice(i, i + init.batchSize));
      const r = ready ? readyBatch(batch, { partition: p, start: i }, { actor: init.actor, importId: ready.importId, now: init.now }) : null;
      if (r) post({ t: 'batch', issues, invalid, batch: r }, transferOf(r));
      else {
        // the writer needs the rows, not the input they were computed from: less to copy between the threads
        for (const it of batch.items) it.input = null;
        post({ t: 'batch', issues, invalid, batch });
      }
      issues = [];
      invalid = 0;
    }
  }
  post({ t: 'done' });
}

run().catch((e: unknown) => post({ t: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
