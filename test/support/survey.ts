import type { Question } from '../../src/contracts/survey';
import { loadSession } from '../../src/server/modules/auth/auth.service';
import type { Deps } from '../../src/server/platform/deps';
import type { Actor } from '../../src/server/platform/http/actor';

/** A questionnaire with one question of every type; `aid` is the current-assistance question of the report. */
export function sampleQuestions(): Question[] {
  return [
    {
      key: 'housing',
      type: 'single_choice',
      zh: '住房情况',
      en: 'Housing',
      required: true,
      options: [
        { value: 'own', zh: '自有住房', en: 'Own' },
        { value: 'rent', zh: '租住', en: 'Rented' },
        { value: 'public', zh: '公租房', en: 'Public rental' },
      ],
    },
    {
      key: 'aid',
      type: 'multiple_choice',
      zh: '现有帮扶',
      en: 'Current assistance',
      required: false,
      role: 'assistance',
      options: [
        { value: 'dibao', zh: '低保', en: 'Dibao' },
        { value: 'union', zh: '工会帮扶', en: 'Union aid' },
        { value: 'none', zh: '无', en: 'None' },
      ],
    },
    { key: 'size', type: 'number', zh: '家庭人口', en: 'Household size', required: true, min: 1, max: 20 },
    { key: 'income', type: 'money', zh: '家庭月收入', en: 'Monthly income', required: false, min: 0 },
    { key: 'note', type: 'text', zh: '走访记录', en: 'Visit notes', required: false },
    { key: 'since', type: 'date', zh: '致困时间', en: 'In hardship since', required: false },
    { key: 'looks', type: 'four_looks', zh: '四看法', en: 'Four looks', required: false },
  ];
}

/** The actor behind a session cookie, for calling services (such as worklistSections) directly. */
export async function actorOfCookie(deps: Deps, cookie: string): Promise<Actor> {
  const token = cookie.replace(/^pa_session=/, '');
  const s = await loadSession(deps, token, { ip: null, userAgent: 'test', requestId: null });
  if (!s || !('actor' in s)) throw new Error('no session');
  return s.actor;
}
