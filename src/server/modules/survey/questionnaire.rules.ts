import type { Question } from '../../../contracts/survey';

export interface QuestionnaireProblem {
  path: string;
  zh: string;
  en: string;
}

const CHOICE = new Set(['single_choice', 'multiple_choice']);

/** Problems of a questionnaire definition (empty when it can be saved). Order of the list is the order asked. */
export function questionnaireProblems(questions: Question[]): QuestionnaireProblem[] {
  const out: QuestionnaireProblem[] = [];
  const keys = new Set<string>();
  let assistance = 0;
  questions.forEach((q, i) => {
    const at = (f: string) => `questions.${i}.${f}`;
    if (keys.has(q.key)) out.push({ path: at('key'), zh: `问题编码「${q.key}」重复`, en: `question key "${q.key}" is repeated` });
    keys.add(q.key);
    if (CHOICE.has(q.type)) {
      const opts = q.options ?? [];
      if (opts.length < 2) out.push({ path: at('options'), zh: `「${q.zh}」至少需要两个选项`, en: `"${q.en}" needs at least two options` });
      const values = new Set<string>();
      opts.forEach((o, j) => {
        if (values.has(o.value)) out.push({ path: `${at('options')}.${j}.value`, zh: `「${q.zh}」的选项「${o.value}」重复`, en: `option "${o.value}" of "${q.en}" is repeated` });
        values.add(o.value);
      });
    } else if (q.options && q.options.length > 0) {
      out.push({ path: at('options'), zh: `「${q.zh}」不是选择题，不能有选项`, en: `"${q.en}" is not a choice question and takes no options` });
    }
    if ((q.min !== undefined || q.max !== undefined) && q.type !== 'number' && q.type !== 'money') {
      out.push({ path: at('min'), zh: `「${q.zh}」不是数字或金额题，不能设上下限`, en: `"${q.en}" is not a number or amount and takes no bounds` });
    }
    if (q.min !== undefined && q.max !== undefined && q.min > q.max) out.push({ path: at('max'), zh: `「${q.zh}」的上限小于下限`, en: `the maximum of "${q.en}" is below its minimum` });
    if (q.type === 'money' && q.min !== undefined && q.min < 0) out.push({ path: at('min'), zh: `「${q.zh}」的金额下限不能为负`, en: `the minimum amount of "${q.en}" cannot be negative` });
    if (q.role === 'assistance') {
      assistance++;
      if (!CHOICE.has(q.type)) out.push({ path: at('role'), zh: `「现有帮扶」须为选择题`, en: 'the current-assistance question must be a choice question' });
    }
  });
  if (assistance > 1) out.push({ path: 'questions', zh: '只能有一个「现有帮扶」问题', en: 'only one question can be the current-assistance question' });
  return out;
}
