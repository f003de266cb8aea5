import { describe, expect, it } from 'vitest';
import { BUILT_IN_SCHEMES } from '../server/modules/mutual-aid/scheme-data';
import { PAYERS, PAYER_LABELS, REASONS, REASON_LABELS, type Scheme, claimInput, scheme, simulateBody } from './mutual-aid';

const base = (): Scheme => structuredClone(BUILT_IN_SCHEMES.find((s) => s.code === 'PROV')!);
const ratio = (s: Scheme) => s.plans[0] as Extract<Scheme['plans'][number], { kind: 'ratio' }>;

/** The first issue's path and message when a scheme fails validation. */
function problem(s: unknown): string | null {
  const r = scheme.safeParse(s);
  return r.success ? null : `${r.error.issues[0]!.path.join('.')}: ${r.error.issues[0]!.message}`;
}

describe('scheme format', () => {
  it('holds the five built-in schemes', () => {
    expect(BUILT_IN_SCHEMES.map((s) => s.code)).toEqual(['LPS', 'SN', 'GY', 'ZY', 'PROV']);
    for (const s of BUILT_IN_SCHEMES) expect(problem(s)).toBeNull();
  });

  it.each<[string, (s: Scheme) => void, RegExp]>([
    ['overlapping bands', (s) => (ratio(s).ratio[0]!.bands[1]!.fromFen = 0), /plans\.0\.ratio\.0\.bands\.1\.fromFen: .*increasing order without overlap/],
    ['unordered bands', (s) => ratio(s).ratio[0]!.bands.reverse(), /bands/],
    ['a first band not from 0', (s) => (ratio(s).ratio[0]!.bands[0]!.fromFen = 5), /first band starts at 0/],
    ['a rate above 100%', (s) => (ratio(s).ratio[0]!.bands[0]!.rateBp = 10001), /rateBp/],
    ['a negative rate', (s) => (ratio(s).ratio[0]!.bands[0]!.rateBp = -1), /rateBp/],
    ['a fractional rate', (s) => (ratio(s).ratio[0]!.bands[0]!.rateBp = 40.5), /rateBp/],
    ['a negative cap', (s) => (ratio(s).caps![0]!.amountFen = -1), /caps\.0\.amountFen/],
    ['a cap in both money and days', (s) => (ratio(s).caps![0]!.days = 3), /either an amount or a number of days/],
    ['days caps on a ratio plan', (s) => (ratio(s).caps = [{ scope: 'period', days: 3 }]), /caps in days are for per-diem plans/],
    ['two period caps in money', (s) => ratio(s).caps!.push({ scope: 'period', amountFen: 1 }), /one cap per scope and unit/],
    ['two variants for the same status', (s) => ratio(s).ratio.push(structuredClone(ratio(s).ratio[0]!)), /one variant per member status/],
    ['a plan kind paying on the wrong trigger', (s) => (ratio(s).trigger = 'first_diagnosis'), /trigger/],
    ['duplicate plan codes', (s) => s.plans.push(structuredClone(s.plans[0]!)), /plan codes are unique/],
    ['overlapping contribution rules', (s) => s.contributions.push({ memberStatus: 'hardship', basis: 'per_member', payer: 'worker', amountFen: 1 }), /overlaps an earlier rule/],
    ['fractional fen', (s) => (s.contributions[0]!.amountFen = 0.5), /amountFen/],
    ['funding shares not adding up', (s) => (ratio(s).funding = [{ payer: 'worker', shareBp: 5000 }]), /add up to 10000/],
    ['a missing English label', (s) => (s.name.en = ''), /name\.en/],
    ['an unknown payer', (s) => ((s.contributions[0] as { payer: string }).payer = 'bank'), /payer/],
    ['an unknown field', (s) => ((s as Record<string, unknown>).extra = 1), /Unrecognized key/],
  ])('refuses %s', (_n, mutate, message) => {
    const s = base();
    mutate(s);
    expect(problem(s)).toMatch(message);
  });

  it('refuses a bad ICD-10 range and duplicate diagnosis codes', () => {
    const gy = structuredClone(BUILT_IN_SCHEMES.find((s) => s.code === 'GY')!);
    const plan = gy.plans[0] as Extract<Scheme['plans'][number], { kind: 'lump_sum' }>;
    plan.diagnoses[0]!.icd10 = ['C97-C00'];
    expect(problem(gy)).toMatch(/from the lower code to the higher/);
    plan.diagnoses[0]!.icd10 = ['cancer'];
    expect(problem(gy)).toMatch(/ICD-10/);
    plan.diagnoses[0]!.icd10 = ['C00-C97'];
    plan.diagnoses[1]!.code = plan.diagnoses[0]!.code;
    expect(problem(gy)).toMatch(/diagnosis codes are unique/);
  });

  it('every payer and reason has both labels', () => {
    for (const p of PAYERS) expect(PAYER_LABELS[p].zh && PAYER_LABELS[p].en).toBeTruthy();
    for (const r of REASONS) expect(REASON_LABELS[r].zh && REASON_LABELS[r].en).toBeTruthy();
  });
});

describe('simulate request', () => {
  const ok = { schemeCode: 'LPS', planCode: 'inpatient', member: { status: 'ordinary', enrolments: [{ from: '2016-01-01', to: '2016-12-31' }] }, claims: [{ eventDate: '2016-05-10', totalCostFen: 3000000, insurancePaidFen: 2000000 }] };

  it('takes the request of the issue', () => {
    expect(simulateBody.safeParse(ok).success).toBe(true);
  });

  it.each<[string, unknown]>([
    ['insurance above the total', { ...ok, claims: [{ eventDate: '2016-05-10', totalCostFen: 1, insurancePaidFen: 2 }] }],
    ['insurance without a total', { ...ok, claims: [{ eventDate: '2016-05-10', insurancePaidFen: 2 }] }],
    ['an impossible date', { ...ok, claims: [{ eventDate: '2016-02-30' }] }],
    ['amounts in yuan with decimals', { ...ok, claims: [{ eventDate: '2016-05-10', totalCostFen: 10.5 }] }],
    ['negative days', { ...ok, claims: [{ eventDate: '2016-05-10', hospitalDays: -1 }] }],
    ['no claims', { ...ok, claims: [] }],
    ['an enrolment ending before it starts', { ...ok, member: { status: 'ordinary', enrolments: [{ from: '2016-12-31', to: '2016-01-01' }] } }],
    ['overlapping enrolments', { ...ok, member: { status: 'ordinary', enrolments: [{ from: '2016-01-01', to: '2016-12-31' }, { from: '2016-06-01', to: '2017-05-31' }] } }],
    ['an unknown status', { ...ok, member: { status: 'retired', enrolments: [] } }],
    ['an unknown field', { ...ok, extra: true }],
  ])('refuses %s', (_n, body) => {
    expect(simulateBody.safeParse(body).success).toBe(false);
  });

  it('upper-cases an ICD-10 code', () => {
    expect(claimInput.parse({ eventDate: '2016-01-01', diagnosisIcd10: 'c34.1' }).diagnosisIcd10).toBe('C34.1');
  });
});
