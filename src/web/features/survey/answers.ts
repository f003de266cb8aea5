import type { Question } from '../../../contracts/survey';
import { fenToYuanText, yuanTextToFen } from '../registry/numbers';

/** Form values of the phone form: money typed in yuan as text, dates as YYYY-MM-DD text, the rest as answered. */
export type FormAnswers = Record<string, unknown>;

const empty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/** Form values → the answers the API takes (money in integer fen; blanks left out; four looks only when complete). */
export function toApiAnswers(questions: Question[], values: FormAnswers): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const q of questions) {
    const v = values[q.key];
    if (empty(v)) continue;
    switch (q.type) {
      case 'money': {
        const fen = yuanTextToFen(String(v));
        out[q.key] = fen === null ? String(v) : fen; // a bad amount goes through so the server names the question
        break;
      }
      case 'number':
        out[q.key] = typeof v === 'number' ? v : Number(v);
        break;
      case 'text':
        out[q.key] = String(v).trim();
        break;
      case 'four_looks': {
        const rec = Object.fromEntries(Object.entries((v ?? {}) as Record<string, unknown>).filter(([k, x]) => k !== 'totalScore' && !empty(x)));
        if (Object.keys(rec).length) out[q.key] = rec;
        break;
      }
      default:
        out[q.key] = v;
    }
  }
  return out;
}

/** Stored answers → form values (fen shown as yuan with two decimals). */
export function toFormAnswers(questions: Question[], answers: Record<string, unknown>): FormAnswers {
  const out: FormAnswers = {};
  for (const q of questions) {
    const v = answers[q.key];
    if (v === undefined || v === null) continue;
    if (q.type === 'money' && typeof v === 'number') out[q.key] = fenToYuanText(v, true);
    else if (q.type === 'four_looks' && typeof v === 'object') {
      const { totalScore: _s, ...rest } = v as Record<string, unknown>;
      out[q.key] = rest;
    } else out[q.key] = v;
  }
  return out;
}
