import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, rowsOf } from '../src/server/platform/db/client';
import { readSheets, templateWorkbook } from './support/import';
import { uniqueId } from './support/registry';

// made by the suite that runs (a skipped suite leaves nothing behind)
let dir = '';
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
describe.runIf(!process.env.TEST_DATABASE_URL)('import-households on the command line', { timeout: 240_000 }, () => {
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pa-import-cli-'));
    dataDir = path.join(dir, 'data');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports a file under a reporting org, prints progress and the issues, writes the report; arguments are checked', async () => {
    expect(cli('seed-demo').code).toBe(0);
    const db = await openDatabase({ dataDir, holder: 'test' });
    const [union] = rowsOf<{ code: string }>(await db.db.execute(sql`select code from orgs where name = '红花岗区老城社区工会'`));
    await db.close();
    const fam = (seq: number, badId = false) => {
      const ids = [uniqueId('520302', 1975), uniqueId('520302', 1978)];
      if (badId) ids[1] = ids[1].slice(0, 17) + (ids[1].endsWith('1') ? '2' : '1');
      return {
        h: { seq, orgCode: union.code, regionCode: '520302', address: '遵义市红花岗区老城街道 3 号', housing: '租房', receivesDibao: '否', primaryCause: '下岗失业' },
        ms: [
          { householdSeq: seq, name: '孙七', relation: '户主(职工)', idNumber: ids[0], employment: '失业', 'income.unemployment_benefit': 900 },
          { householdSeq: seq, name: '周八', relation: '配偶', idNumber: ids[1], employment: '灵活就业', 'income.wage': 800 },
        ],
      };
    };
    const fams = [fam(1), fam(2, true)];
    const file = path.join(dir, '摸底.xlsx');
    writeFileSync(file, await templateWorkbook(fams.map((f) => f.h), fams.flatMap((f) => f.ms)));
    const report = path.join(dir, 'report.xlsx');

    const run = cli('import-households', file, '--org', '520302', '--mode', 'valid-rows', '--report', report);
    expect(run.code, run.out).toBe(1);
    expect(run.out).toContain('新建 / created 1');
    expect(run.out).toContain('成员 第 5 行 D 身份证号：身份证号校验位错误');
    expect(existsSync(report)).toBe(true);
    const sheets = await readSheets(readFileSync(report));
    expect(sheets['问题 Issues'][1].slice(0, 3)).toEqual(['成员', 5, 'D 身份证号']);

    // arguments are checked before the database is opened
    expect(cli('import-households', file, '--org', '520302', '--mode', 'sometimes').code).toBe(2);
    expect(cli('import-households', file).code).toBe(2);
    expect(cli('import-households', path.join(dir, 'missing.xlsx'), '--org', '520302').code).toBe(2);
    expect(cli('verify-audit', 'stray').code).toBe(2);
  });
});
