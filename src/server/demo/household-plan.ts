/**
 * Pure planning of the demo household registry at real scale: how many households each county gets, and how
 * many of them are to come out of the identification rule as dibao / near-dibao / accident-caused, flagged
 * extreme hardship, or caused primarily by illness. The generator then produces data from which the rule
 * derives exactly these categories; nothing here touches a database.
 *
 * The reference figures are Guizhou's: 197,392 households (35,126 dibao, 101,938 near-dibao, 60,328
 * accident-caused), about 30% impoverished by illness, and Zunyi holding 7,908 extreme-hardship households of
 * which 40.73% (3,221) by illness. Other sizes scale proportionally, rounding by largest remainder so that
 * every split adds up to its whole.
 */
import { divisionsOf } from '../modules/orgs/division';

export const PRACTICE = {
  households: 197_392,
  dibao: 35_126,
  nearDibao: 101_938,
  accident: 60_328,
  /** share of households whose primary cause is illness, basis points */
  illnessShareBp: 3000,
  zunyiCode: '5203',
  zunyiExtreme: 7_908,
  zunyiExtremeIllness: 3_221,
  /** share of households flagged extreme hardship in the cities other than Zunyi (demo parameter), basis points */
  otherExtremeShareBp: 800,
} as const;

export type PlannedCategory = 'dibao' | 'near_dibao' | 'accident';
export const PLANNED_CATEGORIES: readonly PlannedCategory[] = ['dibao', 'near_dibao', 'accident'];

/**
 * Relative weight of each city/prefecture in the registry (roughly its urban population, 10k persons): bigger
 * cities hold more households. Demo parameter.
 */
export const CITY_WEIGHTS: Record<string, number> = {
  '5201': 479, // 贵阳
  '5202': 165, // 六盘水
  '5203': 375, // 遵义
  '5204': 120, // 安顺
  '5205': 290, // 毕节
  '5206': 170, // 铜仁
  '5223': 155, // 黔西南
  '5226': 190, // 黔东南
  '5227': 180, // 黔南
};

/** Within a city: urban districts (区, codes 01–20) weigh 4, county-level cities (市, 81–99) 3, counties (县) 2. */
export function countyWeight(code: string): number {
  const n = Number(code.slice(4));
  if (n <= 20) return 4;
  if (n >= 81) return 3;
  return 2;
}

/** Chance that a household's primary cause is illness, per category, before scaling to the province target (bp). */
const ILLNESS_AFFINITY_BP: Record<PlannedCategory, number> = { dibao: 2500, near_dibao: 1700, accident: 5500 };
/** Extreme-hardship households are drawn first from dibao, then near-dibao, then accident households. */
const EXTREME_FROM_DIBAO_BP = 5500;

export interface PlanCell {
  category: PlannedCategory;
  extreme: boolean;
  /** households in this cell */
  count: number;
  /** of which with illness as the primary cause */
  illness: number;
}

export interface CountyPlan {
  code: string;
  name: string;
  cityCode: string;
  cityName: string;
  total: number;
  cells: PlanCell[];
}

export interface HouseholdPlan {
  total: number;
  counties: CountyPlan[];
  targets: {
    dibao: number;
    nearDibao: number;
    accident: number;
    illness: number;
    zunyiExtreme: number;
    zunyiExtremeIllness: number;
  };
}

/**
 * Splits `total` into integers proportional to `weights` (Hamilton / largest remainder): the parts add up to
 * `total` exactly, each differs from its exact share by less than 1, and no part exceeds its optional cap
 * (the caps must leave room for the total). Ties go to the earlier index.
 */
