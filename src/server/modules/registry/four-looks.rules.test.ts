import { describe, expect, it } from 'vitest';
import { scoreFourLooks } from './four-looks.rules';

describe('four-looks scoring', () => {
  it.each([
    [{ housing: 'safe', food: 'sufficient', labour: 'strong', students: 'none' }, 0],
    [{ housing: 'unsafe', food: 'insufficient', labour: 'none', students: 'college' }, 105],
    [{ housing: 'basic', food: 'tight', labour: 'one', students: 'compulsory' }, 45],
  ])('%j → %i', (answers, total) => {
    expect(scoreFourLooks(answers).total).toBe(total);
  });

  it('rejects an answer that is not an option', () => {
    expect(() => scoreFourLooks({ housing: 'castle', food: 'sufficient', labour: 'strong', students: 'none' })).toThrow(RangeError);
  });
});
