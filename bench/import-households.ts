/**
 * Excel import at provincial scale (issue 3, "Speed and memory"): a workbook of N households (default 197,392, the
 * Guizhou file count) with about three members each is generated with exceljs's streaming WorkbookWriter, then
 * imported on PostgreSQL and on PGlite, and compared with the limit measured in the same run — reading the same file
 * with exceljs's streaming reader alone, plus PostgreSQL COPY of the rows the import wrote. Every step runs in its
 * own process, so each peak RSS is that step's own; the database the import goes into (schema, orgs, dibao lines) is
 * made beforehand by a step of its own, as the app's database exists before an import.
 *
 *   npx tsx bench/import-households.ts [N] [--mode all-or-nothing|valid-rows] [--skip-pglite] [--reimport]
 *   (--reimport: on PostgreSQL, import the same file a second time — every household unchanged)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres   (default; a scratch database is created and dropped)
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { ImportMode } from '../src/contracts/registry-import';
import { createOrg, generateFederations, getOrgByCode } from '../src/server/modules/orgs/org.service';
import { divisionsOf } from '../src/server/modules/orgs/division';
import { putDibaoLine } from '../src/server/modules/registry/dibao-line.service';
import { IMPORT_NODE_FLAGS, IMPORT_PGLITE_SHARED_BUFFERS } from '../src/server/modules/registry/import/import.cli';
import { HOUSEHOLD_COLUMNS, MEMBER_COLUMNS } from '../src/server/modules/registry/import/import.columns';
import { runImport, sha256File } from '../src/server/modules/registry/import/import.service';
import { verifyAuditChain } from '../src/server/platform/audit/audit.service';
import { systemClock } from '../src/server/platform/clock';
import { openDatabase, runMigrations } from '../src/server/platform/db/client';
import { withTx } from '../src/server/platform/db/tx';
import type { Deps } from '../src/server/platform/deps';
import { systemActor } from '../src/server/platform/http/actor';
import { PiiCipher } from '../src/server/platform/pii/cipher';
import { makeIdNumber } from '../src/server/platform/pii/idcard';
import { testConfig } from '../src/server/config';

const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const COUNTIES = divisionsOf('52').filter((d) => d.level === 'county').map((d) => d.code);
const unionCode = (county: string) => `${county}-G9001`;

// ───────────────────────── the workbook ─────────────────────────

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍鹏辉建华文红梅丹红玲斌飞宇浩凯健俊帆帅旭宁琳颖欣怡';
const CAUSES = ['因病', '下岗失业', '因残', '子女就学', '意外事故', '因灾', '社保不健全', '单亲', '其他'];
const HOUSING = ['自有住房', '租房', '公租房/廉租房', '无固定住所'];
const EMPLOYMENT = ['在岗', '下岗', '失业', '退休', '灵活就业', '间歇性歇岗'];

function nameOf(n: number): string {
  return SURNAMES[n % SURNAMES.length] + GIVEN[(n * 7) % GIVEN.length] + (n % 3 === 0 ? '' : GIVEN[(n * 13) % GIVEN.length]);
}

/** Person p's ID number: unique for p < 25,000,000 (birth day and sequence from p), valid checksum. */
function idOf(county: string, p: number, bornFrom: number, span: number): string {
  const day = bornFrom + (p % span);
  const d = new Date(Date.UTC(1900, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
  return makeIdNumber(county, d, Math.floor(p / span) % 1000);
}

const SIZES = [1, 2, 3, 3, 3, 4, 4, 5];
const SIZE_PREFIX = SIZES.map((_, i) => SIZES.slice(0, i).reduce((a, b) => a + b, 0));
const PER_CYCLE = SIZES.reduce((a, b) => a + b, 0);

function householdValues(i: number, archiveNo: string | null): Record<string, unknown> {
  const county = COUNTIES[i % COUNTIES.length];
  const cause = CAUSES[(i * 7) % CAUSES.length];
  return {
    seq: i + 1,
    archiveNo,
    orgCode: unionCode(county),
    regionCode: county,
    address: `${county} 街道 ${(i % 300) + 1} 号 ${(i % 17) + 1} 栋 ${(i % 6) + 1} 单元`,
    employer: i % 4 === 0 ? null : `第${(i % 97) + 1}机械厂`,
    unionMember: i % 9 === 0 ? '否' : '是',
    housing: HOUSING[i % 4],
    housingArea: i % 5 === 0 ? null : 20 + (i % 80) + (i % 2 ? 0.5 : 0),
    receivesDibao: i % 6 === 0 ? '是' : '否',
    dibaoCertificateNo: i % 6 === 0 ? `DB${county}${String(i).padStart(7, '0')}` : null,
    otherAnnualIncomeFen: i % 7 === 0 ? 1200 : null,
    medicalOutOfPocketFen: i % 3 === 0 ? 5000 + (i % 40) * 1000 : null,
    schoolingSpendingFen: i % 4 === 0 ? '3,000.00' : null,
    disasterLossFen: i % 23 === 0 ? 8000 : null,
    primaryCause: cause,
    secondaryCauses: i % 5 === 0 ? (cause === '子女就学' ? '因病' : '子女就学') : null,
    flags: i % 11 === 0 ? '单亲家庭' : null,
    bankName: '贵州银行',
    bankAccount: `6214${String(830000000000 + i).padStart(12, '0')}`,
  };
}

function memberValues(i: number): Array<Record<string, unknown>> {
  const county = COUNTIES[i % COUNTIES.length];
  const size = SIZES[i % 8];
  const first = Math.floor(i / 8) * PER_CYCLE + SIZE_PREFIX[i % 8];
  return Array.from({ length: size }, (_, j) => {
    const p = first + j;
    const adult = j < 2 || j === 4;
    return {
      householdSeq: i + 1,
      name: nameOf(p),
      relation: j === 0 ? '户主(职工)' : j === 1 ? '配偶' : j === 4 ? '父母' : '子女',
      idNumber: idOf(county, p, adult ? 20_000 : 36_500, adult ? 12_000 : 6_000),
      phone: j === 0 ? `139${String(p).padStart(8, '0')}` : null,
      health: p % 10 === 0 ? '大病/重病' : p % 13 === 0 ? '慢性病' : '健康',
      schoolingStage: adult ? '非在校' : ['小学', '初中', '高中', '本科'][p % 4],
      employment: adult ? EMPLOYMENT[p % EMPLOYMENT.length] : '无业/学生/无劳动能力',
      'income.wage': adult && p % 3 !== 0 ? 800 + (p % 20) * 50 : null,
      'income.pension': adult && p % 3 === 0 ? 600 : null,
    };
  });
}

/** Households sheet first, then members in household order; each row is committed as it is written. */
async function generate(file: string, n: number): Promise<{ households: number; members: number; bytes: number }> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const help = wb.addWorksheet('说明');
  help.addRow(['困难职工家庭摸底上报表（基准测试生成）']).commit();
  help.commit();
  const hs = wb.addWorksheet('家庭');
  const ms = wb.addWorksheet('成员');
  hs.addRow(HOUSEHOLD_COLUMNS.map((c) => c.zh)).commit();
  const hKeys = HOUSEHOLD_COLUMNS.map((c) => c.key);
  const mKeys = MEMBER_COLUMNS.map((c) => c.key);
  const archiveSeq = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    let archiveNo: string | null = null;
    if (i % 10 < 3) {
      const county = COUNTIES[i % COUNTIES.length];
      const s = (archiveSeq.get(county) ?? 0) + 1;
      archiveSeq.set(county, s);
      archiveNo = `${county}-2016-${String(s).padStart(6, '0')}`;
    }
    const h = householdValues(i, archiveNo);
    hs.addRow(hKeys.map((k) => h[k] ?? null)).commit();
  }
  hs.commit();
  ms.addRow(MEMBER_COLUMNS.map((c) => c.zh)).commit();
  let members = 0;
  for (let i = 0; i < n; i++) {
    for (const m of memberValues(i)) {
      ms.addRow(mKeys.map((k) => m[k] ?? null)).commit();
      members++;
    }
  }
  ms.commit();
  await wb.commit();
  return { households: n, members, bytes: statSync(file).size };
}

