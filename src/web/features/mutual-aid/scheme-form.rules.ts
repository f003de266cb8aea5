import {
  type CapScope,
  type ContributionBasis,
  type MemberStatus,
  type Payer,
  type Plan,
  type PlanKind,
  type RatioBase,
  type Scheme,
  type StatusSelector,
  type Trigger,
  scheme as schemeSchema,
  schemeIssueText,
} from '../../../contracts/mutual-aid';
import { parseYuanToFen } from '../../ui/format';
import { decimalToScaled, scaledToDecimal } from '../registry/numbers';

/**
 * The structured scheme form's model and its exact mapping to and from the scheme format: amounts are typed in yuan
 * and stored in integer fen, rates and shares typed in percent and stored in basis points — by string arithmetic,
 * never through a float. The assembled scheme is checked with the contract's own Zod schema, and every problem is
 * named by its path in the scheme (`plans.0.ratio.1.bands.2.fromFen`), the same path the server answers with, so
 * that a field shows its own problems whoever found them.
 */

// ---- conversions --------------------------------------------------------------------------------

/** Fen → yuan text for an input: 1200000 → "12000", 12345 → "123.45", 50 → "0.5". */
export function fenToYuanInput(fen: number): string {
  return scaledToDecimal(fen, 2);
}

/** Basis points → percent text: 5000 → "50", 3333 → "33.33", 5 → "0.05". */
export function bpToPercentInput(bp: number): string {
  return scaledToDecimal(bp, 2);
}

/** What a text field's conversion found wrong (the page shows `t('msf.err.<code>')`). */
export type ConvertProblem = 'required' | 'notAmount' | 'notPercent' | 'notInteger' | 'notMonthDay';
type Converted = { ok: true; value: number } | { ok: false; problem: ConvertProblem };

/** Yuan text ("1,234.5", "¥12") → fen, exactly; negatives pass (the scheme's own check refuses them at the field). */
export function yuanInputToFen(text: string): Converted {
  if (!text.trim()) return { ok: false, problem: 'required' };
  const fen = parseYuanToFen(text);
  return fen === null ? { ok: false, problem: 'notAmount' } : { ok: true, value: fen };
}

/** Percent text ("50", "33.33", "7.5%") → basis points, exactly; more than two decimals is refused. */
export function percentInputToBp(text: string): Converted {
  if (!text.trim()) return { ok: false, problem: 'required' };
  const bp = decimalToScaled(text, 2);
  return bp === null ? { ok: false, problem: 'notPercent' } : { ok: true, value: bp };
}

/** A whole number ("90") → 90; a sign is let through for the scheme's check to name the bound. */
export function integerInput(text: string): Converted {
  const s = text.trim();
  if (!s) return { ok: false, problem: 'required' };
  if (!/^-?\d{1,9}$/.test(s)) return { ok: false, problem: 'notInteger' };
  return { ok: true, value: Number(s) };
}

// ---- the form model -----------------------------------------------------------------------------

let nextKey = 0;
/** A key for a list item of the form (React keys; never part of the scheme). */
export const newKey = () => `k${++nextKey}`;

export interface BandForm {
  key: string;
  fromYuan: string;
  ratePct: string;
  note?: string;
}
export interface VariantForm {
  key: string;
  memberStatus: StatusSelector;
  bands: BandForm[];
}
export interface CapForm {
  key: string;
  scope: CapScope;
  unit: 'amount' | 'days';
  amountYuan: string;
  days: string;
  note?: string;
}
export interface FundingForm {
  key: string;
  payer: Payer;
  sharePct: string;
}
export interface DiagnosisForm {
  key: string;
  code: string;
  nameZh: string;
  nameEn: string;
  icd10: string[];
}
export interface ContributionForm {
  key: string;
  memberStatus: StatusSelector;
  basis: ContributionBasis;
  payer: Payer;
  amountYuan: string;
  note: string;
}

/** A plan with the fields of every kind, so that switching kind keeps what was typed; only the kind's are used. */
export interface PlanForm {
  key: string;
  code: string;
  nameZh: string;
  nameEn: string;
  kind: PlanKind;
  trigger: Trigger;
  note: string;
  waiting: { enabled: boolean; days: string; waived: boolean; note?: string };
  caps: CapForm[];
  maxClaims: { enabled: boolean; scope: 'period' | 'lifetime'; count: string; note?: string };
  funding: FundingForm[];
  // ratio
  base: RatioBase;
  bandScope: 'claim' | 'period';
  threshold: { enabled: boolean; scope: 'claim' | 'period'; amountYuan: string; note?: string };
  variants: VariantForm[];
  // lump sum
  amountYuan: string;
  diagnoses: DiagnosisForm[];
  // per diem
  perDayYuan: string;
  // allowance
  allowanceYuan: string;
  eligibleStatuses: MemberStatus[];
  eligibilityZh: string;
  eligibilityEn: string;
  restricted: { enabled: boolean; zh: string; en: string };
}

