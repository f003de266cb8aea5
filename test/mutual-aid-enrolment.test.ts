import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnrolResultDto, EnrolmentDto, EnrolmentImportResultDto, MemberDto, UnitDto } from '../src/contracts/mutual-aid-enrolment';
import { rowsOf } from '../src/server/platform/db/client';
import { loginAs, useTestApp } from './support/app';
import { makeGrassroots, makeUser, orgByCode, PASSWORD } from './support/factories';
import { type Client, client, countRows, expectError, snapshotTables } from './support/http';
import { readSheets } from './support/import';
import {
  addMember,
  createUnit,
  type EnrolmentWorld,
  enrolmentWorld,
  imported,
  importFile,
  importMultipart,
  MA,
  memberWorkbook,
  ok,
  PERIOD,
  personId,
  publishNextVersion,
} from './support/mutual-aid-enrolment';

const t = useTestApp();
let w: EnrolmentWorld;

beforeAll(async () => {
  w = await enrolmentWorld(t);
});

describe('member units', () => {
  it('a county cadre creates a unit of a published scheme under a union of the county', async () => {
    const u = await createUnit(w.cadre, w.union.id, { name: '钟山区第一机械厂', creditCode: '91520201MA6DJ1234Y', contactName: '李会计', contactPhone: '0858-8221234' });
    expect(u).toMatchObject({ schemeCode: 'LPS', name: '钟山区第一机械厂', orgId: w.union.id, orgName: w.union.name, status: 'active', memberCount: 0, contactPhone: '0858-8221234' });
    expect(u.schemeName.zh).toContain('六盘水');
    expect(await ok<UnitDto>(await w.cadre.get(`${MA}/units/${u.id}`))).toMatchObject({ id: u.id, name: '钟山区第一机械厂' });
    const list = await ok<{ items: UnitDto[] }>(await w.cadre.get(`${MA}/units?schemeCode=LPS&q=${encodeURIComponent('第一机械')}`));
    expect(list.items.map((x) => x.id)).toEqual([u.id]);
    const byOrg = await ok<{ items: UnitDto[] }>(await w.cadre.get(`${MA}/units?orgId=${w.union.id}`));
    expect(byOrg.items.map((x) => x.id)).toContain(u.id);
  });

  it('a cadre of another county neither sees nor creates the county’s units (404, nothing written)', async () => {
    const u = await createUnit(w.cadre, w.county.id);
    expectError(await w.otherCadre.get(`${MA}/units/${u.id}`), 404, 'NOT_FOUND');
    const list = await ok<{ items: UnitDto[] }>(await w.otherCadre.get(`${MA}/units?schemeCode=LPS`));
    expect(list.items.map((x) => x.id)).not.toContain(u.id);
    expectError(await w.otherCadre.get(`${MA}/units/${u.id}/members`), 404, 'NOT_FOUND');
    const before = await snapshotTables(t.deps.db);
    expectError(await w.otherCadre.post(`${MA}/units`, { schemeCode: 'LPS', name: '越权单位', orgId: w.union.id }), 404, 'NOT_FOUND');
    expectError(await w.otherCadre.post(`${MA}/units/${u.id}/members`, { name: '赵六', idNumber: personId() }), 404, 'NOT_FOUND');
    expect(await snapshotTables(t.deps.db)).toEqual(before);
    // his own county works
    await createUnit(w.otherCadre, w.otherUnion.id);
  });

  it('refuses a scheme that is not published, a union outside the scheme’s region, a taken name', async () => {
    const before = await snapshotTables(t.deps.db);
    const e1 = expectError(await w.cadre.post(`${MA}/units`, { schemeCode: 'NOPE', name: 'x', orgId: w.union.id }), 400, 'VALIDATION_FAILED');
    expect(e1.message).toContain('NOPE');
    const e2 = expectError(await w.cadre.post(`${MA}/units`, { schemeCode: 'ZY', name: 'x', orgId: w.union.id }), 400, 'VALIDATION_FAILED');
    expect(e2.message).toMatch(/地区|region/);
    expectError(await w.cadre.post(`${MA}/units`, { schemeCode: 'LPS', name: 'x', orgId: w.union.id, creditCode: '123' }), 400, 'VALIDATION_FAILED');
    expect(await snapshotTables(t.deps.db)).toEqual(before);
    const u = await createUnit(w.cadre, w.union.id);
    const e3 = expectError(await w.cadre.post(`${MA}/units`, { schemeCode: 'LPS', name: u.name, orgId: w.county.id }), 409, 'CONFLICT');
    expect(e3.message).toContain(u.name);
  });

  it('is edited (name, contact, status) and exported as .xlsx; reading needs mutualaid.read', async () => {
    const u = await createUnit(w.cadre, w.union.id);
    const edited = await ok<UnitDto>(await w.cadre.patch(`${MA}/units/${u.id}`, { name: `${u.name}（改）`, contactName: '周主任', contactPhone: '13985000001' }));
    expect(edited).toMatchObject({ name: `${u.name}（改）`, contactName: '周主任', contactPhone: '13985000001' });
    const res = await t.app.inject({ method: 'GET', url: `${MA}/units/export?schemeCode=LPS`, headers: { cookie: w.cadre.cookie! } });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-type'])).toContain('spreadsheetml');
    const sheets = await readSheets(res.rawPayload);
    expect(sheets['会员单位']!.flat()).toContain(`${u.name}（改）`);
    expectError(await w.investigator.get(`${MA}/units`), 403, 'FORBIDDEN');
    expectError(await w.finance.post(`${MA}/units`, { schemeCode: 'LPS', name: 'x', orgId: w.union.id }), 403, 'FORBIDDEN');
  });
});