// ───────────────────────── steps (each in its own process) ─────────────────────────

async function readOnly(file: string) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(file), { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  let rows = 0;
  let cells = 0;
  for await (const ws of reader) {
    for await (const row of ws as unknown as AsyncIterable<{ values: unknown[] }>) {
      rows++;
      cells += row.values.length;
    }
  }
  return { rows, cells };
}

async function setup(deps: Deps) {
  const actor = systemActor('bench');
  await withTx(deps.db, async (tx) => {
    await generateFederations(tx, actor, deps.clock, '52');
    for (const county of COUNTIES) {
      if (await getOrgByCode(tx, unionCode(county))) continue;
      const parent = await getOrgByCode(tx, county);
      await createOrg(tx, actor, deps.clock, { name: `${county} 基准测试工会`, kind: 'grassroots', parentId: parent!.id, regionCode: county, code: unionCode(county) });
    }
    const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(deps.clock.now()));
    for (const city of divisionsOf('52').filter((d) => d.level === 'city')) {
      await putDibaoLine(tx, deps, actor, { regionCode: city.code, year, dibaoLineFen: 56000, nearDibaoMultiplierBp: 15000, rigidSpendingShareBp: 8000 });
    }
  });
}

const openTarget = (driver: 'postgres' | 'pglite', target: string) =>
  driver === 'postgres' ? openDatabase({ databaseUrl: target, poolSize: 4 }) : openDatabase({ dataDir: target, holder: 'bench', pgliteSharedBuffers: IMPORT_PGLITE_SHARED_BUFFERS });
