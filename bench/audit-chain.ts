/**
 * Audit chain throughput: appending N events (each in its own transaction, as mutations do) versus inserting
 * the same rows without the chain (the limit), and verifying the chain.
 *   npx tsx bench/audit-chain.ts [N]                       (PGlite in memory)
 *   DATABASE_URL=postgres://… npx tsx bench/audit-chain.ts  (PostgreSQL; uses a scratch database)
 */
import os from 'node:os';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { recordAudit, verifyAuditChain } from '../src/server/platform/audit/audit.service';
import { systemClock } from '../src/server/platform/clock';
import { openDatabase, runMigrations } from '../src/server/platform/db/client';
import { withTx } from '../src/server/platform/db/tx';
import { systemActor } from '../src/server/platform/http/actor';

const N = Number(process.argv[2] ?? 5000);

async function main() {
  let url = process.env.DATABASE_URL;
  let scratch: string | null = null;
  if (url) {
    scratch = `pa_bench_${Date.now().toString(36)}`;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`create database ${scratch}`);
    await c.end();
    url = Object.assign(new URL(url), { pathname: `/${scratch}` }).toString();
  }
  const h = await openDatabase({ databaseUrl: url, dataDir: null });
  await runMigrations(h);
  const actor = systemActor('bench');
  const payload = { name: '红花岗区老城社区工会', roles: ['cadre'], phone: '13912345678', note: 'x'.repeat(200) };

  const mem0 = process.memoryUsage().rss;
  let t = performance.now();
  for (let i = 0; i < N; i++) {
    await withTx(h.db, (tx) => recordAudit(tx, actor, systemClock, { action: 'bench.append', entityType: 'bench', entityId: String(i), orgPath: '/52/', after: payload }));
  }
  const chained = N / ((performance.now() - t) / 1000);

  await h.db.execute(sql`create table bench_plain (like audit_events including defaults)`);
  t = performance.now();
  for (let i = 0; i < N; i++) {
    await withTx(h.db, (tx) =>
      tx.execute(sql`insert into bench_plain (seq, id, at, action, entity_type, entity_id, org_path, after, prev_hash, hash)
        values (${i + 1}, gen_random_uuid(), now(), 'bench.append', 'bench', ${String(i)}, '/52/', ${JSON.stringify(payload)}::jsonb, '', '')`),
    );
  }
  const plain = N / ((performance.now() - t) / 1000);

  // concurrent appenders (PostgreSQL pool): 8 writers racing for the head row
  let concurrent: number | null = null;
  if (h.kind === 'postgres') {
    t = performance.now();
    const per = Math.floor(N / 8);
    await Promise.all(
      Array.from({ length: 8 }, (_, w) =>
        (async () => {
          for (let i = 0; i < per; i++) {
            await withTx(h.db, (tx) => recordAudit(tx, actor, systemClock, { action: 'bench.concurrent', entityType: 'bench', entityId: `${w}-${i}`, orgPath: '/52/', after: payload }));
          }
        })(),
      ),
    );
    concurrent = (per * 8) / ((performance.now() - t) / 1000);
  }

  t = performance.now();
  const v = await verifyAuditChain(h.db);
  const verifyRate = v.checked / ((performance.now() - t) / 1000);
  const rssMb = (process.memoryUsage().rss - mem0) / 1024 / 1024;

  console.log(
    JSON.stringify(
      {
        date: new Date().toISOString().slice(0, 10),
        machine: `${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
        driver: h.kind,
        events: N,
        chainedAppendsPerSec: Math.round(chained),
        plainInsertsPerSec: Math.round(plain),
        chainedVsPlain: +(chained / plain).toFixed(2),
        concurrentAppendsPerSec: concurrent && Math.round(concurrent),
        verifyEventsPerSec: Math.round(verifyRate),
        verifyOk: v.ok,
        rssGrowthMb: +rssMb.toFixed(1),
      },
      null,
      2,
    ),
  );
  await h.close();
  if (scratch) {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query(`drop database ${scratch} with (force)`);
    await c.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
