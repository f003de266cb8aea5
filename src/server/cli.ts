import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../contracts/auth';
import { openRuntime } from './bootstrap';
import { loadConfig } from './config';
import { DEFAULT_SEED, SeedRefusedError, seedHouseholds } from './demo/households';
import { seedDemoAid } from './demo/aid';
import { seedDemoMutualAid, seedMutualAidSchemes } from './demo/mutual-aid';
import { seedDemoWorkflow } from './demo/workflow';
import { DEMO_PASSWORD, seedDemo } from './demo/seed';
import { createUser } from './modules/auth/user.service';
import { generateFederations, getOrgByCode } from './modules/orgs/org.service';
import { verifyLedger } from './modules/ledger/ledger.service';
import { IMPORT_PGLITE_SHARED_BUFFERS, boundedRelaunchArgs, importArgumentProblem, importHouseholdsCli } from './modules/registry/import/import.cli';
import { verifyAuditChain } from './platform/audit/audit.service';
import { backupDatabase, restorePglite, restorePostgres } from './platform/db/backup';
import { openDatabase, runMigrations } from './platform/db/client';
import { PiiKeyMismatchError } from './platform/pii/key-check';
import { DataDirBusyError, acquireDataDirLock } from './platform/db/lock';
import { withTx } from './platform/db/tx';
import { systemActor } from './platform/http/actor';
import { AppError } from './platform/http/errors';
import { render } from './platform/http/i18n';

