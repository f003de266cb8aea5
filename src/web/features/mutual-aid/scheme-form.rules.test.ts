import { describe, expect, it } from 'vitest';
import type { Scheme } from '../../../contracts/mutual-aid';
import { BUILT_IN_SCHEMES } from '../../../server/modules/mutual-aid/scheme-data';
import {
  bpToPercentInput,
  checkSchemeForm,
  emptyBand,
  emptyCap,
  emptyFunding,
  emptyPlan,
  fenToYuanInput,
  integerInput,
  issuesByPath,
  percentInputToBp,
  schemeToForm,
  serverPath,
  type SchemeForm,
  yuanInputToFen,
} from './scheme-form.rules';

describe('yuan ↔ fen', () => {
  it.each([
    [0, '0'],
    [5, '0.05'],
    [50, '0.5'],
    [12345, '123.45'],
    [10000, '100'],
    [1200000, '12000'],
    [100_000_000_000, '1000000000'],
  ])('%i fen shows as "%s" and reads back exactly', (fen, text) => {
    expect(fenToYuanInput(fen)).toBe(text);
    expect(yuanInputToFen(text)).toEqual({ ok: true, value: fen });
  });

  it.each([
    ['1,234.5', { ok: true, value: 123450 }],
    [' ¥12 ', { ok: true, value: 1200 }],
    ['0.1', { ok: true, value: 10 }],
    ['19.99', { ok: true, value: 1999 }],
    ['-3', { ok: true, value: -300 }], // the scheme's own check names the bound at the field
    ['', { ok: false, problem: 'required' }],
    ['  ', { ok: false, problem: 'required' }],
    ['1.234', { ok: false, problem: 'notAmount' }],
    ['1e3', { ok: false, problem: 'notAmount' }],
    ['abc', { ok: false, problem: 'notAmount' }],
    ['12.', { ok: false, problem: 'notAmount' }],
  ])('"%s" → %j', (text, want) => {
    expect(yuanInputToFen(text)).toEqual(want);
  });
});

describe('percent ↔ basis points', () => {
  it.each([
    [0, '0'],
    [5, '0.05'],
    [3333, '33.33'],
    [5000, '50'],
    [7050, '70.5'],
    [10000, '100'],
  ])('%i bp shows as "%s" and reads back exactly', (bp, text) => {
    expect(bpToPercentInput(bp)).toBe(text);
    expect(percentInputToBp(text)).toEqual({ ok: true, value: bp });
  });

  it.each([
    ['7.5%', { ok: true, value: 750 }],
    ['33.330', { ok: true, value: 3333 }],
    ['0.29', { ok: true, value: 29 }], // 0.29 × 100 is 28.999… in floats; here exactly 29
    ['33.333', { ok: false, problem: 'notPercent' }],
    ['-5', { ok: false, problem: 'notPercent' }],
    ['', { ok: false, problem: 'required' }],
    ['fifty', { ok: false, problem: 'notPercent' }],
  ])('"%s" → %j', (text, want) => {
    expect(percentInputToBp(text)).toEqual(want);
  });
});

describe('integerInput', () => {
  it.each([
    ['90', { ok: true, value: 90 }],
    [' 0 ', { ok: true, value: 0 }],
    ['-1', { ok: true, value: -1 }],
    ['1.5', { ok: false, problem: 'notInteger' }],
    ['', { ok: false, problem: 'required' }],
  ])('"%s" → %j', (text, want) => {
    expect(integerInput(text)).toEqual(want);
  });
});

