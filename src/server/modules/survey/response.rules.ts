import { FOUR_LOOKS, FOUR_LOOK_KEYS } from '../../../contracts/registry';
import type { Answers, Question } from '../../../contracts/survey';
import { scoreFourLooks } from '../registry/four-looks.rules';

export interface AnswerProblem {
  /** the question key */
  key: string;
  code: 'required' | 'wrong_type' | 'unknown_option' | 'below_min' | 'above_max' | 'not_integer' | 'bad_date' | 'too_long' | 'unknown_question' | 'incomplete';
  zh: string;
  en: string;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
function isRealDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && !Array.isArray(v) && v !== null && Object.keys(v).length === 0);
}

/**
 * Checks answers against the questionnaire and returns them cleaned (text trimmed, empty answers dropped,
 * multiple choices de-duplicated in option order, four looks with their scores) or the problems, each naming the
 * question. Money answers are integer fen; the form converts from yuan.
 */
export function validateAnswers(questions: Question[], answers: Answers): { ok: true; answers: Record<string, unknown> } | { ok: false; problems: AnswerProblem[] } {
  const problems: AnswerProblem[] = [];
  const out: Record<string, unknown> = {};
  const known = new Set(questions.map((q) => q.key));
  for (const k of Object.keys(answers)) {
    if (!known.has(k)) problems.push({ key: k, code: 'unknown_question', zh: `问卷中没有问题「${k}」`, en: `the questionnaire has no question "${k}"` });
  }
  for (const q of questions) {
    const v = answers[q.key];
    const p = (code: AnswerProblem['code'], zh: string, en: string) => problems.push({ key: q.key, code, zh: `「${q.zh}」${zh}`, en: `"${q.en}" ${en}` });
    if (isEmpty(v)) {
      if (q.required) p('required', '为必答题', 'is required');
      continue;
    }
    switch (q.type) {
      case 'single_choice': {
        if (typeof v !== 'string') p('wrong_type', '须选择一个选项', 'takes one option');
        else if (!(q.options ?? []).some((o) => o.value === v)) p('unknown_option', `没有选项「${v}」`, `has no option "${v}"`);
        else out[q.key] = v;
        break;
      }
      case 'multiple_choice': {
        if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) p('wrong_type', '须选择一个或多个选项', 'takes a list of options');
        else {
          const bad = v.find((x) => !(q.options ?? []).some((o) => o.value === x));
          if (bad !== undefined) p('unknown_option', `没有选项「${bad}」`, `has no option "${bad}"`);
          else out[q.key] = (q.options ?? []).map((o) => o.value).filter((x) => v.includes(x));
        }
        break;
      }
      case 'number':
      case 'money': {
        const unit = q.type === 'money' ? { zh: '分', en: ' fen' } : { zh: '', en: '' };
        if (typeof v !== 'number' || !Number.isFinite(v)) p('wrong_type', q.type === 'money' ? '须为金额' : '须为数字', q.type === 'money' ? 'takes an amount' : 'takes a number');
        else if (q.type === 'money' && !Number.isSafeInteger(v)) p('not_integer', '金额须精确到分', 'must be whole fen');
        else if (q.min !== undefined && v < q.min) p('below_min', `不能小于 ${q.min}${unit.zh}`, `must be at least ${q.min}${unit.en}`);
        else if (q.max !== undefined && v > q.max) p('above_max', `不能大于 ${q.max}${unit.zh}`, `must be at most ${q.max}${unit.en}`);
        else if (q.type === 'money' && v < 0) p('below_min', '金额不能为负', 'cannot be negative');
        else out[q.key] = v;
        break;
      }
      case 'text': {
        if (typeof v !== 'string') p('wrong_type', '须为文字', 'takes text');
        else if (v.trim().length > 1000) p('too_long', '不能超过 1000 字', 'must be at most 1000 characters');
        else out[q.key] = v.trim();
        break;
      }
      case 'date': {
        if (typeof v !== 'string' || !isRealDate(v)) p('bad_date', '须为有效日期（YYYY-MM-DD）', 'takes a valid date (YYYY-MM-DD)');
        else out[q.key] = v;
        break;
      }
      case 'four_looks': {
        if (typeof v !== 'object' || Array.isArray(v) || v === null) {
          p('wrong_type', '须回答四看法的四项', 'takes the four looks');
          break;
        }
        const rec = v as Record<string, string>;
        // the stored answer carries its total score; an edit may send it back
        const extra = Object.keys(rec).find((k) => k !== 'totalScore' && !(FOUR_LOOK_KEYS as string[]).includes(k));
        const missing = FOUR_LOOK_KEYS.find((k) => rec[k] === undefined);
        const badOpt = FOUR_LOOK_KEYS.find((k) => rec[k] !== undefined && !(rec[k] in FOUR_LOOKS[k].options));
        if (extra) p('unknown_option', `没有「${extra}」一项`, `has no item "${extra}"`);
        else if (badOpt) p('unknown_option', `${FOUR_LOOKS[badOpt].zh}没有选项「${rec[badOpt]}」`, `${FOUR_LOOKS[badOpt].en} has no option "${rec[badOpt]}"`);
        else if (missing) p('incomplete', `缺少${FOUR_LOOKS[missing].zh}`, `lacks ${FOUR_LOOKS[missing].en}`);
        else {
          const answers4 = Object.fromEntries(FOUR_LOOK_KEYS.map((k) => [k, rec[k]])) as Record<(typeof FOUR_LOOK_KEYS)[number], string>;
          const s = scoreFourLooks(answers4);
          out[q.key] = { ...answers4, totalScore: s.total };
        }
        break;
      }
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, answers: out };
}
