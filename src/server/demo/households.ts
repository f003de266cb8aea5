/**
 * `npm run cli -- seed-demo --households N`: demo households at real scale.
 *
 * Plans N households over the 88 counties (household-plan.ts), creates a handful of grassroots unions per
 * county, generates each county's households (household-gen.ts) and writes them in chunks: multi-row INSERTs
 * of up to a thousand households and a few thousand members per statement (the rows travel as one JSON
 * parameter), one transaction per chunk of 2,000 households, while the next chunk is generated (on PostgreSQL
 * two chunks are written at once) — memory stays flat whatever N is. ID numbers, phones and bank accounts are
 * stored encrypted with blind indexes. Approved files get archive numbers `<county>-<year>-<seq>` from the same
 * counters (`archive:<county>:<year>`) that later approvals continue. One audit event records the seeding.
 *
 * Re-running: when households already exist the seeding does nothing if they all come from an earlier complete
 * run with the same parameters (count and seed), and refuses otherwise — it never adds to or mixes with other
 * data. A run that was interrupted leaves its chunks behind; seed into an empty database again.
 */
import { type SQL, getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { listAuditEvents, recordAudit } from '../platform/audit/audit.service';
import type { Db } from '../platform/db/client';
import { sequences } from '../platform/db/sequence.table';
import { withTx } from '../platform/db/tx';
import type { Deps } from '../platform/deps';
import { systemActor } from '../platform/http/actor';
import { uuidv7 } from '../platform/ids';
import { createOrg, findChildOrgByName, generateFederations, getOrgByCode } from '../modules/orgs/org.service';
import { listDibaoLines, putDibaoLine } from '../modules/registry/dibao-line.service';
import { households } from '../modules/registry/household.table';
import { maskBankAccount } from '../platform/pii/mask';
import { pickLine } from '../modules/registry/identification.rules';
import { members } from '../modules/registry/member.table';
import { DEMO_DIBAO_LINES, DEMO_RIGID_SPENDING_SHARE_BP } from './dibao-lines';
import { type GenHousehold, type LineParams, generateCounty, unionSpecs } from './household-gen';
import { PRACTICE, planHouseholds, planTotals } from './household-plan';

export const DEFAULT_SEED = 'guizhou-2016';
/** Upper bound of one run (the ID scheme allows far more; this keeps a typo from filling the disk). */
export const MAX_DEMO_HOUSEHOLDS = 5_000_000;

export interface SeedProgress {
  phase: 'unions' | 'households' | 'done';
  done: number;
  total: number;
  members: number;
  elapsedMs: number;
}

export interface SeedHouseholdsOptions {
  count: number;
  seed?: string;
  onProgress?: (p: SeedProgress) => void;
  /** households per transaction (default 2000) */
  chunkSize?: number;
  /** chunks written at once (default 2 on PostgreSQL, 1 on PGlite) */
  concurrency?: number;
}

export interface SeedHouseholdsResult {
  skipped: boolean;
  message: string;
  households: number;
  members: number;
  unions: number;
  year: number;
  elapsedMs: number;
  /** time spent generating and encrypting (the database writes the previous chunk meanwhile) */
  generateMs?: number;
  /** time spent waiting for the database after a chunk was ready */
  databaseWaitMs?: number;
  totals: ReturnType<typeof planTotals> | null;
}

export class SeedRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeedRefusedError';
  }
}

const HOUSEHOLDS_PER_INSERT = 1000;
const MEMBERS_PER_INSERT = 3500;

/**
 * One multi-row INSERT of typed rows through a single JSON parameter (json_to_recordset): one bound value
 * instead of tens of thousands, which both PostgreSQL and PGlite take two to three times faster. The column
 * list comes from the Drizzle table, so the statement follows the schema.
 */
function insertJson<T extends PgTable>(table: T, rows: Array<T['$inferInsert']>): SQL {
  const tableName = getTableName(table);
  const cols = Object.entries(getTableColumns(table));
  const data = rows.map((r) => {
    const o: Record<string, unknown> = {};
    for (const [key, col] of cols) {
      const v = (r as Record<string, unknown>)[key];
      if (v === undefined && col.notNull) throw new Error(`${tableName}.${col.name} is required`);
      o[col.name] = v ?? null;
    }
    return o;
  });
  const names = sql.raw(cols.map(([, c]) => `"${c.name}"`).join(', '));
  const defs = sql.raw(cols.map(([, c]) => `"${c.name}" ${c.getSQLType()}`).join(', '));
  return sql`insert into ${sql.identifier(tableName)} (${names}) select ${names} from json_to_recordset(${JSON.stringify(data)}::json) as t(${defs})`;
}

