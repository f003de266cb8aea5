import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OrgDto } from '../src/contracts/orgs';
import type { ImportMode } from '../src/contracts/registry-import';
import { putDibaoLine } from '../src/server/modules/registry/dibao-line.service';
import { createHousehold, getHousehold } from '../src/server/modules/registry/household.service';
import type { ImportResult } from '../src/server/modules/registry/import/import.service';
import { verifyAuditChain } from '../src/server/platform/audit/audit.service';
import { rowsOf } from '../src/server/platform/db/client';
import { withTx } from '../src/server/platform/db/tx';
import { SheetPieces } from '../src/server/platform/xlsx-reader';
import { type Actor, systemActor } from '../src/server/platform/http/actor';
import { makeIdNumber } from '../src/server/platform/pii/idcard';
import { useTestApp } from './support/app';
import { makeGrassroots, orgByCode } from './support/factories';
import { countRows, snapshotTables } from './support/http';
import { family, fileOf, importWorkbook, workbook, HOUSEHOLD_HEADERS, MEMBER_HEADERS, householdRow, memberRow } from './support/import';
import { householdInput, uniqueId } from './support/registry';
import * as bulk from '../src/server/platform/db/bulk';
import { households } from '../src/server/modules/registry/household.table';
import * as prepare from '../src/server/modules/registry/import/import.prepare';