export interface SchemeForm {
  code: string;
  version: number;
  nameZh: string;
  nameEn: string;
  regionCode: string;
  periodKind: 'calendar_year' | 'policy_year';
  startMonthDay: string;
  maxPlansPerMember: string;
  contributions: ContributionForm[];
  plans: PlanForm[];
  note: string;
}

/** The trigger a plan of each kind pays on by default (the contract allows these). */
export const DEFAULT_TRIGGER: Record<PlanKind, Trigger> = { ratio: 'inpatient_stay', lump_sum: 'first_diagnosis', per_diem: 'inpatient_stay', allowance: 'household_year' };
export const KIND_TRIGGERS: Record<PlanKind, readonly Trigger[]> = {
  ratio: ['inpatient_stay', 'accident_inpatient_stay'],
  lump_sum: ['first_diagnosis'],
  per_diem: ['inpatient_stay', 'accident_inpatient_stay'],
  allowance: ['household_year'],
};

export const emptyBand = (fromYuan = ''): BandForm => ({ key: newKey(), fromYuan, ratePct: '' });
export const emptyVariant = (memberStatus: StatusSelector = 'any'): VariantForm => ({ key: newKey(), memberStatus, bands: [emptyBand('0')] });
export const emptyCap = (): CapForm => ({ key: newKey(), scope: 'period', unit: 'amount', amountYuan: '', days: '' });
export const emptyFunding = (payer: Payer = 'worker'): FundingForm => ({ key: newKey(), payer, sharePct: '' });
export const emptyDiagnosis = (): DiagnosisForm => ({ key: newKey(), code: '', nameZh: '', nameEn: '', icd10: [] });
export const emptyContribution = (): ContributionForm => ({ key: newKey(), memberStatus: 'any', basis: 'per_member', payer: 'worker', amountYuan: '', note: '' });

export function emptyPlan(kind: PlanKind = 'ratio'): PlanForm {
  return {
    key: newKey(),
    code: '',
    nameZh: '',
    nameEn: '',
    kind,
    trigger: DEFAULT_TRIGGER[kind],
    note: '',
    waiting: { enabled: false, days: '', waived: true },
    caps: [],
    maxClaims: { enabled: false, scope: 'period', count: '1' },
    funding: [],
    base: 'out_of_pocket',
    bandScope: 'claim',
    threshold: { enabled: false, scope: 'claim', amountYuan: '' },
    variants: [emptyVariant()],
    amountYuan: '',
    diagnoses: [emptyDiagnosis()],
    perDayYuan: '',
    allowanceYuan: '',
    eligibleStatuses: ['hardship'],
    eligibilityZh: '',
    eligibilityEn: '',
    restricted: { enabled: false, zh: '', en: '' },
  };
}

// ---- scheme → form ------------------------------------------------------------------------------

function planToForm(p: Plan): PlanForm {
  const f = emptyPlan(p.kind);
  f.code = p.code;
  f.nameZh = p.name.zh;
  f.nameEn = p.name.en;
  f.trigger = p.trigger;
  f.note = p.note ?? '';
  if (p.waitingPeriod) f.waiting = { enabled: true, days: String(p.waitingPeriod.days), waived: p.waitingPeriod.waivedOnContinuousRenewal, note: p.waitingPeriod.note };
  f.caps = (p.caps ?? []).map((c) => ({
    key: newKey(),
    scope: c.scope,
    unit: c.days !== undefined ? 'days' : 'amount',
    amountYuan: c.amountFen !== undefined ? fenToYuanInput(c.amountFen) : '',
    days: c.days !== undefined ? String(c.days) : '',
    note: c.note,
  }));
  if (p.maxClaims) f.maxClaims = { enabled: true, scope: p.maxClaims.scope, count: String(p.maxClaims.count), note: p.maxClaims.note };
  f.funding = (p.funding ?? []).map((s) => ({ key: newKey(), payer: s.payer, sharePct: bpToPercentInput(s.shareBp) }));
  switch (p.kind) {
    case 'ratio':
      f.base = p.base;
      f.bandScope = p.bandScope;
      if (p.threshold) f.threshold = { enabled: true, scope: p.threshold.scope, amountYuan: fenToYuanInput(p.threshold.amountFen), note: p.threshold.note };
      f.variants = p.ratio.map((v) => ({ key: newKey(), memberStatus: v.memberStatus, bands: v.bands.map((b) => ({ key: newKey(), fromYuan: fenToYuanInput(b.fromFen), ratePct: bpToPercentInput(b.rateBp), note: b.note })) }));
      break;
    case 'lump_sum':
      f.amountYuan = fenToYuanInput(p.amountFen);
      f.diagnoses = p.diagnoses.map((d) => ({ key: newKey(), code: d.code, nameZh: d.name.zh, nameEn: d.name.en, icd10: [...d.icd10] }));
      break;
    case 'per_diem':
      f.perDayYuan = fenToYuanInput(p.amountFenPerDay);
      break;
    case 'allowance':
      f.allowanceYuan = fenToYuanInput(p.amountFen);
      f.eligibleStatuses = [...p.eligibleStatuses];
      f.eligibilityZh = p.eligibility.zh;
      f.eligibilityEn = p.eligibility.en;
      if (p.restrictedUse) f.restricted = { enabled: true, zh: p.restrictedUse.zh, en: p.restrictedUse.en };
      break;
  }
  return f;
}