const benchDeps = (h: Awaited<ReturnType<typeof openDatabase>>): Deps => ({ db: h.db, dbKind: h.kind, clock: systemClock, cipher: PiiCipher.fromConfig('b'.repeat(64)), config: testConfig() });

/**
 * The database the import goes into, made beforehand in its own process — as the app's database exists before anyone
 * imports into it. (PGlite's initdb, run in the importing process, would leave ~500 MB of WebAssembly memory behind in
 * it that an import into an existing database never has.)
 */
async function prepareStep(driver: 'postgres' | 'pglite', target: string) {
  const h = await openTarget(driver, target);
  await runMigrations(h);
  await setup(benchDeps(h));
  await h.close();
  return {};
}

async function importStep(file: string, driver: 'postgres' | 'pglite', target: string, mode: ImportMode, reimport: boolean) {
  const h = await openTarget(driver, target);
  await runMigrations(h); // nothing to apply: the database was prepared
  const deps = benchDeps(h);
  const province = await getOrgByCode(deps.db, '52');
  const { sha256, bytes } = await sha256File(file);
  const run = async () => {
    let lastLog = 0;
    const t0 = performance.now();
    // how long each phase took (reading, writing, indexing, …), in order; the audit chain and ANALYZE count as the last
    const phases: Array<[string, number]> = [];
    let phase = '';
    let phaseAt = t0;
    const r = await runImport(deps, {
      open: () => createReadStream(file),
      sniffPath: file,
      fileName: path.basename(file),
      fileBytes: bytes,
      fileSha256: sha256,
      mode,
      org: { id: province!.id, code: province!.code, name: province!.name, path: province!.path, regionCode: province!.regionCode },
      actor: systemActor('bench'),
      onProgress: (p) => {
        if (p.phase !== phase) {
          const at = performance.now();
          if (phase) phases.push([phase, Math.round(at - phaseAt)]);
          phase = p.phase;
          phaseAt = at;
        }
        if (Date.now() - lastLog > 10_000) {
          lastLog = Date.now();
          process.stderr.write(`  [${driver}] ${p.phase} rows ${p.rowsRead} households ${p.householdsDone}/${p.householdsTotal} rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB\n`);
        }
      },
    });
    const end = performance.now();
    if (phase) phases.push([phase + '+end', Math.round(end - phaseAt)]);
    return { ms: end - t0, phases, outcome: r.outcome, counts: r.counts, issues: r.issues.slice(0, 3) };
  };
  const first = await run();
  const second = reimport ? await run() : null;
  // the import's own peak, before the bench's check of the audit chain below (which reads every event back)
  const importMaxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const t = performance.now();
  const chain = await verifyAuditChain(deps.db);
  const verifyMs = performance.now() - t;
  await h.close();
  return { first, second, importMaxRssMb, chainOk: chain.ok, chainEvents: chain.checked, verifyMs };
}