/** Today's date in Asia/Shanghai (YYYY-MM-DD). */
export function shanghaiToday(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

async function countHouseholds(db: Db): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(households);
  return Number(r.n);
}

/** Lines of the seed year for every county; demo lines are added for cities that have none. */
async function ensureLines(deps: Deps, year: number, countyCodes: string[]): Promise<Map<string, LineParams>> {
  let lines = await listDibaoLines(deps.db, year);
  const missingCities = new Set(countyCodes.filter((c) => !pickLine(lines, c)).map((c) => c.slice(0, 4)));
  if (missingCities.size > 0) {
    const actor = systemActor('seed-demo');
    await withTx(deps.db, async (tx) => {
      for (const l of DEMO_DIBAO_LINES) {
        if (!missingCities.has(l.regionCode)) continue;
        await putDibaoLine(tx, deps, actor, { ...l, year, rigidSpendingShareBp: DEMO_RIGID_SPENDING_SHARE_BP });
      }
    });
    lines = await listDibaoLines(deps.db, year);
  }
  const out = new Map<string, LineParams>();
  for (const c of countyCodes) {
    const l = pickLine(lines, c);
    if (!l) throw new Error(`no dibao line for ${c} in ${year}: set one (PUT /api/v1/registry/dibao-lines) and seed again`);
    out.set(c, { regionCode: l.regionCode, dibaoLineFen: l.dibaoLineFen, nearDibaoMultiplierBp: l.nearDibaoMultiplierBp, rigidSpendingShareBp: l.rigidSpendingShareBp });
  }
  return out;
}

/** Rows for one chunk: ids, ciphertexts and blind indexes. */
function toRows(deps: Deps, chunk: GenHousehold[], unionIds: Map<string, string[]>) {
  const { cipher } = deps;
  const hRows: Array<typeof households.$inferInsert> = [];
  const mRows: Array<typeof members.$inferInsert> = [];
  const archiveMax = new Map<string, number>();
  for (const h of chunk) {
    const id = uuidv7();
    const worker = h.members[0];
    hRows.push({
      id,
      archiveNo: h.archiveNo,
      status: h.status,
      orgId: unionIds.get(h.regionCode)![h.unionIndex],
      regionCode: h.regionCode,
      address: h.address,
      workerName: h.workerName,
      workerInitials: h.workerInitials,
      workerIdBidx: cipher.blindIndex('id', worker.idNumber),
      workerPhoneBidx: worker.phone ? cipher.blindIndex('phone', worker.phone) : null,
      employer: h.employer,
      unionMember: h.unionMember,
      housing: h.housing,
      housingArea: h.housingArea,
      receivesDibao: h.receivesDibao,
      dibaoCertificateNo: h.dibaoCertificateNo,
      size: h.size,
      annualIncomeFen: h.annualIncomeFen,
      otherAnnualIncomeFen: h.otherAnnualIncomeFen,
      medicalOutOfPocketFen: h.medicalOutOfPocketFen,
      schoolingSpendingFen: h.schoolingSpendingFen,
      disasterLossFen: h.disasterLossFen,
      primaryCause: h.primaryCause,
      secondaryCauses: h.secondaryCauses,
      flags: h.flags,
      students: h.students,
      seriousIllness: h.seriousIllness,
      bankName: h.bankName,
      bankAccountEnc: h.bankAccount ? cipher.encrypt(h.bankAccount) : null,
      bankAccountBidx: h.bankAccount ? cipher.blindIndex('bank', h.bankAccount) : null,
      bankAccountMasked: maskBankAccount(h.bankAccount),
      category: h.category,
      level: h.level,
      identification: h.identification,
      approvedOn: h.approvedOn,
      version: 1,
      createdAt: h.createdAt,
      updatedAt: h.updatedAt,
    });
    for (const m of h.members) {
      mRows.push({
        id: uuidv7(),
        householdId: id,
        position: m.position,
        name: m.name,
        relation: m.relation,
        idNumberEnc: cipher.encrypt(m.idNumber),
        idNumberBidx: cipher.blindIndex('id', m.idNumber),
        phoneEnc: m.phone ? cipher.encrypt(m.phone) : null,
        phoneBidx: m.phone ? cipher.blindIndex('phone', m.phone) : null,
        sex: m.sex,
        birthDate: m.birthDate,
        health: m.health,
        disabilityGrade: m.disabilityGrade,
        schoolingStage: m.schoolingStage,
        employment: m.employment,
        monthlyIncomeFen: m.monthlyIncomeFen,
        open: true,
      });
    }
    if (h.archiveNo) {
      const [region, year, seq] = h.archiveNo.split('-');
      const key = `archive:${region}:${year}`;
      archiveMax.set(key, Math.max(archiveMax.get(key) ?? 0, Number(seq)));
    }
  }
  return { hRows, mRows, archiveMax };
}

