import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../platform/pii/idcard';
import type { Cell } from '../registry/import/import.rules';
import { enrolmentHeaderScore, mapEnrolmentHeader, parseEnrolmentRow, type PlanCatalogue, renderEnrolmentIssue } from './enrolment-import.rules';

const text = (s: string): Cell => ({ t: 'text', s });
const num = (n: number): Cell => ({ t: 'number', n });
const E: Cell = { t: 'empty' };
const cells = (...v: Array<string | number | null>) => v.map((x) => (x === null ? E : typeof x === 'number' ? num(x) : text(x)));

const HEADER = mapEnrolmentHeader(cells('*姓名', '*身份证号', '手机号', '*参加计划'));
const CATALOGUE: PlanCatalogue = {
  version: 1,
  plans: [
    { code: 'inpatient', name: { zh: '住院医疗互助', en: 'Inpatient mutual aid' } },
    { code: 'critical_illness', name: { zh: '重大疾病', en: 'Critical illness' } },
    { code: 'accident', name: { zh: '意外伤害', en: 'Accident' } },
  ],
  maxPlansPerMember: 2,
};
const ID = makeIdNumber('520201', '1980-05-17', 123);
const fullWidth = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
const wrongCheck = ID.slice(0, 17) + (ID[17] === '1' ? '2' : '1');

describe('header', () => {
  it('maps the template headers, aliases and English keys', () => {
    expect([...HEADER.byKey.entries()]).toEqual([
      ['name', 1],
      ['idNumber', 2],
      ['phone', 3],
      ['plans', 4],
    ]);
    expect(HEADER.issues).toEqual([]);
    const alias = mapEnrolmentHeader(cells('序号', '职工姓名', '公民身份号码', '联系电话', '互助计划'));
    expect([...alias.byKey.entries()]).toEqual([
      ['name', 2],
      ['idNumber', 3],
      ['phone', 4],
      ['plans', 5],
    ]);
    expect([...mapEnrolmentHeader(cells('name', 'idNumber', 'plans')).byKey.keys()]).toEqual(['name', 'idNumber', 'plans']);
  });

  it.each([
    [cells('姓名', '身份证号'), 2],
    [cells('某公司入会名单'), 0],
    [cells('说明', '姓名'), 1],
  ])('score %o → %i', (c, n) => expect(enrolmentHeaderScore(c)).toBe(n));

  it('names a missing required column and a repeated one', () => {
    expect(mapEnrolmentHeader(cells('姓名', '手机号')).issues.map((i) => [i.code, i.column])).toEqual([['column_missing', 'idNumber']]);
    expect(mapEnrolmentHeader(cells('姓名', '身份证号', '姓名')).issues.map((i) => [i.code, i.column])).toEqual([['column_duplicate', 'name']]);
  });
});

describe('one row', () => {
  it.each([
    ['a good row', cells('张三', ID, '13985001234', 'inpatient'), { name: '张三', idNumber: ID, phone: '13985001234', planCodes: ['inpatient'] }],
    ['full-width digits and spaces', cells(' 张三 ', fullWidth(ID), '１３９ ８５００ １２３４', '住院医疗互助、重大疾病'), { name: '张三', idNumber: ID, phone: '13985001234', planCodes: ['inpatient', 'critical_illness'] }],
    ['a lower-case x and a phone with +86', cells('李四', ID.slice(0, 17) + ID[17]!.toLowerCase(), '+8613985001234', 'Inpatient mutual aid'), { idNumber: ID, phone: '13985001234', planCodes: ['inpatient'] }],
    ['no phone', cells('王五', ID, null, 'accident'), { name: '王五', planCodes: ['accident'] }],
  ])('%s', (_, c, expected) => {
    const r = parseEnrolmentRow(HEADER, 7, c, CATALOGUE);
    expect(r.issues).toEqual([]);
    expect(r).toMatchObject({ row: 7, ...expected });
  });

  it.each([
    ['no name', cells(null, ID, null, 'inpatient'), [['name', 'required']]],
    ['no ID', cells('张三', null, null, 'inpatient'), [['idNumber', 'required']]],
    ['wrong check digit', cells('张三', wrongCheck, null, 'inpatient'), [['idNumber', 'id_checksum']]],
    ['impossible birth date', cells('张三', makeIdNumber('520201', '1980-05-17', 1).replace('19800517', '19801341'), null, 'inpatient'), [['idNumber', 'id_birth_date']]],
    ['17 characters', cells('张三', ID.slice(0, 17), null, 'inpatient'), [['idNumber', 'id_format']]],
    ['ID stored as a number', cells('张三', 520201198005170000, null, 'inpatient'), [['idNumber', 'id_as_number']]],
    ['a short phone', cells('张三', ID, '12345', 'inpatient'), [['phone', 'phone_invalid']]],
    ['an unknown plan', cells('张三', ID, null, '牙科'), [['plans', 'plan_unknown']]],
    ['no plan', cells('张三', ID, null, null), [['plans', 'plans_required']]],
    ['three plans (at most two)', cells('张三', ID, null, 'inpatient、critical_illness、accident'), [['plans', 'too_many_plans']]],
    ['a name that is a number', cells(12345, ID, null, 'inpatient'), [['name', 'number_not_text']]],
    ['two problems', cells(null, wrongCheck, null, '牙科'), [['name', 'required'], ['idNumber', 'id_checksum'], ['plans', 'plan_unknown']]],
  ] as const)('%s → %o', (_, c, expected) => {
    const r = parseEnrolmentRow(HEADER, 9, c, CATALOGUE);
    expect(r.issues.map((i) => [i.column, i.code])).toEqual(expected);
    expect(r.issues.every((i) => i.row === 9)).toBe(true);
    expect(r.planCodes === undefined || r.issues.every((i) => i.column !== 'plans')).toBe(true);
  });

  it('masks the ID number it reports', () => {
    const r = parseEnrolmentRow(HEADER, 3, cells('张三', wrongCheck, null, 'inpatient'), CATALOGUE);
    expect(r.issues[0]!.value).toBe(`${wrongCheck.slice(0, 4)}**********${wrongCheck.slice(-4)}`);
  });

  it('a blank plans cell is the only plan of a one-plan scheme', () => {
    const one: PlanCatalogue = { version: 3, plans: [CATALOGUE.plans[0]!] };
    expect(parseEnrolmentRow(HEADER, 2, cells('张三', ID, null, null), one)).toMatchObject({ planCodes: ['inpatient'], issues: [] });
  });
});

describe('messages', () => {
  it('every issue reads in both languages, its own codes and the registry’s cell codes', () => {
    const own = renderEnrolmentIssue('too_many_plans', { max: 2, have: 1, total: 3 });
    expect(own.zh).toContain('最多参加 2 个计划');
    expect(own.en).toContain('at most 2 plans');
    const cell = renderEnrolmentIssue('id_checksum');
    expect(cell.zh).toContain('校验位');
    expect(cell.en).toContain('check digit');
  });
});
