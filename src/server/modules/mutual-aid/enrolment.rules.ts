import type { Scheme } from '../../../contracts/mutual-aid';
import { addDays } from '../../platform/dates';

/**
 * Pure rules of enrolment: the bounds of a scheme period (a calendar year, or a policy year starting on a month-day),
 * the period a date falls in, and how plan choices are read (codes or names, several separated by 、 or ,).
 */

export type SchemePeriodRule = Scheme['period'];

export interface PeriodBounds {
  period: number;
  validFrom: string;
  validTo: string;
}

/** The first and last day of period `year`: Jan 1 – Dec 31, or startMonthDay of `year` to the day before it a year later. */
export function periodBounds(rule: SchemePeriodRule, year: number): PeriodBounds {
  if (!Number.isInteger(year) || year < 1000 || year > 9998) throw new RangeError(`period ${year} is not a year`);
  const y = String(year).padStart(4, '0');
  if (rule.kind === 'calendar_year') return { period: year, validFrom: `${y}-01-01`, validTo: `${y}-12-31` };
  const next = String(year + 1).padStart(4, '0');
  return { period: year, validFrom: `${y}-${rule.startMonthDay}`, validTo: addDays(`${next}-${rule.startMonthDay}`, -1) };
}

/** The period (the year it starts in) a date YYYY-MM-DD falls in. */
export function periodOf(rule: SchemePeriodRule, date: string): number {
  const year = Number(date.slice(0, 4));
  if (rule.kind === 'calendar_year') return year;
  return date.slice(5) >= rule.startMonthDay ? year : year - 1;
}

/** Splits a plans cell: 、 , ， ; ； and line breaks separate; blanks and repeats dropped (order kept). */
export function splitPlanTokens(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.normalize('NFKC').split(/[、,，;；\n\r/|]+/)) {
    const s = raw.replace(/[\s\u00a0\u3000]+/g, ' ').trim();
    if (s && !out.includes(s)) out.push(s);
  }
  return out;
}

const key = (s: string) => s.normalize('NFKC').replace(/[\s\u00a0\u3000]+/g, '').toLowerCase();

/** Plan code by its code, Chinese or English name (case and spaces ignored). */
export function planIndex(plans: ReadonlyArray<Pick<Scheme['plans'][number], 'code' | 'name'>>): Map<string, string> {
  const m = new Map<string, string>();
  for (const p of plans) {
    m.set(key(p.name.en), p.code);
    m.set(key(p.name.zh), p.code);
  }
  for (const p of plans) m.set(key(p.code), p.code); // a code always wins over a name
  return m;
}

export type PlanParse = { ok: true; codes: string[] } | { ok: false; unknown: string[] };

/**
 * The plans a cell or a form names: the whole text as one plan first (a name may hold a separator), otherwise each
 * token; unknown tokens are returned so the caller can say which.
 */
export function parsePlanList(text: string, plans: ReadonlyArray<Pick<Scheme['plans'][number], 'code' | 'name'>>): PlanParse {
  const idx = planIndex(plans);
  const whole = idx.get(key(text));
  if (whole) return { ok: true, codes: [whole] };
  const codes: string[] = [];
  const unknown: string[] = [];
  for (const tok of splitPlanTokens(text)) {
    const c = idx.get(key(tok)) ?? idx.get(key(tok.split(' ')[0]!));
    if (!c) unknown.push(tok);
    else if (!codes.includes(c)) codes.push(c);
  }
  return unknown.length ? { ok: false, unknown } : { ok: true, codes };
}

/**
 * The opt-ins a member would hold in a period after asking for `requested`: the active ones kept, the new ones added.
 * `tooMany` when that exceeds the scheme's maxPlansPerMember.
 */
export function planChoice(active: readonly string[], requested: readonly string[], maxPlansPerMember: number | undefined): { added: string[]; total: number; tooMany: boolean } {
  const have = new Set(active);
  const added = [...new Set(requested)].filter((c) => !have.has(c));
  const total = have.size + added.length;
  return { added, total, tooMany: maxPlansPerMember !== undefined && total > maxPlansPerMember };
}

/** Fills `{name}` placeholders of a bilingual message. */
export function fillMessage(t: { zh: string; en: string }, params: Record<string, string | number> = {}): { zh: string; en: string } {
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => (params[k] === undefined ? `{${k}}` : String(params[k])));
  return { zh: fill(t.zh), en: fill(t.en) };
}
