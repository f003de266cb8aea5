import { describe, expect, it } from 'vitest';
import type { Question } from '../../../contracts/survey';
import { questionnaireProblems } from './questionnaire.rules';

const opt = (v: string) => ({ value: v, zh: v, en: v });
const choice = (over: Partial<Question> = {}): Question => ({ key: 'c', type: 'single_choice', zh: '选择', en: 'Choice', required: false, options: [opt('a'), opt('b')], ...over });

describe('questionnaireProblems', () => {
  it('accepts a questionnaire of every type', () => {
    expect(
      questionnaireProblems([
        choice(),
        choice({ key: 'm', type: 'multiple_choice', role: 'assistance' }),
        { key: 'n', type: 'number', zh: '数', en: 'N', required: true, min: 0, max: 9 },
        { key: 'y', type: 'money', zh: '钱', en: 'M', required: false, min: 0 },
        { key: 't', type: 'text', zh: '文', en: 'T', required: false },
        { key: 'd', type: 'date', zh: '日', en: 'D', required: false },
        { key: 'f', type: 'four_looks', zh: '四看', en: 'F', required: false },
      ]),
    ).toEqual([]);
  });

  it.each<[string, Question[], string, RegExp]>([
    ['a repeated key', [choice(), choice()], 'questions.1.key', /重复/],
    ['a choice with one option', [choice({ options: [opt('a')] })], 'questions.0.options', /至少需要两个选项/],
    ['a choice with no options', [choice({ options: undefined })], 'questions.0.options', /两个选项/],
    ['a repeated option', [choice({ options: [opt('a'), opt('a')] })], 'questions.0.options.1.value', /选项「a」重复/],
    ['options on a text question', [{ key: 't', type: 'text', zh: '文', en: 'T', required: false, options: [opt('a')] }], 'questions.0.options', /不是选择题/],
    ['bounds on a date', [{ key: 'd', type: 'date', zh: '日', en: 'D', required: false, min: 1 }], 'questions.0.min', /不能设上下限/],
    ['min above max', [{ key: 'n', type: 'number', zh: '数', en: 'N', required: false, min: 5, max: 1 }], 'questions.0.max', /上限小于下限/],
    ['negative money minimum', [{ key: 'y', type: 'money', zh: '钱', en: 'M', required: false, min: -1 }], 'questions.0.min', /不能为负/],
    ['assistance on a number', [{ key: 'n', type: 'number', zh: '数', en: 'N', required: false, role: 'assistance' }], 'questions.0.role', /须为选择题/],
    ['two assistance questions', [choice({ role: 'assistance' }), choice({ key: 'c2', role: 'assistance' })], 'questions', /只能有一个/],
  ])('refuses %s', (_n, qs, path, zh) => {
    const ps = questionnaireProblems(qs);
    expect(ps.map((p) => p.path)).toContain(path);
    expect(ps.find((p) => p.path === path)!.zh).toMatch(zh);
    expect(ps.find((p) => p.path === path)!.en.length).toBeGreaterThan(5);
  });
});
