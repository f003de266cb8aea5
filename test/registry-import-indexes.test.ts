import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgDto } from '../src/contracts/orgs';
import type { ImportMode } from '../src/contracts/registry-import';
import { putDibaoLine } from '../src/server/modules/registry/dibao-line.service';
import type { ImportProgress, ImportResult } from '../src/server/modules/registry/import/import.service';
import { verifyAuditChain } from '../src/server/platform/audit/audit.service';
import { type Db, rowsOf } from '../src/server/platform/db/client';
import { dropIndexesForLoad, restoreIndexes } from '../src/server/platform/db/deferred-indexes';
import { withTx } from '../src/server/platform/db/tx';
import { systemActor } from '../src/server/platform/http/actor';
import { useTestApp } from './support/app';
import { makeGrassroots } from './support/factories';
import { family, fileOf, importWorkbook } from './support/import';
import { uniqueId } from './support/registry';

/**
 * An initial load on the embedded database builds the plain indexes of households and members after writing (see
 * defersIndexes). A database of its own: the rule looks at how many files the registry already holds.
 */
const t = useTestApp();
const actor = systemActor('import-indexes-test');
const onPglite = () => t.deps.dbKind === 'pglite';
let org: OrgDto;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pa-import-indexes-'));
  org = await makeGrassroots(t.deps, { countyCode: '520302' });
  await withTx(t.deps.db, (tx) => putDibaoLine(tx, t.deps, actor, { regionCode: '5203', year: 2026, dibaoLineFen: 56000, nearDibaoMultiplierBp: 15000, rigidSpendingShareBp: 8000 }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every index of the registry's tables with its definition. */
async function indexes(): Promise<string[]> {
  const rows = rowsOf<{ def: string }>(
    await t.deps.db.execute(sql`select indexdef as def from pg_indexes where schemaname = current_schema() and tablename in ('households', 'household_members') order by indexname`),
  );
  return rows.map((r) => r.def);
}

async function load(buf: Buffer, mode: ImportMode = 'all-or-nothing'): Promise<{ r: ImportResult; phases: string[]; deferred: string[] }> {
  const phases: string[] = [];
  const deferred: string[] = [];
  const r = await importWorkbook(t.deps, dir, buf, {
    mode,
    org,
    actor,
    prepareInThread: false,
    deferIndexesFrom: 2,
    onIndexesDeferred: (names) => deferred.push(...names),
    onProgress: (p: ImportProgress) => {
      if (phases.at(-1) !== p.phase) phases.push(p.phase);
    },
  });
  return { r, phases, deferred };
}

const count = async (table: 'households' | 'household_members') => rowsOf<{ n: number }>(await t.deps.db.execute(sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n;

/** The registry's indexes left in a transaction, by name. */
async function leftIndexes(tx: Db): Promise<string[]> {
  const rows = rowsOf<{ n: string }>(await tx.execute(sql`select indexname as n from pg_indexes where schemaname = current_schema() and tablename in ('households', 'household_members') order by indexname`));
  return rows.map((r) => r.n);
}
/** The partial indexes of the registry (a condition in the definition). */
const PARTIAL = /_serious_|_bank_mask_pending_/;

describe('dropIndexesForLoad / restoreIndexes', () => {
  it('drop the plain indexes only, and make them again exactly; a rollback brings them back', async () => {
    const before = await indexes();
    expect(before.length).toBeGreaterThan(10);
    await withTx(t.deps.db, async (tx) => {
      const dropped = await dropIndexesForLoad(tx, ['households', 'household_members']);
      expect(dropped.map((d) => d.name)).toContain('households_worker_id_bidx');
      expect(dropped.map((d) => d.name)).toContain('members_id_bidx');
      // the unique ones stay: they are the load's checks
      expect(dropped.map((d) => d.name)).not.toContain('members_open_person_uq');
      expect(dropped.map((d) => d.name)).not.toContain('households_archive_no_unique');
      // and so do the partial ones (the few rows of a serious cause, of a pending bank mask)
      const left = await leftIndexes(tx);
      expect(left.filter((n) => !PARTIAL.test(n))).toEqual(['household_members_pkey', 'households_archive_no_unique', 'households_pkey', 'members_open_person_uq']);
      expect(left.filter((n) => PARTIAL.test(n))).toContain('households_serious_illness_idx');
      expect(left.filter((n) => PARTIAL.test(n))).toContain('households_bank_mask_pending_idx');
      expect(dropped.map((d) => d.name).filter((n) => PARTIAL.test(n))).toEqual([]);
      await restoreIndexes(tx, dropped);
    });
    expect(await indexes()).toEqual(before);
    await expect(
      withTx(t.deps.db, async (tx) => {
        await dropIndexesForLoad(tx, ['households', 'household_members']);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await indexes()).toEqual(before);
  });

  it('drop a unique index too when it is named, and make it again exactly', async () => {
    const before = await indexes();
    await withTx(t.deps.db, async (tx) => {
      const dropped = await dropIndexesForLoad(tx, ['households', 'household_members'], ['members_open_person_uq']);
      expect(dropped.map((d) => d.name)).toContain('members_open_person_uq');
      expect(dropped.map((d) => d.name)).toContain('members_id_bidx');
      // only the one named: the others and the primary keys stay
      const left = await leftIndexes(tx);
      expect(left.filter((n) => !PARTIAL.test(n))).toEqual(['household_members_pkey', 'households_archive_no_unique', 'households_pkey']);
      await restoreIndexes(tx, dropped);
    });
    expect(await indexes()).toEqual(before);
  });
});

describe('an initial load', () => {
  let first: Array<ReturnType<typeof family>> = [];

  it('into an empty registry, the same person in two households is found before anything is written', async () => {
    const before = await indexes();
    const a = family(1, org);
    const b = family(2, org, {}, [uniqueId('520302', 1980), a.ids[1]!, uniqueId('520302', 2010)]);
    const { r, deferred } = await load(await fileOf([a, b, family(3, org)]));
    expect(r.outcome).toBe('nothing_written');
    expect(r.issues.map((i) => [i.sheet, i.column, i.code])).toEqual([
      ['members', 'idNumber', 'id_duplicate_in_file'],
      ['members', 'idNumber', 'id_duplicate_in_file'],
    ]);
    // both households carry the issue, so neither is written, and the load is rolled back with its dropped indexes
    expect(deferred.includes('members_open_person_uq')).toBe(onPglite());
    expect(await count('households')).toBe(0);
    expect(await indexes()).toEqual(before);
  });

  it('writes every file and leaves the indexes as they were (built after writing on the embedded database)', async () => {
    first = [1, 2, 3, 4].map((i) => family(i, org));
    const before = await indexes();
    const { r, phases, deferred } = await load(await fileOf(first));
    // no one is open in the registry yet: the unique index of open persons is built afterwards too
    expect(deferred.includes('members_open_person_uq')).toBe(onPglite());
    expect(deferred.includes('members_id_bidx')).toBe(onPglite());
    expect(r.outcome).toBe('written');
    expect(r.counts.created).toBe(4);
    expect(await count('households')).toBe(4);
    expect(await count('household_members')).toBe(12);
    expect(phases.includes('indexing')).toBe(onPglite());
    expect(await indexes()).toEqual(before);
    // the rebuilt indexes answer: a file found by its worker's ID through the blind index
    const bidx = t.deps.cipher.blindIndex('id', first[2]!.ids[0]!);
    const found = rowsOf<{ n: number }>(await t.deps.db.execute(sql`select count(*)::int as n from households where worker_id_bidx = ${bidx}`));
    expect(found[0]!.n).toBe(1);
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });

  it('a file with an error writes nothing and leaves the indexes as they were', async () => {
    const before = await indexes();
    const bad = [5, 6, 7, 8, 9].map((i) => family(i, org, i === 7 ? { regionCode: '999999' } : {}));
    const { r } = await load(await fileOf(bad));
    expect(r.outcome).toBe('nothing_written');
    expect(r.issues.map((i) => [i.row, i.column])).toEqual([[4, 'regionCode']]);
    expect(await count('households')).toBe(4);
    expect(await indexes()).toEqual(before);
  });

  it('when files exist after all, the indexes are built before they are looked up, and the load finds them', async () => {
    const before = await indexes();
    // the four files again (unchanged) and one new: the first batch's unique index refuses, the lookups take over
    const { r, phases, deferred } = await load(await fileOf([...first, family(5, org)]));
    // people are open in the registry now: their unique index stays and checks the load as it goes
    expect(deferred.includes('members_id_bidx')).toBe(onPglite());
    expect(deferred).not.toContain('members_open_person_uq');
    expect(r.outcome).toBe('written');
    expect({ created: r.counts.created, unchanged: r.counts.unchanged, updated: r.counts.updated }).toEqual({ created: 1, unchanged: 4, updated: 0 });
    expect(phases.includes('indexing')).toBe(onPglite());
    expect(await count('households')).toBe(5);
    expect(await indexes()).toEqual(before);
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });

  it('a file smaller than the registry is loaded into the indexes as it goes', async () => {
    const { r, phases } = await load(await fileOf([family(6, org), family(7, org)]));
    expect(r.counts.created).toBe(2);
    expect(phases).not.toContain('indexing');
  });
});