describe('scheme ↔ form', () => {
  it.each(BUILT_IN_SCHEMES.map((s) => [s.code, s] as const))('the built-in scheme %s goes to the form and back unchanged', (_code, s) => {
    const r = checkSchemeForm(schemeToForm(s));
    expect(r.issues).toEqual([]);
    expect(r.scheme).toEqual(s);
  });

  it('a policy year, a plan cap, per-diem days and an empty optional field', () => {
    const s: Scheme = {
      code: 'T1',
      name: { zh: '测试', en: 'Test' },
      regionCode: '520302',
      version: 3,
      period: { kind: 'policy_year', startMonthDay: '07-01' },
      contributions: [],
      maxPlansPerMember: 2,
      plans: [{ code: 'pd', name: { zh: '津贴', en: 'Per diem' }, kind: 'per_diem', trigger: 'accident_inpatient_stay', amountFenPerDay: 3050, caps: [{ scope: 'period', days: 180 }, { scope: 'claim', amountFen: 0 }] }],
      note: 'n',
    };
    const f = schemeToForm(s);
    expect(f.plans[0]!.perDayYuan).toBe('30.5');
    expect(f.plans[0]!.caps.map((c) => [c.unit, c.days, c.amountYuan])).toEqual([
      ['days', '180', ''],
      ['amount', '', '0'],
    ]);
    expect(checkSchemeForm(f).scheme).toEqual(s);
    expect(checkSchemeForm({ ...f, maxPlansPerMember: ' ' }).scheme).not.toHaveProperty('maxPlansPerMember');
  });
});

/** The LPS scheme's form with one change. */
function lps(change: (f: SchemeForm) => void): SchemeForm {
  const f = schemeToForm(BUILT_IN_SCHEMES.find((s) => s.code === 'LPS')!);
  change(f);
  return f;
}
const at = (f: SchemeForm) => {
  const r = checkSchemeForm(f);
  return Object.fromEntries([...issuesByPath(r.issues)].map(([path, list]) => [path, list.map((i) => ('problem' in i ? i.problem : i.zh))]));
};

