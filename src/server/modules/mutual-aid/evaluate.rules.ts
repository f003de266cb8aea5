import {
  type Band,
  type ClaimInput,
  type MemberInput,
  type MemberStatus,
  type Plan,
  type Reason,
  type Scheme,
  type TraceStep,
  type TraceStepDto,
  PLAN_KIND_LABELS,
  REASON_LABELS,
  RATIO_BASE_LABELS,
  TRIGGER_LABELS,
} from '../../../contracts/mutual-aid';

/**
 * The mutual-aid evaluation engine: pure, no I/O. It evaluates one member's claims, in their order, under one
 * plan of one scheme, following the evaluation order of the reference rules:
 *
 *   enrolment on the event date → waiting period → trigger → base → threshold → amount (ratio by member status
 *   with progressive bands | lump sum | per diem | allowance) → caps (claim, period, lifetime) → claim-count
 *   limit → round half up to the fen, once.
 *
 * Money is integer fen. A ratio amount is carried in fen × basis points (exact integers: amounts are at most
 * 10^11 fen, so fen × 10000 stays a safe integer), capped in those units, and divided by 10000 with rounding half
 * up once, at the end. Accumulators (per period and lifetime, per plan and member) may be passed in and are
 * updated in place, so stored claims can be evaluated one after another.
 */

export interface PeriodAccumulator {
  /** Sum of the claims' bases (e.g. out-of-pocket) in the period — what a period threshold is measured on. */
  baseFen: number;
  /** Sum of the counted parts (base above the threshold) — where period bands are measured. */
  countedFen: number;
  paidFen: number;
  paidDays: number;
  /** Claims that were paid (payout > 0). */
  claims: number;
}

export interface Accumulators {
  periods: Map<number, PeriodAccumulator>;
  lifetimePaidFen: number;
  lifetimePaidDays: number;
  lifetimeClaims: number;
  /** Diagnosis codes already paid under a first-diagnosis plan. */
  diagnosed: Set<string>;
}

export function newAccumulators(): Accumulators {
  return { periods: new Map(), lifetimePaidFen: 0, lifetimePaidDays: 0, lifetimeClaims: 0, diagnosed: new Set() };
}

export interface ClaimResult {
  payoutFen: number;
  reason?: Reason;
  /** Out-of-pocket left to the worker after this payout (ratio plans on out-of-pocket, when the bill is given). */
  finalBurdenFen?: number;
  schemeVersion: number;
  trace: TraceStepDto[];
}

export interface EvaluateOptions {
  /** Build the step-by-step trace (default true). Batch adjudication may skip it for speed. */
  trace?: boolean;
  /** Accumulators from earlier claims of the same member and plan; updated in place. */
  accumulators?: Accumulators;
}

// ---- compiled form ------------------------------------------------------------------------

interface CompiledDiagnosis {
  code: string;
  zh: string;
  en: string;
  /** [low, high] bounds; a plain code has low = high. */
  ranges: Array<[string, string]>;
}

/** A plan made ready for evaluation: lookups precomputed once, so the per-claim path allocates little. */
export interface CompiledPlan {
  scheme: Scheme;
  plan: Plan;
  periodStartMonth: number;
  periodStartDay: number;
  bandsByStatus: Record<MemberStatus, Band[] | null>;
  /** Whether the member's status has its own rate variant (else the `any` variant applies). */
  ownVariant: Record<MemberStatus, boolean>;
  diagnoses: CompiledDiagnosis[];
  capClaimFen: number;
  capPeriodFen: number;
  capLifetimeFen: number;
  capClaimDays: number;
  capPeriodDays: number;
  capLifetimeDays: number;
}

const NONE = Number.POSITIVE_INFINITY;
const NO_LABEL = { zh: '', en: '' };

