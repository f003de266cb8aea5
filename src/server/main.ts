import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app';
import { openRuntime } from './bootstrap';
import { loadConfig } from './config';
import { seedHouseholds } from './demo/households';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './demo/seed';
import { seedDemoAid } from './demo/aid';
import { seedDemoMutualAid, seedMutualAidSchemes } from './demo/mutual-aid';
import { seedDemoWorkflow } from './demo/workflow';
import { findUserByUsername } from './modules/auth/user.service';
import { PiiKeyMismatchError } from './platform/pii/key-check';
import { DataDirBusyError } from './platform/db/lock';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function main(): Promise<void> {
  const config = loadConfig();
  if (!existsSync(path.join(config.webDir, 'index.html'))) {
    console.log('构建前端 / building the web bundle (first start only)…');
    execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  }
  const { deps, handle, keySource } = await openRuntime(`server (port ${config.port})`, config);
  if (config.demo && !(await findUserByUsername(deps.db, 'admin'))) {
    console.log('首次运行，写入演示数据 / first run: seeding demo data…');
    await seedDemo(deps, console.log);
    const count = Number(process.env.DEMO_HOUSEHOLDS ?? 2000);
    if (Number.isInteger(count) && count > 0) {
      const res = await seedHouseholds(deps, { count });
      console.log(res.message);
    }
    await seedDemoWorkflow(deps, console.log);
    await seedDemoAid(deps, console.log);
    await seedMutualAidSchemes(deps, console.log);
    await seedDemoMutualAid(deps, console.log);
  }
  // idempotent: also gives a demo database from before stored schemes its five schemes
  if (config.demo) await seedMutualAidSchemes(deps, console.log);
  const app = await buildApp(deps);
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const url = `http://localhost:${config.port}`;
  console.log(`\n精准帮扶 Precision Aid 已启动 / is running at ${url}`);
  console.log(`数据库 / database: ${handle.kind === 'pglite' ? `PGlite (${handle.dataDir})` : 'PostgreSQL'}; 个人信息密钥 / PII key: ${keySource}`);
  console.log(`API 文档 / API docs: ${url}/api/docs`);
  if (config.demo) {
    console.log(`\n演示账号（仅演示模式）/ demo logins (demo mode only), password: ${DEMO_PASSWORD}`);
    for (const u of DEMO_USERS) console.log(`  ${u.username.padEnd(22)} ${u.note}`);
  }
}

main().catch((e) => {
  if (e instanceof DataDirBusyError || e instanceof PiiKeyMismatchError) {
    console.error(e.message);
    process.exit(2);
  }
  console.error(e);
  process.exit(1);
});