export function largestRemainder(total: number, weights: readonly number[], caps?: readonly number[]): number[] {
  if (!Number.isInteger(total) || total < 0) throw new RangeError('total must be a non-negative integer');
  const parts = weights.map(() => 0);
  let open = weights.map((_, i) => i).filter((i) => weights[i] > 0 && (!caps || caps[i] > 0));
  let left = total;
  // parts that reach their cap are fixed; what they could not take is split again among the others
  while (left > 0) {
    if (open.length === 0) throw new RangeError(`cannot split ${total}: no weight or no room left`);
    const sumW = open.reduce((a, i) => a + weights[i], 0);
    const exact = open.map((i) => (left * weights[i]) / sumW);
    const add = exact.map(Math.floor);
    let rest = left - add.reduce((a, b) => a + b, 0);
    const order = open.map((_, j) => j).sort((a, b) => exact[b] - add[b] - (exact[a] - add[a]) || a - b);
    for (const j of order) {
      if (rest === 0) break;
      add[j]++;
      rest--;
    }
    left = 0;
    open.forEach((i, j) => {
      const take = caps ? Math.min(add[j], caps[i] - parts[i]) : add[j];
      parts[i] += take;
      left += add[j] - take;
    });
    open = open.filter((i) => !caps || parts[i] < caps[i]);
  }
  return parts;
}

/** The province totals for `total` households, scaled from the practice and rounded by largest remainder. */
export function scaledTargets(total: number): HouseholdPlan['targets'] {
  const [dibao, nearDibao, accident] = largestRemainder(total, [PRACTICE.dibao, PRACTICE.nearDibao, PRACTICE.accident]);
  const illness = largestRemainder(total, [PRACTICE.illnessShareBp, 10000 - PRACTICE.illnessShareBp])[0];
  const [zunyiExtremeIllness, zunyiExtremeOther] = largestRemainder(total, [
    PRACTICE.zunyiExtremeIllness,
    PRACTICE.zunyiExtreme - PRACTICE.zunyiExtremeIllness,
    PRACTICE.households - PRACTICE.zunyiExtreme,
  ]);
  return { dibao, nearDibao, accident, illness, zunyiExtreme: zunyiExtremeIllness + zunyiExtremeOther, zunyiExtremeIllness };
}

/**
 * Plans `total` households over the 88 counties of Guizhou. Deterministic and pure: the same total gives the
 * same plan. Guarantees (tested): counties add up to the total; categories add up to the scaled practice
 * figures; Zunyi's extreme-hardship cells add up to its target and their illness counts to its illness target;
 * illness over all cells adds up to the illness target; every cell's illness count is within its size.
 */
