import type { AmountRule, CheckLine, EligibilityRules, ProgramType } from '../../../contracts/aid';
import { CATEGORY_LABELS, CAUSE_LABELS, LEVEL_LABELS, SCHOOLING_LABELS, type Category, type Cause, type Level, type SchoolingStage } from '../../../contracts/registry';
import { formatYuan } from '../../platform/money';

/**
 * Eligibility and amount of an aid program for one household — pure: the facts come in, the verdict and its
 * explanation (one line per rule, Chinese and English) go out. The service gathers the facts.
 */

export interface HouseholdFacts {
  status: string;
  category: Category | null;
  level: Level | null;
  primaryCause: Cause;
  secondaryCauses: readonly Cause[];
  unionMember: boolean;
  members: ReadonlyArray<{ id: string; name: string; schoolingStage: SchoolingStage }>;
}

export interface ProgramFacts {
  type: ProgramType;
  status: 'open' | 'closed';
  windowStart: string;
  windowEnd: string;
  eligibility: EligibilityRules;
  amount: AmountRule;
}

export interface Verdict {
  eligible: boolean;
  checks: CheckLine[];
  amountFen: number;
  amountExplain: { zh: string; en: string };
  student: { id: string; name: string; schoolingStage: SchoolingStage } | null;
}

const list = <T extends string>(values: readonly T[], labels: Record<T, { zh: string; en: string }>) => ({
  zh: values.map((v) => labels[v].zh).join('、'),
  en: values.map((v) => labels[v].en).join(', '),
});

const yuan = (fen: number) => `${formatYuan(fen)} 元`;
const yuanEn = (fen: number) => `¥${formatYuan(fen)}`;

/** What the amount rule gives this household (and student); null when the rule has no amount for it. */
export function computeAmount(rule: AmountRule, h: HouseholdFacts, student: Verdict['student']): { amountFen: number | null; zh: string; en: string } {
  switch (rule.mode) {
    case 'fixed':
      return { amountFen: rule.amountFen, zh: `固定金额 ${yuan(rule.amountFen)}`, en: `fixed ${yuanEn(rule.amountFen)}` };
    case 'by_category': {
      const a = h.category ? rule.amounts[h.category] : undefined;
      if (a === undefined || !h.category) return { amountFen: null, zh: `金额规则未规定类别“${h.category ? CATEGORY_LABELS[h.category].zh : '未认定'}”的标准`, en: `no amount for category ${h.category ?? 'none'}` };
      return { amountFen: a, zh: `按类别：${CATEGORY_LABELS[h.category].zh} ${yuan(a)}`, en: `by category: ${CATEGORY_LABELS[h.category].en} ${yuanEn(a)}` };
    }
    case 'by_level': {
      const a = h.level ? rule.amounts[h.level] : undefined;
      if (a === undefined || !h.level) return { amountFen: null, zh: `金额规则未规定困难程度“${h.level ? LEVEL_LABELS[h.level].zh : '未认定'}”的标准`, en: `no amount for level ${h.level ?? 'none'}` };
      return { amountFen: a, zh: `按困难程度：${LEVEL_LABELS[h.level].zh} ${yuan(a)}`, en: `by level: ${LEVEL_LABELS[h.level].en} ${yuanEn(a)}` };
    }
    case 'by_stage': {
      if (!student) return { amountFen: null, zh: '按学段计算，但没有符合条件的学生', en: 'by schooling stage, but no eligible student' };
      const a = rule.amounts[student.schoolingStage];
      if (a === undefined) return { amountFen: null, zh: `金额规则未规定学段“${SCHOOLING_LABELS[student.schoolingStage].zh}”的标准`, en: `no amount for stage ${student.schoolingStage}` };
      return { amountFen: a, zh: `按学段：${student.name}，${SCHOOLING_LABELS[student.schoolingStage].zh} ${yuan(a)}`, en: `by stage: ${student.name}, ${SCHOOLING_LABELS[student.schoolingStage].en} ${yuanEn(a)}` };
    }
    case 'per_member': {
      const n = h.members.length;
      const raw = n * rule.perMemberFen;
      const capped = rule.maxFen !== null && raw > rule.maxFen;
      const a = capped ? (rule.maxFen as number) : raw;
      return {
        amountFen: a,
        zh: `按人口：${n} 人 × ${yuan(rule.perMemberFen)} = ${yuan(raw)}${capped ? `，封顶 ${yuan(a)}` : ''}`,
        en: `per member: ${n} × ${yuanEn(rule.perMemberFen)} = ${yuanEn(raw)}${capped ? `, capped at ${yuanEn(a)}` : ''}`,
      };
    }
  }
}

/**
 * Checks every rule (all of them, so the cadre sees each reason) and computes the amount.
 * `today` is the Asia/Shanghai date; `existingAwardNo` is the household's live award of this program, if any.
 */
