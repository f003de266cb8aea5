/**
 * Mutual-aid batch adjudication on PostgreSQL: 100,000 stored claims (status received) of 25,000 members in 500
 * units of the five built-in schemes, every member with paid opt-ins (a few unpaid), 3% of them in an approved
 * registry household file; then `adjudicateBatch` is timed — claims per second, and the share of the time spent in
 * the pure engine against everything around it (loading, locking, lookups, preparing, writing, audit, commits).
 *   npx tsx bench/mutual-aid-batch.ts [claims] [--no-trace] [--chunk 5000] [--concurrency 2]
 * DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) names the server; a scratch database is created on
 * it and dropped afterwards. Results are printed as JSON; copy the figures into docs/BENCHMARKS.md.
 */
import { execSync } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { Permission } from '../src/contracts/auth';
import { testConfig } from '../src/server/config';
import type { ClaimInput, MemberStatus, Scheme } from '../src/contracts/mutual-aid';
import { adjudicateBatch } from '../src/server/modules/mutual-aid/claim-batch.service';
import { type CompiledPlan, compilePlan, evaluateClaims, newAccumulators } from '../src/server/modules/mutual-aid/evaluate.rules';
import { mutualAidClaims } from '../src/server/modules/mutual-aid/claim.table';
import { mutualAidEnrolments, mutualAidMembers } from '../src/server/modules/mutual-aid/member.table';
import { seedBuiltInSchemes } from '../src/server/modules/mutual-aid/scheme.service';
import { mutualAidUnits } from '../src/server/modules/mutual-aid/unit.table';
import { generateFederations } from '../src/server/modules/orgs/org.service';
import { orgs } from '../src/server/modules/orgs/org.table';
import { householdEvents } from '../src/server/modules/registry/household-event.table';
import { households } from '../src/server/modules/registry/household.table';
import { members as householdMembers } from '../src/server/modules/registry/member.table';
import { fixedClock } from '../src/server/platform/clock';
import { addDays } from '../src/server/platform/dates';
import { bulkInsert } from '../src/server/platform/db/bulk';
import { openDatabase, rowsOf, runMigrations } from '../src/server/platform/db/client';
import { withTx } from '../src/server/platform/db/tx';
import type { Deps } from '../src/server/platform/deps';
import { type Actor, systemActor } from '../src/server/platform/http/actor';
import { uuidv7 } from '../src/server/platform/ids';
import { PiiCipher } from '../src/server/platform/pii/cipher';
import { makeIdNumber } from '../src/server/platform/pii/idcard';

const { values, positionals } = parseArgs({ options: { 'no-trace': { type: 'boolean', default: false }, chunk: { type: 'string' }, concurrency: { type: 'string' } }, allowPositionals: true });
const N = Number(positionals[0] ?? 100_000);
const MEMBERS = Math.ceil(N / 4);
const UNITS = Math.max(5, Math.round(MEMBERS / 50));
const trace = !values['no-trace'];
const chunkClaims = values.chunk ? Number(values.chunk) : undefined;
const concurrency = values.concurrency ? Number(values.concurrency) : 2;

let seed = 20160217;
const rnd = (n: number) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const pad = (n: number) => String(n).padStart(2, '0');

function machine() {
  let nproc = os.cpus().length;
  try {
    nproc = Number(execSync('nproc').toString().trim());
  } catch {
    /* keep os.cpus() */
  }
  return { nproc, cpu: os.cpus()[0]?.model ?? 'unknown', ramGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAvg1m: +os.loadavg()[0]!.toFixed(2) };
}

/** Schemes by share of members, with the plans a member of each opts into. */
const MIX: Array<{ scheme: string; share: number; plans: string[] }> = [
  { scheme: 'PROV', share: 30, plans: ['critical_inpatient'] },
  { scheme: 'ZY', share: 30, plans: ['accident_injury', 'inpatient', 'critical_illness'] },
  { scheme: 'LPS', share: 15, plans: ['inpatient'] },
  { scheme: 'SN', share: 15, plans: ['inpatient_secondary'] },
  { scheme: 'GY', share: 10, plans: ['critical_illness'] },
];
const ICD = ['C34.1', 'I21.0', 'I63.9', 'J18.9', 'C50.9', 'Z95.1', 'K35.8', 'N18.5'];