describe('members', () => {
  let unit: UnitDto;
  beforeAll(async () => {
    unit = await createUnit(w.cadre, w.union.id);
  });

  it('adds a person: ID checked, sex and birth date read from it, stored encrypted, shown masked', async () => {
    const id = personId();
    const m = await addMember(w.cadre, unit.id, { name: '陈小明', idNumber: id, phone: '13985001234' });
    expect(m).toMatchObject({ name: '陈小明', birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`, sex: Number(id[16]) % 2 ? 'male' : 'female', status: 'ordinary', phone: '139****1234' });
    expect(m.idNumber).toBe(`${id.slice(0, 4)}**********${id.slice(-4)}`);
    const [row] = rowsOf<{ id_number_enc: string; id_number_bidx: string }>(await t.deps.db.execute(sql`select id_number_enc, id_number_bidx from mutual_aid_members where id = ${m.id}`));
    expect(row!.id_number_enc).not.toContain(id.slice(6, 14));
    expect(row!.id_number_bidx).toBe(t.deps.cipher.blindIndex('id', id));
    const list = await ok<{ items: MemberDto[]; period: number }>(await w.cadre.get(`${MA}/units/${unit.id}/members?period=${PERIOD}`));
    expect(list.items.map((x) => x.idNumber)).toContain(m.idNumber);
    expect(JSON.stringify(list)).not.toContain(id);
    // found by the whole ID number
    const found = await ok<{ items: MemberDto[] }>(await w.cadre.get(`${MA}/units/${unit.id}/members?q=${id}`));
    expect(found.items.map((x) => x.id)).toEqual([m.id]);
  });

  it('refuses an ID number with a wrong check digit (400, in both languages) and writes nothing', async () => {
    const good = personId();
    const bad = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const before = await snapshotTables(t.deps.db);
    const zh = expectError(await w.cadre.post(`${MA}/units/${unit.id}/members`, { name: '错号', idNumber: bad, enrol: { period: PERIOD, planCodes: ['inpatient'] } }), 400, 'VALIDATION_FAILED');
    expect(zh.message).toContain('校验位');
    const en = await t.app.inject({ method: 'POST', url: `${MA}/units/${unit.id}/members`, headers: { cookie: w.cadre.cookie!, 'accept-language': 'en' }, payload: { name: 'x', idNumber: bad } });
    expect(expectError(en, 400).message).toContain('check digit');
    expect(expectError(await w.cadre.post(`${MA}/units/${unit.id}/members`, { name: '短号', idNumber: '52020119800101' }), 400).message).toContain('18');
    expect(await snapshotTables(t.deps.db)).toEqual(before);
  });

  it('one person once per scheme: a second unit is refused naming it; out of scope the name is masked and no personal data is shown', async () => {
    const id = personId();
    const first = await addMember(w.cadre, unit.id, { name: '刘重复', idNumber: id });
    const second = await createUnit(w.cadre, w.union.id);
    const before = await snapshotTables(t.deps.db);
    const e = expectError(await w.cadre.post(`${MA}/units/${second.id}/members`, { name: '刘重复', idNumber: id }), 409, 'CONFLICT');
    expect(e.message).toContain(unit.name);
    expect(e.details).toMatchObject({ field: 'idNumber', unitId: unit.id });
    expectError(await w.cadre.post(`${MA}/units/${unit.id}/members`, { name: '刘重复', idNumber: id }), 409, 'CONFLICT');
    // a cadre of another county trying the same person in his own unit
    const theirs = await createUnit(w.otherCadre, w.otherUnion.id);
    const res = await w.otherCadre.post(`${MA}/units/${theirs.id}/members`, { name: '刘重复', idNumber: id });
    const e2 = expectError(res, 409, 'CONFLICT');
    expect(e2.message).not.toContain(unit.name);
    expect(e2.message).toContain(unit.name.slice(0, 1) + '*');
    expect(JSON.stringify(e2.details)).not.toContain(unit.id);
    expect(res.body).not.toContain(first.id);
    expect(res.body).not.toContain(id);
    const after = await snapshotTables(t.deps.db);
    expect(after.mutual_aid_members).toBe(before.mutual_aid_members);
  });

  it('edits a member’s name and phone (null clears it)', async () => {
    const m = await addMember(w.cadre, unit.id, { phone: '13900000000' });
    const e = await ok<MemberDto>(await w.cadre.patch(`${MA}/members/${m.id}`, { name: '新名字', phone: null }));
    expect(e).toMatchObject({ name: '新名字', phone: null });
    expectError(await w.otherCadre.patch(`${MA}/members/${m.id}`, { name: 'x' }), 404);
  });
});

describe('plan opt-ins', () => {
  let unit: UnitDto;
  beforeAll(async () => {
    unit = await createUnit(w.cadre, w.union.id);
  });

  it('enrols for the period’s bounds, not covered until paid; a plan held is not repeated', async () => {
    const m = await addMember(w.cadre, unit.id);
    const r = await ok<EnrolResultDto>(await w.cadre.post(`${MA}/members/${m.id}/enrolments`, { period: PERIOD, planCodes: ['inpatient'] }));
    expect(r.added).toEqual(['inpatient']);
    expect(r.enrolments).toEqual([expect.objectContaining({ planCode: 'inpatient', period: PERIOD, validFrom: '2025-01-01', validTo: '2025-12-31', status: 'active', paidAt: null, covered: false })]);
    expect(r.enrolments[0]!.planName?.zh).toBe('住院医疗互助');
    const again = await ok<EnrolResultDto>(await w.cadre.post(`${MA}/members/${m.id}/enrolments`, { period: PERIOD, planCodes: ['inpatient'] }));
    expect(again.added).toEqual([]);
    expect(again.enrolments).toHaveLength(1);
    const list = await ok<{ items: MemberDto[] }>(await w.cadre.get(`${MA}/units/${unit.id}/members?period=${PERIOD}`));
    expect(list.items.find((x) => x.id === m.id)!.enrolments.map((e) => [e.planCode, e.covered])).toEqual([['inpatient', false]]);
  });

  it('refuses a plan the period’s version does not have, and a period no version is in force for', async () => {
    const m = await addMember(w.cadre, unit.id);
    const before = await snapshotTables(t.deps.db);
    expect(expectError(await w.cadre.post(`${MA}/members/${m.id}/enrolments`, { period: PERIOD, planCodes: ['dental'] }), 400, 'VALIDATION_FAILED').message).toContain('dental');
    expect(expectError(await w.cadre.post(`${MA}/members/${m.id}/enrolments`, { period: 2030, planCodes: ['inpatient'] }), 409, 'CONFLICT').message).toContain('2030');
    expect(await snapshotTables(t.deps.db)).toEqual(before);
  });

  it('cancels an unpaid opt-in once', async () => {
    const m = await addMember(w.cadre, unit.id, { enrol: { period: PERIOD, planCodes: ['inpatient', 'pharmacy_allowance'] } });
    expect(m.enrolments).toHaveLength(2);
    const target = m.enrolments.find((e) => e.planCode === 'pharmacy_allowance')!;
    const c = await ok<EnrolmentDto>(await w.cadre.post(`${MA}/enrolments/${target.id}/cancel`, {}));
    expect(c).toMatchObject({ status: 'cancelled', covered: false });
    expectError(await w.cadre.post(`${MA}/enrolments/${target.id}/cancel`, {}), 409, 'CONFLICT');
    expectError(await w.otherCadre.post(`${MA}/enrolments/${target.id}/cancel`, {}), 404);
    // cancelled, it can be chosen again
    const again = await ok<EnrolResultDto>(await w.cadre.post(`${MA}/members/${m.id}/enrolments`, { period: PERIOD, planCodes: ['pharmacy_allowance'] }));
    expect(again.added).toEqual(['pharmacy_allowance']);
  });

  describe('maxPlansPerMember and a policy year (遵义 version 2 for 2026: at most 2 plans, the year from 1 July)', () => {
    let zyCadre: Client;
    let zyUnit: UnitDto;
    beforeAll(async () => {
      await publishNextVersion(t, 'ZY', '5203', (s) => ({ ...s, maxPlansPerMember: 2, period: { kind: 'policy_year', startMonthDay: '07-01' } }));
      const county = await orgByCode(t.deps, '520302');
      const u = await makeUser(t.deps, { orgId: county.id, roles: ['cadre'] });
      zyCadre = client(t.app, await loginAs(t.app, u.username, PASSWORD));
      const union = await makeGrassroots(t.deps, { countyCode: '520302' });
      zyUnit = await createUnit(zyCadre, union.id, { schemeCode: 'ZY' });
    });

    it('refuses a third plan (409, nothing written) and the opt-in runs 1 July – 30 June', async () => {
      const m = await addMember(zyCadre, zyUnit.id, { idNumber: personId('520302'), enrol: { period: 2026, planCodes: ['inpatient', 'critical_illness'] } });
      expect(m.enrolments.map((e) => [e.planCode, e.validFrom, e.validTo])).toEqual([
        ['critical_illness', '2026-07-01', '2027-06-30'],
        ['inpatient', '2026-07-01', '2027-06-30'],
      ]);
      const before = await snapshotTables(t.deps.db);
      const e = expectError(await zyCadre.post(`${MA}/members/${m.id}/enrolments`, { period: 2026, planCodes: ['accident_injury'] }), 409, 'CONFLICT');
      expect(e.message).toContain('2');
      expect(e.details).toMatchObject({ maxPlansPerMember: 2, active: 2, requested: 3 });
      expect(await snapshotTables(t.deps.db)).toEqual(before);
      // three at once for a new member: refused, and the member is not written either
      expectError(await zyCadre.post(`${MA}/units/${zyUnit.id}/members`, { name: '三个计划', idNumber: personId('520302'), enrol: { period: 2026, planCodes: ['inpatient', 'critical_illness', 'accident_injury'] } }), 409);
      expect(await snapshotTables(t.deps.db)).toEqual(before);
    });

    it('two opt-ins at once cannot exceed it (the member row is locked)', async () => {
      const m = await addMember(zyCadre, zyUnit.id, { idNumber: personId('520302'), enrol: { period: 2026, planCodes: ['inpatient'] } });
      const [a, b] = await Promise.all([
        zyCadre.post(`${MA}/members/${m.id}/enrolments`, { period: 2026, planCodes: ['critical_illness'] }),
        zyCadre.post(`${MA}/members/${m.id}/enrolments`, { period: 2026, planCodes: ['accident_injury'] }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      expect(await countRows(t.deps.db, 'mutual_aid_enrolments', `member_id = '${m.id}' and status = 'active'`)).toBe(2);
    });
  });
});

describe('bulk enrolment from .xlsx', () => {
  let unit: UnitDto;
  let otherUnit: UnitDto;
  const ids = Array.from({ length: 7 }, () => personId());
  const fullWidth = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
  let takenId: string;

  beforeAll(async () => {
    unit = await createUnit(w.cadre, w.union.id);
    otherUnit = await createUnit(w.otherCadre, w.otherUnion.id);
    takenId = personId();
    await addMember(w.otherCadre, otherUnit.id, { name: '外单位', idNumber: takenId });
  });

  const wrongCheck = (id: string) => id.slice(0, 17) + (id[17] === '3' ? '4' : '3');
  /** rows 2…: good, good (full-width digits, plan by name), blank, wrong check digit, duplicate of row 2, unknown plan, no name, bad phone, ID stored as a number, member of another unit, good with two plans */
  const planted = () =>
    memberWorkbook([
      ['张一', ids[0], '13985000011', 'inpatient'],
      ['张二', fullWidth(ids[1]!), '１３９８５００００１２', '住院医疗互助'],
      [' ', null, null, ' '],
      ['张三', wrongCheck(ids[2]!), null, 'inpatient'],
      ['张四', ids[0], null, 'inpatient'],
      ['张五', ids[3], null, '牙科'],
      [null, ids[4], null, 'inpatient'],
      ['张七', ids[5], '12345', 'inpatient'],
      ['张八', 520201198001010000, null, 'inpatient'],
      ['张九', takenId, null, 'inpatient'],
      ['张十', ids[6], null, 'inpatient、pharmacy_allowance'],
    ]);

  it('downloads a template with the Chinese headers, text-formatted ID column and the plans listed', async () => {
    const res = await t.app.inject({ method: 'GET', url: `${MA}/units/${unit.id}/import/template?period=${PERIOD}`, headers: { cookie: w.cadre.cookie! } });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const sheets = await readSheets(res.rawPayload);
    expect(sheets['会员']![0]).toEqual(['*姓名', '*身份证号', '手机号', '*参加计划']);
    expect(sheets['计划']!.flat()).toContain('住院医疗互助');
    expect(sheets['说明']!.flat().join(' ')).toContain('2025-01-01');
    expectError(await t.app.inject({ method: 'GET', url: `${MA}/units/${unit.id}/import/template?period=${PERIOD}`, headers: { cookie: w.otherCadre.cookie! } }), 404);
  });

  it('all-or-nothing with planted errors: the right issue on each row and column, nothing written', async () => {
    const before = await snapshotTables(t.deps.db);
    const r = await imported(t, w.cadre, unit.id, await planted(), 'all-or-nothing');
    expect(r.outcome).toBe('nothing_written');
    expect(r.counts).toMatchObject({ rows: 10, blankRows: 1, invalid: 7, created: 3, enrolments: 4 });
    const at = (row: number) => r.issues.filter((i) => i.row === row).map((i) => [i.column, i.code]);
    expect(at(2)).toEqual([]);
    expect(at(3)).toEqual([]);
    expect(at(5)).toEqual([['idNumber', 'id_checksum']]);
    expect(at(6)).toEqual([['idNumber', 'id_duplicate_in_file']]);
    expect(at(7)).toEqual([['plans', 'plan_unknown']]);
    expect(at(8)).toEqual([['name', 'required']]);
    expect(at(9)).toEqual([['phone', 'phone_invalid']]);
    expect(at(10)).toEqual([['idNumber', 'id_as_number']]);
    expect(at(11)).toEqual([['idNumber', 'member_of_other_unit']]);
    expect(at(12)).toEqual([]);
    const dup = r.issues.find((i) => i.row === 6)!;
    expect(dup).toMatchObject({ columnLetter: 'B', columnLabel: '*身份证号' });
    expect(dup.zh).toContain('2、6');
    expect(dup.en).toContain('rows 2、6');
    expect(dup.value).toMatch(/^\d{4}\*+\d{3}[\dX]$/);
    const other = r.issues.find((i) => i.row === 11)!;
    expect(other.zh).not.toContain(otherUnit.name);
    expect(r.issues.find((i) => i.row === 7)!.zh).toContain('牙科');
    expect(await snapshotTables(t.deps.db)).toEqual(before);

    // the per-row report
    const rep = await t.app.inject({ method: 'GET', url: `${MA}/units/${unit.id}/import/reports/${r.reportId}`, headers: { cookie: w.cadre.cookie! } });
    expect(rep.statusCode).toBe(200);
    const sheets = await readSheets(rep.rawPayload);
    const issues = sheets['问题 Issues']!;
    expect(issues[0]).toEqual(['行 Row', '列 Column', '原因', 'Reason', '值 Value', '代码 Code']);
    expect(issues.slice(1).map((x) => [x[0], x[5]])).toEqual([
      [5, 'id_checksum'],
      [6, 'id_duplicate_in_file'],
      [7, 'plan_unknown'],
      [8, 'required'],
      [9, 'phone_invalid'],
      [10, 'id_as_number'],
      [11, 'member_of_other_unit'],
    ]);
    expect(String(issues[1]![2])).toContain('校验位');
    expect(String(issues[1]![3])).toContain('check digit');
    expect(sheets['汇总 Summary']!.flat()).toContain(unit.name);
    // another user cannot read it
    expectError(await t.app.inject({ method: 'GET', url: `${MA}/units/${unit.id}/import/reports/${r.reportId}`, headers: { cookie: w.finance.cookie! } }), 403);
  });

  it('dry-run reports the same and writes nothing', async () => {
    const before = await snapshotTables(t.deps.db);
    const r = await imported(t, w.cadre, unit.id, await planted(), 'dry-run');
    expect(r.outcome).toBe('dry_run');
    expect(r.counts).toMatchObject({ created: 3, invalid: 7, issues: 7 });
    expect(await snapshotTables(t.deps.db)).toEqual(before);
  });

  it('valid-rows writes the good rows (full-width digits read, plans by name), reports the rest; importing again changes nothing', async () => {
    const r = await imported(t, w.cadre, unit.id, await planted(), 'valid-rows');
    expect(r.outcome).toBe('written');
    expect(r.counts).toMatchObject({ rows: 10, created: 3, updated: 0, unchanged: 0, enrolments: 4, invalid: 7 });
    const list = await ok<{ items: MemberDto[] }>(await w.cadre.get(`${MA}/units/${unit.id}/members?period=${PERIOD}`));
    expect(list.items.map((m) => m.name).sort()).toEqual(['张一', '张二', '张十']);
    const zhang2 = list.items.find((m) => m.name === '张二')!;
    expect(zhang2.idNumber.slice(-4)).toBe(ids[1]!.slice(-4));
    expect(zhang2.phone).toBe('139****0012');
    expect(zhang2.enrolments.map((e) => e.planCode)).toEqual(['inpatient']);
    expect(list.items.find((m) => m.name === '张十')!.enrolments.map((e) => e.planCode)).toEqual(['inpatient', 'pharmacy_allowance']);

    const before = await snapshotTables(t.deps.db);
    const again = await imported(t, w.cadre, unit.id, await planted(), 'valid-rows');
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 3, enrolments: 0, invalid: 7 });
    expect(again.outcome).toBe('nothing_written');
    expect(await snapshotTables(t.deps.db)).toEqual(before);
  });

  it('a re-import updates an existing member (phone, a new plan) and keeps their opt-ins; sent as multipart too', async () => {
    const buf = await memberWorkbook([['张一', ids[0], '13985000099', 'pharmacy_allowance']]);
    const res = await importMultipart(t, w.cadre, unit.id, buf, 'all-or-nothing');
    const r = await ok<EnrolmentImportResultDto>(res);
    expect(r.counts).toMatchObject({ created: 0, updated: 1, enrolments: 1, issues: 0 });
    const list = await ok<{ items: MemberDto[] }>(await w.cadre.get(`${MA}/units/${unit.id}/members?period=${PERIOD}&q=${ids[0]}`));
    expect(list.items[0]!.phone).toBe('139****0099');
    expect(list.items[0]!.enrolments.map((e) => e.planCode)).toEqual(['inpatient', 'pharmacy_allowance']);
    expect(await countRows(t.deps.db, 'mutual_aid_members', `unit_id = '${unit.id}'`)).toBe(3);
  });

  it('finds the header under a title row, accepts header aliases, skips blank rows; a plans cell may be left blank only for a one-plan scheme', async () => {
    const fresh = await createUnit(w.cadre, w.union.id);
    const buf = await memberWorkbook([['李一', personId(), null, null], [' ', ' '], ['李二', personId(), null, 'Inpatient mutual aid']], { before: [['某某公司职工医疗互助入会名单']], header: ['职工姓名', '身份证号码', '联系电话', '计划'] });
    const r = await imported(t, w.cadre, fresh.id, buf, 'valid-rows');
    expect(r.counts).toMatchObject({ rows: 2, blankRows: 1, created: 1, invalid: 1 });
    expect(r.issues.map((i) => [i.row, i.column, i.code])).toEqual([[3, 'plans', 'plans_required']]);
  });

  it('refuses what is not an .xlsx (400), a missing member sheet or column is a file issue', async () => {
    const before = await snapshotTables(t.deps.db);
    expectError(await importFile(t, w.cadre, unit.id, Buffer.from('name,id\n'), 'all-or-nothing'), 400, 'VALIDATION_FAILED');
    expectError(await importFile(t, w.cadre, unit.id, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'all-or-nothing'), 400, 'VALIDATION_FAILED');
    const noSheet = await imported(t, w.cadre, unit.id, await memberWorkbook([['a', 'b']], { header: ['甲', '乙'] }), 'all-or-nothing');
    expect(noSheet.issues.map((i) => i.code)).toEqual(['no_member_sheet']);
    const noPlans = await imported(t, w.cadre, unit.id, await memberWorkbook([['王', personId()]], { header: ['姓名', '身份证号'] }), 'valid-rows');
    expect(noPlans.outcome).toBe('nothing_written');
    expect(noPlans.issues.map((i) => i.code)).toEqual(['column_missing']);
    const noVersion = await imported(t, w.cadre, unit.id, await planted(), 'all-or-nothing', 2030);
    expect(noVersion.issues.map((i) => i.code)).toEqual(['period_no_version']);
    expect(noVersion.issues[0]!.zh).toContain('2030');
    expect(await snapshotTables(t.deps.db)).toEqual(before);
  });
});