export function compilePlan(scheme: Scheme, planCode: string): CompiledPlan | undefined {
  const plan = scheme.plans.find((p) => p.code === planCode);
  if (!plan) return undefined;
  let sm = 1;
  let sd = 1;
  if (scheme.period.kind === 'policy_year') {
    sm = Number(scheme.period.startMonthDay.slice(0, 2));
    sd = Number(scheme.period.startMonthDay.slice(3, 5));
  }
  const pick = (status: MemberStatus): Band[] | null => {
    if (plan.kind !== 'ratio') return null;
    return (plan.ratio.find((v) => v.memberStatus === status) ?? plan.ratio.find((v) => v.memberStatus === 'any'))?.bands ?? null;
  };
  const cap = (scope: 'claim' | 'period' | 'lifetime', unit: 'amountFen' | 'days') => {
    const c = (plan.caps ?? []).find((x) => x.scope === scope && x[unit] !== undefined);
    return c ? c[unit]! : NONE;
  };
  return {
    scheme,
    plan,
    periodStartMonth: sm,
    periodStartDay: sd,
    bandsByStatus: { ordinary: pick('ordinary'), hardship: pick('hardship') },
    ownVariant: {
      ordinary: plan.kind === 'ratio' && plan.ratio.some((v) => v.memberStatus === 'ordinary'),
      hardship: plan.kind === 'ratio' && plan.ratio.some((v) => v.memberStatus === 'hardship'),
    },
    diagnoses:
      plan.kind === 'lump_sum'
        ? plan.diagnoses.map((d) => ({
            code: d.code,
            zh: d.name.zh,
            en: d.name.en,
            ranges: d.icd10.map((e) => {
              const [lo, hi] = e.split('-');
              return [lo!, hi ?? lo!] as [string, string];
            }),
          }))
        : [],
    capClaimFen: cap('claim', 'amountFen'),
    capPeriodFen: cap('period', 'amountFen'),
    capLifetimeFen: cap('lifetime', 'amountFen'),
    capClaimDays: cap('claim', 'days'),
    capPeriodDays: cap('period', 'days'),
    capLifetimeDays: cap('lifetime', 'days'),
  };
}

// ---- dates as day numbers (no Date objects on the hot path) -------------------------------

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const digit = (s: string, i: number) => s.charCodeAt(i) - 48;
const yearOf = (s: string) => digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
const monthOf = (s: string) => digit(s, 5) * 10 + digit(s, 6);
const dayOf = (s: string) => digit(s, 8) * 10 + digit(s, 9);

/** 'YYYY-MM-DD' → day number. */
export function parseDay(iso: string): number {
  return dayNumber(yearOf(iso), monthOf(iso), dayOf(iso));
}

/** The period (year) a date falls in: the calendar year, or the year in which the policy year started. */
export function periodOf(cp: CompiledPlan, iso: string): number {
  const y = yearOf(iso);
  const m = monthOf(iso);
  if (m > cp.periodStartMonth || (m === cp.periodStartMonth && dayOf(iso) >= cp.periodStartDay)) return y;
  return y - 1;
}

function periodLabel(cp: CompiledPlan, period: number): { zh: string; en: string } {
  if (cp.periodStartMonth === 1 && cp.periodStartDay === 1) return { zh: `${period} 年度`, en: `year ${period}` };
  const md = `${String(cp.periodStartMonth).padStart(2, '0')}-${String(cp.periodStartDay).padStart(2, '0')}`;
  return { zh: `${period}-${md} 起的年度`, en: `the year from ${period}-${md}` };
}

// ---- arithmetic ---------------------------------------------------------------------------

/** n ÷ d rounded half up, for a non-negative safe integer n and a positive integer d — exact. */
export function roundDiv(n: number, d: number): number {
  if (d === 1) return n;
  const r = n % d;
  const q = (n - r) / d;
  return r * 2 >= d ? q + 1 : q;
}

/** Σ over the bands of (the part of [start, start + amount) inside the band) × its rate, in fen × bp. */
export function bandedAmount(bands: readonly Band[], start: number, amount: number): number {
  const end = start + amount;
  let sum = 0;
  for (let i = 0; i < bands.length; i++) {
    const lo = bands[i]!.fromFen;
    const hi = i + 1 < bands.length ? bands[i + 1]!.fromFen : NONE;
    const a = start > lo ? start : lo;
    const b = end < hi ? end : hi;
    if (b > a) sum += (b - a) * bands[i]!.rateBp;
  }
  return sum;
}

