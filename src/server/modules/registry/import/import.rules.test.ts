import { describe, expect, it } from 'vitest';
import { CAUSE_LABELS, HOUSING_LABELS, RELATION_LABELS, SCHOOLING_LABELS, EMPLOYMENT_LABELS, HEALTH_LABELS } from '../../../../contracts/registry';
import { makeIdNumber } from '../../../platform/pii/idcard';
import { HOUSEHOLD_SHEET, MEMBER_SHEET } from './import.columns';
import {
  type Cell,
  DEFER_INDEXES_FROM,
  assembleHousehold,
  defersIndexes,
  defersOpenPersonIndex,
  householdChanges,
  mapHeader,
  normalizeText,
  parseArchiveNo,
  parseArea,
  parseBankAccount,
  parseEnum,
  parseEnumList,
  parseGrade,
  parseIdNumber,
  parsePhone,
  parseRegion,
  parseRow,
  parseSeq,
  parseTextValue,
  parseYesNo,
  parseYuan,
} from './import.rules';

const text = (s: string): Cell => ({ t: 'text', s });
const num = (n: number): Cell => ({ t: 'number', n });
const date = (iso: string): Cell => ({ t: 'date', d: new Date(iso) });
const wide = (s: string) => s.replace(/[0-9A-Z.,]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const ID = makeIdNumber('520302', '1975-05-17', 123);
const ID_X = (() => {
  for (let i = 1; ; i++) {
    const id = makeIdNumber('520302', '1968-03-09', i);
    if (id.endsWith('X')) return id;
  }
})();

type Case<T> = [string, Cell, T | { fail: string }];
function table<T>(name: string, parse: (c: Cell) => { ok: true; value: T } | { ok: false; code: string }, cases: Case<T>[]) {
  describe(name, () => {
    it.each(cases)('%s', (_label, cell, expected) => {
      const r = parse(cell);
      if (expected && typeof expected === 'object' && 'fail' in expected) {
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.code).toBe(expected.fail);
      } else {
        expect(r).toEqual({ ok: true, value: expected });
      }
    });
  });
}

describe('cells', () => {
  it('normalises full-width forms and spaces', () => {
    expect(normalizeText('  １２３　ＡＢＣ\u00a0 ，元 ')).toBe('123 ABC ,元');
  });
});

table('amounts in yuan → fen', parseYuan, [
  ['number', num(1234.5), 123450],
  ['integer', num(4000), 400000],
  ['blank is zero', { t: 'empty' }, 0],
  ['number stored as text', text('4000'), 400000],
  ['thousands separators', text('1,234.50'), 123450],
  ['yuan sign and unit', text('¥1,234.5元'), 123450],
  ['full-width yuan sign', text('￥８８'), 8800],
  ['full-width digits and comma', text(wide('12,345.67')), 1234567],
  ['RMB prefix', text('RMB 100'), 10000],
  ['three decimals', text('1.234'), { fail: 'amount_invalid' }],
  ['float with three decimals', num(1.005), { fail: 'amount_invalid' }],
  ['negative', text('-5'), { fail: 'amount_negative' }],
  ['misplaced separator', text('12,34'), { fail: 'amount_invalid' }],
  ['words', text('两千'), { fail: 'amount_invalid' }],
  ['a date', date('2024-01-05T00:00:00Z'), { fail: 'date_not_number' }],
  ['too large', num(200_000_000), { fail: 'amount_too_large' }],
  ['formula error', { t: 'error', e: '#VALUE!' }, { fail: 'cell_error' }],
]);

table('text', (c) => parseTextValue(c, 10), [
  ['text', text(' 遵义市  红花岗区 '), '遵义市 红花岗区'],
  ['full-width digits', text('老城街道１号'), '老城街道1号'],
  ['a date serial that lost its format', num(45296), { fail: 'number_not_text' }],
  ['a date', date('2024-01-05T00:00:00Z'), { fail: 'date_not_text' }],
  ['too long', text('一二三四五六七八九十一'), { fail: 'too_long' }],
]);

