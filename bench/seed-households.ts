/**
 * Demo households at real scale: wall time, rows per second and peak memory of `seed-demo --households N`
 * (default 197,392), then the time of the registry statistics query on the seeded data.
 *   npx tsx bench/seed-households.ts [N]                         (PGlite in a temporary data folder)
 *   npx tsx bench/seed-households.ts [N] --driver postgres       (PostgreSQL: a scratch database on
 *        DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres, dropped afterwards)
 *   --concurrency K   chunks written at once (default 2 on PostgreSQL, 1 on PGlite)
 *   DATABASE_URL=… npx tsx bench/seed-households.ts --stats-only
 *        times only the statistics query on an already seeded PostgreSQL database (e.g. a million households)
 * One driver per process, so that the peak RSS belongs to that run. Results are printed as JSON; copy the
 * figures into docs/BENCHMARKS.md.
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type Permission, permissionsOf } from '../src/contracts/auth';
import type { RegistryStatsQuery } from '../src/contracts/registry-stats';
import { testConfig } from '../src/server/config';
import { seedHouseholds } from '../src/server/demo/households';
import { seedDemo } from '../src/server/demo/seed';
import { getOrgByCode } from '../src/server/modules/orgs/org.service';
import { registryStats } from '../src/server/modules/registry/stats.service';
import { systemClock } from '../src/server/platform/clock';
import { type DatabaseHandle, openDatabase, rowsOf, runMigrations } from '../src/server/platform/db/client';
import type { Deps } from '../src/server/platform/deps';
import type { Actor } from '../src/server/platform/http/actor';
import { PiiCipher } from '../src/server/platform/pii/cipher';

const { values, positionals } = parseArgs({ options: { driver: { type: 'string', default: 'pglite' }, concurrency: { type: 'string' }, 'stats-only': { type: 'boolean', default: false } }, allowPositionals: true });
const N = Number(positionals[0] ?? 197_392);
const driver = values.driver === 'postgres' ? 'postgres' : 'pglite';

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

function machine() {
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  let nproc = os.cpus().length;
  try {
    nproc = Number(execSync('nproc').toString().trim());
  } catch {
    /* keep os.cpus() */
  }
  return { nproc, cpu, ramGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAvg1m: +os.loadavg()[0].toFixed(2) };
}

async function actorFor(deps: Deps, code: string, roles: Array<'reviewer' | 'cadre'>): Promise<Actor> {
  const org = (await getOrgByCode(deps.db, code))!;
  return {
    userId: '00000000-0000-0000-0000-0000000000b1',
    username: 'bench',
    displayName: 'bench',
    orgId: org.id,
    orgCode: org.code,
    orgName: org.name,
    orgKind: org.kind,
    orgPath: org.path,
    divisionCode: ['province', 'city', 'county'].includes(org.kind) ? org.regionCode : null,
    roles,
    permissions: new Set<Permission>(permissionsOf(roles)),
    ip: null,
    userAgent: 'bench',
    requestId: null,
  };
}

async function timeStats(deps: Deps, actor: Actor, q: Partial<RegistryStatsQuery>, runs = 7) {
  const times: number[] = [];
  let households = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const s = await registryStats(deps.db, actor, { status: 'open', ...q });
    times.push(performance.now() - t);
    households = s.households;
  }
  times.sort((a, b) => a - b);
  return { households, medianMs: +times[Math.floor(runs / 2)].toFixed(1), minMs: +times[0].toFixed(1), maxMs: +times[runs - 1].toFixed(1) };
}

async function statsOnly() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('--stats-only needs DATABASE_URL');
  const handle = await openDatabase({ databaseUrl: url });
  const deps: Deps = { db: handle.db, dbKind: handle.kind, clock: systemClock, cipher: PiiCipher.fromConfig('c'.repeat(64)), config: testConfig() };
  const [n] = rowsOf<{ n: number }>(await deps.db.execute(sql`select count(*)::int as n from households`));
  const province = await actorFor(deps, '52', ['reviewer']);
  const result = {
    date: new Date().toISOString().slice(0, 10),
    machine: machine(),
    households: n.n,
    statsQuery: {
      province: await timeStats(deps, province, {}),
      provinceDrillToZunyi: await timeStats(deps, province, { regionCode: '5203' }),
      city5203: await timeStats(deps, await actorFor(deps, '5203', ['reviewer']), {}),
      county520302: await timeStats(deps, await actorFor(deps, '520302', ['cadre']), {}),
      provinceAllStatuses: await timeStats(deps, province, { status: 'all' }),
    },
  };
  await handle.close();
  console.log(JSON.stringify(result, null, 2));
}