export function schemeToForm(s: Scheme): SchemeForm {
  return {
    code: s.code,
    version: s.version,
    nameZh: s.name.zh,
    nameEn: s.name.en,
    regionCode: s.regionCode,
    periodKind: s.period.kind,
    startMonthDay: s.period.kind === 'policy_year' ? s.period.startMonthDay : '',
    maxPlansPerMember: s.maxPlansPerMember !== undefined ? String(s.maxPlansPerMember) : '',
    contributions: s.contributions.map((c) => ({ key: newKey(), memberStatus: c.memberStatus, basis: c.basis, payer: c.payer, amountYuan: fenToYuanInput(c.amountFen), note: c.note ?? '' })),
    plans: s.plans.map(planToForm),
    note: s.note ?? '',
  };
}

// ---- form → scheme ------------------------------------------------------------------------------

/** A problem at a path of the scheme: a text the form could not convert, or an issue of the scheme's own check. */
export type FormIssue = { path: string; problem: ConvertProblem } | { path: string; zh: string; en: string };

/** A value for the assembled object and the conversion problems found on the way. */
class Assembler {
  readonly problems: Array<{ path: string; problem: ConvertProblem }> = [];
  private take(path: string, r: Converted): number | undefined {
    if (r.ok) return r.value;
    this.problems.push({ path, problem: r.problem });
    return undefined;
  }
  fen(path: string, text: string) {
    return this.take(path, yuanInputToFen(text));
  }
  bp(path: string, text: string) {
    return this.take(path, percentInputToBp(text));
  }
  int(path: string, text: string) {
    return this.take(path, integerInput(text));
  }
}

const noteOf = (n: string | undefined) => (n && n.trim() ? { note: n } : {});
const label = (zh: string, en: string) => ({ zh, en });

function planFromForm(a: Assembler, f: PlanForm, at: string): Record<string, unknown> {
  const p: Record<string, unknown> = { code: f.code.trim(), name: label(f.nameZh, f.nameEn), kind: f.kind, trigger: f.trigger };
  if (f.waiting.enabled) p.waitingPeriod = { days: a.int(`${at}.waitingPeriod.days`, f.waiting.days), waivedOnContinuousRenewal: f.waiting.waived, ...noteOf(f.waiting.note) };
  if (f.caps.length)
    p.caps = f.caps.map((c, i) =>
      c.unit === 'days' ? { scope: c.scope, days: a.int(`${at}.caps.${i}.days`, c.days), ...noteOf(c.note) } : { scope: c.scope, amountFen: a.fen(`${at}.caps.${i}.amountFen`, c.amountYuan), ...noteOf(c.note) },
    );
  if (f.maxClaims.enabled) p.maxClaims = { scope: f.maxClaims.scope, count: a.int(`${at}.maxClaims.count`, f.maxClaims.count), ...noteOf(f.maxClaims.note) };
  if (f.funding.length) p.funding = f.funding.map((s, i) => ({ payer: s.payer, shareBp: a.bp(`${at}.funding.${i}.shareBp`, s.sharePct) }));
  Object.assign(p, noteOf(f.note));
  switch (f.kind) {
    case 'ratio':
      p.base = f.base;
      p.bandScope = f.bandScope;
      if (f.threshold.enabled) p.threshold = { scope: f.threshold.scope, amountFen: a.fen(`${at}.threshold.amountFen`, f.threshold.amountYuan), ...noteOf(f.threshold.note) };
      p.ratio = f.variants.map((v, i) => ({
        memberStatus: v.memberStatus,
        bands: v.bands.map((b, j) => ({ fromFen: a.fen(`${at}.ratio.${i}.bands.${j}.fromFen`, b.fromYuan), rateBp: a.bp(`${at}.ratio.${i}.bands.${j}.rateBp`, b.ratePct), ...noteOf(b.note) })),
      }));
      break;
    case 'lump_sum':
      p.amountFen = a.fen(`${at}.amountFen`, f.amountYuan);
      p.diagnoses = f.diagnoses.map((d) => ({ code: d.code.trim(), name: label(d.nameZh, d.nameEn), icd10: d.icd10.map((x) => x.trim().toUpperCase()) }));
      break;
    case 'per_diem':
      p.amountFenPerDay = a.fen(`${at}.amountFenPerDay`, f.perDayYuan);
      break;
    case 'allowance':
      p.amountFen = a.fen(`${at}.amountFen`, f.allowanceYuan);
      p.eligibleStatuses = [...f.eligibleStatuses];
      p.eligibility = label(f.eligibilityZh, f.eligibilityEn);
      if (f.restricted.enabled) p.restrictedUse = label(f.restricted.zh, f.restricted.en);
      break;
  }
  return p;
}

