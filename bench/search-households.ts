/**
 * Search over the household files through the API (issue 3, "Speed and memory"): p50/p95 of name, pinyin-initials,
 * ID-number and filtered list queries at C concurrent clients (default 20), against a server started as its own process
 * on a database that already holds the households (e.g. `seed-demo --households 1000000`).
 *
 *   DATABASE_URL=postgres://…/db PII_KEY=… npx tsx bench/search-households.ts [--requests 400] [--concurrency 20] [--port 3999]
 *
 * The script samples real values from the database (worker names, initials, members' ID numbers decrypted with the
 * configured key, regions), starts `src/server/main.ts` on the same database (DEMO off, logging at warn), logs in as the
 * province admin and as a county reviewer, warms up, then runs each query kind as R requests spread over C clients that
 * each keep one request in flight (node:http with a keep-alive agent, one connection per client; the body is not parsed,
 * only its status and whether the page has items are read). Latency is measured in the client from sending to the last
 * byte.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { resolvePiiCipher } from '../src/server/platform/pii/keys';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '20' },
    port: { type: 'string', default: '3999' },
    /** requests of each kind before the timed runs: the server's JIT compiles its hot paths on the same two cores
     *  during roughly the first thousand requests, which is not the steady state a running server is in */
    warmup: { type: 'string', default: '1000' },
    /** write a CPU profile of the server into this folder (read it with Chrome's DevTools) */
    profile: { type: 'string' },
    /** only the query kinds whose name contains this text */
    only: { type: 'string' },
  },
});
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const PORT = Number(values.port);
const WARMUP = Number(values.warmup);
const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL || !process.env.PII_KEY) throw new Error('DATABASE_URL and PII_KEY are required');
const BASE = `http://127.0.0.1:${PORT}`;
const PASSWORD = 'PrecisionAid@2026';

/** Deterministic pick (the same samples every run on the same data). */
function picker(seed: number) {
  let s = seed >>> 0;
  return <T>(xs: readonly T[]): T => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return xs[s % xs.length]!;
  };
}

async function sample() {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  const count = Number((await client.query('select count(*)::int as n from households')).rows[0].n);
  // an evenly spread sample of files: every k-th by id
  const rows = (
    await client.query<{ worker_name: string; worker_initials: string; region_code: string }>(
      `select worker_name, worker_initials, region_code from households tablesample system (1) repeatable (42) limit 2000`,
    )
  ).rows;
  const ids = (await client.query<{ id_number_enc: string }>(`select id_number_enc from household_members tablesample system (0.2) repeatable (7) limit 500`)).rows;
  const archiveNos = (await client.query<{ archive_no: string }>(`select archive_no from households tablesample system (0.5) repeatable (11) where archive_no is not null limit 500`)).rows;
  await client.end();
  const { cipher } = resolvePiiCipher(process.env.PII_KEY!, '');
  return {
    count,
    names: rows.map((r) => r.worker_name),
    surnames: [...new Set(rows.map((r) => r.worker_name.slice(0, 1)))],
    initials: rows.map((r) => r.worker_initials.slice(0, 2)).filter((s) => s.length === 2),
    counties: [...new Set(rows.map((r) => r.region_code))],
    idNumbers: ids.map((r) => cipher.decrypt(r.id_number_enc)),
    archiveNos: archiveNos.map((r) => r.archive_no),
  };
}

async function waitForHealth(deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`${BASE}/api/health`);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server did not start');
}