const COPY_TABLES = ['households', 'household_members', 'household_events', 'audit_events'];

async function copyStep(url: string, dir: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const out: Record<string, { rows: number; ms: number }> = {};
  let total = 0;
  for (const t of COPY_TABLES) {
    const file = path.join(dir, `${t}.copy`);
    await pipeline(c.query(copyTo(`copy ${t} to stdout`)), createWriteStream(file));
    await c.query(`drop table if exists bench_${t}; create table bench_${t} (like ${t} including all)`);
    // what the import before left to write to disk is written now, not during the timed COPY
    await c.query('checkpoint');
    const t0 = performance.now();
    await pipeline(createReadStream(file), c.query(copyFrom(`copy bench_${t} from stdin`)));
    const ms = performance.now() - t0;
    const { rows } = await c.query(`select count(*)::int as n from bench_${t}`);
    out[t] = { rows: rows[0].n, ms: Math.round(ms) };
    total += ms;
    await c.query(`drop table bench_${t}`);
    rmSync(file, { force: true });
  }
  await c.end();
  return { tables: out, ms: total };
}

async function child(step: string, args: string[]) {
  // peaks of the JS heap and of memory outside it (buffers, PGlite's WebAssembly memory), sampled
  const peak = { heapMb: 0, externalMb: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.heapMb = Math.max(peak.heapMb, Math.round(m.heapUsed / 2 ** 20));
    peak.externalMb = Math.max(peak.externalMb, Math.round((m.external + m.arrayBuffers) / 2 ** 20));
  };
  const timer = setInterval(sample, 250);
  const t0 = performance.now();
  let extra: unknown;
  if (step === 'gen') extra = await generate(args[0], Number(args[1]));
  else if (step === 'read') extra = await readOnly(args[0]);
  else if (step === 'prepare') extra = await prepareStep(args[0] as 'postgres' | 'pglite', args[1]);
  else if (step === 'import') extra = await importStep(args[0], args[1] as 'postgres' | 'pglite', args[2], args[3] as ImportMode, args[4] === 'reimport');
  else if (step === 'copy') extra = await copyStep(args[0], args[1]);
  const ms = performance.now() - t0;
  clearInterval(timer);
  sample();
  process.stdout.write(JSON.stringify({ step, ms: Math.round(ms), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), ...peak, extra }) + '\n');
}

// ───────────────────────── orchestration ─────────────────────────

interface StepResult {
  step: string;
  ms: number;
  maxRssMb: number;
  heapMb: number;
  externalMb: number;
  extra: Record<string, unknown>;
}