table('floor area', parseArea, [
  ['number', num(42.5), '42.5'],
  ['text with unit', text('42.50㎡'), '42.5'],
  ['square metres in words', text('60平方米'), '60'],
  ['full-width', text('４２．５'), '42.5'],
  ['three decimals', text('1.234'), { fail: 'area_invalid' }],
  ['too large', num(12345), { fail: 'area_invalid' }],
]);

table('row keys', parseSeq, [
  ['number', num(7), '7'],
  ['text number with leading zeros', text('007'), '7'],
  ['full-width', text('１２'), '12'],
  ['text key', text('A-01'), 'A-01'],
  ['fraction', num(1.5), { fail: 'seq_invalid' }],
  ['date', date('2024-01-05T00:00:00Z'), { fail: 'date_not_text' }],
]);

table('yes / no', parseYesNo, [
  ['是', text('是'), true],
  ['否', text('否'), false],
  ['boolean', { t: 'bool', b: false }, false],
  ['Y', text('y'), true],
  ['1', num(1), true],
  ['maybe', text('也许'), { fail: 'yes_no_invalid' }],
]);

table('ID numbers (GB 11643)', parseIdNumber, [
  ['valid', text(ID), ID],
  ['lower-case x', text(ID_X.toLowerCase()), ID_X],
  ['full-width digits and Ｘ', text(wide(ID_X)), ID_X],
  ['spaces inside', text(`${ID.slice(0, 6)} ${ID.slice(6, 14)} ${ID.slice(14)}`), ID],
  ['leading apostrophe', text(`'${ID}`), ID],
  ['stored as a number', num(Number('520302197505171230')), { fail: 'id_as_number' }],
  ['scientific notation text', text('5.20302E+17'), { fail: 'id_as_number' }],
  ['wrong check digit', text(ID.slice(0, 17) + (ID.endsWith('1') ? '2' : '1')), { fail: 'id_checksum' }],
  ['impossible birth date', text(makeIdNumber('520302', '1975-02-30', 1)), { fail: 'id_birth_date' }],
  ['15 digits', text('520302750517123'), { fail: 'id_format' }],
  ['a date', date('1975-05-17T00:00:00Z'), { fail: 'date_not_text' }],
]);

table('phones', parsePhone, [
  ['text', text('13985001234'), '13985001234'],
  ['number', num(13985001234), '13985001234'],
  ['with +86 and dashes', text('+86 139-8500-1234'), '13985001234'],
  ['full-width', text(wide('13985001234')), '13985001234'],
  ['landline', text('0851-8888888'), { fail: 'phone_invalid' }],
]);

table('bank accounts', parseBankAccount, [
  ['text', text('6214 8300 1234 5678'), '6214830012345678'],
  ['full-width', text(wide('6214830012345678')), '6214830012345678'],
  ['number that lost digits', num(Number('6214830012345678123')), { fail: 'bank_account_as_number' }],
  ['short', text('12345'), { fail: 'bank_account_invalid' }],
]);

table('archive numbers', parseArchiveNo, [
  ['valid', text('520302-2026-000123'), '520302-2026-000123'],
  ['full-width dashes and digits', text('５２０３０２－２０２６－０００１２３'), '520302-2026-000123'],
  ['wrong shape', text('520302-26-123'), { fail: 'archive_no_invalid' }],
]);

table('counties', (c) => parseRegion(c, '52'), [
  ['code', text('520302'), '520302'],
  ['code as number', num(520302), '520302'],
  ['drop-down label', text('520302 红花岗区'), '520302'],
  ['name', text('红花岗区'), '520302'],
  ['city code', text('520300'), { fail: 'region_not_county' }],
  ['unknown code', text('999999'), { fail: 'region_invalid' }],
  ['unknown name', text('不存在区'), { fail: 'region_invalid' }],
]);

table('disability grades', parseGrade, [
  ['number', num(2), 2],
  ['一级', text('一级'), 1],
  ['4级', text('4级'), 4],
  ['five', num(5), { fail: 'grade_invalid' }],
]);

