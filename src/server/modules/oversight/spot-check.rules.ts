import { createHash } from 'node:crypto';

/**
 * 抽查 Sampling rule. Pure: the same population, rule and seed always draw exactly the same sample, whatever order
 * the database returned the files in.
 *
 * - Size: `percentBp` (basis points of the population, rounded up) and/or a fixed `count`; with both, the larger of
 *   the two; never more than the population.
 * - Stratification: each stratum (a grassroots union, or a county) gets its share of the sample by largest remainder;
 *   with `minPerStratum`, every non-empty stratum gets at least one file (the sample may then exceed the target).
 * - Risk weights multiply a file's chance of being drawn: many edits (version − 1 counts the edits of the file),
 *   one investigator's files, large aid received (the household's paid aid transfers).
 * - Weighted sampling without replacement by Efraimidis–Spirakis: key = u^(1/w), with u taken from
 *   sha256(seed, id); the files with the largest keys are drawn (we compare ln(u)/w, the same order).
 */
export interface Candidate {
  id: string;
  /** The stratum the file belongs to (org id or county code). */
  stratum: string;
  /** Edits of the file (households.version − 1). */
  edits: number;
  investigatedBy: string | null;
  /** Aid paid to the household, in fen. */
  aidReceivedFen: number;
}

export interface RiskWeights {
  /** Extra weight per edit (e.g. 0.5: a file edited 4 times weighs 3). */
  perEdit?: number;
  /** One investigator's files weigh this much more. */
  investigatorUserId?: string;
  investigatorFactor?: number;
  /** Files that received at least this much aid weigh `largeAidFactor` more. */
  largeAidThresholdFen?: number;
  largeAidFactor?: number;
}

export interface SampleRule {
  percentBp?: number;
  count?: number;
  stratify: boolean;
  minPerStratum: boolean;
  weights: RiskWeights;
}

export interface SampledItem {
  id: string;
  stratum: string;
  weight: number;
  /** ln(u)/w: the larger, the earlier drawn. */
  key: number;
}

export interface SampleResult {
  populationCount: number;
  targetCount: number;
  perStratum: Record<string, { population: number; sampled: number }>;
  items: SampledItem[];
}

export function targetSize(population: number, rule: Pick<SampleRule, 'percentBp' | 'count'>): number {
  const byPct = rule.percentBp !== undefined ? Math.ceil((population * rule.percentBp) / 10_000) : 0;
  const byCount = rule.count ?? 0;
  return Math.min(population, Math.max(byPct, byCount));
}

export function weightOf(c: Candidate, w: RiskWeights): number {
  let weight = 1 + Math.max(0, w.perEdit ?? 0) * Math.max(0, c.edits);
  if (w.investigatorUserId && c.investigatedBy === w.investigatorUserId) weight *= Math.max(1, w.investigatorFactor ?? 1);
  if (w.largeAidThresholdFen !== undefined && w.largeAidThresholdFen > 0 && c.aidReceivedFen >= w.largeAidThresholdFen) weight *= Math.max(1, w.largeAidFactor ?? 1);
  return weight;
}

/** A uniform number in (0, 1) from the seed and the file id. */
export function uniformOf(seed: string, id: string): number {
  const h = createHash('sha256').update(seed).update('\u0000').update(id).digest();
  // 52 bits: the top 20 of the first word and the 32 of the second
  const hi = h.readUInt32BE(0) >>> 12;
  const lo = h.readUInt32BE(4);
  return (hi * 2 ** 32 + lo + 0.5) / 2 ** 52;
}

/** Splits `target` over strata in proportion to their size, by largest remainder (ties by stratum name). */
export function allocate(sizes: Record<string, number>, target: number, minPerStratum: boolean): Record<string, number> {
  const names = Object.keys(sizes).sort();
  const total = names.reduce((s, n) => s + sizes[n], 0);
  const out: Record<string, number> = {};
  if (total === 0) return out;
  const rema: Array<{ n: string; r: number }> = [];
  let given = 0;
  for (const n of names) {
    const exact = (target * sizes[n]) / total;
    out[n] = Math.floor(exact);
    given += out[n];
    rema.push({ n, r: exact - out[n] });
  }
  rema.sort((a, b) => b.r - a.r || (a.n < b.n ? -1 : a.n > b.n ? 1 : 0));
  for (let i = 0; given < target && i < rema.length; i++, given++) out[rema[i].n]++;
  for (const n of names) {
    if (minPerStratum && sizes[n] > 0) out[n] = Math.max(out[n], 1);
    out[n] = Math.min(out[n], sizes[n]);
  }
  return out;
}

const byKey = (a: SampledItem, b: SampledItem) => b.key - a.key || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function drawSample(population: readonly Candidate[], rule: SampleRule, seed: string): SampleResult {
  const sorted = [...population].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const keyed: SampledItem[] = sorted.map((c) => {
    const weight = weightOf(c, rule.weights);
    return { id: c.id, stratum: c.stratum, weight, key: Math.log(uniformOf(seed, c.id)) / weight };
  });
  const targetCount = targetSize(sorted.length, rule);
  const groups = new Map<string, SampledItem[]>();
  for (const k of keyed) {
    const key = rule.stratify ? k.stratum : '';
    const g = groups.get(key);
    if (g) g.push(k);
    else groups.set(key, [k]);
  }
  const sizes = Object.fromEntries([...groups].map(([n, g]) => [n, g.length]));
  const quota = rule.stratify ? allocate(sizes, targetCount, rule.minPerStratum) : { '': targetCount };
  const items: SampledItem[] = [];
  for (const [n, g] of groups) items.push(...g.sort(byKey).slice(0, quota[n] ?? 0));
  items.sort(byKey);
  const perStratum: SampleResult['perStratum'] = {};
  for (const k of keyed) {
    const p = (perStratum[k.stratum] ??= { population: 0, sampled: 0 });
    p.population++;
  }
  for (const i of items) perStratum[i.stratum].sampled++;
  return { populationCount: sorted.length, targetCount, perStratum, items };
}

/** A random seed to pre-fill the draw form (the auditor may replace it; the seed drawn with is recorded). */
export function isValidSeed(seed: string): boolean {
  return /^[\w.:-]{1,64}$/.test(seed);
}
