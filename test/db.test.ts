import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createUser } from '../src/server/modules/auth/user.service';
import { createOrg, getOrgByCode } from '../src/server/modules/orgs/org.service';
import { orgs } from '../src/server/modules/orgs/org.table';
import { IMPORT_PGLITE_SHARED_BUFFERS } from '../src/server/modules/registry/import/import.cli';
import { recordAudit, verifyAuditChain } from '../src/server/platform/audit/audit.service';
import { auditChainHead, auditEvents } from '../src/server/platform/audit/audit.table';
import { openDatabase } from '../src/server/platform/db/client';
import { withTx } from '../src/server/platform/db/tx';
import { systemActor } from '../src/server/platform/http/actor';
import { useTestApp } from './support/app';
import { PASSWORD, federations, makeGrassroots, orgByCode } from './support/factories';
import { countRows, snapshotTables } from './support/http';

const t = useTestApp();
const actor = systemActor('db-test');

async function head(): Promise<{ seq: number; hash: string } | null> {
  const [h] = await t.deps.db.select().from(auditChainHead);
  return h ? { seq: Number(h.seq), hash: h.hash } : null;
}

async function seqs(): Promise<number[]> {
  return (await t.deps.db.select({ seq: auditEvents.seq }).from(auditEvents).orderBy(auditEvents.seq)).map((r) => Number(r.seq));
}

describe('concurrent audit writers', () => {
  it('20 parallel transactions on an empty chain leave one gapless, valid chain', async () => {
    expect(await head()).toBeNull();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        withTx(t.deps.db, (tx) => recordAudit(tx, actor, t.deps.clock, { action: 'test.concurrent', entityType: 'test', entityId: `w${i}`, after: { i } })),
      ),
    );
    expect(results.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(results.map((r) => r.hash)).size).toBe(20);
    expect(await seqs()).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await head()).toEqual({ seq: 20, hash: results.find((r) => r.seq === 20)!.hash });
    expect(await verifyAuditChain(t.deps.db)).toMatchObject({ ok: true, checked: 20, headSeq: 20 });
  });

  it('parallel transactions that do other work around the append keep the chain valid too', async () => {
    await federations(t.deps);
    const start = (await head())!.seq;
    const county = await orgByCode(t.deps, '520302');
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        withTx(t.deps.db, async (tx) => {
          const before = await recordAudit(tx, actor, t.deps.clock, { action: 'test.before', entityType: 'test', entityId: `b${i}` });
          const org = await createOrg(tx, actor, t.deps.clock, { name: `并发工会${i}`, kind: 'grassroots', parentId: county.id, regionCode: '520302', code: `CONC-${i}` });
          return { before, org };
        }),
      ),
    );
    expect(results).toHaveLength(12);
    const all = await seqs();
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
    expect((await head())!.seq).toBe(start + 24);
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });
});

describe('concurrent org creation', () => {
  it('parallel creations in one region get distinct generated codes, none refused', async () => {
    const county = await orgByCode(t.deps, '520303');
    const settled = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        withTx(t.deps.db, (tx) => createOrg(tx, actor, t.deps.clock, { name: `并发编号工会${i}`, kind: 'grassroots', parentId: county.id, regionCode: '520303' })),
      ),
    );
    expect(settled.filter((r) => r.status === 'rejected')).toEqual([]);
    const codes = settled.map((r) => (r as PromiseFulfilledResult<{ code: string }>).value.code).sort();
    expect(new Set(codes).size).toBe(8);
    for (const c of codes) expect(c).toMatch(/^520303-G\d{4}$/);
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });
});

describe('withTx', () => {
  it('rolls back every write when the function throws midway: no org and no audit event remain', async () => {
    const county = await orgByCode(t.deps, '520302');
    const before = await snapshotTables(t.deps.db, []);
    const headBefore = await head();
    await expect(
      withTx(t.deps.db, async (tx) => {
        const org = await createOrg(tx, actor, t.deps.clock, { name: '回滚测试工会', kind: 'grassroots', parentId: county.id, regionCode: '520302' });
        // visible inside the transaction…
        expect((await tx.select().from(orgs).where(eq(orgs.id, org.id))).length).toBe(1);
        await createUser(tx, t.deps, actor, { username: 'rolled_back', displayName: '回滚', orgId: org.id, roles: ['cadre'], password: PASSWORD, phone: '13900001234' });
        throw new Error('midway');
      }),
    ).rejects.toThrow('midway');
    // …and gone after
    expect(await countRows(t.deps.db, 'orgs', `name = '回滚测试工会'`)).toBe(0);
    expect(await countRows(t.deps.db, 'users', `username = 'rolled_back'`)).toBe(0);
    expect(await countRows(t.deps.db, 'audit_events', `after->>'name' = '回滚测试工会' or after->>'username' = 'rolled_back'`)).toBe(0);
    expect(await head()).toEqual(headBefore);
    expect(await snapshotTables(t.deps.db, [])).toEqual(before);
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });

  it('rolls back when the database refuses a later statement (unique code)', async () => {
    const county = await orgByCode(t.deps, '520302');
    const taken = await makeGrassroots(t.deps);
    const headBefore = await head();
    await expect(
      withTx(t.deps.db, async (tx) => {
        await createOrg(tx, actor, t.deps.clock, { name: '先建的工会', kind: 'grassroots', parentId: county.id, regionCode: '520302', code: 'ROLLBACK-1' });
        await tx.insert(orgs).values({ ...(await getOrgByCode(tx, taken.code))!, id: '0190a6d2-0000-7000-8000-0000000000aa', path: '/x/' });
      }),
    ).rejects.toThrow();
    expect(await getOrgByCode(t.deps.db, 'ROLLBACK-1')).toBeUndefined();
    expect(await head()).toEqual(headBefore);
  });

  it('the handle is usable after a rollback, and a committed transaction keeps its writes', async () => {
    const county = await orgByCode(t.deps, '520302');
    const org = await withTx(t.deps.db, (tx) => createOrg(tx, actor, t.deps.clock, { name: '提交测试工会', kind: 'grassroots', parentId: county.id, regionCode: '520302' }));
    expect(await countRows(t.deps.db, 'orgs', `id = '${org.id}'`)).toBe(1);
    const [ev] = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.entityId, org.id));
    expect(ev.action).toBe('org.create');
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });
});

describe('the embedded database’s shared buffers', () => {
  it('are PGlite’s default unless asked for, as the import command asks for a smaller share', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pa-sb-'));
    const show = async (opts: { pgliteSharedBuffers?: string }) => {
      const h = await openDatabase({ dataDir: dir, holder: 'test', ...opts });
      try {
        if (h.kind !== 'pglite') throw new Error('expected PGlite');
        return (await h.client.query<{ shared_buffers: string }>('show shared_buffers')).rows[0].shared_buffers;
      } finally {
        await h.close();
      }
    };
    try {
      expect(await show({})).toBe('128MB');
      expect(IMPORT_PGLITE_SHARED_BUFFERS).toBe('32MB');
      expect(await show({ pgliteSharedBuffers: IMPORT_PGLITE_SHARED_BUFFERS })).toBe('32MB');
      // a setting for one opening only: the data folder keeps PGlite's default for the next
      expect(await show({})).toBe('128MB');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
