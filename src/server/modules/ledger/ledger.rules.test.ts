import { describe, expect, it } from 'vitest';
import { balanceDelta, checkEntry, crossesFloor, type LineInput, mirrorLines, normalSide } from './ledger.rules';

const d = (accountId: string, amountFen: number): LineInput => ({ accountId, side: 'debit', amountFen });
const c = (accountId: string, amountFen: number): LineInput => ({ accountId, side: 'credit', amountFen });

describe('checkEntry', () => {
  const cases: Array<[string, LineInput[], string | null]> = [
    ['two balanced lines', [d('a', 100), c('b', 100)], null],
    ['split credit', [d('a', 300), c('b', 100), c('c', 200)], null],
    ['same account on both sides', [d('a', 100), c('a', 100)], null],
    ['no lines', [], 'too_few_lines'],
    ['one line', [d('a', 100)], 'too_few_lines'],
    ['unbalanced', [d('a', 100), c('b', 99)], 'unbalanced'],
    ['zero amount', [d('a', 0), c('b', 0)], 'bad_amount'],
    ['negative amount', [d('a', -100), c('b', -100)], 'bad_amount'],
    ['fractional fen', [d('a', 100.5), c('b', 100.5)], 'bad_amount'],
    ['beyond safe integers', [d('a', 2 ** 53), c('b', 2 ** 53)], 'bad_amount'],
    ['NaN', [d('a', NaN), c('b', NaN)], 'bad_amount'],
    ['amount as a string', [d('a', '100' as unknown as number), c('b', 100)], 'bad_amount'],
    ['bad side', [{ accountId: 'a', side: 'up' as 'debit', amountFen: 100 }, c('b', 100)], 'bad_side'],
    ['same account twice as debit', [d('a', 50), d('a', 50), c('b', 100)], 'duplicate_account'],
    ['same account twice as credit', [d('a', 100), c('b', 50), c('b', 50)], 'duplicate_account'],
    ['large but exact', [d('a', Number.MAX_SAFE_INTEGER), c('b', Number.MAX_SAFE_INTEGER)], null],
    ['sum beyond safe integers still compared exactly', [d('a', Number.MAX_SAFE_INTEGER), d('b', 1), c('c', Number.MAX_SAFE_INTEGER), c('d', 1)], null],
  ];
  it.each(cases)('%s', (_name, lines, expected) => {
    expect(checkEntry(lines)?.code ?? null).toBe(expected);
  });

  it('names the sums of an unbalanced entry', () => {
    expect(checkEntry([d('a', 100), c('b', 70)])).toMatchObject({ code: 'unbalanced', debitFen: 100, creditFen: 70 });
  });
});

describe('sign convention', () => {
  it.each([
    ['asset', 'debit'],
    ['expense', 'debit'],
    ['liability', 'credit'],
    ['equity', 'credit'],
    ['income', 'credit'],
  ] as const)('%s is %s-normal', (kind, side) => {
    expect(normalSide(kind)).toBe(side);
    expect(balanceDelta(kind, side, 100)).toBe(100);
    expect(balanceDelta(kind, side === 'debit' ? 'credit' : 'debit', 100)).toBe(-100);
  });
});

describe('mirrorLines and floors', () => {
  it('swaps sides and keeps amounts', () => {
    expect(mirrorLines([d('a', 100), c('b', 100)])).toEqual([c('a', 100), d('b', 100)]);
  });
  it.each([
    [0, null, false],
    [-1, null, false],
    [0, 0, false],
    [-1, 0, true],
    [99, 100, true],
  ] as const)('balance %d against floor %s → %s', (balance, floor, crosses) => {
    expect(crossesFloor(balance, floor)).toBe(crosses);
  });
});