/** The scheme object the form describes (as sent to the server) and the conversion problems by path. */
export function assembleScheme(f: SchemeForm): { raw: Record<string, unknown>; problems: Array<{ path: string; problem: ConvertProblem }> } {
  const a = new Assembler();
  const raw: Record<string, unknown> = {
    code: f.code.trim(),
    name: label(f.nameZh, f.nameEn),
    regionCode: f.regionCode.trim(),
    version: f.version,
    period: f.periodKind === 'calendar_year' ? { kind: 'calendar_year' } : { kind: 'policy_year', startMonthDay: f.startMonthDay.trim() },
    contributions: f.contributions.map((c, i) => ({ memberStatus: c.memberStatus, basis: c.basis, payer: c.payer, amountFen: a.fen(`contributions.${i}.amountFen`, c.amountYuan), ...noteOf(c.note) })),
    plans: f.plans.map((p, i) => planFromForm(a, p, `plans.${i}`)),
    ...noteOf(f.note),
  };
  if (f.maxPlansPerMember.trim()) raw.maxPlansPerMember = a.int('maxPlansPerMember', f.maxPlansPerMember);
  if (f.periodKind === 'policy_year' && !f.startMonthDay.trim()) a.problems.push({ path: 'period.startMonthDay', problem: 'required' });
  return { raw, problems: a.problems };
}

const CAP_EITHER = 'a cap is either an amount or a number of days';

/**
 * Checks the form as the server will: converts every text, then runs the contract's scheme schema on the whole. A
 * field whose text did not convert shows that problem only (not the schema's "required" for the same path).
 */
export function checkSchemeForm(f: SchemeForm): { scheme: Scheme | null; raw: Record<string, unknown>; issues: FormIssue[] } {
  const { raw, problems } = assembleScheme(f);
  const r = schemeSchema.safeParse(raw);
  const converted = new Set(problems.map((p) => p.path));
  const issues: FormIssue[] = [...problems];
  if (!r.success) {
    for (const i of r.error.issues) {
      const path = i.path.map(String).join('.');
      if (converted.has(path)) continue;
      // a cap whose days did not convert is not also "neither an amount nor days"
      if (i.message === CAP_EITHER && [...converted].some((c) => c.startsWith(path.replace(/amountFen$/, '')))) continue;
      issues.push({ path, ...schemeIssueText(i as Parameters<typeof schemeIssueText>[0]) });
    }
  }
  return { scheme: r.success && problems.length === 0 ? r.data : null, raw, issues };
}

/** A server problem's path (`scheme.plans.0.code`) → the form's path (`plans.0.code`); other paths stay as they are. */
export function serverPath(path: string | undefined): string {
  if (!path) return '';
  return path.startsWith('scheme.') ? path.slice('scheme.'.length) : path === 'scheme' ? '' : path;
}

/** Issues grouped by path, for the fields to pick theirs. */
export function issuesByPath(issues: readonly FormIssue[]): Map<string, FormIssue[]> {
  const out = new Map<string, FormIssue[]>();
  for (const i of issues) out.set(i.path, [...(out.get(i.path) ?? []), i]);
  return out;
}