describe('labels or codes', () => {
  it.each<[string, Record<string, { zh: string; en: string }>, string, string | null]>([
    ['Chinese label', HOUSING_LABELS, '公租房/廉租房', 'public_rental'],
    ['part of a label', HOUSING_LABELS, '廉租房', 'public_rental'],
    ['code', HOUSING_LABELS, 'rented', 'rented'],
    ['English label, any case', HOUSING_LABELS, 'public rental', 'public_rental'],
    ['worker (head)', RELATION_LABELS, '户主(职工)', 'self'],
    ['worker with full-width brackets', RELATION_LABELS, '户主（职工）', 'self'],
    ['户主', RELATION_LABELS, '户主', 'self'],
    ['大病', HEALTH_LABELS, '大病', 'serious_illness'],
    ['高职', SCHOOLING_LABELS, '高职', 'vocational_college'],
    ['学生', EMPLOYMENT_LABELS, '学生', 'not_working'],
    ['unknown', CAUSE_LABELS, '懒惰', null],
  ])('%s', (_l, labels, input, expected) => {
    const r = parseEnum(text(input), labels);
    if (expected === null) expect(r.ok).toBe(false);
    else expect(r).toEqual({ ok: true, value: expected });
  });

  it('comma lists in any separator, duplicates dropped, unknown items named', () => {
    expect(parseEnumList(text('因病，子女就学、因病; disaster'), CAUSE_LABELS)).toEqual({ ok: true, value: ['illness', 'schooling', 'disaster'] });
    expect(parseEnumList(text('因病,懒惰'), CAUSE_LABELS)).toMatchObject({ ok: false, code: 'enum_unknown', params: { value: '懒惰' } });
  });
});

describe('header and rows', () => {
  const header = HOUSEHOLD_SHEET.columns.map((c) => text((c.required ? '*' : '') + c.zh));

  it('maps Chinese headers (with or without the unit and required mark), English keys, and names what is missing', () => {
    const h = mapHeader(HOUSEHOLD_SHEET, header);
    expect(h.issues).toEqual([]);
    expect(h.byKey.get('otherAnnualIncomeFen')).toBe(12);
    const alt = mapHeader(MEMBER_SHEET, [text('家庭序号'), text('姓名'), text('关系'), text('工资'), text('income.pension')]);
    expect(alt.byKey.get('income.wage')).toBe(4);
    expect(alt.byKey.get('income.pension')).toBe(5);
    expect(alt.issues).toEqual([{ code: 'column_missing', params: { column: '身份证号' }, column: 'idNumber', col: null }]);
  });

  it('parses a row: defaults for blanks, required blanks and bad cells as issues with their columns', () => {
    const h = mapHeader(HOUSEHOLD_SHEET, header);
    const cells: Cell[] = header.map(() => ({ t: 'empty' }));
    const set = (key: string, c: Cell) => (cells[h.byKey.get(key)! - 1] = c);
    set('seq', num(1));
    set('orgCode', text('520302-G0001 老城社区工会'));
    set('regionCode', text('520302'));
    set('housing', text('租房'));
    set('receivesDibao', text('否'));
    set('primaryCause', text('因病'));
    set('medicalOutOfPocketFen', text('abc'));
    const r = parseRow(HOUSEHOLD_SHEET, h, 5, cells, { provinceCode: '52' });
    expect(r.values).toMatchObject({ seq: '1', orgCode: '520302-G0001', regionCode: '520302', housing: 'rented', receivesDibao: false, unionMember: true, otherAnnualIncomeFen: 0, secondaryCauses: [], flags: [] });
    expect(r.issues.map((i) => [i.row, i.column, i.code, i.seq])).toEqual([
      [5, 'address', 'required', '1'],
      [5, 'medicalOutOfPocketFen', 'amount_invalid', '1'],
    ]);
  });
});

