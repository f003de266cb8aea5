import type { Category, Level } from '../../../contracts/registry';
import { divRoundHalfUp, formatYuan } from '../../platform/money';

/** The parameters of the rule for one region and year (every number configurable). */
export interface IdentificationParams {
  dibaoLineFen: number; // yuan per person per month, in fen
  nearDibaoMultiplierBp: number; // k in basis points: 15000 = 1.5
  rigidSpendingShareBp: number; // 8000 = 80%
}

export interface IdentificationInput {
  receivesDibao: boolean;
  size: number;
  annualIncomeFen: number;
  annualRigidSpendingFen: number;
}

export interface Reason {
  code: string;
  zh: string;
  en: string;
}

/** What the rule decides: the category, the level and the per-capita figure. */
export interface Judgment {
  category: Category;
  level: Level | null;
  /** For display only: annual income ÷ 12 ÷ size, rounded half up once. Comparisons use exact fractions. */
  perCapitaMonthlyIncomeFen: number;
}

/** The judgment with its reasons, in Chinese and English. */
export interface Identification extends Judgment {
  reasons: Reason[];
}

const k = (bp: number) => (bp / 10000).toString();
const y = (fen: number) => formatYuan(fen);

/**
 * 精准识别 default rule:
 * 1. receives dibao → dibao;
 * 2. else per-capita monthly income p = income ÷ 12 ÷ size; p ≤ k × line → near_dibao;
 * 3. else rigid spending > share × income → accident;
 * 4. else not_eligible.
 * Level with q = (income − rigid) ÷ 12 ÷ size: q < line → deep; q < 2 × line → relative; else general.
 * All comparisons are exact integer comparisons on fen (both sides multiplied out), never on rounded values.
 * This is the decision alone, for writers that store it (a file keeps no reasons); identify adds the reasons.
 */
export function judge(input: IdentificationInput, p: IdentificationParams): Judgment {
  const { size, annualIncomeFen: income, annualRigidSpendingFen: rigid } = input;
  if (!Number.isInteger(size) || size < 1) throw new RangeError('household size must be a positive integer');
  if (!Number.isSafeInteger(income) || income < 0 || !Number.isSafeInteger(rigid) || rigid < 0) throw new RangeError('amounts are non-negative integer fen');
  const months = BigInt(12 * size);
  const inc = BigInt(income);
  const rig = BigInt(rigid);
  const line = BigInt(p.dibaoLineFen);
  const perCapita = divRoundHalfUp(inc, months);

  let category: Category;
  if (input.receivesDibao) category = 'dibao';
  // p ≤ k × line  ⇔  income × 10000 ≤ kBp × line × 12 × size
  else if (inc * 10000n <= BigInt(p.nearDibaoMultiplierBp) * line * months) category = 'near_dibao';
  // rigid > share × income  ⇔  rigid × 10000 > shareBp × income
  else if (rig * 10000n > BigInt(p.rigidSpendingShareBp) * inc) category = 'accident';
  else category = 'not_eligible';

  let level: Level | null = null;
  if (category !== 'not_eligible') {
    const net = inc - rig; // may be negative: spending above income is the deepest hardship
    level = net < line * months ? 'deep' : net < 2n * line * months ? 'relative' : 'general';
  }
  return { category, level, perCapitaMonthlyIncomeFen: perCapita };
}

/** The rule's judgment with its reasons (the pre-screen, a file as it is shown). */
export function identify(input: IdentificationInput, p: IdentificationParams): Identification {
  const j = judge(input, p);
  return { ...j, reasons: reasonsOf(input, p, j) };
}

