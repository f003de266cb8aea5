import { describe, expect, it } from 'vitest';
import { ageOn, idCheckDigit, parseIdNumber } from './idcard';

const make = (first17: string) => first17 + idCheckDigit(first17);

describe('GB 11643 ID numbers in the browser', () => {
  it('derives birth date and sex from a valid number', () => {
    const r = parseIdNumber(make('52030219800512123'));
    expect(r).toEqual({ ok: true, info: { normalized: make('52030219800512123'), regionCode: '520302', birthDate: '1980-05-12', sex: 'male' } });
    const f = parseIdNumber(make('52030219820305224'));
    expect(f.ok && f.info.sex).toBe('female');
  });
  it('accepts a lower-case x check digit', () => expect(parseIdNumber('11010519491231002x').ok).toBe(true));
  it('names the problem', () => {
    expect(parseIdNumber('12345')).toEqual({ ok: false, problem: 'format' });
    expect(parseIdNumber(make('52030219800230123'))).toEqual({ ok: false, problem: 'birth_date' });
    expect(parseIdNumber('110105194912310021')).toEqual({ ok: false, problem: 'checksum' });
  });
  it('counts age in whole years', () => {
    expect(ageOn('1980-05-12', '2026-05-11')).toBe(45);
    expect(ageOn('1980-05-12', '2026-05-12')).toBe(46);
  });
});
