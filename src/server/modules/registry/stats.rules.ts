/**
 * Shares in percent with two decimals, computed from integer counts. A breakdown's shares are apportioned by
 * largest remainder in hundredths of a percent, so they add up to exactly 100.00 (when anything is counted);
 * a single share is rounded half up.
 */

/** count ÷ total in percent, two decimals, rounded half up; 0 when total is 0. */
export function percentOf(count: number, total: number): number {
  if (total <= 0) return 0;
  return Math.floor((count * 20000 + total) / (2 * total)) / 100;
}

/** Shares of a breakdown whose counts add up to `total` (or less: then they add up to less than 100). */
export function percentages(counts: readonly number[], total: number): number[] {
  if (total <= 0) return counts.map(() => 0);
  const exact = counts.map((c) => (c * 10000) / total); // hundredths of a percent
  const floors = exact.map(Math.floor);
  const sumCounts = counts.reduce((a, b) => a + b, 0);
  // hundredths to hand out: those of the counted part of the whole, rounded half up
  const target = Math.floor((sumCounts * 20000 + total) / (2 * total));
  let rest = target - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((_, i) => i).sort((a, b) => exact[b] - floors[b] - (exact[a] - floors[a]) || a - b);
  const out = floors.slice();
  for (const i of order) {
    if (rest <= 0) break;
    if (exact[i] === floors[i]) continue; // an exact share never grows
    out[i]++;
    rest--;
  }
  return out.map((h) => h / 100);
}