/** Whether an ICD-10 code lies in a listed code, prefix or range (C34.1 in C00-C97; I21.0 in I21; Z95.1 in Z95.1). */
export function icdMatches(icd: string, lo: string, hi: string): boolean {
  if (lo === hi) return icd === lo || (icd.startsWith(lo) && (lo.includes('.') || icd.charCodeAt(lo.length) === 46));
  const a = icd.slice(0, lo.length);
  const b = icd.slice(0, hi.length);
  return a >= lo && b <= hi;
}

function findDiagnosis(cp: CompiledPlan, claim: ClaimInput): CompiledDiagnosis | undefined {
  if (claim.diagnosis !== undefined) {
    const d = claim.diagnosis;
    for (const x of cp.diagnoses) if (x.code === d || x.zh === d || x.en.toLowerCase() === d.toLowerCase()) return x;
    if (claim.diagnosisIcd10 === undefined) return undefined;
  }
  if (claim.diagnosisIcd10 !== undefined) {
    const icd = claim.diagnosisIcd10.toUpperCase();
    for (const x of cp.diagnoses) for (const [lo, hi] of x.ranges) if (icdMatches(icd, lo, hi)) return x;
  }
  return undefined;
}

// ---- trace text helpers -------------------------------------------------------------------

/** Integer fen → "1,234.56" (trace text; exact, no floats). */
export function yuan(fen: number): string {
  const neg = fen < 0;
  const abs = neg ? -fen : fen;
  const cents = abs % 100;
  let whole = String((abs - cents) / 100);
  for (let i = whole.length - 3; i > 0; i -= 3) whole = `${whole.slice(0, i)},${whole.slice(i)}`;
  return `${neg ? '-' : ''}${whole}.${cents < 10 ? '0' : ''}${cents}`;
}
/** 7000 → "70%", 7550 → "75.5%", 125 → "1.25%". */
export function percent(rateBp: number): string {
  const whole = Math.floor(rateBp / 100);
  const frac = rateBp % 100;
  if (frac === 0) return `${whole}%`;
  return `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}%`;
}
/** An amount in fen × bp as yuan with every exact decimal: 2333331000 → "2,333.331". */
export function exactYuan(fenTimesBp: number): string {
  const r = fenTimesBp % 10000;
  const head = yuan((fenTimesBp - r) / 10000);
  return r === 0 ? head : head + String(r).padStart(4, '0').replace(/0+$/, '');
}
const capText = (v: number) => (v === NONE ? null : v);

type Values = TraceStepDto['values'];
function step(tr: TraceStepDto[] | null, s: TraceStep, zh: string, en: string, values: Values = {}): void {
  if (tr) tr.push({ step: s, zh, en, values });
}

// ---- the engine ---------------------------------------------------------------------------

interface Enrolment {
  from: number;
  to: number;
  fromIso: string;
  /** Start of the unbroken run of enrolments this one belongs to (renewed without a gap). */
  chainFrom: number;
  chainFromIso: string;
}

function prepareEnrolments(member: MemberInput): Enrolment[] {
  const es = member.enrolments.map((e) => ({ from: parseDay(e.from), to: parseDay(e.to), fromIso: e.from, chainFrom: 0, chainFromIso: e.from }));
  es.sort((a, b) => a.from - b.from);
  for (let i = 0; i < es.length; i++) {
    const e = es[i]!;
    const prev = i > 0 ? es[i - 1]! : null;
    if (prev && prev.to + 1 >= e.from) {
      e.chainFrom = prev.chainFrom;
      e.chainFromIso = prev.chainFromIso;
    } else {
      e.chainFrom = e.from;
      e.chainFromIso = e.fromIso;
    }
  }
  return es;
}

function periodAcc(acc: Accumulators, period: number): PeriodAccumulator {
  let p = acc.periods.get(period);
  if (!p) {
    p = { baseFen: 0, countedFen: 0, paidFen: 0, paidDays: 0, claims: 0 };
    acc.periods.set(period, p);
  }
  return p;
}

const min = (a: number, b: number) => (a < b ? a : b);