async function main() {
  if (values['stats-only']) return statsOnly();
  let handle: DatabaseHandle;
  let dataDir: string | null = null;
  let scratch: string | null = null;
  const adminUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const t0 = performance.now();
  if (driver === 'postgres') {
    scratch = `pa_bench_seed_${Date.now().toString(36)}`;
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`create database ${scratch}`);
    await c.end();
    handle = await openDatabase({ databaseUrl: Object.assign(new URL(adminUrl), { pathname: `/${scratch}` }).toString() });
  } else {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'pa-bench-seed-'));
    handle = await openDatabase({ dataDir, holder: 'bench seed-households' });
  }
  await runMigrations(handle);
  const deps: Deps = { db: handle.db, dbKind: handle.kind, clock: systemClock, cipher: PiiCipher.fromConfig('c'.repeat(64)), config: testConfig() };
  await seedDemo(deps);
  const openMs = performance.now() - t0;

  const rss: number[] = [];
  const rssStart = process.memoryUsage().rss;
  const res = await seedHouseholds(deps, {
    count: N,
    concurrency: values.concurrency ? Number(values.concurrency) : undefined,
    onProgress: (p) => {
      if (p.phase !== 'households') return;
      rss.push(process.memoryUsage().rss);
      if (rss.length % 10 === 0) process.stderr.write(`  ${p.done}/${N} ${Math.round(p.elapsedMs / 1000)} s rss ${mb(rss[rss.length - 1])} MB\n`);
    },
  });
  const seconds = res.elapsedMs / 1000;
  const rows = res.households + res.members;

  const [size] = rowsOf<{ bytes: string }>(await deps.db.execute(sql`select pg_database_size(current_database())::text as bytes`));
  const province = await actorFor(deps, '52', ['reviewer']);
  const city = await actorFor(deps, '5203', ['reviewer']);
  const county = await actorFor(deps, '520302', ['cadre']);
  const statsTimes = {
    province: await timeStats(deps, province, {}),
    provinceDrillToZunyi: await timeStats(deps, province, { regionCode: '5203' }),
    city5203: await timeStats(deps, city, {}),
    county520302: await timeStats(deps, county, {}),
    provinceAllStatuses: await timeStats(deps, province, { status: 'all' }),
  };

  const tc = performance.now();
  await handle.close();
  const closeMs = performance.now() - tc;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (scratch) {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`drop database ${scratch} with (force)`);
    await c.end();
  }

  console.log(
    JSON.stringify(
      {
        date: new Date().toISOString().slice(0, 10),
        machine: machine(),
        driver,
        concurrency: values.concurrency ? Number(values.concurrency) : driver === 'postgres' ? 2 : 1,
        households: res.households,
        members: res.members,
        unions: res.unions,
        seedSeconds: +seconds.toFixed(1),
        householdsPerSec: Math.round(res.households / seconds),
        rowsPerSec: Math.round(rows / seconds),
        generateAndEncryptSeconds: +((res.generateMs ?? 0) / 1000).toFixed(1),
        waitingForDatabaseSeconds: +((res.databaseWaitMs ?? 0) / 1000).toFixed(1),
        openMigrateAndDemoSeconds: +(openMs / 1000).toFixed(1),
        closeSeconds: +(closeMs / 1000).toFixed(1),
        databaseMb: mb(Number(size.bytes)),
        rssBeforeSeedMb: mb(rssStart),
        rssDuringSeedMb: rss.length ? { first: mb(rss[0]), atHalf: mb(rss[Math.floor(rss.length / 2)]), last: mb(rss[rss.length - 1]), max: mb(Math.max(...rss)) } : null,
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        statsQuery: statsTimes,
      },
      null,
      2,
    ),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