describe('one household', () => {
  const hv = { seq: '1', orgCode: 'X', regionCode: '520302', address: '遵义市红花岗区 1 号', unionMember: true, housing: 'rented', receivesDibao: false, otherAnnualIncomeFen: 0, medicalOutOfPocketFen: 0, schoolingSpendingFen: 0, disasterLossFen: 0, primaryCause: 'illness', secondaryCauses: [], flags: [] };
  const m = (row: number, over: Record<string, unknown> = {}) => ({ row, issues: [], values: { householdSeq: '1', name: '张三', relation: 'self', idNumber: makeIdNumber('520302', '1975-05-17', row), health: 'healthy', schoolingStage: 'none', employment: 'employed', 'income.wage': 150000, ...over } });
  const ORG = '00000000-0000-7000-8000-000000000001';

  it('becomes a HouseholdInput with monthly incomes by source', () => {
    const r = assembleHousehold({ row: 2, issues: [], values: hv }, [m(2), m(3, { relation: 'spouse', 'income.wage': 0, 'income.pension': 90000 })], ORG);
    expect(r.issues).toEqual([]);
    expect(r.input?.members.map((x) => x.monthlyIncomeFen)).toEqual([{ wage: 150000 }, { pension: 90000 }]);
    expect(r.input?.orgId).toBe(ORG);
  });

  it.each<[string, Record<string, unknown>, ReturnType<typeof m>[], Array<[string, number, string | null, string]>]>([
    ['no members', {}, [], [['households', 2, 'seq', 'household_no_members']]],
    ['no worker', {}, [m(2, { relation: 'spouse' })], [['households', 2, 'seq', 'no_worker']]],
    ['two workers', {}, [m(2), m(3)], [['members', 3, 'relation', 'several_workers']]],
    ['same ID twice', {}, [m(2), m(3, { relation: 'child', idNumber: makeIdNumber('520302', '1975-05-17', 2) })], [['members', 3, 'idNumber', 'id_duplicate_in_household']]],
    ['disability without grade', {}, [m(2, { health: 'disability' })], [['members', 2, 'disabilityGrade', 'disability_grade_missing']]],
    ['grade without disability', {}, [m(2, { disabilityGrade: 2 })], [['members', 2, 'disabilityGrade', 'disability_grade_unexpected']]],
    ['secondary repeats primary', { secondaryCauses: ['illness'] }, [m(2)], [['households', 2, 'secondaryCauses', 'secondary_repeats_primary']]],
    ['archive number of another county', { archiveNo: '520303-2020-000001' }, [m(2)], [['households', 2, 'archiveNo', 'archive_region_mismatch']]],
  ])('%s', (_l, over, ms, expected) => {
    const r = assembleHousehold({ row: 2, issues: [], values: { ...hv, ...over } }, ms, ORG);
    expect(r.input).toBeNull();
    expect(r.issues.map((i) => [i.sheet, i.row, i.column, i.code])).toEqual(expected);
  });
});

const REC = { year: 2026, lineRegionCode: '5203', dibaoLineFen: 56000, nearDibaoMultiplierBp: 15000, rigidSpendingShareBp: 8000, perCapitaMonthlyIncomeFen: 80000 };

