import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Starts the real server (`npm start` entry) on a fresh embedded data folder with demo data. */
export async function startServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pa-e2e-'));
  const port = 3400 + Math.floor(Math.random() * 500);
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DEMO: '1', LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += String(d)));
  child.stderr?.on('data', (d) => (out += String(d)));
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  const deadline = started + 240_000;
  let last = 'no answer yet';
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${out}`);
    try {
      // each probe bounded: one that hangs must not outlast the deadline
      const r = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (r.ok) break;
      last = `health answered ${r.status}: ${await r.text()}`;
    } catch (e) {
      last = e instanceof Error ? `${e.name}: ${e.message}` : String(e); // not up yet
    }
    if (Date.now() > deadline) throw new Error(`server did not answer its health check within ${Math.round((Date.now() - started) / 1000)} s (last: ${last}):\n${out}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
