import { describe, expect, it } from 'vitest';
import type { AmountRule, EligibilityRules } from '../../../contracts/aid';
import { type HouseholdFacts, type ProgramFacts, computeAmount, evaluate } from './program.rules';

const noRules: EligibilityRules = { categories: [], levels: [], causes: [], studentStages: [], unionMembersOnly: false };
const studentAid: ProgramFacts = {
  type: 'student_aid',
  status: 'open',
  windowStart: '2026-08-01',
  windowEnd: '2026-09-30',
  eligibility: { ...noRules, categories: ['dibao', 'near_dibao'], studentStages: ['university', 'vocational_college'] },
  amount: { mode: 'by_stage', amounts: { university: 500000, vocational_college: 300000 } },
};
const base: HouseholdFacts = {
  status: 'approved',
  category: 'dibao',
  level: 'deep',
  primaryCause: 'illness',
  secondaryCauses: ['schooling'],
  unionMember: true,
  members: [
    { id: 'w', name: '陈明', schoolingStage: 'none' },
    { id: 'c1', name: '陈小红', schoolingStage: 'senior_high' },
    { id: 'c2', name: '陈小军', schoolingStage: 'vocational_college' },
  ],
};
const ctx = { today: '2026-08-15', existingAwardNo: null };
const failed = (v: ReturnType<typeof evaluate>) => v.checks.filter((c) => !c.ok).map((c) => c.rule);

describe('evaluate (student aid: dibao/near-dibao, a child at university or vocational college)', () => {
  it.each<[string, Partial<HouseholdFacts>, Partial<typeof ctx & { studentMemberId: string }>, string[], number]>([
    ['eligible: vocational college child → 3,000', {}, {}, [], 300000],
    ['university child chosen → 5,000', { members: [...base.members, { id: 'c3', name: '陈大', schoolingStage: 'university' }] }, { studentMemberId: 'c3' }, [], 500000],
    ['chosen member at senior high → not eligible', {}, { studentMemberId: 'c1' }, ['student', 'amount'], 0],
    ['chosen member not in the household', {}, { studentMemberId: 'zz' }, ['student', 'amount'], 0],
    ['no student at the stages', { members: [base.members[0], base.members[1]] }, {}, ['student', 'amount'], 0],
    ['near-dibao is eligible', { category: 'near_dibao' }, {}, [], 300000],
    ['accident category is not', { category: 'accident' }, {}, ['category'], 0],
    ['no category yet', { category: null }, {}, ['category'], 0],
    ['file not open (submitted)', { status: 'submitted' }, {}, ['open_file'], 0],
    ['file exited', { status: 'exited' }, {}, ['open_file'], 0],
    ['before the window', {}, { today: '2026-07-31' }, ['window'], 0],
    ['last day of the window', {}, { today: '2026-09-30' }, [], 300000],
    ['after the window', {}, { today: '2026-10-01' }, ['window'], 0],
    ['already awarded this year', {}, { existingAwardNo: 'AA-2026-000001' } as never, ['once_a_year'], 0],
  ])('%s', (_name, h, c, fails, amount) => {
    const v = evaluate(studentAid, { ...base, ...h }, { ...ctx, ...c });
    expect(failed(v)).toEqual(fails);
    expect(v.eligible).toBe(fails.length === 0);
    expect(v.amountFen).toBe(amount);
  });

  it('lists every failed rule at once, each with a Chinese and an English reason', () => {
    const v = evaluate({ ...studentAid, status: 'closed' }, { ...base, status: 'cancelled', category: 'accident', members: [base.members[0]] }, { ...ctx, today: '2027-01-01', existingAwardNo: 'AA-1' });
    expect(failed(v)).toEqual(['program_open', 'window', 'open_file', 'category', 'student', 'once_a_year', 'amount']);
    for (const c of v.checks) {
      expect(c.zh.length).toBeGreaterThan(2);
      expect(c.en.length).toBeGreaterThan(2);
    }
    expect(v.checks.find((c) => c.rule === 'category')?.zh).toBe('类别须为低保户、低保边缘户，本户为意外致困户');
  });
});

describe('evaluate (levels, causes, union membership)', () => {
  const relief: ProgramFacts = { ...studentAid, type: 'holiday_relief', eligibility: { ...noRules, levels: ['deep', 'relative'], causes: ['illness', 'disability'], unionMembersOnly: true }, amount: { mode: 'fixed', amountFen: 80000 } };
  it.each<[string, Partial<HouseholdFacts>, string[]]>([
    ['deep, illness, member', {}, []],
    ['general level', { level: 'general' }, ['level']],
    ['cause only as a secondary cause counts', { primaryCause: 'unemployment', secondaryCauses: ['disability'] }, []],
    ['no matching cause', { primaryCause: 'unemployment', secondaryCauses: [] }, ['cause']],
    ['not a union member', { unionMember: false }, ['union_member']],
  ])('%s', (_n, h, fails) => {
    expect(failed(evaluate(relief, { ...base, ...h }, ctx))).toEqual(fails);
  });
});

describe('computeAmount', () => {
  const h = base;
  const student = { id: 'c2', name: '陈小军', schoolingStage: 'vocational_college' as const };
  it.each<[string, AmountRule, HouseholdFacts, typeof student | null, number | null]>([
    ['fixed', { mode: 'fixed', amountFen: 100000 }, h, null, 100000],
    ['by category present', { mode: 'by_category', amounts: { dibao: 120000, near_dibao: 80000 } }, h, null, 120000],
    ['by category missing', { mode: 'by_category', amounts: { near_dibao: 80000 } }, h, null, null],
    ['by category, household without one', { mode: 'by_category', amounts: { dibao: 1 } }, { ...h, category: null }, null, null],
    ['by level', { mode: 'by_level', amounts: { deep: 150000, relative: 100000 } }, h, null, 150000],
    ['by level missing', { mode: 'by_level', amounts: { relative: 100000 } }, h, null, null],
    ['by stage', { mode: 'by_stage', amounts: { university: 500000, vocational_college: 300000 } }, h, student, 300000],
    ['by stage without a student', { mode: 'by_stage', amounts: { university: 500000 } }, h, null, null],
    ['per member (3 × 200)', { mode: 'per_member', perMemberFen: 20000, maxFen: null }, h, null, 60000],
    ['per member capped', { mode: 'per_member', perMemberFen: 20000, maxFen: 50000 }, h, null, 50000],
    ['per member cap not reached', { mode: 'per_member', perMemberFen: 20000, maxFen: 60000 }, h, null, 60000],
  ])('%s', (_n, rule, facts, st, amount) => {
    expect(computeAmount(rule, facts, st).amountFen).toBe(amount);
  });

  it('explains the amount in yuan with two decimals', () => {
    expect(computeAmount({ mode: 'per_member', perMemberFen: 20050, maxFen: 50000 }, h, null)).toEqual({ amountFen: 50000, zh: '按人口：3 人 × 200.50 元 = 601.50 元，封顶 500.00 元', en: 'per member: 3 × ¥200.50 = ¥601.50, capped at ¥500.00' });
  });

  it('a zero amount makes the household ineligible', () => {
    const v = evaluate({ ...studentAid, eligibility: noRules, amount: { mode: 'fixed', amountFen: 0 } }, h, ctx);
    expect(v.eligible).toBe(false);
    expect(failed(v)).toEqual(['amount']);
  });
});
