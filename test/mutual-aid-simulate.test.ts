import { beforeAll, describe, expect, it } from 'vitest';
import { type ClaimInput, type MemberInput, type Reason, type SchemeListResponse, type SimulateResponse, TRACE_STEPS } from '../src/contracts/mutual-aid';
import { loginAs, useTestApp } from './support/app';
import { makeUser } from './support/factories';
import { expectError, snapshotTables } from './support/http';
import { seedSchemes } from './support/mutual-aid';
import { mutualAidVectors } from './vectors/mutual-aid';

const vectors = mutualAidVectors;

const t = useTestApp();
const URL_SIMULATE = '/api/v1/mutual-aid/simulate';
let cadre: string;
let reviewer: string;
let investigator: string;

beforeAll(async () => {
  await seedSchemes(t.deps);
  cadre = await loginAs(t.app, (await makeUser(t.deps, { roles: ['cadre'] })).username, 'Test-Passw0rd!');
  reviewer = await loginAs(t.app, (await makeUser(t.deps, { orgCode: '5203', roles: ['reviewer'] })).username, 'Test-Passw0rd!');
  investigator = await loginAs(t.app, (await makeUser(t.deps, { roles: ['investigator'] })).username, 'Test-Passw0rd!');
});

const post = (cookie: string, payload: unknown, lang?: string) =>
  t.app.inject({ method: 'POST', url: URL_SIMULATE, headers: { cookie, ...(lang ? { 'accept-language': lang } : {}) }, payload: payload as object });

async function simulate(schemeCode: string, planCode: string, member: MemberInput, claims: ClaimInput[]): Promise<SimulateResponse> {
  const res = await post(cadre, { schemeCode, planCode, member, claims });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as SimulateResponse;
}

const year = (y: number, status: MemberInput['status'] = 'ordinary'): MemberInput => ({ status, enrolments: [{ from: `${y}-01-01`, to: `${y}-12-31` }] });

describe('POST /api/v1/mutual-aid/simulate: every claim case of the reference vectors', () => {
  it.each(vectors.claimCases)('$id $scheme/$plan', async (c) => {
    const claims = c.claims.map(({ expectPayoutFen: _p, expectReason: _r, expectFinalBurdenFen: _b, ...claim }) => claim);
    const r = await simulate(c.scheme, c.plan, c.member, claims);
    expect(r).toMatchObject({ schemeCode: c.scheme, planCode: c.plan, schemeVersion: 1 });
    expect(r.results.map((x) => x.payoutFen)).toEqual(c.claims.map((x) => x.expectPayoutFen));
    c.claims.forEach((claim, i) => {
      if (claim.expectReason) expect(r.results[i]!.reason).toBe(claim.expectReason);
      if (claim.expectFinalBurdenFen !== undefined) expect(r.results[i]!.finalBurdenFen).toBe(claim.expectFinalBurdenFen);
      if (claim.expectPayoutFen > 0) expect(r.results[i]!.reason).toBeUndefined();
    });
    expect(r.totalPayoutFen).toBe(c.claims.reduce((s, x) => s + x.expectPayoutFen, 0));
    for (const x of r.results) {
      expect(x.trace.length).toBeGreaterThan(1);
      expect(x.trace[0]!.step).toBe('scheme');
      expect(x.trace.at(-1)!.step).toBe('result');
      for (const s of x.trace) expect(TRACE_STEPS).toContain(s.step);
    }
  });
});

describe('further cases of the same schemes', () => {
  it.each<[string, string, string, MemberInput, ClaimInput[], Array<[number, Reason?]>]>([
    ['LPS hardship: 70% of 1,234.57 yuan rounds half up', 'LPS', 'inpatient', year(2016, 'hardship'), [{ eventDate: '2016-03-01', totalCostFen: 223_457, insurancePaidFen: 100_000 }], [[86_420]]],
    ['LPS: not enrolled on the event date', 'LPS', 'inpatient', year(2016), [{ eventDate: '2017-01-01', totalCostFen: 100 }], [[0, 'not_enrolled']]],
    ['SN: three bills cross the year’s threshold on the third', 'SN', 'inpatient_secondary', year(2016), [{ eventDate: '2016-02-01', totalCostFen: 200_000 }, { eventDate: '2016-03-01', totalCostFen: 200_000 }, { eventDate: '2016-04-01', totalCostFen: 200_000 }], [[0, 'below_threshold'], [0, 'below_threshold'], [50_000]]],
    ['GY: renewed from 2015 without a gap, no waiting period', 'GY', 'critical_illness', { status: 'ordinary', enrolments: [{ from: '2015-01-01', to: '2015-12-31' }, { from: '2016-01-01', to: '2016-12-31' }] }, [{ eventDate: '2016-01-10', diagnosisIcd10: 'c50.9' }], [[1_200_000]]],
    ['ZY inpatient: 30%, capped at 30,000 yuan a year', 'ZY', 'inpatient', year(2016), [{ eventDate: '2016-02-01', totalCostFen: 6_000_000 }, { eventDate: '2016-03-01', totalCostFen: 6_000_000 }, { eventDate: '2016-04-01', totalCostFen: 6_000_000 }], [[1_800_000], [1_200_000], [0, 'cap_reached']]],
    ['ZY per diem: no hospital days, not covered', 'ZY', 'accident_injury', year(2016), [{ eventDate: '2016-02-01', totalCostFen: 100 }], [[0, 'not_covered']]],
    ['PROV: two stays in a year run through the bands together', 'PROV', 'critical_inpatient', year(2016), [{ eventDate: '2016-02-01', totalCostFen: 1_500_000 }, { eventDate: '2016-03-01', totalCostFen: 1_000_000 }], [[600_000], [575_000]]],
    ['LPS pharmacy allowance: once a year for a household in hardship', 'LPS', 'pharmacy_allowance', year(2016, 'hardship'), [{ eventDate: '2016-02-01' }, { eventDate: '2016-08-01' }], [[100_000], [0, 'max_claims']]],
  ])('%s', async (_n, scheme, plan, member, claims, expected) => {
    const r = await simulate(scheme, plan, member, claims);
    expect(r.results.map((x) => [x.payoutFen, x.reason])).toEqual(expected.map(([p, reason]) => [p, reason]));
  });

  it('the trace speaks both languages with the numbers (the real worked case)', async () => {
    const r = await simulate('PROV', 'critical_inpatient', year(2016, 'hardship'), [{ eventDate: '2016-02-17', totalCostFen: 99_160_000, insurancePaidFen: 86_440_000 }]);
    const base = r.results[0]!.trace.find((s) => s.step === 'base')!;
    expect(base.zh).toBe('个人自付 = 总费用 991,600.00 − 统筹支付 864,400.00 = 127,200.00 元');
    expect(base.en).toBe('Out-of-pocket = total 991,600.00 − social insurance 864,400.00 = 127,200.00 yuan');
    expect(base.values).toMatchObject({ baseFen: 12_720_000, totalCostFen: 99_160_000, insurancePaidFen: 86_440_000 });
    expect(r.results[0]).toMatchObject({ payoutFen: 8_840_000, finalBurdenFen: 3_880_000, schemeVersion: 1 });
  });
});