/** Evaluates the member's claims in order; one result per claim, in the same order. */
export function evaluateClaims(cp: CompiledPlan, member: MemberInput, claims: readonly ClaimInput[], opts: EvaluateOptions = {}): ClaimResult[] {
  const enrolments = prepareEnrolments(member);
  const acc = opts.accumulators ?? newAccumulators();
  const out: ClaimResult[] = new Array(claims.length);
  for (let i = 0; i < claims.length; i++) out[i] = evaluateOne(cp, member.status, enrolments, claims[i]!, acc, opts.trace !== false);
  return out;
}

function finish(cp: CompiledPlan, tr: TraceStepDto[] | null, oop: number | undefined, payoutFen: number, reason: Reason | undefined): ClaimResult {
  const plan = cp.plan;
  const r: ClaimResult = { payoutFen, schemeVersion: cp.scheme.version, trace: tr ?? [] };
  if (reason) r.reason = reason;
  if (plan.kind === 'ratio' && oop !== undefined && plan.base === 'out_of_pocket') r.finalBurdenFen = oop - payoutFen;
  if (tr) {
    if (reason) {
      const l = REASON_LABELS[reason];
      step(tr, 'result', `不予给付：${l.zh}`, `Nothing paid: ${l.en.charAt(0).toLowerCase()}${l.en.slice(1)}`, { payoutFen, reason });
    } else {
      step(tr, 'result', `给付 ${yuan(payoutFen)} 元`, `Pays ${yuan(payoutFen)} yuan`, { payoutFen, ...(r.finalBurdenFen !== undefined ? { finalBurdenFen: r.finalBurdenFen } : {}) });
    }
  }
  return r;
}

