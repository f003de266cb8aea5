import { asc, gt } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { AuditInput } from '../src/server/platform/audit/audit.chain';
import { recordAuditLines, recordAuditStream, verifyAuditChain } from '../src/server/platform/audit/audit.service';
import { auditChainHead, auditEvents } from '../src/server/platform/audit/audit.table';
import { withTx } from '../src/server/platform/db/tx';
import { systemActor } from '../src/server/platform/http/actor';
import { useTestApp } from './support/app';
import { testIdNumber } from './support/factories';

/**
 * recordAuditLines (a large import's audit events, kept as lines of JSON) chains in a second thread what
 * recordAuditStream chains in this one: the same events, in the same order, masked and hashed the same way.
 */
const t = useTestApp();
const actor = systemActor('audit-lines-test');

/** Batches of events as the import spools them: a line of JSON per batch (sizes cross a message and a COPY statement). */
function batches(tag: string): AuditInput[][] {
  const sizes = [3, 0, 2_600, 1, 2_600, 700, 1];
  let n = 0;
  return sizes.map((size) =>
    Array.from({ length: size }, () => {
      n++;
      return {
        action: 'test.lines',
        entityType: 'household',
        entityId: `${tag}-${n}`,
        orgPath: '52.5203',
        regionCode: '520302',
        before: n % 2 ? null : { status: 'identified', n },
        after: { status: 'near_dibao', workerIdNumber: testIdNumber(n), memo: 'tab\there, line\nthere, back\\slash “引号”', n },
      };
    }),
  );
}

const head = async () => (await t.deps.db.select().from(auditChainHead))[0];

/** What each event says (its id and hashes aside, which differ between two writes of the same events). */
async function contentAfter(seq: number) {
  const rows = await t.deps.db.select().from(auditEvents).where(gt(auditEvents.seq, seq)).orderBy(asc(auditEvents.seq));
  return rows.map((r) => ({ action: r.action, entityId: r.entityId?.replace(/^[a-z]+-/, ''), orgPath: r.orgPath, regionCode: r.regionCode, before: r.before, after: r.after, actor: r.actorUsername }));
}

describe('recordAuditLines', () => {
  it('in a second thread writes what recordAuditStream writes, and the chain holds', async () => {
    const start = Number((await head())?.seq ?? 0);
    const streamed = await withTx(t.deps.db, (tx) => recordAuditStream(tx, actor, t.deps.clock, batches('s')));
    const mid = Number((await head())!.seq);
    const lines = batches('l').map((b) => JSON.stringify(b));
    const threaded = await withTx(t.deps.db, (tx) => recordAuditLines(tx, actor, t.deps.clock, lines, { inThread: true }));
    const total = 3 + 2_600 + 1 + 2_600 + 700 + 1;
    expect(streamed).toMatchObject({ firstSeq: start + 1, lastSeq: start + total });
    expect(threaded).toMatchObject({ firstSeq: mid + 1, lastSeq: mid + total });
    const h = await head();
    expect(Number(h!.seq)).toBe(mid + total);
    expect(h!.hash).toBe(threaded!.hash);
    const a = await contentAfter(start);
    const b = await contentAfter(mid);
    expect(a.length).toBe(2 * total);
    expect(b).toEqual(a.slice(total));
    // masked on the way in, tabs, newlines and backslashes kept
    const after = b[1]!.after as { workerIdNumber: string; memo: string };
    expect(after.workerIdNumber).not.toBe(testIdNumber(2));
    expect(after.workerIdNumber).toMatch(/\*/);
    expect(after.memo).toBe('tab\there, line\nthere, back\\slash “引号”');
    const v = await verifyAuditChain(t.deps.db);
    expect(v.ok).toBe(true);
    expect(v.checked).toBe(Number(h!.seq));
  });

  it('in this thread (a small file) is recordAuditStream', async () => {
    const start = Number((await head())!.seq);
    const r = await withTx(t.deps.db, (tx) => recordAuditLines(tx, actor, t.deps.clock, [JSON.stringify(batches('x')[0])], { inThread: false }));
    expect(r).toMatchObject({ firstSeq: start + 1, lastSeq: start + 3 });
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });

  it('a line the thread cannot read fails the transaction: nothing written, the head where it was', async () => {
    const before = await head();
    const lines = [JSON.stringify(batches('e')[0]), '{not json', JSON.stringify(batches('e')[0])];
    await expect(withTx(t.deps.db, (tx) => recordAuditLines(tx, actor, t.deps.clock, lines, { inThread: true }))).rejects.toThrow(/chaining the audit events failed/);
    expect(await head()).toEqual(before);
    expect(await contentAfter(Number(before!.seq))).toEqual([]);
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });
});