describe('checkSchemeForm: every problem at its field', () => {
  it.each<[string, (f: SchemeForm) => void, Record<string, string[]>]>([
    ['an amount that is not one', (f) => (f.contributions[1]!.amountYuan = '60.001'), { 'contributions.1.amountFen': ['notAmount'] }],
    ['an empty amount', (f) => (f.plans[1]!.allowanceYuan = ''), { 'plans.1.amountFen': ['required'] }],
    ['a negative cap', (f) => (f.plans[0]!.caps = [{ ...emptyCap(), amountYuan: '-1' }]), { 'plans.0.caps.0.amountFen': ['不能小于 0（或不少于 0 项）'] }],
    ['a cap in days that is not a number', (f) => (f.plans[0]!.caps = [{ ...emptyCap(), unit: 'days', days: 'x' }]), { 'plans.0.caps.0.days': ['notInteger'] }],
    ['a cap in days on a ratio plan', (f) => (f.plans[0]!.caps = [{ ...emptyCap(), unit: 'days', days: '30' }]), { 'plans.0.caps.0.days': ['按天数封顶仅适用于住院津贴计划'] }],
    [
      'bands that do not increase',
      (f) => f.plans[0]!.variants[0]!.bands.push({ ...emptyBand('100'), ratePct: '60' }, { ...emptyBand('100'), ratePct: '70' }),
      { 'plans.0.ratio.0.bands.2.fromFen': ['各段起点须递增，不得重叠'] },
    ],
    ['a first band not from 0', (f) => (f.plans[0]!.variants[1]!.bands[0]!.fromYuan = '5'), { 'plans.0.ratio.1.bands.0.fromFen': ['第一段须从 0 起'] }],
    ['a rate above 100%', (f) => (f.plans[0]!.variants[1]!.bands[0]!.ratePct = '100.01'), { 'plans.0.ratio.1.bands.0.rateBp': ['不能大于 10000（或不多于 10000 项）'] }],
    ['two variants for one status', (f) => (f.plans[0]!.variants[1]!.memberStatus = 'ordinary'), { 'plans.0.ratio': ['每种会员身份只能有一组比例'] }],
    ['shares that do not add up to 100%', (f) => (f.plans[1]!.funding[1]!.sharePct = '49.99'), { 'plans.1.funding': ['出资份额合计须为 10000 基点（100%）'] }],
    ['shares of 33.33 + 33.33 + 33.34 add up exactly', (f) => (f.plans[1]!.funding = [{ ...emptyFunding('worker'), sharePct: '33.33' }, { ...emptyFunding('city_union'), sharePct: '33.33' }, { ...emptyFunding('county_union'), sharePct: '33.34' }]), {}],
    ['one payer twice', (f) => (f.plans[1]!.funding[1]!.payer = 'city_union'), { 'plans.1.funding': ['每个出资方只能有一个份额'] }],
    ['plan codes repeated', (f) => (f.plans[1]!.code = 'inpatient'), { 'plans.1.code': ['同一方案内计划编码不得重复'] }],
    ['a bad plan code', (f) => (f.plans[1]!.code = '1x'), { 'plans.1.code': ['须由字母、数字、_ 或 - 组成，以字母开头'] }],
    ['overlapping contribution rules', (f) => (f.contributions[2]!.payer = 'worker'), { 'contributions.2': ['与前面同一出资方、同一计费方式、同一身份的缴费规则重叠'] }],
    ['a trigger the kind does not pay on', (f) => (f.plans[0]!.trigger = 'first_diagnosis'), { 'plans.0.trigger': ['按比例报销计划的给付事由须为住院或意外伤害住院'] }],
    ['an empty name', (f) => (f.nameZh = ' '), { 'name.zh': ['不能小于 1（或不少于 1 项）'] }],
    ['a policy year without its start', (f) => (f.periodKind = 'policy_year'), { 'period.startMonthDay': ['required'] }],
    ['a policy year starting on a day not in every month', (f) => ((f.periodKind = 'policy_year'), (f.startMonthDay = '02-30')), { 'period.startMonthDay': ['格式不正确'] }],
    ['a waiting period of a fraction of days', (f) => (f.plans[0]!.waiting = { enabled: true, days: '1.5', waived: false }), { 'plans.0.waitingPeriod.days': ['notInteger'] }],
  ])('%s', (_name, change, want) => {
    const got = at(lps(change));
    expect(got).toEqual(want);
    expect(checkSchemeForm(lps(change)).scheme === null).toBe(Object.keys(want).length > 0);
  });

  it('lump sum: diagnosis codes unique, ICD-10 entries checked, upper-cased', () => {
    const f = lps((x) => {
      const p = emptyPlan('lump_sum');
      Object.assign(p, { code: 'ci', nameZh: '大病', nameEn: 'CI', amountYuan: '10000' });
      p.diagnoses = [
        { key: 'a', code: 'D1', nameZh: '甲', nameEn: 'A', icd10: ['c00-c97'] },
        { key: 'b', code: 'D1', nameZh: '乙', nameEn: 'B', icd10: ['I64-I60', 'XYZ'] },
      ];
      x.plans.push(p);
    });
    expect(at(f)).toEqual({
      'plans.2.diagnoses.1.code': ['病种编码不得重复'],
      'plans.2.diagnoses.1.icd10.0': ['ICD-10 范围须由小到大'],
      'plans.2.diagnoses.1.icd10.1': ['须为 ICD-10 编码、前缀或范围，如 C00-C97'],
    });
    expect((checkSchemeForm(f).raw.plans as Array<{ diagnoses?: Array<{ icd10: string[] }> }>)[2]!.diagnoses![0]!.icd10).toEqual(['C00-C97']);
  });
});

describe('serverPath', () => {
  it.each([
    ['scheme.plans.0.code', 'plans.0.code'],
    ['scheme.regionCode', 'regionCode'],
    ['scheme', ''],
    ['validTo', 'validTo'],
    [undefined, ''],
  ])('%s → %s', (p, want) => {
    expect(serverPath(p)).toBe(want);
  });
});