async function login(username: string): Promise<string> {
  const r = await fetch(`${BASE}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (!r.ok) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return cookie;
}

interface Kind {
  name: string;
  cookie: string;
  url: () => string;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** One keep-alive connection per client: the bench's own work on the shared cores stays small. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** GET through the keep-alive agent; resolves at the last byte with the status and whether the page had items. */
function get(path: string, cookie: string): Promise<{ status: number; hit: boolean }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: PORT, path, agent, headers: { cookie } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        // a page with results starts `{"items":[{`; the whole body is checked to be JSON-shaped without parsing it
        const hit = body.length > 11 && body.toString('latin1', 0, 11) === '{"items":[{' && body[body.length - 1] === 0x7d;
        resolve({ status: res.statusCode ?? 0, hit });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function run(kind: Kind, requests: number): Promise<{ lat: number[]; wallMs: number; hits: number; errors: number }> {
  const lat: number[] = [];
  let next = 0;
  let hits = 0;
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests) {
        next++;
        const url = kind.url();
        const s = performance.now();
        const r = await get(url, kind.cookie);
        lat.push(performance.now() - s);
        if (r.status !== 200) errors++;
        else if (r.hit) hits++;
      }
    }),
  );
  return { lat: lat.sort((a, b) => a - b), wallMs: performance.now() - t0, hits, errors };
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU time (user + system) a process has used so far, in ms; NaN where /proc is not there. */
function processCpuMs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS; // utime, stime
  } catch {
    return NaN;
  }
}

const DB_NAME = new URL(DATABASE_URL).pathname.slice(1);

/**
 * CPU time used so far by the PostgreSQL backends connected to the bench's database (their title reads
 * `postgres: … <user> <database> <client>`), so other databases' work on the same server is not counted.
 */
function postgresCpuMs(): number {
  let total = 0;
  try {
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() !== 'postgres') continue;
        if (!readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(` ${DB_NAME} `)) continue;
        total += processCpuMs(Number(d));
      } catch {
        /* the process ended meanwhile */
      }
    }
  } catch {
    return NaN;
  }
  return total;
}

async function main() {
  console.log('sampling values from the database …');
  const s = await sample();
  console.log(`  ${s.count.toLocaleString('en')} households; ${s.names.length} names, ${s.idNumbers.length} ID numbers, ${s.archiveNos.length} archive numbers, ${s.counties.length} counties sampled`);

  const profile = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [];
  const server = spawn(process.execPath, [...profile, '--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', DEMO: 'false', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    await waitForHealth(Date.now() + 120_000);
    const province = await login('admin');
    const county = await login('honghuagang_reviewer');
    const pick = picker(20261130);
    const CATS = ['dibao', 'near_dibao', 'accident'];
    const LEVELS = ['deep', 'relative', 'general'];
    const CAUSES = ['illness', 'unemployment', 'disability', 'schooling', 'accident', 'disaster'];
    const list = '/api/v1/registry/households?limit=50&';
    const all: Kind[] = [
      { name: 'name: full name (province)', cookie: province, url: () => list + `q=${encodeURIComponent(pick(s.names))}` },
      { name: 'name: surname only (province)', cookie: province, url: () => list + `q=${encodeURIComponent(pick(s.surnames))}` },
      { name: 'pinyin initials, 2 letters (province)', cookie: province, url: () => list + `q=${pick(s.initials)}` },
      { name: 'ID number, exact (province)', cookie: province, url: () => list + `q=${pick(s.idNumbers)}` },
      { name: 'archive number, exact (province)', cookie: province, url: () => list + `q=${pick(s.archiveNos)}` },
      {
        name: 'filtered: county + category + level (province)',
        cookie: province,
        url: () => list + `regionCode=${pick(s.counties)}&category=${pick(CATS)}&level=${pick(LEVELS)}`,
      },
      { name: 'filtered: cause + serious illness (province)', cookie: province, url: () => list + `cause=${pick(CAUSES)}&seriousIllness=true` },
      { name: 'filtered: students + category (county reviewer)', cookie: county, url: () => list + `hasStudents=true&category=${pick(CATS)}` },
      { name: 'list, first page, no filter (county reviewer)', cookie: county, url: () => list },
    ];
    const kinds = values.only ? all.filter((k) => k.name.includes(values.only!)) : all;
    console.log(`warming up (${WARMUP} requests of each kind) …`);
    for (const k of kinds) await run(k, WARMUP);
    console.log(`\n${REQUESTS} requests per kind, ${CONCURRENCY} concurrent clients\n`);
    console.log('CPU ms/req: the server process, the PostgreSQL backends of this database and this client, each divided by the requests (Linux /proc)\n');
    console.log('| query | p50 ms | p95 ms | p99 ms | max ms | req/s | with results | errors | CPU ms/req server · PostgreSQL · client |');
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    const every: number[] = [];
    for (const k of kinds) {
      const before = { server: processCpuMs(server.pid), pg: postgresCpuMs(), client: process.cpuUsage() };
      const r = await run(k, REQUESTS);
      const client = process.cpuUsage(before.client);
      const per = (ms: number) => (Number.isFinite(ms) ? (ms / REQUESTS).toFixed(2) : '–');
      const cpu = `${per(processCpuMs(server.pid) - before.server)} · ${per(postgresCpuMs() - before.pg)} · ${per((client.user + client.system) / 1000)}`;
      every.push(...r.lat);
      const f = (n: number) => n.toFixed(1);
      console.log(`| ${k.name} | ${f(percentile(r.lat, 50))} | ${f(percentile(r.lat, 95))} | ${f(percentile(r.lat, 99))} | ${f(r.lat[r.lat.length - 1]!)} | ${Math.round((REQUESTS / r.wallMs) * 1000)} | ${r.hits} | ${r.errors} | ${cpu} |`);
    }
    every.sort((a, b) => a - b);
    console.log(`| all kinds together | ${percentile(every, 50).toFixed(1)} | ${percentile(every, 95).toFixed(1)} | ${percentile(every, 99).toFixed(1)} | ${every[every.length - 1]!.toFixed(1)} | | | | |`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
