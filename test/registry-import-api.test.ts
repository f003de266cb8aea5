import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OrgDto } from '../src/contracts/orgs';
import { type ImportJobDto, XLSX_CONTENT_TYPE } from '../src/contracts/registry-import';
import { putDibaoLine } from '../src/server/modules/registry/dibao-line.service';
import { verifyAuditChain } from '../src/server/platform/audit/audit.service';
import { withTx } from '../src/server/platform/db/tx';
import { systemActor } from '../src/server/platform/http/actor';
import { loginAs, useTestApp } from './support/app';
import { PASSWORD, makeGrassroots, makeUser } from './support/factories';
import { countRows, expectError, snapshotTables } from './support/http';
import { readSheets, templateWorkbook } from './support/import';
import { uniqueId } from './support/registry';

const t = useTestApp();
const BASE = '/api/v1/registry/import';
let org: OrgDto;
let cadre: string;
let otherCadre: string;
let investigator: string;

beforeAll(async () => {
  org = await makeGrassroots(t.deps, { countyCode: '520302' });
  await makeGrassroots(t.deps, { countyCode: '520302' });
  cadre = await loginAs(t.app, (await makeUser(t.deps, { orgId: org.id, roles: ['cadre'] })).username, PASSWORD);
  otherCadre = await loginAs(t.app, (await makeUser(t.deps, { orgId: org.id, roles: ['cadre'] })).username, PASSWORD);
  investigator = await loginAs(t.app, (await makeUser(t.deps, { orgId: org.id, roles: ['investigator'] })).username, PASSWORD);
  await withTx(t.deps.db, (tx) => putDibaoLine(tx, t.deps, systemActor('test'), { regionCode: '5203', year: 2026, dibaoLineFen: 56000, nearDibaoMultiplierBp: 15000, rigidSpendingShareBp: 8000 }));
});

function family(seq: number, bad = false) {
  const ids = [uniqueId('520302', 1975), uniqueId('520302', 1977)];
  if (bad) ids[1] = ids[1].slice(0, 17) + (ids[1].endsWith('1') ? '2' : '1');
  return {
    h: { seq, orgCode: org.code, regionCode: '520302', address: '遵义市红花岗区老城街道 9 号', housing: '租房', receivesDibao: '否', primaryCause: '因病', medicalOutOfPocketFen: 3000 },
    ms: [
      { householdSeq: seq, name: '王五', relation: '户主(职工)', idNumber: ids[0], employment: '下岗', 'income.unemployment_benefit': 1000 },
      { householdSeq: seq, name: '赵六', relation: '配偶', idNumber: ids[1], employment: '灵活就业', 'income.wage': 900 },
    ],
  };
}

async function upload(cookie: string, body: Buffer | string, query: string, contentType = XLSX_CONTENT_TYPE) {
  return t.app.inject({ method: 'POST', url: `${BASE}?${query}`, headers: { cookie, 'content-type': contentType }, payload: body });
}

