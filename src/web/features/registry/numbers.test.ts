import { describe, expect, it } from 'vitest';
import { bpToMultiplier, bpToPercent, decimalToScaled, fenToYuanText, scaledToDecimal, yuanTextToFen } from './numbers';

describe('yuan text ↔ fen, exactly', () => {
  it.each([
    ['1234.56', 123456],
    ['1,234.5', 123450],
    ['0.01', 1],
    ['20160', 2016000],
    ['', 0],
    ['  ', 0],
    ['¥99.9', 9990],
  ])('%s → %s fen', (text, fen) => expect(yuanTextToFen(text)).toBe(fen));
  it.each(['1.234', 'abc', '-5', '1e3', '12.'])('refuses %s', (text) => expect(yuanTextToFen(text)).toBeNull());
  it('never goes through a float: 0.29 yuan is 29 fen, 1.005 is refused', () => {
    expect(yuanTextToFen('0.29')).toBe(29);
    expect(yuanTextToFen('1.005')).toBeNull();
  });
  it('prints fen back as input text', () => {
    expect(fenToYuanText(123456)).toBe('1234.56');
    expect(fenToYuanText(100000000)).toBe('1000000.00');
    expect(fenToYuanText(0)).toBe('');
    expect(fenToYuanText(0, true)).toBe('0.00');
  });
});

describe('decimals at a scale (k and shares in basis points)', () => {
  it.each([
    ['1.5', 4, 15000],
    ['1.75', 4, 17500],
    ['2', 4, 20000],
    ['1.0001', 4, 10001],
    ['80', 2, 8000],
    ['80.25', 2, 8025],
    ['80.250', 2, 8025],
    ['85%', 2, 8500],
  ])('%s at %i decimals → %i', (text, d, v) => expect(decimalToScaled(text, d)).toBe(v));
  it.each([['1.00001', 4], ['x', 2], ['', 2], ['-1', 2]])('refuses %s', (text, d) => expect(decimalToScaled(text, d)).toBeNull());
  it('prints the shortest decimal', () => {
    expect(bpToMultiplier(15000)).toBe('1.5');
    expect(bpToMultiplier(20000)).toBe('2');
    expect(bpToPercent(8000)).toBe('80');
    expect(bpToPercent(8025)).toBe('80.25');
    expect(scaledToDecimal(10001, 4)).toBe('1.0001');
  });
});
