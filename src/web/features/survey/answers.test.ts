import { describe, expect, it } from 'vitest';
import type { Question } from '../../../contracts/survey';
import { toApiAnswers, toFormAnswers } from './answers';

const Q: Question[] = [
  { key: 'c', type: 'single_choice', zh: '选', en: 'C', required: false, options: [{ value: 'a', zh: 'a', en: 'a' }, { value: 'b', zh: 'b', en: 'b' }] },
  { key: 'm', type: 'money', zh: '钱', en: 'M', required: false },
  { key: 'n', type: 'number', zh: '数', en: 'N', required: false },
  { key: 't', type: 'text', zh: '文', en: 'T', required: false },
  { key: 'f', type: 'four_looks', zh: '四看', en: 'F', required: false },
];

describe('phone form answers', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['yuan text to fen exactly', { m: '1234.56' }, { m: 123456 }],
    ['0.1 yuan is 10 fen', { m: '0.1' }, { m: 10 }],
    ['a bad amount passes through for the server to name', { m: '12.345' }, { m: '12.345' }],
    ['blanks dropped', { c: undefined, m: '', t: '  ', n: null }, {}],
    ['text trimmed', { t: ' 漏雨 ' }, { t: '漏雨' }],
    ['four looks without the stored score, partial kept for the server to name', { f: { housing: 'poor', food: undefined, totalScore: 20 } }, { f: { housing: 'poor' } }],
  ])('%s', (_n, values, want) => expect(toApiAnswers(Q, values)).toEqual(want));

  it('round-trips stored answers through the form', () => {
    const stored = { c: 'a', m: 150000, n: 3, t: '漏雨', f: { housing: 'poor', food: 'basic', labour: 'weak', students: 'none', totalScore: 50 } };
    const form = toFormAnswers(Q, stored);
    expect(form.m).toBe('1500.00');
    expect(form.f).toEqual({ housing: 'poor', food: 'basic', labour: 'weak', students: 'none' });
    expect(toApiAnswers(Q, form)).toEqual({ ...stored, f: { housing: 'poor', food: 'basic', labour: 'weak', students: 'none' } });
  });
});
