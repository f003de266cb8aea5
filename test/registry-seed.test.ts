import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STUDENT_STAGES, type SchoolingStage } from '../src/contracts/registry';
import { generateCounty, unionSpecs } from '../src/server/demo/household-gen';
import { PRACTICE, planHouseholds, scaledTargets } from '../src/server/demo/household-plan';
import { SeedRefusedError, type SeedHouseholdsResult, seedHouseholds } from '../src/server/demo/households';
import { listAuditEvents, verifyAuditChain } from '../src/server/platform/audit/audit.service';
import { fixedClock } from '../src/server/platform/clock';
import { type Db, rowsOf } from '../src/server/platform/db/client';
import { nextSequence } from '../src/server/platform/db/sequence';
import { withTx } from '../src/server/platform/db/tx';
import type { Deps } from '../src/server/platform/deps';
import { systemActor } from '../src/server/platform/http/actor';
import { validateIdNumber } from '../src/server/platform/pii/idcard';
import { listDibaoLines } from '../src/server/modules/registry/dibao-line.service';
import { getHousehold } from '../src/server/modules/registry/household.service';
import { identify, pickLine } from '../src/server/modules/registry/identification.rules';
import { testConfig } from '../src/server/config';
import { PiiCipher } from '../src/server/platform/pii/cipher';
import { TEST_PII_KEY, useTestApp } from './support/app';
import { openTestDatabase } from './support/db';
import { publicTables } from './support/http';

const N = 2000;
const TODAY = '2026-11-30'; // the test clock, Asia/Shanghai
const t = useTestApp();
let result: SeedHouseholdsResult;

interface HouseholdRaw {
  id: string;
  archive_no: string | null;
  status: string;
  region_code: string;
  org_id: string;
  worker_name: string;
  worker_initials: string;
  worker_id_bidx: string;
  worker_phone_bidx: string | null;
  size: number;
  annual_income_fen: string | number;
  other_annual_income_fen: string | number;
  medical_out_of_pocket_fen: string | number;
  schooling_spending_fen: string | number;
  disaster_loss_fen: string | number;
  receives_dibao: boolean;
  dibao_certificate_no: string | null;
  students: number;
  serious_illness: boolean;
  category: string;
  level: string | null;
  identification: Record<string, unknown>;
  primary_cause: string;
  flags: string[];
  approved_on: string | null;
}
interface MemberRaw {
  household_id: string;
  position: number;
  name: string;
  relation: string;
  id_number_enc: string;
  id_number_bidx: string;
  phone_enc: string | null;
  phone_bidx: string | null;
  sex: string;
  birth_date: string;
  health: string;
  schooling_stage: SchoolingStage;
  employment: string;
  monthly_income_fen: Record<string, number>;
  open: boolean;
}

const q = async <T>(db: Db, query: ReturnType<typeof sql>) => rowsOf<T>(await db.execute(query));
const num = (v: string | number) => Number(v);
const ageOn = (birth: string, on: string) => Number(on.slice(0, 4)) - Number(birth.slice(0, 4)) - (on.slice(5) < birth.slice(5) ? 1 : 0);

let hh: HouseholdRaw[];
let mm: MemberRaw[];

beforeAll(async () => {
  result = await seedHouseholds(t.deps, { count: N });
  hh = await q<HouseholdRaw>(t.deps.db, sql`select *, approved_on::text as approved_on from households`);
  mm = await q<MemberRaw>(t.deps.db, sql`select *, birth_date::text as birth_date from household_members order by household_id, position`);
});