const t = useTestApp();
const actor: Actor = systemActor('import-test');
let g1: OrgDto;
let g2: OrgDto;
let g3: OrgDto;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pa-import-test-'));
  g1 = await makeGrassroots(t.deps, { countyCode: '520302' });
  g2 = await makeGrassroots(t.deps, { countyCode: '520302' });
  g3 = await makeGrassroots(t.deps, { countyCode: '520303' });
  await withTx(t.deps.db, (tx) => putDibaoLine(tx, t.deps, actor, { regionCode: '5203', year: 2026, dibaoLineFen: 56000, nearDibaoMultiplierBp: 15000, rigidSpendingShareBp: 8000 }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runFile(buf: Buffer, mode: ImportMode, orgCode: string, who: Actor = actor, opts: { thread?: boolean; read?: boolean } = {}): Promise<ImportResult> {
  return importWorkbook(t.deps, dir, buf, { mode, org: await orgByCode(t.deps, orgCode), actor: who, prepareInThread: opts.thread ?? false, readInThread: opts.read ?? false });
}

const brief = (r: ImportResult) => r.issues.map((i) => [i.sheet, i.row, i.column, i.code]);

async function householdsOf(orgId: string) {
  return rowsOf<{ id: string; version: number; category: string; level: string; archive_no: string | null; size: number; status: string }>(
    await t.deps.db.execute(sql`select id, version, category, level, archive_no, size, status from households where org_id = ${orgId} order by created_at, id`),
  );
}

describe('a clean file', () => {
  let org: OrgDto;
  let fams: Array<ReturnType<typeof family>>;
  let buf: Buffer;

  beforeAll(async () => {
    org = await makeGrassroots(t.deps, { countyCode: '520302' });
    fams = [family(1, org), family(2, org, { receivesDibao: '是', dibaoCertificateNo: 'DB-2026-001' }), family(3, org, { archiveNo: '520302-2019-000777' })];
    buf = await fileOf(fams);
  });

  it('dry-run writes nothing and says what it would do', async () => {
    const before = await snapshotTables(t.deps.db);
    const r = await runFile(buf, 'dry-run', org.code);
    expect(brief(r)).toEqual([]);
    expect(r.outcome).toBe('dry_run');
    expect(r.counts).toMatchObject({ householdRows: 3, memberRows: 9, created: 3, updated: 0, unchanged: 0, invalid: 0, issues: 0 });
    expect(await snapshotTables(t.deps.db)).toEqual(before);
  });

  it('imports with identification derived exactly as createHousehold derives it', async () => {
    const r = await runFile(buf, 'all-or-nothing', org.code);
    expect(brief(r)).toEqual([]);
    expect(r.outcome).toBe('written');
    expect(r.counts).toMatchObject({ created: 3, updated: 0, unchanged: 0 });
    const rows = await householdsOf(org.id);
    expect(rows.map((h) => [h.category, h.level, h.size, h.status, h.version])).toEqual([
      ['near_dibao', 'relative', 3, 'draft', 1],
      ['dibao', 'relative', 3, 'draft', 1],
      ['near_dibao', 'relative', 3, 'draft', 1],
    ]);
    expect(rows[2].archive_no).toBe('520302-2019-000777');
    const h = await getHousehold(t.deps.db, t.deps, actor, rows[0].id);
    // the same household entered by the form (createHousehold) in another union
    const viaForm = await withTx(t.deps.db, (tx) => createHousehold(tx, t.deps, actor, householdInput(g2.id)));
    for (const k of ['size', 'annualIncomeFen', 'rigidSpendingFen', 'students', 'seriousIllness', 'category', 'level', 'identification', 'housingArea', 'unionMember', 'secondaryCauses'] as const) {
      expect(h[k], k).toEqual(viaForm[k]);
    }
    expect(h.members.map((m) => [m.relation, m.health, m.employment, m.schoolingStage, m.monthlyIncomeFen])).toEqual(viaForm.members.map((m) => [m.relation, m.health, m.employment, m.schoolingStage, m.monthlyIncomeFen]));
    expect(h.bankAccount).toBe('************5678');
  });

  it('a re-import of the same file changes nothing: no rows, no versions, no audit events', async () => {
    const before = await snapshotTables(t.deps.db);
    const r = await runFile(buf, 'all-or-nothing', org.code);
    expect(brief(r)).toEqual([]);
    expect(r.counts).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await snapshotTables(t.deps.db)).toEqual(before);
    const again = await runFile(buf, 'valid-rows', org.code);
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await snapshotTables(t.deps.db)).toEqual(before);
    // the rows prepared in a second thread, as for a large file: the same answer
    const threaded = await runFile(buf, 'all-or-nothing', org.code, actor, { thread: true });
    expect(threaded.counts).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await snapshotTables(t.deps.db)).toEqual(before);
    // and the members sheet read in a second thread too
    const read = await runFile(buf, 'all-or-nothing', org.code, actor, { thread: true, read: true });
    expect(read.counts).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await snapshotTables(t.deps.db)).toEqual(before);
  });

  it('a changed row updates its file (by archive number, or by the worker’s ID in an open file of the union), once', async () => {
    const changed = [
      { ...fams[0], h: { ...fams[0].h, address: '遵义市红花岗区老城街道 2 号' } },
      fams[1],
      { ...fams[2], h: { ...fams[2].h, receivesDibao: '是' } },
    ];
    const before = await householdsOf(org.id);
    const r = await runFile(await fileOf(changed), 'valid-rows', org.code);
    expect(brief(r)).toEqual([]);
    expect(r.counts).toMatchObject({ created: 0, updated: 2, unchanged: 1 });
    const after = await householdsOf(org.id);
    expect(after.map((h) => h.id)).toEqual(before.map((h) => h.id));
    expect(after.map((h) => h.version)).toEqual([2, 1, 2]);
    expect(after[2].category).toBe('dibao');
    const events = rowsOf<{ action: string; entity_id: string; after: { via: string; address?: string } }>(
      await t.deps.db.execute(sql`select action, entity_id, after from audit_events where entity_id in (${before[0].id}, ${before[2].id}) and action = 'registry.household.update' order by seq`),
    );
    expect(events.map((e) => [e.entity_id, e.after.via])).toEqual([
      [before[0].id, 'import'],
      [before[2].id, 'import'],
    ]);
    expect(events[0].after.address).toBe('遵义市红花岗区老城街道 2 号');
    // once: importing the changed file again changes nothing
    const again = await runFile(await fileOf(changed), 'valid-rows', org.code);
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
  });

  it('keeps no ID number, phone or bank account in clear anywhere in the database, and the audit chain verifies', async () => {
    const dump = rowsOf<{ t: string }>(
      await t.deps.db.execute(sql`select string_agg(x::text, '|') as t from (
        select h::text as x from households h union all select m::text from household_members m
        union all select e::text from household_events e union all select a::text from audit_events a) s`),
    )[0].t;
    for (const f of fams) for (const id of f.ids) expect(dump).not.toContain(id);
    expect(dump).not.toContain('13985001234');
    expect(dump).not.toContain('6214830012345678');
    // the account is kept masked beside its ciphertext for the list
    const masked = rowsOf<{ m: string | null }>(await t.deps.db.execute(sql`select bank_account_masked as m from households where bank_account_enc is not null and org_id in (select id from orgs where path like ${org.path + '%'})`));
    expect(masked.length).toBeGreaterThan(0);
    for (const r of masked) expect(r.m).toMatch(/^\*+\d{4}$/);
    expect(masked.map((r) => r.m)).toContain('************5678');
    const v = await verifyAuditChain(t.deps.db);
    expect(v.ok, v.message).toBe(true);
    const summary = rowsOf<{ after: { fileSha256: string; mode: string; counts: { created: number } } }>(
      await t.deps.db.execute(sql`select after from audit_events where action = 'registry.household.import' and org_path = ${org.path} order by seq`),
    );
    expect(summary.map((s) => [s.after.mode, s.after.counts.created])).toEqual([
      ['all-or-nothing', 3],
      ['valid-rows', 0],
    ]);
    expect(summary[0].after.fileSha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

function fullWidth(s: string): string {
  return s.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

/** A valid ID number ending in X. */
function idEndingInX(): string {
  for (let i = 1; i < 2000; i++) {
    const id = makeIdNumber('520302', '1968-03-09', i);
    if (id.endsWith('X')) return id;
  }
  throw new Error('no X');
}

describe('a file with planted errors', () => {
  let planted: { buf: Buffer; otherOpenId: string; valid: string[] };

  beforeAll(async () => {
    const org = await makeGrassroots(t.deps, { countyCode: '520302' });
    // a person already in an open file (of another union in the county)
    const existing = householdInput(g2.id);
    await withTx(t.deps.db, (tx) => createHousehold(tx, t.deps, actor, existing));
    const otherOpenId = existing.members[1].idNumber;

    const ok1 = family(1, org);
    const badChecksum = family(2, org);
    const good = badChecksum.ids[1];
    badChecksum.ms[1].idNumber = good.slice(0, 17) + (good.endsWith('1') ? '2' : '1');
    const shared = uniqueId('520302', 1990);
    const dupA = family(3, org);
    dupA.ms[2].idNumber = shared;
    const dupB = family(4, org);
    dupB.ms[2].idNumber = shared;
    const inOther = family(5, org);
    inOther.ms[1].idNumber = otherOpenId;
    const unknownUnion = family(6, org, { orgCode: '520302-G9999' });
    const outOfScope = family(7, g3, { regionCode: '520303' });
    const dateSerial = family(8, org, { address: { value: new Date(Date.UTC(2024, 0, 5)), numFmt: 'yyyy-mm-dd' } });
    const xId = idEndingInX();
    const wide = family('９', org, { medicalOutOfPocketFen: '¥1,234.50', schoolingSpendingFen: '１２３', housingArea: '４２．５', bankAccount: fullWidth('6214830012345678') });
    wide.ms.forEach((m) => (m.householdSeq = '９'));
    wide.ms[0].idNumber = fullWidth(xId);
    wide.ms[0].phone = fullWidth('13985001234');
    const asText = family(10, org, { medicalOutOfPocketFen: '4000', housingArea: '42.50' });
    (asText.ms[0] as Record<string, unknown>).phone = 13985001235;
    (asText.ms[1] as Record<string, unknown>)['income.wage'] = '1200';
    const hRows = [ok1, badChecksum, dupA, dupB, inOther, unknownUnion, outOfScope, dateSerial].map((f) => householdRow(f.h));
    const rows = [HOUSEHOLD_HEADERS, ...hRows, ['', '  '], householdRow(wide.h), householdRow(asText.h)];
    // members in another order than their households, with a blank row between
    const ms = [asText, wide, dateSerial, outOfScope, unknownUnion, inOther, dupB, dupA, badChecksum, ok1].flatMap((f) => f.ms.map((m) => memberRow(m)));
    ms.splice(5, 0, ['', ' ']);
    const buf = await workbook([
      { name: '说明', rows: [['填写说明']] },
      { name: '家庭', rows },
      { name: '成员', rows: [MEMBER_HEADERS, ...ms] },
    ]);
    planted = { buf, otherOpenId, valid: [] };
  });

  it('gets exactly the right per-row report', async () => {
    const r = await runFile(planted.buf, 'dry-run', '520302');
    // members rows: header is row 1; asText 2–4, wide 5–6, blank 7, wide 8, dateSerial 9–11, outOfScope 12–14,
    // unknownUnion 15–17, inOther 18–20, dupB 21–23, dupA 24–26, badChecksum 27–29, ok1 30–32
    expect(brief(r)).toEqual([
      ['households', 7, 'orgCode', 'org_unknown'],
      ['households', 8, 'orgCode', 'org_out_of_scope'],
      ['households', 9, 'address', 'date_not_text'],
      ['members', 19, 'idNumber', 'id_in_open_file'],
      ['members', 23, 'idNumber', 'id_duplicate_in_file'],
      ['members', 26, 'idNumber', 'id_duplicate_in_file'],
      ['members', 28, 'idNumber', 'id_checksum'],
    ]);
    expect(r.counts).toMatchObject({ householdRows: 10, memberRows: 30, blankRows: 2, invalid: 7, created: 3, issues: 7 });
    const byCode = Object.fromEntries(r.issues.map((i) => [i.code, i]));
    expect(byCode.id_duplicate_in_file.params).toEqual({ rows: '23' });
    expect(byCode.id_in_open_file.params?.archiveNo).toBe('（未建档 draft）');
    expect(byCode.date_not_text.params).toEqual({ date: '2024-01-05' });
    expect(byCode.id_checksum.value).toMatch(/^5203\*{10}\d{3}[\dX]$/);
  });

  it('the same report when the members sheet is read or the rows are prepared in a second thread (as for a large file)', async () => {
    const here = await runFile(planted.buf, 'dry-run', '520302');
    expect(here.issues.filter((i) => i.sheet === 'members').length).toBeGreaterThan(0);
    for (const opts of [{ thread: true }, { read: true }, { thread: true, read: true }]) {
      const there = await runFile(planted.buf, 'dry-run', '520302', actor, opts);
      expect(there.issues, JSON.stringify(opts)).toEqual(here.issues);
      expect(there.counts, JSON.stringify(opts)).toEqual(here.counts);
      expect(there.headers, JSON.stringify(opts)).toEqual(here.headers);
    }
  });

  it('new files written as the preparing thread made them ready: the rows this thread would write; a re-import then takes the full path', async () => {
    const org = await makeGrassroots(t.deps, { countyCode: '520302' });
    // a batch is 1,000 households: two whole batches and part of a third in each run
    const fams = Array.from({ length: 2300 }, (_, i) => family(i + 1, org));
    const copied = vi.spyOn(bulk, 'copyPrepared');
    const preparedHere = vi.spyOn(prepare, 'prepareBatch');
    try {
      const r = await runFile(await fileOf(fams), 'all-or-nothing', org.code, actor, { thread: true });
      expect(brief(r)).toEqual([]);
      expect(r.counts).toMatchObject({ created: 2300, updated: 0, unchanged: 0, invalid: 0 });
      // written from what the thread made ready (the households' COPY text, a line each, in batches), nothing prepared here
      const lines = (p: Parameters<typeof bulk.copyPrepared>[2]) => ('bytes' in p ? p.bytes.filter((b) => b === 10).length : -1);
      const households$ = copied.mock.calls.filter(([, table]) => table === households);
      expect(households$.length).toBeGreaterThan(1);
      expect(households$.reduce((n, [, , p]) => n + lines(p), 0)).toBe(2300);
      expect(preparedHere).not.toHaveBeenCalled();
      // the same rows this thread computes: checked in this thread, every file is unchanged (every column compared)
      const check = await runFile(await fileOf(fams), 'dry-run', org.code);
      expect(check.counts).toMatchObject({ created: 0, updated: 0, unchanged: 2300 });
      const ids = (await householdsOf(org.id)).map((h) => h.id);
      expect(ids).toHaveLength(2300);
      const [ev] = rowsOf<{ n: number; rows: number }>(
        await t.deps.db.execute(sql`select count(*)::int as n, count(distinct (details->>'row'))::int as rows from household_events e join households h on h.id = e.household_id
          where h.org_id = ${org.id} and e.to_status = 'draft' and e.signer_role = 'registered' and e.details->>'importId' = ${r.id}`),
      );
      expect(ev).toEqual({ n: 2300, rows: 2300 });
      const [au] = rowsOf<{ n: number }>(
        await t.deps.db.execute(sql`select count(distinct entity_id)::int as n from audit_events where action = 'registry.household.create' and after->>'importId' = ${r.id} and entity_id::text = any(${bulk.textArray(ids)})`),
      );
      expect(au.n).toBe(2300);
      expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);

      // files on record: the first batch made ready is refused by the database, prepared again here, and from then on
      // the thread sends whole batches; the outcome is the one of the import's own thread
      copied.mockClear();
      const changed = fams.map((f, i) => (i % 500 === 7 ? { ...f, h: { ...f.h, address: `遵义市红花岗区老城街道 ${i} 号` } } : f));
      const more = [...changed, ...Array.from({ length: 5 }, (_, i) => family(2301 + i, org))];
      const expected = await runFile(await fileOf(more), 'dry-run', org.code);
      expect(expected.counts).toMatchObject({ created: 5, updated: 5, unchanged: 2295 });
      const again = await runFile(await fileOf(more), 'all-or-nothing', org.code, actor, { thread: true });
      expect(again.counts).toEqual(expected.counts);
      expect(again.issues).toEqual(expected.issues);
      expect(preparedHere).toHaveBeenCalled();
      // (the first batch made ready was tried, and refused)
      expect(copied.mock.calls.filter(([, table]) => table === households)).toHaveLength(1);
      expect(await householdsOf(org.id)).toHaveLength(2305);
      const last = await runFile(await fileOf(more), 'dry-run', org.code);
      expect(last.counts).toMatchObject({ created: 0, updated: 0, unchanged: 2305 });
      expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
    } finally {
      copied.mockRestore();
      preparedHere.mockRestore();
    }
  }, 120_000);

  it('a members sheet taken in by both threads, piece by piece, gives the same report', async () => {
    const org = await makeGrassroots(t.deps, { countyCode: '520302' });
    const fams = Array.from({ length: 600 }, (_, i) => family(i + 1, org));
    // planted late in the members sheet (in pieces the import's thread takes): a wrong check digit, a bad relation
    const id = fams[550].ms[1].idNumber as string;
    fams[550].ms[1] = { ...fams[550].ms[1], idNumber: id.slice(0, 17) + (id[17] === '0' ? '1' : '0') };
    fams[580].ms[2] = { ...fams[580].ms[2], relation: '邻居' };
    const buf = await fileOf(fams);
    const scan = vi.spyOn(SheetPieces.prototype, 'scan');
    try {
      const here = await runFile(buf, 'dry-run', org.code);
      expect(scan).not.toHaveBeenCalled();
      expect(brief(here)).toEqual([
        ['members', 1653, 'idNumber', 'id_checksum'],
        ['members', 1744, 'relation', 'enum_unknown'],
      ]);
      const there = await runFile(buf, 'dry-run', org.code, actor, { read: true, thread: true });
      expect(scan.mock.calls.length).toBeGreaterThan(0);
      expect(there.issues).toEqual(here.issues);
      expect(there.counts).toEqual(here.counts);
      expect(there.headers).toEqual(here.headers);
    } finally {
      scan.mockRestore();
    }
  }, 60_000);

  it('all-or-nothing writes nothing when any row has an error', async () => {
    const before = await snapshotTables(t.deps.db);
    const r = await runFile(planted.buf, 'all-or-nothing', '520302');
    expect(r.outcome).toBe('nothing_written');
    expect(r.counts).toMatchObject({ created: 0, updated: 0, invalid: 7 });
    expect(r.message?.zh).toContain('未写入任何数据');
    expect(await snapshotTables(t.deps.db)).toEqual(before);
  });

  it('valid-rows writes only the valid households (full-width digits, amounts as text and numbers as text included)', async () => {
    const before = await countRows(t.deps.db, 'households');
    const r = await runFile(planted.buf, 'valid-rows', '520302');
    expect(r.counts).toMatchObject({ created: 3, invalid: 7 });
    expect(await countRows(t.deps.db, 'households')).toBe(before + 3);
    const rows = rowsOf<{ medical: number; schooling: number; area: string }>(
      await t.deps.db.execute(sql`select medical_out_of_pocket_fen::int as medical, schooling_spending_fen::int as schooling, housing_area::text as area from households where address = '遵义市红花岗区老城街道 1 号' and medical_out_of_pocket_fen = 123450`),
    );
    expect(rows).toEqual([{ medical: 123450, schooling: 12300, area: '42.50' }]);
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });
});

describe('malformed files', () => {
  it('not an .xlsx, an old .xls, an empty file', async () => {
    for (const [bytes, code] of [
      [Buffer.from('name,id\n张三,1\n'), 'not_xlsx'],
      [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]), 'xls_format'],
      [Buffer.alloc(0), 'empty_file'],
      [Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]), 'corrupt'],
    ] as const) {
      const before = await snapshotTables(t.deps.db);
      const r = await runFile(bytes, 'all-or-nothing', g1.code);
      expect(brief(r), code).toEqual([['file', null, null, code]]);
      expect(r.outcome).toBe('nothing_written');
      expect(await snapshotTables(t.deps.db)).toEqual(before);
    }
  });

  it('a damaged members sheet is the file’s issue, read here or in the reading thread, and writes nothing', async () => {
    const f = family(1, g1);
    const buf = await fileOf([f]);
    // the members sheet's compressed data made unreadable from its first byte (its entry's name in the local header)
    const name = Buffer.from('xl/worksheets/sheet2.xml');
    const at = buf.indexOf(name);
    expect(buf.readUInt32LE(at - 30)).toBe(0x04034b50);
    const data = at + name.length + buf.readUInt16LE(at - 30 + 28);
    const damaged = Buffer.from(buf);
    damaged.fill(0xff, data, data + 8);
    for (const read of [false, true]) {
      const before = await snapshotTables(t.deps.db);
      const r = await runFile(damaged, 'all-or-nothing', g1.code, actor, { read });
      expect(brief(r), String(read)).toEqual([['file', null, null, 'corrupt']]);
      expect(r.outcome).toBe('nothing_written');
      expect(await snapshotTables(t.deps.db)).toEqual(before);
    }
  });

  it('wrong sheet names, a missing required column, a duplicated column', async () => {
    const f = family(1, g1);
    const wrongSheets = await workbook([
      { name: 'Sheet1', rows: [HOUSEHOLD_HEADERS, householdRow(f.h)] },
      { name: '成员', rows: [MEMBER_HEADERS, ...f.ms.map((m) => memberRow(m))] },
    ]);
    const r1 = await runFile(wrongSheets, 'valid-rows', g1.code);
    expect(brief(r1)).toEqual([['file', null, null, 'sheet_missing']]);
    expect(r1.issues[0].params).toEqual({ sheet: '家庭', found: 'Sheet1、成员' });
    expect(r1.outcome).toBe('nothing_written');

    const keys = ['householdSeq', 'name', 'relation', 'phone'];
    const noId = await workbook([
      { name: '家庭', rows: [HOUSEHOLD_HEADERS, householdRow(f.h)] },
      { name: '成员', rows: [['家庭序号', '姓名', '关系', '电话'], ...f.ms.map((m) => memberRow(m, keys))] },
    ]);
    const before = await snapshotTables(t.deps.db);
    const r2 = await runFile(noId, 'valid-rows', g1.code);
    expect(brief(r2)).toEqual([['members', 1, 'idNumber', 'column_missing']]);
    expect(r2.outcome).toBe('nothing_written');
    expect(await snapshotTables(t.deps.db)).toEqual(before);

    const twice = await workbook([
      { name: '家庭', rows: [[...HOUSEHOLD_HEADERS, '地址'], [...householdRow(f.h), 'x']] },
      { name: '成员', rows: [MEMBER_HEADERS, ...f.ms.map((m) => memberRow(m))] },
    ]);
    const r3 = await runFile(twice, 'dry-run', g1.code);
    expect(brief(r3)).toEqual([['households', 1, 'address', 'column_duplicate']]);
  });

  it('a title row above the header, English keys as headers, labels or codes', async () => {
    const f = family(1, g1, { housing: 'rented', primaryCause: 'illness', secondaryCauses: 'schooling', unionMember: 'Y', receivesDibao: false });
    f.ms[0].relation = 'self';
    const buf = await workbook([
      { name: 'households', rows: [['贵州省困难职工家庭摸底表'], HOUSEHOLD_HEADERS.map((_, i) => householdRowKeys()[i]), householdRow(f.h)] },
      { name: 'members', rows: [MEMBER_HEADERS, ...f.ms.map((m) => memberRow(m))] },
    ]);
    const r = await runFile(buf, 'dry-run', g1.code);
    expect(brief(r)).toEqual([]);
    expect(r.counts.created).toBe(1);
  });

  it('a member whose household is not in the file, a household without members or worker, a repeated row key', async () => {
    const a = family(1, g1);
    const b = family(2, g1);
    b.ms = [];
    const c = family(3, g1);
    c.ms[0].relation = '配偶';
    const d = family(4, g1);
    const buf = await workbook([
      { name: '家庭', rows: [HOUSEHOLD_HEADERS, householdRow(a.h), householdRow(b.h), householdRow(c.h), householdRow(d.h), householdRow({ ...d.h, seq: '004' })] },
      { name: '成员', rows: [MEMBER_HEADERS, ...[...a.ms, ...c.ms, ...d.ms].map((m) => memberRow(m)), memberRow({ ...a.ms[0], householdSeq: 99, idNumber: uniqueId() })] },
    ]);
    const r = await runFile(buf, 'dry-run', g1.code);
    expect(brief(r)).toEqual([
      ['households', 3, 'seq', 'household_no_members'],
      ['households', 4, 'seq', 'no_worker'],
      ['households', 5, 'seq', 'seq_duplicate'],
      ['households', 6, 'seq', 'seq_duplicate'],
      ['members', 11, 'householdSeq', 'member_household_missing'],
    ]);
  });
});