export function evaluate(p: ProgramFacts, h: HouseholdFacts, ctx: { today: string; existingAwardNo: string | null; studentMemberId?: string | null }): Verdict {
  const checks: CheckLine[] = [];
  const add = (rule: string, ok: boolean, zh: string, en: string) => checks.push({ rule, ok, zh, en });
  const e = p.eligibility;

  add('program_open', p.status === 'open', p.status === 'open' ? '项目进行中' : '项目已结束', p.status === 'open' ? 'the program is open' : 'the program is closed');
  const inWindow = ctx.today >= p.windowStart && ctx.today <= p.windowEnd;
  add('window', inWindow, inWindow ? `在申请期内（${p.windowStart} 至 ${p.windowEnd}）` : `不在申请期内（${p.windowStart} 至 ${p.windowEnd}）`, inWindow ? `within the application window (${p.windowStart} – ${p.windowEnd})` : `outside the application window (${p.windowStart} – ${p.windowEnd})`);
  const open = h.status === 'approved';
  add('open_file', open, open ? '困难职工档案在档' : '困难职工档案不在档（未审核建档、已解困或已注销）', open ? 'the household has an open file' : 'the household has no open file (not approved, exited or cancelled)');

  if (e.categories.length > 0) {
    const ok = h.category !== null && e.categories.includes(h.category);
    const want = list(e.categories, CATEGORY_LABELS);
    const have = h.category ? CATEGORY_LABELS[h.category] : { zh: '未认定', en: 'none' };
    add('category', ok, `类别须为${want.zh}，本户为${have.zh}`, `category must be ${want.en}; the household's is ${have.en}`);
  }
  if (e.levels.length > 0) {
    const ok = h.level !== null && e.levels.includes(h.level);
    const want = list(e.levels, LEVEL_LABELS);
    const have = h.level ? LEVEL_LABELS[h.level] : { zh: '未认定', en: 'none' };
    add('level', ok, `困难程度须为${want.zh}，本户为${have.zh}`, `level must be ${want.en}; the household's is ${have.en}`);
  }
  if (e.causes.length > 0) {
    const own = [h.primaryCause, ...h.secondaryCauses];
    const ok = own.some((c) => e.causes.includes(c));
    const want = list(e.causes, CAUSE_LABELS);
    const have = list(own, CAUSE_LABELS);
    add('cause', ok, `致困原因须含${want.zh}，本户为${have.zh}`, `causes must include ${want.en}; the household's are ${have.en}`);
  }
  if (e.unionMembersOnly) {
    add('union_member', h.unionMember, h.unionMember ? '职工是工会会员' : '仅限工会会员，本户职工不是会员', h.unionMember ? 'the worker is a union member' : 'union members only; the worker is not one');
  }

  let student: Verdict['student'] = null;
  if (e.studentStages.length > 0) {
    const want = list(e.studentStages, SCHOOLING_LABELS);
    const candidates = h.members.filter((m) => e.studentStages.includes(m.schoolingStage));
    if (ctx.studentMemberId) {
      const m = h.members.find((x) => x.id === ctx.studentMemberId);
      if (!m) add('student', false, '所选学生不是本户成员', 'the chosen student is not a member of the household');
      else if (!e.studentStages.includes(m.schoolingStage)) add('student', false, `${m.name}的学段为${SCHOOLING_LABELS[m.schoolingStage].zh}，须为${want.zh}`, `${m.name} is at ${SCHOOLING_LABELS[m.schoolingStage].en}; must be ${want.en}`);
      else student = m;
    } else {
      student = candidates[0] ?? null;
      if (!student) add('student', false, `家庭成员中没有${want.zh}在读或录取的学生`, `no member admitted to or studying at ${want.en}`);
    }
    if (student) add('student', true, `学生：${student.name}，${SCHOOLING_LABELS[student.schoolingStage].zh}`, `student: ${student.name}, ${SCHOOLING_LABELS[student.schoolingStage].en}`);
  }

  add('once_a_year', ctx.existingAwardNo === null, ctx.existingAwardNo === null ? '本年度未享受过本项目' : `本年度已享受本项目（${ctx.existingAwardNo}），每户每年限一次`, ctx.existingAwardNo === null ? 'not yet awarded this program this year' : `already awarded this year (${ctx.existingAwardNo}); once per household a year`);

  const amount = computeAmount(p.amount, h, student);
  const amountOk = amount.amountFen !== null && amount.amountFen > 0;
  add('amount', amountOk, amountOk ? `金额：${amount.zh}` : amount.amountFen === 0 ? `金额为零：${amount.zh}` : amount.zh, amountOk ? `amount: ${amount.en}` : amount.amountFen === 0 ? `zero amount: ${amount.en}` : amount.en);

  const eligible = checks.every((c) => c.ok);
  return { eligible, checks, amountFen: eligible ? (amount.amountFen as number) : 0, amountExplain: { zh: amount.zh, en: amount.en }, student };
}
