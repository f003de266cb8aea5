/**
 * Demo dibao lines (yuan per person per month, in fen) and near-dibao multipliers per city/prefecture — the demo
 * parameters of the reference rule. Real values are maintained by administrators per region and year.
 */
export const DEMO_DIBAO_LINES: Array<{ regionCode: string; dibaoLineFen: number; nearDibaoMultiplierBp: number }> = [
  { regionCode: '5201', dibaoLineFen: 64000, nearDibaoMultiplierBp: 20000 },
  { regionCode: '5202', dibaoLineFen: 56000, nearDibaoMultiplierBp: 15000 },
  { regionCode: '5203', dibaoLineFen: 56000, nearDibaoMultiplierBp: 15000 },
  { regionCode: '5204', dibaoLineFen: 56000, nearDibaoMultiplierBp: 15000 },
  { regionCode: '5205', dibaoLineFen: 53000, nearDibaoMultiplierBp: 15000 },
  { regionCode: '5206', dibaoLineFen: 53000, nearDibaoMultiplierBp: 15000 },
  { regionCode: '5223', dibaoLineFen: 53000, nearDibaoMultiplierBp: 15000 },
  { regionCode: '5226', dibaoLineFen: 53000, nearDibaoMultiplierBp: 15000 },
  { regionCode: '5227', dibaoLineFen: 53000, nearDibaoMultiplierBp: 15000 },
];
export const DEMO_RIGID_SPENDING_SHARE_BP = 8000;
/** The year of the reference practice, and the current year, both get the demo lines. */
export const DEMO_LINE_YEARS = [2016];
