import { expect } from 'vitest';
import type { SchemeVersionDto, SchemeListResponse } from '../../src/contracts/mutual-aid';
import type { BillDetailDto, EnrolmentImportResultDto, MemberDto, UnitDto } from '../../src/contracts/mutual-aid-enrolment';
import { XLSX_MIME } from '../../src/contracts/mutual-aid-enrolment';
import { makeIdNumber } from '../../src/server/platform/pii/idcard';
import { loginAs, type TestContext } from './app';
import { makeGrassroots, makeUser, orgByCode, PASSWORD } from './factories';
import { type Client, client } from './http';
import { workbook } from './import';
import { seedSchemes } from './mutual-aid';

export const MA = '/api/v1/mutual-aid';
/** The seeded schemes are in force 2016–2025; the tests' clock is 2026-11-30. */
export const PERIOD = 2025;

export interface EnrolmentWorld {
  /** 钟山区 (520201, in 六盘水 — scheme LPS) */
  county: { id: string; code: string };
  /** a grassroots union under 钟山区 */
  union: { id: string; name: string };
  /** 六枝特区 (520203, also 六盘水) and a union under it */
  otherCounty: { id: string; code: string };
  otherUnion: { id: string; name: string };
  /** cadre of the 钟山区 federation (mutualaid.read + enrol) */
  cadre: Client;
  /** cadre of the 六枝特区 federation */
  otherCadre: Client;
  /** finance of the 钟山区 federation (mutualaid.finance) */
  finance: Client;
  /** an investigator (no mutualaid permission) */
  investigator: Client;
  cadreId: string;
  reviewerId: string;
}

async function session(t: TestContext, over: Parameters<typeof makeUser>[1]): Promise<{ c: Client; id: string }> {
  const u = await makeUser(t.deps, over);
  return { c: client(t.app, await loginAs(t.app, u.username, PASSWORD)), id: u.id };
}

/** The schemes seeded, two counties of 六盘水 with a union each, and sessions of their staff. */
export async function enrolmentWorld(t: TestContext): Promise<EnrolmentWorld> {
  await seedSchemes(t.deps);
  const county = await orgByCode(t.deps, '520201');
  const otherCounty = await orgByCode(t.deps, '520203');
  const union = await makeGrassroots(t.deps, { countyCode: '520201' });
  const otherUnion = await makeGrassroots(t.deps, { countyCode: '520203' });
  const cadre = await session(t, { orgId: county.id, roles: ['cadre'] });
  const otherCadre = await session(t, { orgId: otherCounty.id, roles: ['cadre'] });
  const finance = await session(t, { orgId: county.id, roles: ['finance'] });
  const investigator = await session(t, { orgId: county.id, roles: ['investigator'] });
  const reviewer = await session(t, { orgId: county.id, roles: ['reviewer'] });
  return {
    county: { id: county.id, code: county.code },
    union: { id: union.id, name: union.name },
    otherCounty: { id: otherCounty.id, code: otherCounty.code },
    otherUnion: { id: otherUnion.id, name: otherUnion.name },
    cadre: cadre.c,
    otherCadre: otherCadre.c,
    finance: finance.c,
    investigator: investigator.c,
    cadreId: cadre.id,
    reviewerId: reviewer.id,
  };
}

let unitSeq = 0;
let idSeq = 0;

/** A valid ID number nobody else in this process uses (region 520201, born 1970–1989). */
export function personId(region = '520201'): string {
  idSeq++;
  const n = process.pid * 7 + idSeq * 13;
  const year = 1970 + (Math.floor(idSeq / 28) % 20);
  const month = String((idSeq % 12) + 1).padStart(2, '0');
  const day = String((idSeq % 28) + 1).padStart(2, '0');
  return makeIdNumber(region, `${year}-${month}-${day}`, n % 1000);
}

export async function ok<T>(res: { statusCode: number; body: string; json: () => unknown }, status = 200): Promise<T> {
  expect(res.statusCode, res.body.slice(0, 500)).toBe(status);
  return res.json() as T;
}

export async function createUnit(c: Client, orgId: string, over: Record<string, unknown> = {}): Promise<UnitDto> {
  return ok<UnitDto>(await c.post(`${MA}/units`, { schemeCode: 'LPS', name: `测试会员单位${process.pid}-${++unitSeq}`, orgId, ...over }), 201);
}

