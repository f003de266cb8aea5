import { describe, expect, it, vi } from 'vitest';
import { humanNumber, uuidv7 } from './ids';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const msOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('uuidv7', () => {
  it('has the RFC 9562 layout: version 7, variant 10', () => {
    for (let i = 0; i < 200; i++) expect(uuidv7()).toMatch(V7);
  });

  it('carries the millisecond timestamp in its first 48 bits', () => {
    const t = Date.UTC(2031, 0, 1);
    const id = uuidv7(t);
    expect(msOf(id)).toBe(t);
    const now = Date.now();
    const live = uuidv7();
    expect(msOf(live)).toBeGreaterThanOrEqual(now);
  });

  it('is strictly increasing when generated in a tight loop', () => {
    const ids = Array.from({ length: 20000 }, () => uuidv7());
    for (let i = 1; i < ids.length; i++) expect(ids[i] > ids[i - 1]).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stays increasing within one millisecond past the 12-bit counter, and when the clock goes back', () => {
    const t = Date.UTC(2032, 5, 1);
    const ids = [uuidv7(t)];
    for (let i = 0; i < 5000; i++) ids.push(uuidv7(t)); // more than 4096 in one millisecond
    ids.push(uuidv7(t - 60_000)); // clock stepped back a minute
    for (let i = 1; i < ids.length; i++) expect(ids[i] > ids[i - 1], `id ${i}`).toBe(true);
    for (const id of ids) expect(id).toMatch(V7);
    // it borrows at most the milliseconds it needed
    expect(msOf(ids[ids.length - 1]) - t).toBeLessThanOrEqual(2);
  });
  it('writes the whole 48-bit timestamp, and fresh random bits in every id', async () => {
    // a fresh copy of the module: these far-off clocks must not move the one the other tests share
    vi.resetModules();
    const { uuidv7: fresh } = await import('./ids');
    const tails = Array.from({ length: 1000 }, () => fresh(Date.UTC(2033, 0, 1)).slice(19));
    expect(new Set(tails).size).toBe(1000);
    // every hex digit occurs in the random part (no bits stuck)
    expect(new Set(tails.join('').replace(/-/g, '')).size).toBe(16);
    expect(fresh(2 ** 48 - 1)).toMatch(/^ffffffff-ffff-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('humanNumber', () => {
  it.each<[string, number, number, number | undefined, string]>([
    ['520302', 2026, 123, undefined, '520302-2026-000123'],
    ['5203', 2026, 1, undefined, '5203-2026-000001'],
    ['520302', 2027, 1234567, undefined, '520302-2027-1234567'],
    ['52', 2026, 7, 3, '52-2026-007'],
  ])('%s %i %i → %s', (region, year, seq, width, expected) => {
    expect(humanNumber(region, year, seq, width)).toBe(expected);
  });
});
