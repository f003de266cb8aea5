import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/server/platform/db/client';

// made by the suite that runs (a skipped suite leaves nothing behind)
let dataDir = '';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', ...args], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', PII_KEY: '', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

// The embedded-mode CLI is the same in both suite runs; run it once, in the PGlite run.
describe.runIf(!process.env.TEST_DATABASE_URL)('command line (embedded database)', { timeout: 240_000 }, () => {
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'pa-cli-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('seeds, creates a user, verifies the audit chain and names a row edited directly in the database', async () => {
    expect(cli('seed-demo').code).toBe(0);
    const created = cli('create-user', '--username', 'ops_reviewer', '--password', 'Str0ng!Passw', '--org', '520302', '--role', 'reviewer');
    expect(created.code, created.out).toBe(0);
    expect(created.out).toContain('ops_reviewer');

    const bad = cli('create-user', '--username', 'x1', '--password', 'short', '--org', '520302', '--role', 'reviewer');
    expect(bad.code).not.toBe(0);
    expect(bad.out).toMatch(/密码不符合要求/);
    expect(cli('create-user', '--username', 'x2', '--password', 'Str0ng!Passw', '--org', '999999', '--role', 'cadre').code).toBe(2);
    expect(cli('create-user', '--username', 'x3', '--password', 'Str0ng!Passw', '--org', '52', '--role', 'emperor').code).toBe(2);

    const ok = cli('verify-audit');
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toMatch(/intact/);

    // a second process on the same folder is refused, naming the holder
    const holder = await openDatabase({ dataDir, holder: 'test holder process' });
    const busy = cli('verify-audit');
    expect(busy.code).not.toBe(0);
    expect(busy.out).toContain('test holder process');
    // someone edits an audit row directly in the database
    await holder.db.execute(sql`update audit_events set after = '{"username":"someone-else"}'::jsonb where seq = 5`);
    await holder.close();

    const broken = cli('verify-audit');
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/#5 .*changed/);
  });

  it('verifies the ledger and names an account whose balance does not match its lines', async () => {
    const ok = cli('verify-ledger');
    expect(ok.code, ok.out).toBe(0);
    const holder = await openDatabase({ dataDir, holder: 'test holder process' });
    // an account whose stored balance was written around the journal: no lines, yet 100 fen
    await holder.db.execute(sql`insert into ledger_accounts (id, code, name_zh, name_en, kind, org_id, balance_fen, created_at)
      select gen_random_uuid(), 'fund:tampered', '被改动的账户', 'Tampered account', 'asset', id, 100, now() from orgs where code = '52'`);
    await holder.close();
    const broken = cli('verify-ledger');
    expect(broken.code, broken.out).toBe(1);
    expect(broken.out).toContain('fund:tampered');
  });
});