describe('GET /api/v1/mutual-aid/schemes', () => {
  it('lists the five schemes with their plans', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/mutual-aid/schemes', headers: { cookie: reviewer } });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as SchemeListResponse;
    expect(body.items.map((s) => s.code)).toEqual(['LPS', 'SN', 'GY', 'ZY', 'PROV']);
    expect(body.items.find((s) => s.code === 'ZY')!.plans.map((p) => p.code)).toEqual(['accident_injury', 'critical_illness', 'inpatient', 'female_disease', 'retiree_inpatient']);
    expect(body.items.find((s) => s.code === 'GY')!.plans[0]!.diagnoses).toHaveLength(15);
    expect(body.nextCursor).toBeNull();
  });
});

describe('errors', () => {
  const ok = { schemeCode: 'LPS', planCode: 'inpatient', member: year(2016), claims: [{ eventDate: '2016-05-10', totalCostFen: 3_000_000, insurancePaidFen: 2_000_000 }] };

  it('401 without a session', async () => {
    expectError(await t.app.inject({ method: 'POST', url: URL_SIMULATE, payload: ok }), 401, 'UNAUTHENTICATED');
    expectError(await t.app.inject({ method: 'GET', url: '/api/v1/mutual-aid/schemes' }), 401, 'UNAUTHENTICATED');
  });

  it('403 for a role without mutualaid.read', async () => {
    expectError(await post(investigator, ok), 403, 'FORBIDDEN');
    expectError(await t.app.inject({ method: 'GET', url: '/api/v1/mutual-aid/schemes', headers: { cookie: investigator } }), 403, 'FORBIDDEN');
  });

  it('404 for an unknown scheme or plan, with a clear message in both languages', async () => {
    expect(expectError(await post(cadre, { ...ok, schemeCode: 'XX' }), 404, 'NOT_FOUND').message).toBe('互助方案 XX不存在');
    expect(expectError(await post(cadre, { ...ok, schemeCode: 'XX' }, 'en'), 404, 'NOT_FOUND').message).toBe('Mutual-aid scheme XX not found');
    expect(expectError(await post(cadre, { ...ok, planCode: 'dental' }), 404, 'NOT_FOUND').message).toBe('互助方案 LPS 的计划 dental不存在');
    expect(expectError(await post(cadre, { ...ok, planCode: 'dental' }, 'en'), 404, 'NOT_FOUND').message).toBe('Plan dental of mutual-aid scheme LPS not found');
  });

  it('400 for bad input, naming the field; nothing written', async () => {
    const before = await snapshotTables(t.deps.db);
    const cases: Array<[unknown, string]> = [
      [{ ...ok, claims: [{ eventDate: '2016-05-10', totalCostFen: 100, insurancePaidFen: 200 }] }, 'claims.0.insurancePaidFen'],
      [{ ...ok, claims: [{ eventDate: '2016-05-10', totalCostFen: 100.5 }] }, 'claims.0.totalCostFen'],
      [{ ...ok, claims: [{ eventDate: '2016-13-01' }] }, 'claims.0.eventDate'],
      [{ ...ok, claims: [] }, 'claims'],
      [{ ...ok, member: { status: 'vip', enrolments: [] } }, 'member.status'],
      [{ ...ok, member: { status: 'ordinary', enrolments: [{ from: '2016-06-01', to: '2016-01-01' }] } }, 'member.enrolments.0.to'],
    ];
    for (const [body, path] of cases) {
      const err = expectError(await post(cadre, body), 400, 'VALIDATION_FAILED');
      expect(JSON.stringify(err.details), JSON.stringify(body)).toContain(path);
    }
    expect(await snapshotTables(t.deps.db)).toEqual(before);
  });
});