describe('re-import comparison', () => {
  const before = { orgId: 'o', regionCode: '520302', address: 'a', housingArea: '42.50', secondaryCauses: ['schooling'], flags: [], identification: REC, bankAccountBidx: 'b1', category: 'near_dibao' };
  const member = { position: 0, name: '张三', relation: 'self', idNumberBidx: 'i1', phoneBidx: null, sex: 'male', birthDate: '1975-05-17', health: 'healthy', disabilityGrade: null, schoolingStage: 'none', employment: 'employed', monthlyIncomeFen: { wage: 1 }, open: true };

  it('finds nothing when only ciphertexts, key order and number formatting differ', () => {
    const { year, ...rest } = REC;
    const after = { ...before, housingArea: '42.5', identification: { ...rest, year }, bankAccountEnc: 'v1.other' };
    expect(householdChanges(before, [member], after, [{ ...member, id: 'new', idNumberEnc: 'v1.x', position: 0 }])).toEqual({ fields: [], members: [] });
  });

  it('a file stored with its reasons rendered (before records were kept) is the same judgment as a record of the same figures', () => {
    const { nearDibaoMultiplierBp: _k, rigidSpendingShareBp: _s, ...figures } = REC;
    const stored = { ...before, identification: { ...figures, reasons: [{ code: 'per_capita_within_near_dibao', zh: '…', en: '…' }] } };
    expect(householdChanges(stored, [member], before, [member])).toEqual({ fields: [], members: [] });
    expect(householdChanges(stored, [member], { ...before, identification: { ...REC, perCapitaMonthlyIncomeFen: 80001 } }, [member]).fields).toEqual(['identification']);
  });

  it.each([
    ['another figure', { perCapitaMonthlyIncomeFen: 79999 }],
    ['another line', { dibaoLineFen: 57000 }],
    ['another multiplier', { nearDibaoMultiplierBp: 14000 }],
    ['another share', { rigidSpendingShareBp: 7000 }],
    ['another year', { year: 2027 }],
    ['another line region', { lineRegionCode: '52' }],
  ])('an identification judged on %s is a change', (_n, over) => {
    expect(householdChanges(before, [member], { ...before, identification: { ...REC, ...over } }, [member]).fields).toEqual(['identification']);
  });

  it('no identification on either side is no change; on one side only, a change', () => {
    expect(householdChanges({ ...before, identification: null }, [member], { ...before, identification: null }, [member]).fields).toEqual([]);
    expect(householdChanges({ ...before, identification: null }, [member], before, [member]).fields).toEqual(['identification']);
  });

  it('names changed fields and members', () => {
    const after = { ...before, address: 'b', bankAccountBidx: 'b2' };
    expect(householdChanges(before, [member], after, [{ ...member, monthlyIncomeFen: { wage: 2 } }, member])).toEqual({ fields: ['address', 'bankAccountBidx'], members: [0, 1] });
  });
});

describe('defersIndexes', () => {
  const base = { dbKind: 'pglite', mode: 'all-or-nothing', writes: true, householdsInFile: 197_392, householdsInRegistry: 0 } as const;
  it.each([
    ['the provincial file into an empty registry on PGlite', {}, true],
    ['a file as large as the registry', { householdsInRegistry: 197_392 }, true],
    ['a file smaller than the registry', { householdsInRegistry: 197_393 }, false],
    ['on PostgreSQL (other connections would wait on the lock)', { dbKind: 'postgres' }, false],
    ['valid-rows mode (a transaction per batch)', { mode: 'valid-rows' }, false],
    ['a dry run', { mode: 'dry-run' }, false],
    ['nothing to write (issues found)', { writes: false }, false],
    ['just under the threshold', { householdsInFile: DEFER_INDEXES_FROM - 1 }, false],
    ['at the threshold', { householdsInFile: DEFER_INDEXES_FROM }, true],
    ['a lower threshold given (tests)', { householdsInFile: 3, from: 3 }, true],
  ] as const)('%s', (_label, over, expected) => {
    expect(defersIndexes({ ...base, ...over })).toBe(expected);
  });
});

describe('defersOpenPersonIndex', () => {
  const base = { dbKind: 'pglite', mode: 'all-or-nothing', writes: true, householdsInFile: 197_392, householdsInRegistry: 0, openMembersInRegistry: 0 } as const;
  it.each([
    ['the provincial file into an empty registry on PGlite', {}, true],
    ['people open in the registry already (their clashes show only as the rows go in)', { householdsInRegistry: 10, openMembersInRegistry: 1 }, false],
    ['files in the registry, none with an open member', { householdsInRegistry: 10 }, true],
    ['whenever the plain indexes stay: on PostgreSQL', { dbKind: 'postgres' }, false],
    ['whenever the plain indexes stay: a file smaller than the registry', { householdsInRegistry: 197_393 }, false],
    ['whenever the plain indexes stay: valid-rows mode', { mode: 'valid-rows' }, false],
    ['whenever the plain indexes stay: nothing to write', { writes: false }, false],
  ] as const)('%s', (_label, over, expected) => {
    expect(defersOpenPersonIndex({ ...base, ...over })).toBe(expected);
  });
});
