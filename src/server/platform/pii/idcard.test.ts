import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDigit, makeIdNumber, normalizeIdNumber, validateIdNumber } from './idcard';

describe('validateIdNumber (GB 11643-1999)', () => {
  it.each([
    // the standard's own example, check digit X
    { id: '11010519491231002X', region: '110105', birth: '1949-12-31', sex: 'female' },
    // lower-case x and surrounding blanks are normalized
    { id: ' 11010519491231002x ', region: '110105', birth: '1949-12-31', sex: 'female', normalized: '11010519491231002X' },
    { id: '520302198005171237', region: '520302', birth: '1980-05-17', sex: 'male' },
    // leap day
    { id: '520302200002290070', region: '520302', birth: '2000-02-29', sex: 'male' },
    { id: '52030319900101004X', region: '520303', birth: '1990-01-01', sex: 'female' },
  ])('accepts $id', ({ id, region, birth, sex, normalized }) => {
    const v = validateIdNumber(id);
    expect(v).toEqual({ ok: true, info: { normalized: normalized ?? id, regionCode: region, birthDate: birth, sex } });
  });

  it.each([
    // wrong check digit (the valid one is 7)
    { id: '520302198005171234', problem: 'checksum' },
    { id: '520302198005171230', problem: 'checksum' },
    // X where a digit belongs
    { id: '52030219800517123X', problem: 'checksum' },
    // 1980-02-30 does not exist (check digit made valid so only the date is wrong)
    { id: '52030219800230' + '001' + checkDigit('52030219800230001'), problem: 'birth_date' },
    { id: '52030219801301' + '001' + checkDigit('52030219801301001'), problem: 'birth_date' },
    { id: '52030219800100' + '001' + checkDigit('52030219800100001'), problem: 'birth_date' },
    // 1900-02-29 is not a leap day; 2001-02-29 neither
    { id: '52030219000229' + '001' + checkDigit('52030219000229001'), problem: 'birth_date' },
    { id: '52030220010229' + '001' + checkDigit('52030220010229001'), problem: 'birth_date' },
    // before 1900
    { id: '440524188001010014', problem: 'birth_date' },
    // wrong length, letters, X not last
    { id: '52030219800517123', problem: 'format' },
    { id: '5203021980051712377', problem: 'format' },
    { id: '', problem: 'format' },
    { id: '52030219800517A237', problem: 'format' },
    { id: '5203021980X5171237', problem: 'format' },
    { id: '520302 98005171237', problem: 'format' },
    // 15-digit first-generation numbers are not accepted
    { id: '520302800517123', problem: 'format' },
  ])('rejects $id: $problem', ({ id, problem }) => {
    expect(validateIdNumber(id)).toEqual({ ok: false, problem });
  });

  it('a single changed digit is always caught by the check digit', () => {
    const id = '520302198005171237';
    for (let i = 14; i < 17; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === id[i]) continue;
        const changed = id.slice(0, i) + d + id.slice(i + 1);
        expect(validateIdNumber(changed)).toEqual({ ok: false, problem: 'checksum' });
      }
    }
  });

  it('sex follows the parity of the 17th digit', () => {
    for (let seq = 0; seq < 20; seq++) {
      const v = validateIdNumber(makeIdNumber('520302', '1985-07-01', seq));
      expect(v.ok && v.info.sex).toBe(seq % 2 === 1 ? 'male' : 'female');
    }
  });
});

describe('checkDigit', () => {
  it.each([
    ['11010519491231002', 'X'],
    ['52030219800517123', '7'],
    ['44052418800101001', '4'],
  ])('%s → %s', (first17, digit) => {
    expect(checkDigit(first17)).toBe(digit);
  });
});

describe('makeIdNumber', () => {
  it('round-trips region, birth date and sequence through validateIdNumber', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('520302', '520303', '520102', '110105', '440524'),
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        (region, date, seq) => {
          const birth = date.toISOString().slice(0, 10);
          const id = makeIdNumber(region, birth, seq);
          expect(id).toMatch(/^\d{17}[\dX]$/);
          expect(id.slice(14, 17)).toBe(String(seq).padStart(3, '0'));
          const v = validateIdNumber(id);
          expect(v).toEqual({ ok: true, info: { normalized: id, regionCode: region, birthDate: birth, sex: seq % 2 === 1 ? 'male' : 'female' } });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps only the last three digits of a larger sequence', () => {
    expect(makeIdNumber('520302', '1980-05-17', 1123)).toBe(makeIdNumber('520302', '1980-05-17', 123));
  });
});

describe('normalizeIdNumber', () => {
  it('trims and upper-cases', () => {
    expect(normalizeIdNumber('  11010519491231002x\n')).toBe('11010519491231002X');
  });
});