export function planHouseholds(total: number): HouseholdPlan {
  if (!Number.isInteger(total) || total < 0) throw new RangeError('household count must be a non-negative integer');
  const targets = scaledTargets(total);
  const divs = divisionsOf('52');
  const cities = divs.filter((d) => d.level === 'city');
  const countiesAll = divs.filter((d) => d.level === 'county');

  // households per city, then per county
  const cityTotals = largestRemainder(
    total,
    cities.map((c) => CITY_WEIGHTS[c.code] ?? 100),
  );
  const counties: Array<{ code: string; name: string; cityCode: string; cityName: string; total: number }> = [];
  cities.forEach((c, ci) => {
    const cs = countiesAll.filter((d) => d.parentCode === c.code);
    const parts = largestRemainder(
      cityTotals[ci],
      cs.map((d) => countyWeight(d.code)),
    );
    cs.forEach((d, i) => counties.push({ code: d.code, name: d.name, cityCode: c.code, cityName: c.name, total: parts[i] }));
  });
  const totals = counties.map((c) => c.total);

  // categories per county: dibao proportional to size; near-dibao proportional to what is left; accident the rest
  const dibao = largestRemainder(targets.dibao, totals, totals);
  const afterDibao = totals.map((t, i) => t - dibao[i]);
  const near = largestRemainder(targets.nearDibao, afterDibao, afterDibao);
  const accident = totals.map((t, i) => t - dibao[i] - near[i]);

  // extreme hardship: Zunyi's exact target over its counties; elsewhere a demo share of each county
  const isZunyi = counties.map((c) => c.cityCode === PRACTICE.zunyiCode);
  const zIdx = counties.map((_, i) => i).filter((i) => isZunyi[i]);
  const zExtreme = largestRemainder(
    targets.zunyiExtreme,
    zIdx.map((i) => totals[i]),
    zIdx.map((i) => totals[i]),
  );
  const extreme = totals.map(() => 0);
  zIdx.forEach((i, j) => (extreme[i] = zExtreme[j]));
  const oIdx = counties.map((_, i) => i).filter((i) => !isZunyi[i]);
  const otherTotal = oIdx.reduce((a, i) => a + totals[i], 0);
  const oExtreme = largestRemainder(
    Math.round((otherTotal * PRACTICE.otherExtremeShareBp) / 10000),
    oIdx.map((i) => totals[i]),
    oIdx.map((i) => totals[i]),
  );
  oIdx.forEach((i, j) => (extreme[i] = oExtreme[j]));

  // split each county's extreme households over its categories: dibao first (a share), then near-dibao, then accident
  const cellsOf = counties.map((_, i) => {
    const byCat = { dibao: dibao[i], near_dibao: near[i], accident: accident[i] };
    const e = extreme[i];
    const eD = Math.min(byCat.dibao, Math.round((e * EXTREME_FROM_DIBAO_BP) / 10000));
    const eN = Math.min(byCat.near_dibao, e - eD);
    const eA = Math.min(byCat.accident, e - eD - eN);
    const eD2 = eD + Math.min(byCat.dibao - eD, e - eD - eN - eA); // when near and accident cannot take the rest
    if (eD2 + eN + eA !== e) throw new Error(`county ${counties[i].code}: cannot place ${e} extreme households`);
    const ex = { dibao: eD2, near_dibao: eN, accident: eA };
    const cells: PlanCell[] = [];
    for (const cat of PLANNED_CATEGORIES) {
      cells.push({ category: cat, extreme: true, count: ex[cat], illness: 0 });
      cells.push({ category: cat, extreme: false, count: byCat[cat] - ex[cat], illness: 0 });
    }
    return cells;
  });

  // illness: Zunyi's extreme cells get exactly their target; all other cells share the rest by category affinity
  const zCells = zIdx.flatMap((i) => cellsOf[i].filter((c) => c.extreme));
  const zIll = largestRemainder(
    targets.zunyiExtremeIllness,
    zCells.map((c) => c.count),
    zCells.map((c) => c.count),
  );
  zCells.forEach((c, j) => (c.illness = zIll[j]));
  const rest = cellsOf.flatMap((cells, i) => cells.filter((c) => !(isZunyi[i] && c.extreme)));
  const restIllness = targets.illness - targets.zunyiExtremeIllness;
  const ill = largestRemainder(
    Math.max(0, restIllness),
    rest.map((c) => c.count * ILLNESS_AFFINITY_BP[c.category]),
    rest.map((c) => c.count),
  );
  rest.forEach((c, j) => (c.illness = ill[j]));

  return {
    total,
    targets,
    counties: counties.map((c, i) => ({ ...c, cells: cellsOf[i] })),
  };
}

/** Sums of a plan, for checks and the seeding's audit event. */
export function planTotals(plan: HouseholdPlan) {
  const sum = { households: 0, dibao: 0, near_dibao: 0, accident: 0, illness: 0, extreme: 0, zunyiExtreme: 0, zunyiExtremeIllness: 0 };
  for (const c of plan.counties) {
    sum.households += c.total;
    for (const cell of c.cells) {
      sum[cell.category] += cell.count;
      sum.illness += cell.illness;
      if (cell.extreme) {
        sum.extreme += cell.count;
        if (c.cityCode === PRACTICE.zunyiCode) {
          sum.zunyiExtreme += cell.count;
          sum.zunyiExtremeIllness += cell.illness;
        }
      }
    }
  }
  return sum;
}