function householdRowKeys(): string[] {
  return ['seq', 'archiveNo', 'orgCode', 'regionCode', 'address', 'employer', 'unionMember', 'housing', 'housingArea', 'receivesDibao', 'dibaoCertificateNo', 'otherAnnualIncome', 'medicalOutOfPocket', 'schoolingSpending', 'disasterLoss', 'primaryCause', 'secondaryCauses', 'flags', 'bankName', 'bankAccount'];
}

describe('scope', () => {
  it('a cadre’s import may name only unions of the reporting org; out of the actor’s scope reads as unknown', async () => {
    const cadre: Actor = { ...systemActor('cadre'), userId: '00000000-0000-7000-8000-0000000000c1', orgId: g1.id, orgPath: g1.path, orgCode: g1.code, orgKind: 'grassroots', divisionCode: null };
    const f = family(1, g3, { regionCode: '520303' });
    const r = await runFile(await fileOf([f]), 'dry-run', g1.code, cadre);
    expect(brief(r)).toEqual([['households', 2, 'orgCode', 'org_unknown']]);
  });
});

describe('statistics after a large import', () => {
  it('a written import of 1,000 households or more leaves the registry’s tables analyzed, a smaller one does not', async () => {
    const lastAnalyze = async () =>
      rowsOf<{ t: string | null }>(await t.deps.db.execute(sql`select coalesce(last_analyze, 'epoch')::text as t from pg_stat_user_tables where relname = 'households'`))[0]?.t ?? null;
    const org = await makeGrassroots(t.deps, { countyCode: '520302' });
    const before = await lastAnalyze();
    expect((await runFile(await fileOf([family(1, org), family(2, org)]), 'all-or-nothing', org.code)).outcome).toBe('written');
    expect(await lastAnalyze()).toBe(before);
    const many = Array.from({ length: 1000 }, (_, i) => family(i + 1, org));
    const r = await runFile(await fileOf(many), 'valid-rows', org.code);
    expect(r.counts.created).toBe(1000);
    expect(await lastAnalyze()).not.toBe(before);
  }, 120_000);
});
