import { FOUR_LOOKS, FOUR_LOOK_KEYS, type FourLookKey } from '../../../contracts/registry';

/** Scores of a four-looks assessment: each answer's score and the total (higher = harder). */
export function scoreFourLooks(answers: Record<FourLookKey, string>): { scores: Record<FourLookKey, number>; total: number } {
  const scores = {} as Record<FourLookKey, number>;
  let total = 0;
  for (const k of FOUR_LOOK_KEYS) {
    const opt = (FOUR_LOOKS[k].options as Record<string, { score: number }>)[answers[k]];
    if (!opt) throw new RangeError(`unknown answer ${answers[k]} for ${k}`);
    scores[k] = opt.score;
    total += opt.score;
  }
  return { scores, total };
}