const HELP = `精准帮扶 Precision Aid — 命令行 / command line

  npm run cli -- <command> [options]

  migrate                       apply database migrations
  init-orgs [--province 52]     generate the federation tree (province → cities → counties) from GB/T 2260
  seed-demo                     federations, demo unions and demo users (password ${DEMO_PASSWORD}); demo use only
    [--households N] [--seed S]  also N deterministic demo households over the 88 counties, e.g. 197392 (the
                                province's real scale); into a database without households (seed ${DEFAULT_SEED})
    [--workflow]                also a few files of 红花岗区老城社区工会 at every verification step (draft, to assign,
                                to visit, to approve, approved), and 金秋助学 / 送温暖 programs with awards at every
                                step of aid (review, notice with an objection, paid, failed and retried, recovery), so
                                each demo login opens on a queue
  create-user --username U --password P --org CODE --role ROLE [--role ROLE2] [--name 显示名]
  import-households FILE --org CODE [--mode dry-run|all-or-nothing|valid-rows] [--report OUT.xlsx]
                                摸底上报: import household files from the Excel template (default all-or-nothing);
                                rows may name unions under CODE; exit code 1 when the file has issues
  verify-audit                  walk the audit hash chain; exit code 1 names the first broken event
  verify-ledger                 check every entry balances and every account's balance equals its lines; exit code 1 names the first problem
  backup --out FILE             embedded: PGlite data-folder dump (.tar.gz); PostgreSQL: pg_dump custom format
  restore --in FILE [--force]   embedded: into an empty DATA_DIR (--force moves the old one aside); PostgreSQL: pg_restore

Configuration comes from the environment: DATA_DIR, DATABASE_URL, PII_KEY (see README).
The embedded database is single-process: stop the server before running commands on the same DATA_DIR.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      username: { type: 'string' },
      password: { type: 'string' },
      org: { type: 'string' },
      role: { type: 'string', multiple: true },
      name: { type: 'string' },
      out: { type: 'string' },
      in: { type: 'string' },
      force: { type: 'boolean', default: false },
      province: { type: 'string', default: '52' },
      households: { type: 'string' },
      seed: { type: 'string' },
      workflow: { type: 'boolean', default: false },
      mode: { type: 'string', default: 'all-or-nothing' },
      report: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (positionals.length > 0 && command !== 'import-households') {
    console.error(`多余的参数 / unexpected argument: ${positionals[0]}`);
    return 2;
  }
  const config = loadConfig();
  const holder = `cli ${command ?? ''}`.trim();

  switch (command) {
    case 'migrate': {
      const { handle } = await openRuntime(holder, config);
      await handle.close();
      console.log('迁移完成 / migrations applied');
      return 0;
    }
    case 'init-orgs': {
      const { deps, handle } = await openRuntime(holder, config);
      try {
        const n = await withTx(deps.db, (tx) => generateFederations(tx, systemActor('cli'), deps.clock, values.province));
        console.log(`生成组织 / federations created: ${n}`);
      } finally {
        await handle.close();
      }
      return 0;
    }
    case 'seed-demo': {
      const count = values.households === undefined ? null : Number(values.households);
      if (count !== null && (!Number.isInteger(count) || count < 1)) {
        console.error('--households 须为正整数 / --households must be a positive integer');
        return 2;
      }
      const { deps, handle } = await openRuntime(holder, config);
      try {
        await seedDemo(deps, console.log);
        await seedMutualAidSchemes(deps, console.log);
        if (count !== null) {
          const res = await seedHouseholds(deps, { count, seed: values.seed, onProgress: progressPrinter(count) });
          console.log(res.message);
          if (!res.skipped) console.log(`用时 / took ${(res.elapsedMs / 1000).toFixed(1)} s (${Math.round(res.households / (res.elapsedMs / 1000))} households/s)`);
        }
        if (values.workflow) {
          await seedDemoWorkflow(deps, console.log);
          await seedDemoAid(deps, console.log);
          await seedDemoMutualAid(deps, console.log);
        }
      } catch (e) {
        if (e instanceof SeedRefusedError) {
          console.error(e.message);
          return 1;
        }
        throw e;
      } finally {
        await handle.close();
      }
      return 0;
    }
    case 'create-user': {
      const { username, password, org } = values;
      const roles = (values.role ?? []).flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean);
      if (!username || !password || !org || roles.length === 0) {
        console.error('需要 / required: --username --password --org CODE --role ROLE');
        return 2;
      }
      const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
      if (bad.length) {
        console.error(`未知角色 / unknown role: ${bad.join(', ')} (one of ${ROLES.join(', ')})`);
        return 2;
      }
      const { deps, handle } = await openRuntime(holder, config);
      try {
        const o = await getOrgByCode(deps.db, org);
        if (!o) {
          console.error(`组织代码不存在 / no org with code ${org} (run init-orgs or seed-demo first)`);
          return 2;
        }
        const u = await withTx(deps.db, (tx) =>
          createUser(tx, deps, systemActor('cli'), { username, password, displayName: values.name ?? username, orgId: o.id, roles: roles as Role[], mustChangePassword: false }),
        );
        console.log(`已创建用户 / user created: ${u.username} @ ${u.orgName} [${u.roles.join(', ')}]`);
      } finally {
        await handle.close();
      }
      return 0;
    }
    case 'import-households': {
      if (positionals.length !== 1 || !values.org) {
        console.error('需要 / required: import-households FILE --org CODE [--mode dry-run|all-or-nothing|valid-rows] [--report OUT.xlsx]');
        return 2;
      }
      const problem = importArgumentProblem(positionals[0], values.mode ?? 'all-or-nothing');
      if (problem) {
        console.error(problem);
        return 2;
      }
      const relaunch = boundedRelaunchArgs();
      if (relaunch) {
        return await new Promise<number>((resolve, reject) =>
          spawn(process.execPath, relaunch, { stdio: 'inherit' })
            .on('error', reject)
            .on('exit', (code) => resolve(code ?? 1)),
        );
      }
      const { deps, handle } = await openRuntime(holder, config, { pgliteSharedBuffers: IMPORT_PGLITE_SHARED_BUFFERS });
      try {
        return await importHouseholdsCli(deps, { file: positionals[0], orgCode: values.org, mode: values.mode ?? 'all-or-nothing', reportPath: values.report });
      } finally {
        await handle.close();
      }
    }
    case 'verify-audit': {
      const { deps, handle } = await openRuntime(holder, config);
      try {
        const res = await verifyAuditChain(deps.db);
        (res.ok ? console.log : console.error)(res.message);
        if (res.problem) console.error(JSON.stringify(res.problem));
        return res.ok ? 0 : 1;
      } finally {
        await handle.close();
      }
    }
    case 'verify-ledger': {
      const { deps, handle } = await openRuntime(holder, config);
      try {
        const res = await verifyLedger(deps.db);
        (res.ok ? console.log : console.error)(res.message);
        if (res.problem) console.error(JSON.stringify(res.problem));
        return res.ok ? 0 : 1;
      } finally {
        await handle.close();
      }
    }
    case 'backup': {
      if (!values.out) {
        console.error('需要 / required: --out FILE');
        return 2;
      }
      const { handle } = await openRuntime(holder, config);
      try {
        const r = await backupDatabase(handle, values.out);
        console.log(`备份完成 / backup written: ${path.resolve(values.out)} (${r.bytes} bytes, ${r.format})`);
        console.log('注意：备份不含个人信息密钥，请另行保管 / note: the PII key is not in the backup; keep it separately');
      } finally {
        await handle.close();
      }
      return 0;
    }
    case 'restore': {
      if (!values.in) {
        console.error('需要 / required: --in FILE');
        return 2;
      }
      if (config.databaseUrl) {
        await restorePostgres(values.in, config.databaseUrl);
      } else {
        // hold the data-folder lock while restoring so a running server cannot interfere
        mkdirSync(config.dataDir, { recursive: true });
        const lock = acquireDataDirLock(config.dataDir, holder);
        try {
          const r = await restorePglite(values.in, path.join(config.dataDir, 'pgdata'), values.force);
          if (r.movedAside) console.log(`原数据已移至 / previous data moved to ${r.movedAside}`);
        } finally {
          lock.release();
        }
      }
      // migrate the restored database to this version
      const h = await openDatabase({ databaseUrl: config.databaseUrl ?? undefined, dataDir: config.dataDir, holder });
      await runMigrations(h);
      await h.close();
      console.log('恢复完成 / restore complete');
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(HELP);
      return command ? 0 : 2;
    default:
      console.error(`未知命令 / unknown command: ${command}\n\n${HELP}`);
      return 2;
  }
}

/** Progress of a long seeding: one updating line on a terminal, a line per tenth otherwise. */
function progressPrinter(total: number) {
  const tty = process.stdout.isTTY;
  let lastTenth = -1;
  return (p: { phase: string; done: number; members: number; elapsedMs: number }) => {
    if (p.phase === 'unions') {
      console.log('创建基层工会 / creating grassroots unions …');
      return;
    }
    const pct = total ? (100 * p.done) / total : 100;
    const rate = p.elapsedMs > 0 ? Math.round(p.done / (p.elapsedMs / 1000)) : 0;
    const line = `家庭 households ${p.done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} (${pct.toFixed(1)}%) · 成员 members ${p.members.toLocaleString('en-US')} · ${rate.toLocaleString('en-US')}/s`;
    if (tty) {
      process.stdout.write(`\r${line}${p.phase === 'done' ? '\n' : ''}`);
    } else {
      const tenth = Math.floor(pct / 10);
      if (tenth !== lastTenth || p.phase === 'done') {
        lastTenth = tenth;
        console.log(line);
      }
    }
  };
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((e) => {
    if (e instanceof DataDirBusyError || e instanceof PiiKeyMismatchError) console.error(e.message);
    else if (e instanceof AppError) console.error(`${render(e.code, 'zh-CN', e.params)} / ${render(e.code, 'en', e.params)}`);
    else console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