async function writeChunk(db: Db, rows: ReturnType<typeof toRows>): Promise<void> {
  await withTx(db, async (tx) => {
    for (let i = 0; i < rows.hRows.length; i += HOUSEHOLDS_PER_INSERT) await tx.execute(insertJson(households, rows.hRows.slice(i, i + HOUSEHOLDS_PER_INSERT)));
    for (let i = 0; i < rows.mRows.length; i += MEMBERS_PER_INSERT) await tx.execute(insertJson(members, rows.mRows.slice(i, i + MEMBERS_PER_INSERT)));
    if (rows.archiveMax.size > 0) {
      await tx
        .insert(sequences)
        // in name order, so that two chunks writing at once lock shared counters in the same order
        .values([...rows.archiveMax].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, value]) => ({ name, value })))
        .onConflictDoUpdate({ target: sequences.name, set: { value: sql`greatest(${sequences.value}, excluded.value)` } });
    }
  });
}

/**
 * Seeds `count` deterministic demo households (same count and seed → same people, incomes, categories and
 * archive numbers, given the same seed date and dibao lines). See the file comment for what it writes.
 */
export async function seedHouseholds(deps: Deps, opts: SeedHouseholdsOptions): Promise<SeedHouseholdsResult> {
  const { count } = opts;
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(count) || count < 1 || count > MAX_DEMO_HOUSEHOLDS) {
    throw new SeedRefusedError(`户数须为 1–${MAX_DEMO_HOUSEHOLDS} 的整数 / the household count must be an integer from 1 to ${MAX_DEMO_HOUSEHOLDS}`);
  }
  const chunkSize = opts.chunkSize ?? 2000;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const now = deps.clock.now();
  const today = shanghaiToday(now);
  const year = Number(today.slice(0, 4));
  const actor = systemActor('seed-demo');

  // idempotency guard
  const existing = await countHouseholds(deps.db);
  if (existing > 0) {
    const last = (await listAuditEvents(deps.db, actor, { action: 'demo.seed_households', limit: 1 })).items[0];
    const a = (last?.after ?? null) as { count?: number; seed?: string; households?: number } | null;
    if (a && a.count === count && a.seed === seed && a.households === existing) {
      return {
        skipped: true,
        message: `已有相同参数播种的 ${existing} 户演示家庭，跳过 / ${existing} demo households from an earlier run with the same parameters are present; nothing to do`,
        households: existing,
        members: 0,
        unions: 0,
        year,
        elapsedMs: elapsed(),
        totals: null,
      };
    }
    throw new SeedRefusedError(
      `数据库中已有 ${existing} 户家庭档案，且并非全部来自相同参数（--households ${count}）的完整演示播种；演示家庭只能播种到没有家庭档案的数据库 / ` +
        `the database already holds ${existing} households that do not all come from a complete earlier demo run with the same parameters (--households ${count}); demo households are seeded only into a database without households`,
    );
  }

  const plan = planHouseholds(count);
  const totals = planTotals(plan);
  const codes = plan.counties.map((c) => c.code);
  const lines = await ensureLines(deps, year, codes);

  // grassroots unions: found by name when an earlier (interrupted) run or the demo orgs created them
  opts.onProgress?.({ phase: 'unions', done: 0, total: count, members: 0, elapsedMs: elapsed() });
  const specs = new Map(plan.counties.map((c) => [c.code, unionSpecs(c, seed)]));
  const { unionIds, provincePath } = await withTx(deps.db, async (tx) => {
    await generateFederations(tx, actor, deps.clock, '52');
    const ids = new Map<string, string[]>();
    for (const c of plan.counties) {
      const county = await getOrgByCode(tx, c.code);
      if (!county) throw new Error(`county federation ${c.code} missing`);
      const list: string[] = [];
      for (const u of specs.get(c.code)!) {
        const found = await findChildOrgByName(tx, county.id, u.name);
        list.push(found ? found.id : (await createOrg(tx, actor, deps.clock, { name: u.name, kind: 'grassroots', subtype: u.subtype, parentId: county.id, regionCode: c.code })).id);
      }
      ids.set(c.code, list);
    }
    return { unionIds: ids, provincePath: (await getOrgByCode(tx, '52'))!.path };
  });
  const unionCount = [...unionIds.values()].reduce((a, l) => a + l.length, 0);

  // archive counters already in use (none in an empty registry, but never reuse a number)
  const seqRows = await deps.db.select().from(sequences).where(sql`${sequences.name} like 'archive:%'`);
  const seqStart = new Map(seqRows.map((r) => [r.name, Number(r.value)]));

  // generate and write, chunk by chunk: the next chunk is generated while the database writes the previous
  // ones (PostgreSQL writes two chunks at once on separate connections; PGlite has one)
  const inFlight = opts.concurrency ?? (deps.dbKind === 'postgres' ? 2 : 1);
  let done = 0;
  let memberCount = 0;
  const pending: Array<Promise<void>> = [];
  let failure: unknown = null;
  let chunk: GenHousehold[] = [];
  let cpuMs = 0;
  let waitMs = 0;
  let mark = performance.now();
  const flush = async () => {
    const rows = toRows(deps, chunk, unionIds);
    const n = chunk.length;
    const m = rows.mRows.length;
    chunk = [];
    const t = performance.now();
    cpuMs += t - mark;
    while (pending.length >= inFlight) await pending.shift();
    mark = performance.now();
    waitMs += mark - t;
    if (failure) throw failure;
    const p = writeChunk(deps.db, rows).then(
      () => {
        done += n;
        memberCount += m;
        opts.onProgress?.({ phase: 'households', done, total: count, members: memberCount, elapsedMs: elapsed() });
      },
      (e: unknown) => {
        failure ??= e;
      },
    );
    pending.push(p);
  };
  for (const county of plan.counties) {
    const gen = generateCounty({
      seed,
      county,
      unions: specs.get(county.code)!,
      line: lines.get(county.code)!,
      year,
      today,
      archiveStart: (y) => seqStart.get(`archive:${county.code}:${y}`) ?? 0,
    });
    for (const h of gen) {
      chunk.push(h);
      if (chunk.length >= chunkSize) await flush();
    }
  }
  if (chunk.length > 0) await flush();
  const t = performance.now();
  await Promise.all(pending);
  waitMs += performance.now() - t;
  if (failure) throw failure;

  const summary = {
    count,
    seed,
    year,
    households: done,
    members: memberCount,
    unions: unionCount,
    byCategory: { dibao: totals.dibao, near_dibao: totals.near_dibao, accident: totals.accident },
    illnessPrimary: totals.illness,
    extremeHardship: totals.extreme,
    zunyi: { code: PRACTICE.zunyiCode, extremeHardship: totals.zunyiExtreme, extremeHardshipIllness: totals.zunyiExtremeIllness },
    elapsedMs: elapsed(),
    generateMs: Math.round(cpuMs),
    databaseWaitMs: Math.round(waitMs),
  };
  await withTx(deps.db, (tx) => recordAudit(tx, actor, deps.clock, { action: 'demo.seed_households', entityType: 'system', orgPath: provincePath, regionCode: '52', after: summary }));
  opts.onProgress?.({ phase: 'done', done, total: count, members: memberCount, elapsedMs: elapsed() });
  return {
    skipped: false,
    message: `演示家庭 ${done} 户、成员 ${memberCount} 人已生成 / ${done} demo households with ${memberCount} members seeded`,
    households: done,
    members: memberCount,
    unions: unionCount,
    year,
    elapsedMs: elapsed(),
    generateMs: summary.generateMs,
    databaseWaitMs: summary.databaseWaitMs,
    totals,
  };
}
