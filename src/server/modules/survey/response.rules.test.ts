import { describe, expect, it } from 'vitest';
import type { Answers, Question } from '../../../contracts/survey';
import { validateAnswers } from './response.rules';

const Q: Question[] = [
  { key: 'housing', type: 'single_choice', zh: '住房', en: 'Housing', required: true, options: [{ value: 'own', zh: '自有', en: 'Own' }, { value: 'rent', zh: '租住', en: 'Rented' }] },
  { key: 'aid', type: 'multiple_choice', zh: '现有帮扶', en: 'Current aid', required: false, options: [{ value: 'dibao', zh: '低保', en: 'Dibao' }, { value: 'union', zh: '工会帮扶', en: 'Union' }, { value: 'none', zh: '无', en: 'None' }], role: 'assistance' },
  { key: 'members', type: 'number', zh: '家庭人口', en: 'Household size', required: true, min: 1, max: 20 },
  { key: 'income', type: 'money', zh: '月收入', en: 'Monthly income', required: false, min: 0, max: 10_000_000 },
  { key: 'note', type: 'text', zh: '备注', en: 'Notes', required: false },
  { key: 'since', type: 'date', zh: '致困时间', en: 'Hardship since', required: false },
  { key: 'looks', type: 'four_looks', zh: '四看法', en: 'Four looks', required: false },
];
const ok: Answers = { housing: 'rent', members: 3 };

describe('validateAnswers', () => {
  it.each<[string, Answers, Record<string, unknown>]>([
    ['required only', ok, { housing: 'rent', members: 3 }],
    ['multiple choice kept in option order, repeats dropped', { ...ok, aid: ['none', 'dibao', 'dibao'] }, { housing: 'rent', members: 3, aid: ['dibao', 'none'] }],
    ['money in fen at the bounds', { ...ok, income: 0 }, { housing: 'rent', members: 3, income: 0 }],
    ['money upper bound', { ...ok, income: 10_000_000 }, { housing: 'rent', members: 3, income: 10_000_000 }],
    ['number at both bounds', { housing: 'own', members: 20 }, { housing: 'own', members: 20 }],
    ['text trimmed', { ...ok, note: '  屋顶漏雨  ' }, { housing: 'rent', members: 3, note: '屋顶漏雨' }],
    ['empty optional answers dropped', { ...ok, note: '  ', aid: [], since: null }, { housing: 'rent', members: 3 }],
    ['a real date', { ...ok, since: '2024-02-29' }, { housing: 'rent', members: 3, since: '2024-02-29' }],
    ['four looks scored', { ...ok, looks: { housing: 'poor', food: 'basic', labour: 'weak', students: 'college' } }, { housing: 'rent', members: 3, looks: { housing: 'poor', food: 'basic', labour: 'weak', students: 'college', totalScore: 65 } }],
    ['four looks sent back with their stored score (an edit)', { ...ok, looks: { housing: 'safe', food: 'sufficient', labour: 'strong', students: 'none', totalScore: 99 } }, { housing: 'rent', members: 3, looks: { housing: 'safe', food: 'sufficient', labour: 'strong', students: 'none', totalScore: 0 } }],
  ])('accepts %s', (_n, answers, want) => {
    const r = validateAnswers(Q, answers);
    expect(r).toEqual({ ok: true, answers: want });
  });

  it.each<[string, Answers, string, string, RegExp]>([
    ['a missing required choice', { members: 3 }, 'housing', 'required', /「住房」为必答题/],
    ['a blank required choice', { housing: '', members: 3 }, 'housing', 'required', /必答/],
    ['an unknown option', { housing: 'castle', members: 3 }, 'housing', 'unknown_option', /没有选项「castle」/],
    ['a list for a single choice', { housing: ['own'], members: 3 }, 'housing', 'wrong_type', /须选择一个选项/],
    ['a string for a multiple choice', { ...ok, aid: 'dibao' }, 'aid', 'wrong_type', /一个或多个/],
    ['an unknown option among several', { ...ok, aid: ['dibao', 'x'] }, 'aid', 'unknown_option', /没有选项「x」/],
    ['text for a number', { housing: 'own', members: '3' }, 'members', 'wrong_type', /须为数字/],
    ['a number below min', { housing: 'own', members: 0 }, 'members', 'below_min', /不能小于 1/],
    ['a number above max', { housing: 'own', members: 21 }, 'members', 'above_max', /不能大于 20/],
    ['a fraction of a fen', { ...ok, income: 12.5 }, 'income', 'not_integer', /精确到分/],
    ['money above max', { ...ok, income: 10_000_001 }, 'income', 'above_max', /不能大于 10000000分/],
    ['negative money', { ...ok, income: -1 }, 'income', 'below_min', /不能小于 0分/],
    ['a number for text', { ...ok, note: 5 }, 'note', 'wrong_type', /须为文字/],
    ['too long text', { ...ok, note: 'x'.repeat(1001) }, 'note', 'too_long', /1000/],
    ['an impossible date', { ...ok, since: '2023-02-29' }, 'since', 'bad_date', /有效日期/],
    ['a date in another format', { ...ok, since: '2023/02/01' }, 'since', 'bad_date', /YYYY-MM-DD/],
    ['four looks incomplete', { ...ok, looks: { housing: 'poor', food: 'basic', labour: 'weak' } }, 'looks', 'incomplete', /缺少四看读书郎/],
    ['four looks unknown option', { ...ok, looks: { housing: 'palace', food: 'basic', labour: 'weak', students: 'none' } }, 'looks', 'unknown_option', /一看房没有选项「palace」/],
    ['four looks extra item', { ...ok, looks: { housing: 'poor', food: 'basic', labour: 'weak', students: 'none', car: 'yes' } }, 'looks', 'unknown_option', /没有「car」一项/],
    ['four looks as a list', { ...ok, looks: ['poor'] }, 'looks', 'wrong_type', /四看法/],
    ['an answer to no question', { ...ok, extra: 'x' }, 'extra', 'unknown_question', /没有问题「extra」/],
  ])('refuses %s, naming the question in zh and en', (_n, answers, key, code, zh) => {
    const r = validateAnswers(Q, answers);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const p = r.problems.find((x) => x.key === key);
    expect(p, JSON.stringify(r.problems)).toBeDefined();
    expect(p!.code).toBe(code);
    expect(p!.zh).toMatch(zh);
    expect(p!.en).toMatch(key === 'extra' ? /extra/ : new RegExp(Q.find((q) => q.key === key)!.en));
  });

  it('reports every problem at once', () => {
    const r = validateAnswers(Q, { housing: 'x', members: 99, since: 'soon' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.key)).toEqual(['housing', 'members', 'since']);
  });
});