function runChild(args: string[]): Promise<StepResult> {
  return new Promise((resolve, reject) => {
    // the import runs with the heap bound the CLI gives it; writing the file and exceljs's reader get room
    const heap = args[0] === 'import' ? IMPORT_NODE_FLAGS : ['--max-old-space-size=4096'];
    const p = spawn(process.execPath, ['--import', 'tsx', ...heap, process.argv[1], 'child', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`step ${args[0]} exited with ${code}: ${out}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as StepResult);
    });
  });
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === 'child') return child(argv[1], argv.slice(2));
  const n = Number(argv.find((a) => /^\d+$/.test(a)) ?? 197_392);
  const mode = (argv.includes('--mode') ? argv[argv.indexOf('--mode') + 1] : 'all-or-nothing') as ImportMode;
  const skipPglite = argv.includes('--skip-pglite');
  const reimport = argv.includes('--reimport');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pa-bench-import-'));
  const file = path.join(dir, `households-${n}.xlsx`);
  const scratch = `pa_bench_import_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: BASE_URL });
  await admin.connect();
  await admin.query(`create database ${scratch}`);
  await admin.end();
  const url = Object.assign(new URL(BASE_URL), { pathname: `/${scratch}` }).toString();
  const log = (s: string) => process.stderr.write(s + '\n');
  try {
    log(`generating ${n} households …`);
    const gen = await runChild(['gen', file, String(n)]);
    log(`  ${JSON.stringify(gen)}`);
    log('reading with exceljs alone …');
    const read = await runChild(['read', file]);
    log(`  ${JSON.stringify(read)}`);
    await runChild(['prepare', 'postgres', url]);
    log(`importing on PostgreSQL (${mode}) …`);
    const pgImport = await runChild(['import', file, 'postgres', url, mode, reimport ? 'reimport' : '']);
    log(`  ${JSON.stringify(pgImport)}`);
    log('COPY of the rows the import wrote …');
    const copy = await runChild(['copy', url, dir]);
    log(`  ${JSON.stringify(copy)}`);
    log('reading with exceljs alone, again …');
    const read2 = await runChild(['read', file]);
    log(`  ${JSON.stringify(read2)}`);
    let lite: StepResult | null = null;
    if (!skipPglite) {
      await runChild(['prepare', 'pglite', path.join(dir, 'pglite')]);
      log(`importing on PGlite (${mode}) …`);
      lite = await runChild(['import', file, 'pglite', path.join(dir, 'pglite'), mode, '']);
      log(`  ${JSON.stringify(lite)}`);
    }
    const importMs = (r: StepResult) => (r.extra.first as { ms: number }).ms;
    const readMs = (read.ms + read2.ms) / 2;
    const limit = readMs + (copy.extra.ms as number);
    const summary = {
      date: new Date().toISOString().slice(0, 10),
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, node ${process.version}`,
      households: n,
      members: (gen.extra as { members: number }).members,
      fileMb: Math.round(((gen.extra as { bytes: number }).bytes / 2 ** 20) * 10) / 10,
      mode,
      readOnly: { s: readMs / 1000, runs: [read.ms / 1000, read2.ms / 1000], maxRssMb: Math.max(read.maxRssMb, read2.maxRssMb), heapMb: Math.max(read.heapMb, read2.heapMb) },
      loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
      copy: { s: (copy.extra.ms as number) / 1000, tables: copy.extra.tables },
      limitS: limit / 1000,
      postgres: { s: importMs(pgImport) / 1000, maxRssMb: pgImport.maxRssMb, heapMb: pgImport.heapMb, externalMb: pgImport.externalMb, ratio: importMs(pgImport) / limit, ...pgImport.extra },
      pglite: lite ? { s: importMs(lite) / 1000, maxRssMb: lite.maxRssMb, heapMb: lite.heapMb, externalMb: lite.externalMb, ratio: importMs(lite) / limit, ...lite.extra } : null,
    };
    console.log(JSON.stringify(summary, null, 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    const c = new pg.Client({ connectionString: BASE_URL });
    await c.connect();
    await c.query(`drop database if exists ${scratch} with (force)`);
    await c.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
