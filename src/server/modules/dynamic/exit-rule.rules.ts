import { DEFAULT_EXIT_MONTHS } from '../../../contracts/dynamic';
import { applyRateBp, formatYuan } from '../../platform/money';

/** YYYY-MM arithmetic. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** A business date (YYYY-MM-DD) plus whole months; the day is clamped to the month's end (31 Jan + 1 → 28/29 Feb). */
export function addMonthsToDate(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const month = addMonths(`${y}-${String(m).padStart(2, '0')}`, n);
  const [ny, nm] = month.split('-').map(Number);
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${month}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The most specific setting for a region (6, then 4, then 2 digits); the default when none applies. */
export function requiredMonthsFor(settings: Array<{ regionCode: string; consecutiveMonths: number }>, regionCode: string): number {
  let best: { regionCode: string; consecutiveMonths: number } | null = null;
  for (const s of settings) if (regionCode.startsWith(s.regionCode) && (!best || s.regionCode.length > best.regionCode.length)) best = s;
  return best?.consecutiveMonths ?? DEFAULT_EXIT_MONTHS;
}

export interface NearLine {
  dibaoLineFen: number;
  nearDibaoMultiplierBp: number;
}

export interface ExitRuleInput {
  /** The current month (Asia/Shanghai), YYYY-MM. */
  asOfMonth: string;
  /** Per-capita monthly income observations; one per month (the latest recorded wins). */
  incomes: Array<{ month: string; perCapitaIncomeFen: number }>;
  /** The dibao line and near-dibao multiplier of the household's region in force in a year, or null when none is set. */
  lineOf: (year: number) => NearLine | null;
  /** N: consecutive months required (per region). */
  requiredMonths: number;
  /** Measures of the plan still planned or in progress. */
  openMeasures: number;
}

export interface ExitReason {
  code: 'candidate' | 'streak_short' | 'no_recent_income' | 'no_line' | 'open_measures';
  zh: string;
  en: string;
}

export interface ExitAssessment {
  candidate: boolean;
  /** Consecutive months up to now with per-capita income above that month's near-dibao line. */
  streak: number;
  requiredMonths: number;
  /** The near-dibao line (dibao × k, half up to the fen) of the most recent observed month's year. */
  nearLineFen: number | null;
  latestIncomeFen: number | null;
  openMeasures: number;
  reasons: ExitReason[];
}

/** dibao × k rounded half up to the fen (display; comparisons are exact). */
export function nearLineFen(l: NearLine): number {
  return applyRateBp(l.dibaoLineFen, l.nearDibaoMultiplierBp);
}

/** income > k × line, exactly: income × 10000 > kBp × line. */
function above(incomeFen: number, l: NearLine): boolean {
  return BigInt(incomeFen) * 10000n > BigInt(l.nearDibaoMultiplierBp) * BigInt(l.dibaoLineFen);
}

const MAX_LOOKBACK = 120;

/**
 * 解困脱困 rule: a household is an exit candidate when its per-capita monthly income has been above the near-dibao
 * line (dibao line × near-dibao multiplier of its region, in force in each month's year) for N consecutive months
 * up to now, and its plan has no open measure. "Up to now": the streak ends in the current month, or in the
 * previous one when the current month has no observation yet. A missing month breaks the streak, and so does a
 * month whose year has no line configured (it cannot be judged).
 */
export function assessExit(input: ExitRuleInput): ExitAssessment {
  const byMonth = new Map(input.incomes.map((i) => [i.month, i.perCapitaIncomeFen]));
  const start = byMonth.has(input.asOfMonth) ? input.asOfMonth : addMonths(input.asOfMonth, -1);
  const reasons: ExitReason[] = [];
  const latestIncomeFen = byMonth.get(start) ?? null;
  const startLine = input.lineOf(Number(start.slice(0, 4)));
  const nearLine = startLine ? nearLineFen(startLine) : null;
  let streak = 0;
  let missingLineYear: number | null = null;
  for (let month = start; streak < MAX_LOOKBACK; month = addMonths(month, -1)) {
    const income = byMonth.get(month);
    if (income === undefined) break;
    const line = input.lineOf(Number(month.slice(0, 4)));
    if (!line) {
      missingLineYear = Number(month.slice(0, 4));
      break;
    }
    if (!above(income, line)) break;
    streak++;
  }
  const N = input.requiredMonths;
  const yuan = (f: number | null) => (f === null ? '—' : formatYuan(f));
  if (latestIncomeFen === null) {
    reasons.push({ code: 'no_recent_income', zh: `${input.asOfMonth} 及上月无人均收入记录`, en: `no per-capita income recorded for ${input.asOfMonth} or the month before` });
  } else if (streak < N && missingLineYear !== null) {
    reasons.push({ code: 'no_line', zh: `${missingLineYear} 年低保标准未设置，无法判断`, en: `no dibao line is set for ${missingLineYear}; cannot judge` });
  } else if (streak < N) {
    reasons.push({
      code: 'streak_short',
      zh: `人均收入连续 ${streak} 个月高于低保边缘线 ${yuan(nearLine)} 元（需 ${N} 个月）`,
      en: `per-capita income above the near-dibao line ${yuan(nearLine)} yuan for ${streak} consecutive months (${N} needed)`,
    });
  }
  if (input.openMeasures > 0) {
    reasons.push({ code: 'open_measures', zh: `有 ${input.openMeasures} 项未完成措施`, en: `${input.openMeasures} measure(s) still open` });
  }
  const candidate = streak >= N && input.openMeasures === 0;
  if (candidate) {
    reasons.push({
      code: 'candidate',
      zh: `连续 ${streak} 个月人均收入高于低保边缘线 ${yuan(nearLine)} 元，无未完成措施`,
      en: `per-capita income above the near-dibao line ${yuan(nearLine)} yuan for ${streak} consecutive months; no open measure`,
    });
  }
  return { candidate, streak, requiredMonths: N, nearLineFen: nearLine, latestIncomeFen, openMeasures: input.openMeasures, reasons };
}

// ───────────── follow-ups and review items ─────────────

/** The follow-up calls after an exit: 3 and 12 months after exitedOn. */
export function followUpsDue(exitedOn: string): Array<{ milestone: 3 | 12; dueDate: string }> {
  return ([3, 12] as const).map((milestone) => ({ milestone, dueDate: addMonthsToDate(exitedOn, milestone) }));
}

export function isReviewOverdue(item: { status: string; dueDate: string }, today: string): boolean {
  return item.status === 'pending' && item.dueDate < today;
}