describe(`seed-demo --households ${N}`, () => {
  it('writes N households with 1–6 members each, over all 88 counties', () => {
    expect(result.skipped).toBe(false);
    expect(result.households).toBe(N);
    expect(hh.length).toBe(N);
    expect(mm.length).toBe(result.members);
    expect(new Set(hh.map((h) => h.region_code)).size).toBe(88);
    expect(hh.every((h) => h.size >= 1 && h.size <= 6)).toBe(true);
  });

  it('categories are the practice proportions, scaled with largest remainders that add up to N', () => {
    const want = scaledTargets(N);
    const by = (c: string) => hh.filter((h) => h.category === c).length;
    expect({ dibao: by('dibao'), near: by('near_dibao'), accident: by('accident'), other: N - by('dibao') - by('near_dibao') - by('accident') }).toEqual({
      dibao: want.dibao,
      near: want.nearDibao,
      accident: want.accident,
      other: 0,
    });
    expect(Math.abs(want.dibao - (N * PRACTICE.dibao) / PRACTICE.households)).toBeLessThan(1);
    expect(Math.abs(want.nearDibao - (N * PRACTICE.nearDibao) / PRACTICE.households)).toBeLessThan(1);
    expect(Math.abs(want.accident - (N * PRACTICE.accident) / PRACTICE.households)).toBeLessThan(1);
  });

  it('every household’s category and level follow from its own stored data by the identification rule', async () => {
    const lines = await listDibaoLines(t.deps.db, 2026);
    const byHousehold = new Map<string, MemberRaw[]>();
    for (const m of mm) byHousehold.set(m.household_id, [...(byHousehold.get(m.household_id) ?? []), m]);
    for (const h of hh) {
      const ms = byHousehold.get(h.id)!;
      let monthly = 0;
      for (const m of ms) for (const v of Object.values(m.monthly_income_fen)) monthly += v;
      const annual = 12 * monthly + num(h.other_annual_income_fen);
      const rigid = num(h.medical_out_of_pocket_fen) + num(h.schooling_spending_fen) + num(h.disaster_loss_fen);
      // the denormalised columns agree with the members
      expect(ms.length).toBe(h.size);
      expect(num(h.annual_income_fen)).toBe(annual);
      expect(h.students).toBe(ms.filter((m) => STUDENT_STAGES.includes(m.schooling_stage)).length);
      expect(h.serious_illness).toBe(ms.some((m) => m.health === 'serious_illness'));
      // the rule, with the line of the household's region for the seed year
      const line = pickLine(lines, h.region_code)!;
      const r = identify(
        { receivesDibao: h.receives_dibao, size: ms.length, annualIncomeFen: annual, annualRigidSpendingFen: rigid },
        { dibaoLineFen: line.dibaoLineFen, nearDibaoMultiplierBp: line.nearDibaoMultiplierBp, rigidSpendingShareBp: line.rigidSpendingShareBp },
      );
      expect({ category: h.category, level: h.level }).toEqual({ category: r.category, level: r.level });
      // the file keeps the line it was judged by and the figure; its reasons are rendered when it is read
      expect(h.identification).toEqual({
        year: 2026,
        lineRegionCode: line.regionCode,
        dibaoLineFen: line.dibaoLineFen,
        nearDibaoMultiplierBp: line.nearDibaoMultiplierBp,
        rigidSpendingShareBp: line.rigidSpendingShareBp,
        perCapitaMonthlyIncomeFen: r.perCapitaMonthlyIncomeFen,
      });
      expect(h.receives_dibao).toBe(!!h.dibao_certificate_no);
    }
    // read through the service, a file shows the reasons the rule gives for its own figures
    for (const h of hh.slice(0, 25)) {
      const line = pickLine(lines, h.region_code)!;
      const rigid = num(h.medical_out_of_pocket_fen) + num(h.schooling_spending_fen) + num(h.disaster_loss_fen);
      const r = identify({ receivesDibao: h.receives_dibao, size: h.size, annualIncomeFen: num(h.annual_income_fen), annualRigidSpendingFen: rigid }, line);
      const shown = await getHousehold(t.deps.db, t.deps, systemActor(), h.id);
      expect(shown.identification).toEqual({ year: 2026, lineRegionCode: line.regionCode, dibaoLineFen: line.dibaoLineFen, perCapitaMonthlyIncomeFen: r.perCapitaMonthlyIncomeFen, reasons: r.reasons });
      expect(shown.identification!.reasons.length).toBeGreaterThan(0);
    }
    // the level is derived, not planned: more than one level occurs
    expect(new Set(hh.map((h) => h.level)).size).toBeGreaterThan(1);
  });

  it('members: one worker per household, valid unique ID numbers of the county, plausible ages for relations and schooling', () => {
    const seen = new Set<string>();
    const byHousehold = new Map(hh.map((h) => [h.id, h]));
    const stageAges: Partial<Record<SchoolingStage, [number, number]>> = {
      preschool: [3, 5],
      primary: [6, 12],
      junior_high: [11, 15],
      senior_high: [14, 19],
      vocational_secondary: [14, 19],
      vocational_college: [17, 24],
      university: [17, 25],
      postgraduate: [21, 30],
    };
    for (const m of mm) {
      const h = byHousehold.get(m.household_id)!;
      const id = t.deps.cipher.decrypt(m.id_number_enc);
      const v = validateIdNumber(id);
      expect(v.ok, id).toBe(true);
      if (!v.ok) continue;
      expect(v.info.regionCode).toBe(h.region_code);
      expect(v.info.birthDate).toBe(m.birth_date);
      expect(v.info.sex).toBe(m.sex);
      expect(m.id_number_bidx).toBe(t.deps.cipher.blindIndex('id', id));
      expect(seen.has(id)).toBe(false);
      seen.add(id);
      if (m.phone_enc) expect(t.deps.cipher.decrypt(m.phone_enc)).toMatch(/^1\d{10}$/);
      expect(m.open).toBe(true);
      const age = ageOn(m.birth_date, TODAY);
      expect(age).toBeGreaterThanOrEqual(0);
      expect(age).toBeLessThanOrEqual(100);
      const range = stageAges[m.schooling_stage];
      if (range) {
        expect(age, `${m.schooling_stage} at ${age}`).toBeGreaterThanOrEqual(range[0]);
        expect(age, `${m.schooling_stage} at ${age}`).toBeLessThanOrEqual(range[1]);
      }
      if (m.relation === 'self') {
        expect(m.position).toBe(0);
        expect(age).toBeGreaterThanOrEqual(18);
        expect(h.worker_name).toBe(m.name);
        expect(h.worker_id_bidx).toBe(m.id_number_bidx);
        expect(h.worker_phone_bidx).toBe(m.phone_bidx);
      }
    }
    const workers = mm.filter((m) => m.relation === 'self');
    expect(workers.length).toBe(N);
    expect(new Set(workers.map((m) => m.household_id)).size).toBe(N);
    // the database agrees: one open file per person
    expect(new Set(mm.map((m) => m.id_number_bidx)).size).toBe(mm.length);
    // pinyin initials as search uses them
    expect(hh.every((h) => /^[a-z]{2,4}$/.test(h.worker_initials))).toBe(true);
  });

  it('stores no plain ID number, phone or bank account in any column of any table', async () => {
    const secrets = new Set<string>();
    for (const m of mm) {
      secrets.add(t.deps.cipher.decrypt(m.id_number_enc));
      if (m.phone_enc) secrets.add(t.deps.cipher.decrypt(m.phone_enc));
    }
    for (const r of await q<{ bank_account_enc: string }>(t.deps.db, sql`select bank_account_enc from households where bank_account_enc is not null`)) secrets.add(t.deps.cipher.decrypt(r.bank_account_enc));
    expect(secrets.size).toBeGreaterThan(N);
    for (const table of await publicTables(t.deps.db)) {
      const rows = await q<{ t: string }>(t.deps.db, sql.raw(`select t::text as t from "${table}" t`));
      for (const { t: text } of rows) {
        for (const hit of text.match(/\d{10,30}X?/g) ?? []) expect(secrets.has(hit), `${table}: ${hit}`).toBe(false);
      }
    }
  });

  it('approved files carry archive numbers <county>-<year>-<seq>; counters are set so later approvals continue', async () => {
    const approved = hh.filter((h) => h.status === 'approved');
    expect(approved.length / N).toBeGreaterThan(0.9);
    expect(hh.some((h) => h.status === 'draft' || h.status === 'submitted')).toBe(true);
    const max = new Map<string, number>();
    for (const h of hh) {
      if (h.status !== 'approved') {
        expect(h.archive_no).toBeNull();
        continue;
      }
      const m = /^(\d{6})-(\d{4})-(\d{6})$/.exec(h.archive_no ?? '');
      expect(m, h.archive_no ?? 'null').not.toBeNull();
      expect(m![1]).toBe(h.region_code);
      expect(m![2]).toBe(h.approved_on!.slice(0, 4));
      const key = `archive:${m![1]}:${m![2]}`;
      max.set(key, Math.max(max.get(key) ?? 0, Number(m![3])));
    }
    const seqs = await q<{ name: string; value: string }>(t.deps.db, sql`select name, value::text from sequences where name like 'archive:%'`);
    expect(new Map(seqs.map((s) => [s.name, Number(s.value)]))).toEqual(max);
    // numbers run from 1 without gaps in each county and year
    const counts = new Map<string, number>();
    for (const h of approved) counts.set(h.archive_no!.slice(0, 11), (counts.get(h.archive_no!.slice(0, 11)) ?? 0) + 1);
    for (const [k, n] of counts) expect(max.get(`archive:${k.slice(0, 6)}:${k.slice(7)}`)).toBe(n);
    const [key, value] = [...max][0];
    expect(await withTx(t.deps.db, (tx) => nextSequence(tx, key))).toBe(value + 1);
  });

  it('households belong to grassroots unions of their own county, a handful per county', async () => {
    const rows = await q<{ region_code: string; kind: string; org_region: string; path: string; unions: number }>(
      t.deps.db,
      sql`select h.region_code, o.kind, o.region_code as org_region, o.path, count(*) over (partition by h.region_code) as unions
          from (select distinct org_id, region_code from households) h join orgs o on o.id = h.org_id`,
    );
    for (const r of rows) {
      expect(r.kind).toBe('grassroots');
      expect(r.org_region).toBe(r.region_code);
      expect(r.path).toContain(`/${r.region_code}/`);
      expect(Number(r.unions)).toBeGreaterThanOrEqual(1);
      expect(Number(r.unions)).toBeLessThanOrEqual(8);
    }
  });

  it('about 30% illness-caused; Zunyi’s extreme-hardship households and their illness share as planned', () => {
    const want = scaledTargets(N);
    const ill = hh.filter((h) => h.primary_cause === 'illness').length;
    expect(ill).toBe(want.illness);
    expect(Math.abs(ill / N - 0.3)).toBeLessThan(0.005);
    const zExtreme = hh.filter((h) => h.region_code.startsWith('5203') && h.flags.includes('extremeHardship'));
    expect(zExtreme.length).toBe(want.zunyiExtreme);
    expect(Math.abs(zExtreme.length - (N * PRACTICE.zunyiExtreme) / PRACTICE.households)).toBeLessThan(1);
    const zIll = zExtreme.filter((h) => h.primary_cause === 'illness').length;
    expect(zIll).toBe(want.zunyiExtremeIllness);
    expect(Math.abs(zIll / zExtreme.length - 0.4073)).toBeLessThan(0.02);
  });

  it('records one audit event with the totals, and the chain verifies', async () => {
    const events = (await listAuditEvents(t.deps.db, systemActor('test'), { action: 'demo.seed_households', limit: 10 })).items;
    expect(events).toHaveLength(1);
    expect(events[0].after).toMatchObject({ count: N, households: N, members: mm.length, byCategory: { dibao: scaledTargets(N).dibao } });
    // no event per household
    const [{ n }] = await q<{ n: number }>(t.deps.db, sql`select count(*)::int as n from audit_events where entity_type = 'household'`);
    expect(n).toBe(0);
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });

  it('a second run with the same parameters does nothing; other parameters are refused', async () => {
    const again = await seedHouseholds(t.deps, { count: N });
    expect(again.skipped).toBe(true);
    await expect(seedHouseholds(t.deps, { count: N + 1 })).rejects.toBeInstanceOf(SeedRefusedError);
    await expect(seedHouseholds(t.deps, { count: N, seed: 'other' })).rejects.toThrow(/--households 2000/);
    const [{ n }] = await q<{ n: number }>(t.deps.db, sql`select count(*)::int as n from households`);
    expect(n).toBe(N);
  });
});