export async function addMember(c: Client, unitId: string, over: Record<string, unknown> = {}): Promise<MemberDto> {
  return ok<MemberDto>(await c.post(`${MA}/units/${unitId}/members`, { name: '王五', idNumber: personId(), ...over }), 201);
}

/** Members with opt-ins for a period, added one by one through the API. */
export async function enrolled(c: Client, unitId: string, n: number, planCodes: string[], period = PERIOD, ids: string[] = []): Promise<MemberDto[]> {
  const out: MemberDto[] = [];
  for (let i = 0; i < n; i++) out.push(await addMember(c, unitId, { name: `会员${i + 1}`, idNumber: ids[i] ?? personId(), enrol: { period, planCodes } }));
  return out;
}

/** The member sheet of the template: header and rows [name, id, phone, plans]. */
export function memberWorkbook(rows: unknown[][], opts: { sheet?: string; header?: unknown[]; before?: unknown[][] } = {}): Promise<Buffer> {
  return workbook([
    { name: '说明', rows: [['填写说明'], ['姓名', '身份证号']] },
    { name: opts.sheet ?? '会员', rows: [...(opts.before ?? []), opts.header ?? ['*姓名', '*身份证号', '手机号', '*参加计划'], ...rows] },
  ]);
}

/** Posts an .xlsx as the body (the registry import's way). */
export async function importFile(t: TestContext, c: Client, unitId: string, buf: Buffer, mode: string, period = PERIOD) {
  return t.app.inject({
    method: 'POST',
    url: `${MA}/units/${unitId}/import?mode=${mode}&period=${period}&filename=members.xlsx`,
    headers: { cookie: c.cookie!, 'content-type': XLSX_MIME },
    payload: buf,
  });
}

/** Posts an .xlsx as one file of a multipart form. */
export async function importMultipart(t: TestContext, c: Client, unitId: string, buf: Buffer, mode: string, period = PERIOD) {
  const boundary = '----pa-test-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="members.xlsx"\r\nContent-Type: ${XLSX_MIME}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return t.app.inject({
    method: 'POST',
    url: `${MA}/units/${unitId}/import?mode=${mode}&period=${period}`,
    headers: { cookie: c.cookie!, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([head, buf, tail]),
  });
}

export async function imported(t: TestContext, c: Client, unitId: string, buf: Buffer, mode: string, period = PERIOD): Promise<EnrolmentImportResultDto> {
  return ok<EnrolmentImportResultDto>(await importFile(t, c, unitId, buf, mode, period));
}

export async function issueBill(c: Client, unitId: string, period = PERIOD): Promise<BillDetailDto> {
  return ok<BillDetailDto>(await c.post(`${MA}/units/${unitId}/bills/${period}`, {}));
}

/** A payment with an Idempotency-Key (raw inject so the header can be set). */
export async function pay(t: TestContext, c: Client, billId: string, body: Record<string, unknown>, key?: string) {
  return t.app.inject({
    method: 'POST',
    url: `${MA}/bills/${billId}/payments`,
    headers: { cookie: c.cookie!, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    payload: JSON.stringify(body),
  });
}

/**
 * A new published version of a seeded scheme for 2026 (the year after the seed period) with changes, made by a
 * reviewer of the owning federation through the API (draft from version 1, edit, publish).
 */
export async function publishNextVersion(t: TestContext, code: string, ownerOrgCode: string, change: (scheme: Record<string, unknown>) => Record<string, unknown>): Promise<SchemeVersionDto> {
  const owner = await orgByCode(t.deps, ownerOrgCode);
  const u = await makeUser(t.deps, { orgId: owner.id, roles: ['reviewer'] });
  const c = client(t.app, await loginAs(t.app, u.username, PASSWORD));
  const list = await ok<SchemeListResponse>(await c.get(`${MA}/schemes`));
  const s = list.items.find((x) => x.code === code)!;
  const draft = await ok<SchemeVersionDto>(await c.post(`${MA}/scheme-versions/${s.versionId}/new-draft`, {}), 201);
  const edited = await t.app.inject({
    method: 'PUT',
    url: `${MA}/scheme-versions/${draft.id}`,
    headers: { cookie: c.cookie!, 'content-type': 'application/json' },
    payload: JSON.stringify({ validFrom: draft.validFrom, validTo: draft.validTo, scheme: change({ ...(draft.scheme as unknown as Record<string, unknown>) }) }),
  });
  expect(edited.statusCode, edited.body).toBe(200);
  return ok<SchemeVersionDto>(await c.post(`${MA}/scheme-versions/${draft.id}/publish`, {}));
}
