import { describe, expect, it } from 'vitest';
import { fileStamp, formatDate, formatDateTime, formatFen, idNumberChecksumOk, maskIdNumber, maskPhone, parseYuanToFen, shanghaiIso } from './format';

describe('formatFen', () => {
  it.each([
    [0, '¥0.00'],
    [5, '¥0.05'],
    [123456, '¥1,234.56'],
    [-123456, '-¥1,234.56'],
    [100000000, '¥1,000,000.00'],
    ['9007199254740993', '¥90,071,992,547,409.93'],
    [12345678901234567890n, '¥123,456,789,012,345,678.90'],
    [null, '—'],
    ['abc', '—'],
  ])('%s fen → %s', (fen, text) => {
    expect(formatFen(fen as never)).toBe(text);
  });
  it('can leave out the symbol', () => expect(formatFen(199, { symbol: false })).toBe('1.99'));
});

describe('parseYuanToFen', () => {
  it.each([
    ['1234.5', 123450],
    ['1,234.56', 123456],
    ['¥ 0.07', 7],
    ['-3', -300],
    ['1.234', null],
    ['', null],
  ])('%s → %s', (s, fen) => expect(parseYuanToFen(s)).toBe(fen));
});

describe('instants in Asia/Shanghai', () => {
  it('shows Beijing wall-clock time whatever the machine zone', () => {
    expect(formatDateTime('2026-03-04T16:30:05Z')).toBe('2026-03-05 00:30:05');
    expect(formatDateTime('2026-03-04T16:30:05Z', { seconds: false })).toBe('2026-03-05 00:30');
    expect(formatDate('2026-03-04T16:30:05Z')).toBe('2026-03-05');
  });
  it('keeps business dates as they are', () => expect(formatDate('2026-02-28')).toBe('2026-02-28'));
  it('dashes for nothing or nonsense', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
  });
  it('builds +08:00 instants for filters', () => {
    expect(shanghaiIso('2026-03-05')).toBe('2026-03-05T00:00:00+08:00');
    expect(new Date(shanghaiIso('2026-03-05')).toISOString()).toBe('2026-03-04T16:00:00.000Z');
  });
  it('stamps file names in Beijing time', () => expect(fileStamp(new Date('2026-03-04T16:30:05Z'))).toBe('20260305_003005'));
});

describe('masks', () => {
  it('masks phone and ID numbers, passing masked values through', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('138****5678')).toBe('138****5678');
    expect(maskIdNumber('52030219900101123X')).toBe('5203**********123X');
    expect(maskPhone(null)).toBe('—');
  });
  it('checks the GB 11643 check digit', () => {
    expect(idNumberChecksumOk('11010519491231002X')).toBe(true);
    expect(idNumberChecksumOk('110105194912310021')).toBe(false);
    expect(idNumberChecksumOk('12345')).toBe(false);
  });
});