async function waitFor(cookie: string, id: string): Promise<ImportJobDto> {
  for (let i = 0; i < 600; i++) {
    const res = await t.app.inject({ method: 'GET', url: `${BASE}/jobs/${id}`, headers: { cookie } });
    expect(res.statusCode, res.body).toBe(200);
    const job = res.json() as ImportJobDto;
    if (job.status === 'done' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

describe('template', () => {
  it('is an .xlsx with 家庭 and 成员 sheets, Chinese headers, drop-down lists and the reporting union', async () => {
    const res = await t.app.inject({ method: 'GET', url: `${BASE}/template`, headers: { cookie: cadre } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_CONTENT_TYPE);
    const buf = res.rawPayload;
    const sheets = await readSheets(buf);
    expect(Object.keys(sheets)).toEqual(['说明', '代码表', '家庭', '成员']);
    expect(sheets['家庭'][0].slice(0, 4)).toEqual(['*序号', '档案编号', '*所属工会代码', '*县区代码']);
    expect(sheets['成员'][0]).toContain('*身份证号');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const lists = sheets['代码表'];
    expect(lists.flat()).toContain(`${org.code} ${org.name}`);
    expect(lists.flat()).toContain('520302 红花岗区');
    const dv = (wb.getWorksheet('家庭') as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model;
    // exceljs reads the range back cell by cell
    expect(dv.H2.type).toBe('list');
    expect(dv.H2.formulae[0]).toMatch(/^'代码表'!\$[A-Z]+\$2:\$[A-Z]+\$5$/);
    expect(dv.H20001?.type).toBe('list');
    expect(dv.C2.formulae[0]).toMatch(/^'代码表'!\$A\$2:\$A\$\d+$/);
    expect(wb.getWorksheet('代码表')?.state).toBe('hidden');
  });

  it('needs registry.write', async () => {
    expectError(await t.app.inject({ method: 'GET', url: `${BASE}/template`, headers: { cookie: investigator } }), 403, 'FORBIDDEN');
  });

  it('answers 404 for a reporting org out of scope', async () => {
    expectError(await t.app.inject({ method: 'GET', url: `${BASE}/template?org=52`, headers: { cookie: cadre } }), 404, 'NOT_FOUND');
  });
});

describe('import by page', () => {
  it('uploads, reports progress to the end, and serves the per-row report; the file is re-importable without changes', async () => {
    const fams = [family(1), family(2, true), family(3)];
    const buf = await templateWorkbook(
      fams.map((f) => f.h),
      fams.flatMap((f) => f.ms),
    );
    const before = await countRows(t.deps.db, 'households');
    const res = await upload(cadre, buf, 'mode=valid-rows&filename=' + encodeURIComponent('红花岗摸底.xlsx'));
    expect(res.statusCode, res.body).toBe(202);
    const started = res.json() as ImportJobDto;
    expect(started.fileName).toBe('红花岗摸底.xlsx');
    expect(started.org.code).toBe(org.code);
    const job = await waitFor(cadre, started.id);
    expect(job.status).toBe('done');
    expect(job.outcome).toBe('written');
    expect(job.progress.percent).toBe(100);
    expect(job.counts).toMatchObject({ householdRows: 3, memberRows: 6, created: 2, invalid: 1, issues: 1 });
    expect(job.issues).toEqual([
      expect.objectContaining({ sheet: 'members', sheetName: '成员', row: 5, column: 'idNumber', columnLetter: 'D', columnLabel: '身份证号', seq: '2', code: 'id_checksum', zh: '身份证号校验位错误（GB 11643）' }),
    ]);
    expect(job.issues[0].value).toMatch(/^5203\*+/);
    expect(await countRows(t.deps.db, 'households')).toBe(before + 2);

    const report = await t.app.inject({ method: 'GET', url: `${BASE}/jobs/${job.id}/report`, headers: { cookie: cadre } });
    expect(report.statusCode).toBe(200);
    const sheets = await readSheets(report.rawPayload);
    expect(sheets['问题 Issues'][1].slice(0, 6)).toEqual(['成员', 5, 'D 身份证号', '2', '身份证号校验位错误（GB 11643）', 'the ID number’s check digit is wrong (GB 11643)']);
    expect(sheets['汇总 Summary'].map((r) => r[0])).toContain('新建 Created');

    // another user does not see the job or its report
    expectError(await t.app.inject({ method: 'GET', url: `${BASE}/jobs/${job.id}`, headers: { cookie: otherCadre } }), 404, 'NOT_FOUND');
    expectError(await t.app.inject({ method: 'GET', url: `${BASE}/jobs/${job.id}/report`, headers: { cookie: otherCadre } }), 404, 'NOT_FOUND');

    // the same file again: nothing changes
    const snap = await snapshotTables(t.deps.db);
    const again = await waitFor(cadre, ((await upload(cadre, buf, 'mode=valid-rows')).json() as ImportJobDto).id);
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 2, invalid: 1 });
    expect(await snapshotTables(t.deps.db)).toEqual(snap);
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });

  it('all-or-nothing through the page writes nothing when a row is wrong', async () => {
    const fams = [family(1), family(2, true)];
    const buf = await templateWorkbook(
      fams.map((f) => f.h),
      fams.flatMap((f) => f.ms),
    );
    const snap = await snapshotTables(t.deps.db);
    const job = await waitFor(cadre, ((await upload(cadre, buf, 'mode=all-or-nothing')).json() as ImportJobDto).id);
    expect(job.outcome).toBe('nothing_written');
    expect(job.message?.zh).toContain('未写入任何数据');
    expect(await snapshotTables(t.deps.db)).toEqual(snap);
  });

  it('refuses what is not an .xlsx before anything runs, and bodies of other types', async () => {
    const snap = await snapshotTables(t.deps.db);
    const csv = expectError(await upload(cadre, 'name,id\n张三,1\n', 'mode=dry-run'), 400, 'VALIDATION_FAILED');
    expect(csv.message).toContain('不是 .xlsx');
    const xls = expectError(await upload(cadre, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 1, 2]), 'mode=dry-run', 'application/octet-stream'), 400, 'VALIDATION_FAILED');
    expect(xls.message).toContain('.xls');
    expectError(await upload(cadre, JSON.stringify({ file: 'x' }), 'mode=dry-run', 'application/json'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(await upload(cadre, Buffer.from('PK'), 'mode=everything'), 400, 'VALIDATION_FAILED');
    expectError(await upload(cadre, Buffer.from('PK\u0003\u0004'), 'org=52'), 404, 'NOT_FOUND');
    expectError(await upload(investigator, Buffer.from('PK\u0003\u0004'), 'mode=dry-run'), 403, 'FORBIDDEN');
    expect(await snapshotTables(t.deps.db)).toEqual(snap);
  });

  it('a damaged workbook ends as a job with a clear report and writes nothing', async () => {
    const snap = await snapshotTables(t.deps.db);
    const job = await waitFor(cadre, ((await upload(cadre, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(300, 9)]), 'mode=valid-rows')).json() as ImportJobDto).id);
    expect(job.status).toBe('done');
    expect(job.outcome).toBe('nothing_written');
    expect(job.issues.map((i) => i.code)).toEqual(['corrupt']);
    expect(await snapshotTables(t.deps.db)).toEqual(snap);
  });
});