async function main() {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `pa_bench_ma_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const h = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  try {
    await runMigrations(h);
    const clock = fixedClock('2026-11-30T02:00:00Z');
    const deps: Deps = { db: h.db, dbKind: 'postgres', clock, cipher: PiiCipher.fromConfig('b'.repeat(64)), config: testConfig({}) };
    const sys = systemActor('bench');
    await withTx(h.db, (tx) => generateFederations(tx, sys, clock, '52'));
    await withTx(h.db, (tx) => seedBuiltInSchemes(tx, deps, sys));
    const counties = rowsOf<{ id: string; path: string; code: string }>(await h.db.execute(sql`select id, path, code from orgs where kind = 'county' order by code`));

    // ---- data --------------------------------------------------------------------------------------------------
    const g0 = performance.now();
    const now = clock.now();
    const creator = uuidv7();
    const schemeOfUnit: string[] = [];
    const unitRows = Array.from({ length: UNITS }, (_, i) => {
      let pick = rnd(100);
      const mix = MIX.find((m) => (pick -= m.share) < 0)!;
      schemeOfUnit.push(mix.scheme);
      const county = counties[i % counties.length]!;
      return { id: uuidv7(), schemeCode: mix.scheme, name: `基准单位${i}`, orgId: county.id, orgPath: county.path, status: 'active', createdBy: creator, createdByName: 'bench', createdAt: now, updatedAt: now };
    });
    const memberRows: Array<typeof mutualAidMembers.$inferInsert> = [];
    const enrolmentRows: Array<typeof mutualAidEnrolments.$inferInsert> = [];
    const claimRows: Array<typeof mutualAidClaims.$inferInsert> = [];
    const householdRows: Array<typeof households.$inferInsert> = [];
    const hmRows: Array<typeof householdMembers.$inferInsert> = [];
    const eventRows: Array<typeof householdEvents.$inferInsert> = [];
    let claimSeq = 0;
    /** For the pure-engine pass over the same claims: each member's paid periods per plan and approval instant. */
    const pure = new Map<string, { enrolments: Map<string, Array<{ from: string; to: string }>>; approvedAt: number | null }>();
    for (let i = 0; i < MEMBERS; i++) {
      const u = unitRows[i % UNITS]!;
      const mix = MIX.find((m) => m.scheme === u.schemeCode)!;
      const county = counties[i % counties.length]!;
      const birth = `${1960 + (i % 40)}-${pad(1 + (Math.floor(i / 40) % 12))}-${pad(1 + (Math.floor(i / 480) % 28))}`;
      const idNumber = makeIdNumber(county.code.length === 6 ? county.code : '520302', birth, Math.floor(i / 13440) % 1000);
      const bidx = deps.cipher.blindIndex('id', idNumber);
      const id = uuidv7();
      memberRows.push({ id, schemeCode: u.schemeCode, unitId: u.id, orgPath: u.orgPath, name: `会员${i}`, idNumberEnc: deps.cipher.encrypt(idNumber), idNumberBidx: bidx, sex: 'male', birthDate: birth, createdBy: creator, createdAt: now, updatedAt: now });
      const kind = rnd(20);
      const periods = kind === 0 ? [{ from: '2015-01-01', to: '2015-12-31' }, { from: '2016-01-01', to: '2016-12-31' }] : kind === 1 ? [{ from: '2016-04-01', to: '2016-12-31' }] : [{ from: '2016-01-01', to: '2016-12-31' }];
      const paid = rnd(50) !== 0; // 2% of members in units that have not paid
      const pm = { enrolments: new Map<string, Array<{ from: string; to: string }>>(), approvedAt: null as number | null };
      pure.set(id, pm);
      for (const plan of mix.plans) pm.enrolments.set(plan, paid ? periods : []);
      for (const plan of mix.plans) for (const p of periods) enrolmentRows.push({ id: uuidv7(), memberId: id, unitId: u.id, schemeCode: u.schemeCode, planCode: plan, period: Number(p.from.slice(0, 4)), validFrom: p.from, validTo: p.to, status: 'active', paidAt: paid ? now : null, createdBy: creator, createdAt: now, updatedAt: now });
      if (rnd(100) < 3) {
        const hid = uuidv7();
        householdRows.push({ id: hid, status: 'approved', orgId: county.id, regionCode: county.code, address: '基准地址', workerName: `会员${i}`, workerInitials: 'HY', workerIdBidx: bidx, housing: 'rented', receivesDibao: false, size: 1, annualIncomeFen: 1_000_000, primaryCause: 'illness', createdAt: now, updatedAt: now });
        hmRows.push({ id: uuidv7(), householdId: hid, position: 0, name: `会员${i}`, relation: 'self', idNumberEnc: deps.cipher.encrypt(idNumber), idNumberBidx: bidx, sex: 'male', birthDate: birth, health: 'healthy', schoolingStage: 'none', employment: 'employed', open: true });
        const approvedOn = new Date(`2016-${pad(1 + rnd(12))}-${pad(1 + rnd(28))}T10:00:00+08:00`);
        pm.approvedAt = approvedOn.getTime();
        for (const [to, at] of [
          ['submitted', new Date(approvedOn.getTime() - 20 * 86_400_000)],
          ['verified', new Date(approvedOn.getTime() - 10 * 86_400_000)],
          ['approved', approvedOn],
        ] as const) {
          eventRows.push({ id: uuidv7(), householdId: hid, fromStatus: null, toStatus: to, signerRole: 'reviewed', actorUserId: creator, actorName: 'bench', reason: 'bench', at });
        }
      }
      // 1 to 7 claims a member (four on average); the last member takes what is left of N
      const n = i === MEMBERS - 1 ? Math.max(1 + (i % 7), N - claimSeq) : 1 + (i % 7);
      for (let k = 0; k < n && claimSeq < N; k++) {
        const plan = mix.plans[rnd(mix.plans.length)]!;
        const eventDate = rnd(25) === 0 ? '2017-02-01' : `2016-${pad(1 + rnd(12))}-${pad(1 + rnd(28))}`;
        const total = 10_000 + rnd(50_000_000);
        const isLump = plan === 'critical_illness';
        claimRows.push({
          id: uuidv7(),
          claimNo: `HZB${String(++claimSeq).padStart(8, '0')}`,
          schemeCode: u.schemeCode,
          planCode: plan,
          memberId: id,
          unitId: u.id,
          orgPath: u.orgPath,
          eventDate,
          hospital: '基准医院',
          hospitalDays: 1 + rnd(60),
          totalCostFen: isLump ? null : total,
          insurancePaidFen: isLump ? null : Math.floor((total * rnd(90)) / 100),
          diagnosisIcd10: ICD[rnd(ICD.length)]!,
          status: 'received',
          createdBy: creator,
          createdByName: 'bench',
          createdAt: now,
          updatedAt: now,
        });
      }
    }
    const genMs = performance.now() - g0;
    const w0 = performance.now();
    await bulkInsert(h.db, mutualAidUnits, unitRows);
    await bulkInsert(h.db, mutualAidMembers, memberRows);
    await bulkInsert(h.db, mutualAidEnrolments, enrolmentRows);
    await bulkInsert(h.db, households, householdRows);
    await bulkInsert(h.db, householdMembers, hmRows);
    await bulkInsert(h.db, householdEvents, eventRows);
    for (let i = 0; i < claimRows.length; i += 20_000) await bulkInsert(h.db, mutualAidClaims, claimRows.slice(i, i + 20_000));
    await h.db.execute(sql`vacuum analyze`);
    const loadMs = performance.now() - w0;

    // ---- the pure engine alone over the same claims, in the same order, in memory (before the batch, so that the
    // database is quiet); its total paid is checked against the batch's afterwards ---------------------------------
    const schemes = new Map(rowsOf<{ code: string; scheme: Scheme }>(await h.db.execute(sql`select code, scheme from mutual_aid_scheme_versions`)).map((x) => [x.code, x.scheme]));
    const cps = new Map<string, CompiledPlan>();
    const cpOf = (scheme: string, plan: string) => {
      const k = `${scheme}|${plan}`;
      let cp = cps.get(k);
      if (!cp) cps.set(k, (cp = compilePlan(schemes.get(scheme)!, plan)!));
      return cp;
    };
    const ordered = [...claimRows].sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : a.planCode < b.planCode ? -1 : a.planCode > b.planCode ? 1 : a.eventDate < b.eventDate ? -1 : a.eventDate > b.eventDate ? 1 : a.claimNo < b.claimNo ? -1 : 1));
    const inputs = ordered.map((c) => {
      const pm = pure.get(c.memberId)!;
      const endOfDay = new Date(`${addDays(c.eventDate, 1)}T00:00:00+08:00`).getTime();
      const claim: ClaimInput = { eventDate: c.eventDate, hospitalDays: c.hospitalDays!, diagnosisIcd10: c.diagnosisIcd10! };
      if (c.totalCostFen !== null && c.totalCostFen !== undefined) Object.assign(claim, { totalCostFen: c.totalCostFen, insurancePaidFen: c.insurancePaidFen });
      return { key: `${c.memberId}|${c.planCode}`, cp: cpOf(c.schemeCode, c.planCode), member: { status: (pm.approvedAt !== null && pm.approvedAt < endOfDay ? 'hardship' : 'ordinary') as MemberStatus, enrolments: pm.enrolments.get(c.planCode)! }, claim };
    });
    const pureRun = (withTrace: boolean) => {
      let paid = 0;
      let key = '';
      let acc = newAccumulators();
      const p0 = performance.now();
      for (const x of inputs) {
        if (x.key !== key) {
          key = x.key;
          acc = newAccumulators();
        }
        paid += evaluateClaims(x.cp, x.member, [x.claim], { accumulators: acc, trace: withTrace })[0]!.payoutFen;
      }
      return { ms: performance.now() - p0, paid };
    };
    pureRun(trace); // warm up
    const pureTrace = pureRun(true);
    const pureNoTrace = pureRun(false);
    // ---- the timed run -----------------------------------------------------------------------------------------
    const [province] = await h.db.select().from(orgs).where(sql`${orgs.code} = '52'`);
    const actor: Actor = { ...sys, orgId: province!.id, orgCode: '52', orgName: province!.name, orgKind: 'province', orgPath: province!.path, divisionCode: '52', permissions: new Set([Permission.MutualAidReview]) };
    const profile: Record<string, number> = {};
    const before = machine();
    const r = await adjudicateBatch(h.db, deps, actor, { trace, profile, concurrency, ...(chunkClaims ? { chunkClaims } : {}) });
    const after = machine();

    if (pureTrace.paid !== r.totalPayoutFen || pureNoTrace.paid !== r.totalPayoutFen) throw new Error(`the pure engine paid ${pureTrace.paid} / ${pureNoTrace.paid}, the batch ${r.totalPayoutFen}`);
    const [sizes] = rowsOf<{ claims: string; db: string }>(await h.db.execute(sql`select pg_size_pretty(pg_total_relation_size('mutual_aid_claims')) as claims, pg_size_pretty(pg_database_size(current_database())) as db`));
    const [ver] = rowsOf<{ v: string }>(await h.db.execute(sql`select current_setting('server_version') as v`));
    const round = (x: number) => Math.round(x);
    const phases = Object.fromEntries(Object.entries(profile).map(([k, v]) => [k, round(v)]));
    const accounted = Object.values(profile).reduce((s, v) => s + v, 0);
    console.log(
      JSON.stringify(
        {
          date: new Date().toISOString(),
          machine: { ...after, loadAvg1mBefore: before.loadAvg1m },
          postgres: ver?.v,
          data: { claims: claimRows.length, members: MEMBERS, units: UNITS, enrolments: enrolmentRows.length, householdFiles: householdRows.length, generateMs: round(genMs), insertMs: round(loadMs) },
          trace,
          chunkClaims: chunkClaims ?? 5000,
          concurrency,
          result: r,
          claimsPerSecond: round((r.adjudicated / r.ms) * 1000),
          engineClaimsPerSecond: round((r.adjudicated / r.engineMs) * 1000),
          // the same claims through the pure engine alone, in memory, one claim per call as the batch does it (same total paid)
          pureEngine: {
            withTrace: { ms: round(pureTrace.ms), claimsPerSecond: round((inputs.length / pureTrace.ms) * 1000) },
            withoutTrace: { ms: round(pureNoTrace.ms), claimsPerSecond: round((inputs.length / pureNoTrace.ms) * 1000) },
            totalPaidFen: pureTrace.paid,
          },
          engineShare: +(r.engineMs / r.ms).toFixed(4),
          outsideShare: +(1 - r.engineMs / r.ms).toFixed(4),
          // summed over the chunks; with two chunks in flight the database phases overlap, so they may add up to more than ms
          phasesMs: { ...phases, ...(concurrency === 1 ? { commitAndOther: round(r.ms - accounted) } : {}) },
          sizesAfter: sizes,
        },
        null,
        2,
      ),
    );
  } finally {
    await h.close();
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