/** Why the rule judged as it did: a reason for the category (two when it turned on rigid spending) and one for the level. */
function reasonsOf(input: IdentificationInput, p: IdentificationParams, j: Judgment): Reason[] {
  const { size, annualIncomeFen: income, annualRigidSpendingFen: rigid } = input;
  const perCapita = j.perCapitaMonthlyIncomeFen;
  const reasons: Reason[] = [];
  const nearLimitFen = divRoundHalfUp(BigInt(p.nearDibaoMultiplierBp) * BigInt(p.dibaoLineFen), 10000n);
  if (j.category === 'dibao') {
    reasons.push({ code: 'receives_dibao', zh: '享受政府最低生活保障（低保）', en: 'receives the government minimum living allowance (dibao)' });
  } else if (j.category === 'near_dibao') {
    reasons.push({
      code: 'per_capita_within_near_dibao',
      zh: `人均月收入 ${y(perCapita)} 元 ≤ ${k(p.nearDibaoMultiplierBp)} × 低保标准 ${y(p.dibaoLineFen)} 元（${y(nearLimitFen)} 元）`,
      en: `per-capita monthly income ${y(perCapita)} yuan ≤ ${k(p.nearDibaoMultiplierBp)} × dibao line ${y(p.dibaoLineFen)} yuan (${y(nearLimitFen)} yuan)`,
    });
  } else {
    reasons.push({
      code: 'per_capita_above_near_dibao',
      zh: `人均月收入 ${y(perCapita)} 元 > ${k(p.nearDibaoMultiplierBp)} × 低保标准 ${y(p.dibaoLineFen)} 元（${y(nearLimitFen)} 元）`,
      en: `per-capita monthly income ${y(perCapita)} yuan > ${k(p.nearDibaoMultiplierBp)} × dibao line ${y(p.dibaoLineFen)} yuan (${y(nearLimitFen)} yuan)`,
    });
    const share = `${p.rigidSpendingShareBp / 100}%`;
    if (j.category === 'accident') {
      reasons.push({
        code: 'rigid_spending_above_share',
        zh: `刚性支出 ${y(rigid)} 元 > 年收入 ${y(income)} 元的 ${share}`,
        en: `rigid spending ${y(rigid)} yuan > ${share} of annual income ${y(income)} yuan`,
      });
    } else {
      reasons.push({
        code: 'rigid_spending_within_share',
        zh: `刚性支出 ${y(rigid)} 元 ≤ 年收入 ${y(income)} 元的 ${share}`,
        en: `rigid spending ${y(rigid)} yuan ≤ ${share} of annual income ${y(income)} yuan`,
      });
    }
  }
  if (j.level !== null) {
    const q = divRoundHalfUp(BigInt(income) - BigInt(rigid), BigInt(12 * size));
    if (j.level === 'deep') {
      reasons.push({ code: 'level_deep', zh: `扣除刚性支出后人均月收入 ${y(q)} 元 < 低保标准 ${y(p.dibaoLineFen)} 元：深度困难`, en: `per-capita monthly income after rigid spending ${y(q)} yuan < dibao line ${y(p.dibaoLineFen)} yuan: deep hardship` });
    } else if (j.level === 'relative') {
      reasons.push({ code: 'level_relative', zh: `扣除刚性支出后人均月收入 ${y(q)} 元 < 2 × 低保标准 ${y(2 * p.dibaoLineFen)} 元：相对困难`, en: `per-capita monthly income after rigid spending ${y(q)} yuan < 2 × dibao line ${y(2 * p.dibaoLineFen)} yuan: relative hardship` });
    } else {
      reasons.push({ code: 'level_general', zh: `扣除刚性支出后人均月收入 ${y(q)} 元 ≥ 2 × 低保标准 ${y(2 * p.dibaoLineFen)} 元：一般困难`, en: `per-capita monthly income after rigid spending ${y(q)} yuan ≥ 2 × dibao line ${y(2 * p.dibaoLineFen)} yuan: general hardship` });
    }
  }
  return reasons;
}