describe('determinism', () => {
  let other: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    other = await openTestDatabase();
  });
  afterAll(async () => {
    await other?.dispose();
  });

  const fingerprint = async (db: Db) => {
    const [h] = await q<{ h: string }>(
      db,
      sql`select md5(string_agg(concat_ws('|', archive_no, status, region_code, worker_name, worker_initials, worker_id_bidx, address, employer, size, annual_income_fen,
            medical_out_of_pocket_fen, schooling_spending_fen, category, level, primary_cause, flags::text, created_at::text), E'\n' order by worker_id_bidx)) as h from households`,
    );
    const [m] = await q<{ h: string }>(
      db,
      sql`select md5(string_agg(concat_ws('|', name, relation, id_number_bidx, phone_bidx, birth_date, health, schooling_stage, employment, monthly_income_fen::text), E'\n' order by id_number_bidx)) as h from household_members`,
    );
    return `${h.h}/${m.h}`;
  };

  it('the same count and seed give the same households in another database', async () => {
    const deps: Deps = { db: other.db, dbKind: other.kind, clock: fixedClock('2026-11-30T02:00:00Z'), cipher: PiiCipher.fromConfig(TEST_PII_KEY), config: testConfig() };
    await seedHouseholds(deps, { count: N });
    expect(await fingerprint(other.db)).toBe(await fingerprint(t.deps.db));
  });

  it('another seed gives other people', () => {
    const county = planHouseholds(N).counties[0];
    const line = { regionCode: '5201', dibaoLineFen: 64000, nearDibaoMultiplierBp: 20000, rigidSpendingShareBp: 8000 };
    const names = (seed: string) =>
      [...generateCounty({ seed, county, unions: unionSpecs(county, seed), line, year: 2026, today: TODAY, archiveStart: () => 0 })].map((h) => h.members.map((m) => m.idNumber).join());
    expect(names('a')).toEqual(names('a'));
    expect(names('a')).not.toEqual(names('b'));
  });
});
