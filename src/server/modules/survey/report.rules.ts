/**
 * Shares in hundredths of a percent (1780 = 17.80%) that add up to exactly 10000 when the total is not zero:
 * each share is floored, and the remaining hundredths go to the largest remainders (ties: the earlier row).
 */
export function sharesBp(counts: number[], total = counts.reduce((a, b) => a + b, 0)): number[] {
  if (total <= 0) return counts.map(() => 0);
  const exact = counts.map((c) => (c * 10000) / total);
  const floors = exact.map((x) => Math.floor(x));
  const sum = counts.reduce((a, b) => a + b, 0);
  // only a partition of the total is rounded to 100%; a multiple-answer question's shares are each of the total
  if (sum !== total) return exact.map((x) => Math.floor(x + 0.5));
  let left = 10000 - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const o of order) {
    if (left <= 0) break;
    if (o.r === 0) continue;
    floors[o.i]++;
    left--;
  }
  return floors;
}

/** 1780 → "17.80%" */
export function formatPct(bp: number): string {
  return `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`;
}

export interface Labelled {
  key: string;
  zh: string;
  en: string;
}

/**
 * Counts values into the given categories (in their order, then any value not among them, then `none` for
 * missing), with shares of `total` (default: the number of values).
 */
export function distribution(values: Array<string | null | undefined>, labels: Labelled[], opts: { total?: number; keepEmpty?: boolean } = {}) {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v ?? '', (counts.get(v ?? '') ?? 0) + 1);
  const rows: Array<Labelled & { count: number }> = labels.map((l) => ({ ...l, count: counts.get(l.key) ?? 0 }));
  for (const [k, n] of counts) {
    if (k === '' || labels.some((l) => l.key === k)) continue;
    rows.push({ key: k, zh: k, en: k, count: n });
  }
  if (counts.has('')) rows.push({ key: '', zh: '未填', en: 'Not given', count: counts.get('')! });
  const kept = opts.keepEmpty ? rows : rows.filter((r) => r.count > 0);
  const bps = sharesBp(
    kept.map((r) => r.count),
    opts.total ?? values.length,
  );
  return kept.map((r, i) => ({ ...r, pctBp: bps[i] }));
}

/** Sum, mean (rounded half up), min and max of integer answers, or null when there are none. */
export function numericSummary(values: number[]): { sum: number; mean: number; min: number; max: number } | null {
  if (values.length === 0) return null;
  const sum = values.reduce((a, b) => a + b, 0);
  return { sum, mean: Math.floor(sum / values.length + 0.5), min: Math.min(...values), max: Math.max(...values) };
}