/** The most specific line for a region: county (6 digits), then city (4), then province (2). */
export function pickLine<T extends { regionCode: string }>(lines: T[], regionCode: string): T | null {
  let best: T | null = null;
  for (const l of lines) {
    if (regionCode.startsWith(l.regionCode) && (!best || l.regionCode.length > best.regionCode.length)) best = l;
  }
  return best;
}

/**
 * What a file keeps of its identification: the line it was judged by (with the parameters of that moment) and the
 * per-capita figure. Its reasons are not stored: they follow from this record and the file's own figures, which are
 * written together with it, and are rendered when the file is read (identificationView). Until this record, every
 * file carried its reasons rendered in two languages — half of each row.
 */
export interface IdentificationRecord {
  year: number;
  lineRegionCode: string;
  dibaoLineFen: number;
  nearDibaoMultiplierBp: number;
  rigidSpendingShareBp: number;
  perCapitaMonthlyIncomeFen: number;
}

/** A file's identification as it is shown. */
export interface IdentificationView {
  year: number;
  lineRegionCode: string;
  dibaoLineFen: number;
  perCapitaMonthlyIncomeFen: number;
  reasons: Reason[];
}

/** A file identified before records were kept: its reasons were stored as rendered then. */
interface StoredWithReasons {
  year: number;
  lineRegionCode: string;
  dibaoLineFen: number;
  perCapitaMonthlyIncomeFen: number;
  reasons: Reason[];
}

export function identificationRecord(year: number, line: IdentificationParams & { regionCode: string }, r: Judgment): IdentificationRecord {
  return {
    year,
    lineRegionCode: line.regionCode,
    dibaoLineFen: line.dibaoLineFen,
    nearDibaoMultiplierBp: line.nearDibaoMultiplierBp,
    rigidSpendingShareBp: line.rigidSpendingShareBp,
    perCapitaMonthlyIncomeFen: r.perCapitaMonthlyIncomeFen,
  };
}

const hasReasons = (v: object): v is StoredWithReasons => Array.isArray((v as { reasons?: unknown }).reasons);

/**
 * A file's stored identification as shown, given the file's own figures: a record's reasons rendered by the rule with
 * the parameters it keeps; a file stored with its reasons, as stored. Null when the file has none (no line was set).
 */
export function identificationView(stored: unknown, input: IdentificationInput): IdentificationView | null {
  if (stored === null || typeof stored !== 'object') return null;
  if (hasReasons(stored)) {
    const { year, lineRegionCode, dibaoLineFen, perCapitaMonthlyIncomeFen, reasons } = stored;
    return { year, lineRegionCode, dibaoLineFen, perCapitaMonthlyIncomeFen, reasons };
  }
  const rec = stored as IdentificationRecord;
  const r = identify(input, { dibaoLineFen: rec.dibaoLineFen, nearDibaoMultiplierBp: rec.nearDibaoMultiplierBp, rigidSpendingShareBp: rec.rigidSpendingShareBp });
  return { year: rec.year, lineRegionCode: rec.lineRegionCode, dibaoLineFen: rec.dibaoLineFen, perCapitaMonthlyIncomeFen: rec.perCapitaMonthlyIncomeFen, reasons: r.reasons };
}

/**
 * Whether two stored identifications judge alike (a re-import leaves a file alone when they do): the same year, line
 * and figure, and the same parameters where both keep them — a file stored with its reasons does not keep them, and
 * its reasons are what the rule rendered from the same figures then.
 */
export function sameIdentification(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  const x = a as Partial<IdentificationRecord>;
  const y = b as Partial<IdentificationRecord>;
  const both = (k: 'nearDibaoMultiplierBp' | 'rigidSpendingShareBp') => x[k] === undefined || y[k] === undefined || x[k] === y[k];
  return x.year === y.year && x.lineRegionCode === y.lineRegionCode && x.dibaoLineFen === y.dibaoLineFen && x.perCapitaMonthlyIncomeFen === y.perCapitaMonthlyIncomeFen && both('nearDibaoMultiplierBp') && both('rigidSpendingShareBp');
}