function evaluateOne(cp: CompiledPlan, status: MemberStatus, enrolments: Enrolment[], claim: ClaimInput, acc: Accumulators, tracing: boolean): ClaimResult {
  const { scheme, plan } = cp;
  const tr: TraceStepDto[] | null = tracing ? [] : null;
  const version = scheme.version;
  const oop = claim.totalCostFen !== undefined ? claim.totalCostFen - (claim.insurancePaidFen ?? 0) : undefined;
  const done = (payoutFen: number, reason?: Reason): ClaimResult => finish(cp, tr, oop, payoutFen, reason);

  if (tr) {
    if (tr) step(tr, 'scheme', `方案 ${scheme.name.zh}（${scheme.code} 第 ${version} 版），计划 ${plan.name.zh}（${PLAN_KIND_LABELS[plan.kind].zh}）`, `Scheme ${scheme.name.en} (${scheme.code} version ${version}), plan ${plan.name.en} (${PLAN_KIND_LABELS[plan.kind].en})`, {
      schemeCode: scheme.code,
      schemeVersion: version,
      planCode: plan.code,
      kind: plan.kind,
      memberStatus: status,
    });
  }

  // 1. enrolment on the event date
  const day = parseDay(claim.eventDate);
  let enr: Enrolment | undefined;
  for (let k = 0; k < enrolments.length; k++) {
    const e = enrolments[k]!;
    if (e.from <= day && day <= e.to) {
      enr = e;
      break;
    }
  }
  if (!enr) {
    if (tr) step(tr, 'enrolment', `事故日 ${claim.eventDate} 不在任何参加期内`, `Event date ${claim.eventDate} lies in no enrolment period`, { eventDate: claim.eventDate });
    return done(0, 'not_enrolled');
  }
  if (tr) step(tr, 'enrolment', `事故日 ${claim.eventDate} 在参加期内（自 ${enr.fromIso} 起）`, `Event date ${claim.eventDate} lies in an enrolment period (from ${enr.fromIso})`, { eventDate: claim.eventDate, enrolledFrom: enr.fromIso });

  const period = periodOf(cp, claim.eventDate);
  const pl = tr ? periodLabel(cp, period) : NO_LABEL;

  // 2. waiting period
  const wp = plan.waitingPeriod;
  if (wp && wp.days > 0) {
    const periodStart = dayNumber(period, cp.periodStartMonth, cp.periodStartDay);
    if (wp.waivedOnContinuousRenewal && enr.chainFrom < periodStart) {
      if (tr) step(tr, 'waiting_period', `自 ${enr.chainFromIso} 起连续参加，免等待期`, `Enrolled without a gap since ${enr.chainFromIso}: no waiting period`, { waitingDays: wp.days, continuousFrom: enr.chainFromIso, waived: true });
    } else {
      const startDay = wp.waivedOnContinuousRenewal ? enr.chainFrom : enr.from;
      const startIso = wp.waivedOnContinuousRenewal ? enr.chainFromIso : enr.fromIso;
      const elapsed = day - startDay;
      if (elapsed < wp.days) {
        if (tr) step(tr, 'waiting_period', `自 ${startIso} 参加至事故日仅 ${elapsed} 天，未满等待期 ${wp.days} 天`, `Only ${elapsed} days from enrolment on ${startIso} to the event; the waiting period is ${wp.days} days`, {
          waitingDays: wp.days,
          elapsedDays: elapsed,
          enrolledFrom: startIso,
        });
        return done(0, 'waiting_period');
      }
      if (tr) step(tr, 'waiting_period', `自 ${startIso} 参加已 ${elapsed} 天，已过等待期 ${wp.days} 天`, `${elapsed} days since enrolment on ${startIso}: past the waiting period of ${wp.days} days`, {
        waitingDays: wp.days,
        elapsedDays: elapsed,
        enrolledFrom: startIso,
      });
    }
  } else {
    if (tr) step(tr, 'waiting_period', '本计划无等待期', 'This plan has no waiting period', { waitingDays: 0 });
  }

  // 3. trigger
  const trig = TRIGGER_LABELS[plan.trigger];
  let diag: CompiledDiagnosis | undefined;
  switch (plan.trigger) {
    case 'inpatient_stay':
    case 'accident_inpatient_stay': {
      const needDays = plan.kind === 'per_diem';
      const ok = needDays ? (claim.hospitalDays ?? 0) > 0 : claim.totalCostFen !== undefined;
      if (!ok) {
        step(
          tr,
          'trigger',
          needDays ? `须为${trig.zh}且住院天数大于 0` : `须为${trig.zh}并提供住院总费用`,
          needDays ? `Needs an ${trig.en.toLowerCase()} of at least one hospital day` : `Needs an ${trig.en.toLowerCase()} with its total cost`,
          { trigger: plan.trigger },
        );
        return done(0, 'not_covered');
      }
      if (tr) step(tr, 'trigger', `${trig.zh}，符合本计划`, `${trig.en}: covered by this plan`, { trigger: plan.trigger });
      break;
    }
    case 'first_diagnosis': {
      diag = findDiagnosis(cp, claim);
      if (!diag) {
        const given = tr ? [claim.diagnosis, claim.diagnosisIcd10].filter((x) => x !== undefined).join(' / ') || '—' : '';
        if (tr) step(tr, 'trigger', `诊断 ${given} 不在本计划的病种目录内`, `Diagnosis ${given} is not on the plan's list`, { trigger: plan.trigger, diagnosis: given });
        return done(0, 'not_covered');
      }
      if (acc.diagnosed.has(diag.code)) {
        if (tr) step(tr, 'trigger', `${diag.zh}（${diag.code}）已给付过，不是首次确诊`, `${diag.en} (${diag.code}) was paid before: not a first diagnosis`, { trigger: plan.trigger, diagnosisCode: diag.code });
        return done(0, 'not_covered');
      }
      if (tr) step(tr, 'trigger', `首次确诊 ${diag.zh}（${diag.code}），在病种目录内`, `First diagnosis of ${diag.en} (${diag.code}), on the plan's list`, { trigger: plan.trigger, diagnosisCode: diag.code });
      break;
    }
    case 'household_year': {
      if (plan.kind !== 'allowance' || !plan.eligibleStatuses.includes(status)) {
        if (tr) step(tr, 'trigger', `仅限${plan.kind === 'allowance' ? plan.eligibility.zh : ''}`, `Only for ${plan.kind === 'allowance' ? plan.eligibility.en : ''}`, { trigger: plan.trigger, memberStatus: status });
        return done(0, 'not_covered');
      }
      if (tr) step(tr, 'trigger', `${trig.zh}；条件：${plan.eligibility.zh}`, `${trig.en}; condition: ${plan.eligibility.en}`, { trigger: plan.trigger });
      break;
    }
  }

  const pa = periodAcc(acc, period);
  // den: the unit the raw amount is carried in until the one rounding (10000 for ratio amounts in fen × bp)
  let den = 1;
  let raw = 0;
  let paidDays = 0;

  // 4.–6. base, threshold, amount
  if (plan.kind === 'ratio') {
    const base = plan.base === 'out_of_pocket' ? oop! : claim.totalCostFen!;
    const bl = RATIO_BASE_LABELS[plan.base];
    step(
      tr,
      'base',
      plan.base === 'out_of_pocket' ? `个人自付 = 总费用 ${yuan(claim.totalCostFen!)} − 统筹支付 ${yuan(claim.insurancePaidFen ?? 0)} = ${yuan(base)} 元` : `${bl.zh} ${yuan(base)} 元`,
      plan.base === 'out_of_pocket' ? `Out-of-pocket = total ${yuan(claim.totalCostFen!)} − social insurance ${yuan(claim.insurancePaidFen ?? 0)} = ${yuan(base)} yuan` : `${bl.en} ${yuan(base)} yuan`,
      { baseFen: base, totalCostFen: claim.totalCostFen!, insurancePaidFen: claim.insurancePaidFen ?? 0 },
    );
    const th = plan.threshold;
    let counted = base;
    const before = pa.baseFen;
    pa.baseFen += base;
    if (th && th.scope === 'period') {
      const t = th.amountFen;
      const after = before + base;
      counted = (after > t ? after - t : 0) - (before > t ? before - t : 0);
      if (tr) step(tr, 'threshold', `${pl.zh}累计自付 ${yuan(before)} + ${yuan(base)} = ${yuan(before + base)} 元，年度起付线 ${yuan(t)} 元，本次计入 ${yuan(counted)} 元`, `Cumulative base in ${pl.en}: ${yuan(before)} + ${yuan(base)} = ${yuan(before + base)} yuan; period threshold ${yuan(t)} yuan; counted now ${yuan(counted)} yuan`, {
        thresholdFen: t,
        scope: 'period',
        cumulativeBeforeFen: before,
        cumulativeFen: before + base,
        countedFen: counted,
      });
    } else if (th) {
      const t = th.amountFen;
      counted = base > t ? base - t : 0;
      if (tr) step(tr, 'threshold', `单次起付线 ${yuan(t)} 元，计入 ${yuan(counted)} 元`, `Per-claim threshold ${yuan(t)} yuan; counted ${yuan(counted)} yuan`, { thresholdFen: t, scope: 'claim', countedFen: counted });
    } else {
      if (tr) step(tr, 'threshold', `无起付线，计入 ${yuan(counted)} 元`, `No threshold; counted ${yuan(counted)} yuan`, { thresholdFen: 0, countedFen: counted });
    }
    if (counted <= 0) return done(0, 'below_threshold');
    const bands = cp.bandsByStatus[status];
    if (!bands) {
      if (tr) step(tr, 'amount', `本计划对${status === 'hardship' ? '困难职工' : '普通职工'}无给付比例`, `This plan has no rate for a ${status} member`, { memberStatus: status });
      return done(0, 'not_covered');
    }
    const start = plan.bandScope === 'period' ? pa.countedFen : 0;
    pa.countedFen += counted;
    den = 10000;
    raw = bandedAmount(bands, start, counted);
    if (tr) {
      const zh: string[] = [];
      const en: string[] = [];
      const end = start + counted;
      for (let k = 0; k < bands.length; k++) {
        const lo = bands[k]!.fromFen;
        const hi = k + 1 < bands.length ? bands[k + 1]!.fromFen : NONE;
        const a = Math.max(start, lo);
        const b = Math.min(end, hi);
        if (b > a) {
          zh.push(`${yuan(b - a)} × ${percent(bands[k]!.rateBp)}`);
          en.push(`${yuan(b - a)} × ${percent(bands[k]!.rateBp)}`);
        }
      }
      const exact = exactYuan(raw);
      const where = plan.bandScope === 'period' ? { zh: `（按${pl.zh}累计分段，自 ${yuan(start)} 元起）`, en: ` (bands on the cumulative base of ${pl.en}, from ${yuan(start)} yuan)` } : { zh: '', en: '' };
      const who = cp.ownVariant[status] ? { zh: status === 'hardship' ? '困难职工' : '普通职工', en: ` for a ${status === 'hardship' ? 'member in hardship' : 'ordinary member'}` } : { zh: '', en: '' };
      if (tr) step(tr, 'amount', `按${who.zh}比例${bands.length > 1 ? '分段' : ''}计算${where.zh}：${zh.join(' + ')} = ${exact} 元`, `Rates${who.en}${where.en}: ${en.join(' + ')} = ${exact} yuan`, {
        memberStatus: status,
        bandStartFen: start,
        countedFen: counted,
        amountFenTimesBp: raw,
        bands: bands.map((b) => `${b.fromFen}:${b.rateBp}`).join(','),
      });
    }
  } else if (plan.kind === 'lump_sum') {
    raw = plan.amountFen;
    if (tr) step(tr, 'base', `一次性补助定额`, `Fixed lump sum`, { amountFen: plan.amountFen });
    if (tr) step(tr, 'threshold', '无起付线', 'No threshold', { thresholdFen: 0 });
    if (tr) step(tr, 'amount', `给付 ${yuan(raw)} 元`, `Amount ${yuan(raw)} yuan`, { amountFen: raw });
  } else if (plan.kind === 'per_diem') {
    const days = claim.hospitalDays ?? 0;
    if (tr) step(tr, 'base', `住院 ${days} 天`, `${days} hospital days`, { hospitalDays: days });
    if (tr) step(tr, 'threshold', '无起付线', 'No threshold', { thresholdFen: 0 });
    // caps in days come first: they decide how many days are paid
    let allowed = days;
    allowed = min(allowed, cp.capClaimDays);
    const periodLeft = cp.capPeriodDays === NONE ? NONE : Math.max(0, cp.capPeriodDays - pa.paidDays);
    allowed = min(allowed, periodLeft);
    const lifeLeft = cp.capLifetimeDays === NONE ? NONE : Math.max(0, cp.capLifetimeDays - acc.lifetimePaidDays);
    allowed = min(allowed, lifeLeft);
    paidDays = allowed;
    if (allowed < days) {
      if (tr) step(tr, 'cap', `天数封顶：单次 ${capText(cp.capClaimDays) ?? '—'} 天，${pl.zh}剩余 ${capText(periodLeft) ?? '—'} 天，终身剩余 ${capText(lifeLeft) ?? '—'} 天；计 ${allowed} 天`, `Day caps: claim ${capText(cp.capClaimDays) ?? '—'}, left in ${pl.en} ${capText(periodLeft) ?? '—'}, lifetime left ${capText(lifeLeft) ?? '—'}; ${allowed} days paid`, {
        hospitalDays: days,
        paidDays: allowed,
        claimCapDays: capText(cp.capClaimDays),
        periodDaysLeft: capText(periodLeft),
        lifetimeDaysLeft: capText(lifeLeft),
      });
    }
    raw = allowed * plan.amountFenPerDay;
    if (tr) step(tr, 'amount', `${allowed} 天 × ${yuan(plan.amountFenPerDay)} 元/天 = ${yuan(raw)} 元`, `${allowed} days × ${yuan(plan.amountFenPerDay)} yuan a day = ${yuan(raw)} yuan`, { paidDays: allowed, amountFenPerDay: plan.amountFenPerDay, amountFen: raw });
    if (allowed === 0 && days > 0) return done(0, 'cap_reached');
  } else {
    raw = plan.amountFen;
    if (tr) step(tr, 'base', `每户每年定额补助${plan.restrictedUse ? `（${plan.restrictedUse.zh}）` : ''}`, `Fixed allowance per household and year${plan.restrictedUse ? ` (${plan.restrictedUse.en})` : ''}`, { amountFen: plan.amountFen });
    if (tr) step(tr, 'threshold', '无起付线', 'No threshold', { thresholdFen: 0 });
    if (tr) step(tr, 'amount', `给付 ${yuan(raw)} 元`, `Amount ${yuan(raw)} yuan`, { amountFen: raw });
  }

  // 7. caps on money: claim, then period, then lifetime
  const before = raw;
  if (cp.capClaimFen !== NONE || cp.capPeriodFen !== NONE || cp.capLifetimeFen !== NONE) {
    const claimCap = cp.capClaimFen === NONE ? NONE : cp.capClaimFen * den;
    const periodLeft = cp.capPeriodFen === NONE ? NONE : Math.max(0, cp.capPeriodFen - pa.paidFen);
    const lifeLeft = cp.capLifetimeFen === NONE ? NONE : Math.max(0, cp.capLifetimeFen - acc.lifetimePaidFen);
    raw = min(raw, claimCap);
    raw = min(raw, periodLeft === NONE ? NONE : periodLeft * den);
    raw = min(raw, lifeLeft === NONE ? NONE : lifeLeft * den);
    if (tr) {
      const parts = (lang: 'zh' | 'en') =>
        [
          cp.capClaimFen !== NONE ? (lang === 'zh' ? `单次封顶 ${yuan(cp.capClaimFen)} 元` : `claim cap ${yuan(cp.capClaimFen)} yuan`) : null,
          periodLeft !== NONE ? (lang === 'zh' ? `${pl.zh}封顶 ${yuan(cp.capPeriodFen)} 元，已付 ${yuan(pa.paidFen)} 元，剩余 ${yuan(periodLeft)} 元` : `cap for ${pl.en} ${yuan(cp.capPeriodFen)} yuan, paid ${yuan(pa.paidFen)}, left ${yuan(periodLeft)} yuan`) : null,
          lifeLeft !== NONE ? (lang === 'zh' ? `终身封顶 ${yuan(cp.capLifetimeFen)} 元，已付 ${yuan(acc.lifetimePaidFen)} 元，剩余 ${yuan(lifeLeft)} 元` : `lifetime cap ${yuan(cp.capLifetimeFen)} yuan, paid ${yuan(acc.lifetimePaidFen)}, left ${yuan(lifeLeft)} yuan`) : null,
        ]
          .filter((x) => x !== null)
          .join(lang === 'zh' ? '；' : '; ');
      const capped = raw < before;
      if (tr) step(tr, 'cap', `${parts('zh')}${capped ? '：按封顶给付' : '：未触及封顶'}`, `${parts('en')}${capped ? ': capped' : ': within the caps'}`, {
        claimCapFen: capText(cp.capClaimFen),
        periodCapFen: capText(cp.capPeriodFen),
        periodPaidFen: pa.paidFen,
        lifetimeCapFen: capText(cp.capLifetimeFen),
        lifetimePaidFen: acc.lifetimePaidFen,
        capped,
      });
    }
    if (raw === 0 && before > 0) return done(0, 'cap_reached');
  }

  // 8. claim-count limit
  const mc = plan.maxClaims;
  if (mc) {
    const used = mc.scope === 'lifetime' ? acc.lifetimeClaims : pa.claims;
    const scopeZh = mc.scope === 'lifetime' ? '终身' : pl.zh;
    const scopeEn = mc.scope === 'lifetime' ? 'lifetime' : pl.en;
    if (used >= mc.count) {
      if (tr) step(tr, 'max_claims', `${scopeZh}最多给付 ${mc.count} 次，已给付 ${used} 次`, `At most ${mc.count} paid claim(s) (${scopeEn}); ${used} already paid`, { maxClaims: mc.count, scope: mc.scope, used });
      return done(0, 'max_claims');
    }
    if (tr) step(tr, 'max_claims', `${scopeZh}最多给付 ${mc.count} 次，已给付 ${used} 次，本次可给付`, `At most ${mc.count} paid claim(s) (${scopeEn}); ${used} paid so far`, { maxClaims: mc.count, scope: mc.scope, used });
  }

  // 9. round half up to the fen, once
  const payout = roundDiv(raw, den);
  if (tr && den !== 1) step(tr, 'rounding', `四舍五入到分：${yuan(payout)} 元`, `Rounded half up to the fen: ${yuan(payout)} yuan`, { amountFenTimesBp: raw, payoutFen: payout });
  if (payout > 0) {
    pa.paidFen += payout;
    pa.paidDays += paidDays;
    pa.claims += 1;
    acc.lifetimePaidFen += payout;
    acc.lifetimePaidDays += paidDays;
    acc.lifetimeClaims += 1;
    if (diag) acc.diagnosed.add(diag.code);
  }
  return done(payout);
}
