import { and, eq, like, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Scheme, SchemeListResponse, SchemeVersionDto, SimulateResponse } from '../src/contracts/mutual-aid';
import { versionInForce } from '../src/server/modules/mutual-aid/scheme.service';
import { mutualAidSchemeVersions } from '../src/server/modules/mutual-aid/scheme.table';
import { auditEvents } from '../src/server/platform/audit/audit.table';
import { loginAs, useTestApp } from './support/app';
import { makeUser, PASSWORD } from './support/factories';
import { expectError, snapshotTables } from './support/http';
import { seedSchemes } from './support/mutual-aid';

const t = useTestApp();
const P = '/api/v1/mutual-aid';
let zunyi: string; // reviewer of 遵义市总工会 (keeps ZY)
let guiyang: string; // reviewer of 贵阳市总工会
let cadre: string; // cadre of a grassroots union in 遵义 (reads, keeps nothing)
let investigator: string; // no mutualaid.read

beforeAll(async () => {
  await seedSchemes(t.deps);
  zunyi = await loginAs(t.app, (await makeUser(t.deps, { orgCode: '5203', roles: ['reviewer'] })).username, PASSWORD);
  guiyang = await loginAs(t.app, (await makeUser(t.deps, { orgCode: '5201', roles: ['reviewer'] })).username, PASSWORD);
  cadre = await loginAs(t.app, (await makeUser(t.deps, { roles: ['cadre'] })).username, PASSWORD);
  investigator = await loginAs(t.app, (await makeUser(t.deps, { roles: ['investigator'] })).username, PASSWORD);
});

type Method = 'GET' | 'POST' | 'PUT';
const call = (method: Method, url: string, cookie?: string, payload?: unknown, lang?: string) =>
  t.app.inject({ method, url: `${P}${url}`, headers: { ...(cookie ? { cookie } : {}), ...(lang ? { 'accept-language': lang } : {}) }, ...(payload === undefined ? {} : { payload: payload as object }) });
async function ok<T>(res: Awaited<ReturnType<typeof call>>, status = 200): Promise<T> {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
}
/** The database's own message when a statement is refused (drivers and the ORM wrap it differently). */
async function dbError(p: PromiseLike<unknown>): Promise<string | null> {
  try {
    await p;
    return null;
  } catch (e) {
    let x: unknown = e;
    while ((x as { cause?: unknown }).cause) x = (x as { cause: unknown }).cause;
    return String((x as Error).message);
  }
}
const versionsOf = async (cookie: string, code: string) => (await ok<{ items: Array<{ id: string; version: number; status: string }> }>(await call('GET', `/schemes/${code}/versions`, cookie))).items;

/** ZY's plans: accident_injury, critical_illness, inpatient (index 2, 30% of out-of-pocket, 30,000 yuan a year). */
const INPATIENT = 2;
let v1: SchemeVersionDto;
let v2: SchemeVersionDto;

describe('the seeded schemes', () => {
  it('are version 1, published, owned by the federation of their region, in force 2016–2025', async () => {
    const list = await ok<SchemeListResponse>(await call('GET', '/schemes', cadre));
    expect(list.items.map((s) => [s.code, s.version, s.status, s.validFrom, s.validTo])).toEqual(
      ['LPS', 'SN', 'GY', 'ZY', 'PROV'].map((c) => [c, 1, 'published', '2016-01-01', '2025-12-31']),
    );
    expect(list.items.map((s) => s.orgName)).toEqual(['六盘水市总工会', '思南县总工会', '贵阳市总工会', '遵义市总工会', '贵州省总工会']);
    const zy = list.items.find((s) => s.code === 'ZY')!;
    v1 = await ok<SchemeVersionDto>(await call('GET', `/scheme-versions/${zy.versionId}`, cadre));
    expect(v1).toMatchObject({ code: 'ZY', version: 1, status: 'published', regionCode: '5203', basedOnVersion: null });
    expect(v1.scheme.version).toBe(1);
    expect(v1.scheme.plans[INPATIENT]!.code).toBe('inpatient');
  });

  it('seeding again writes nothing', async () => {
    const before = await snapshotTables(t.deps.db);
    await seedSchemes(t.deps);
    expect(await snapshotTables(t.deps.db)).toEqual(before);
  });
});

describe('draft → validation → publish → immutable → next version', () => {
  it('a reviewer of the owning federation makes a new draft from the published version (the year after by default)', async () => {
    v2 = await ok<SchemeVersionDto>(await call('POST', `/scheme-versions/${v1.id}/new-draft`, zunyi, {}), 201);
    expect(v2).toMatchObject({ code: 'ZY', version: 2, status: 'draft', basedOnVersion: 1, validFrom: '2026-01-01', validTo: '2026-12-31', orgName: '遵义市总工会', publishedAt: null });
    expect(v2.scheme).toEqual({ ...v1.scheme, version: 2 });
  });

  it('drafts are seen only within the owning federation’s scope', async () => {
    expect((await versionsOf(zunyi, 'ZY')).map((v) => [v.version, v.status])).toEqual([[1, 'published'], [2, 'draft']]);
    expect((await versionsOf(guiyang, 'ZY')).map((v) => v.version)).toEqual([1]);
    expect((await versionsOf(cadre, 'ZY')).map((v) => v.version)).toEqual([1]); // a grassroots union is below the federation
    expectError(await call('GET', `/scheme-versions/${v2.id}`, guiyang), 404, 'NOT_FOUND');
    expectError(await call('PUT', `/scheme-versions/${v2.id}`, guiyang, { validFrom: '2026-01-01', validTo: '2026-12-31', scheme: v2.scheme }), 404, 'NOT_FOUND');
    expectError(await call('POST', `/scheme-versions/${v2.id}/publish`, guiyang), 404, 'NOT_FOUND');
    // a published version of another federation is read, not kept
    expectError(await call('POST', `/scheme-versions/${v1.id}/new-draft`, guiyang, {}), 403, 'FORBIDDEN');
    expectError(await call('GET', '/schemes/NOPE/versions', cadre), 404, 'NOT_FOUND');
  });

  it('an invalid scheme is refused with every problem named in both languages, and nothing is written', async () => {
    const before = await snapshotTables(t.deps.db);
    const bad = structuredClone(v2.scheme) as Scheme;
    const plan = bad.plans[INPATIENT]!;
    if (plan.kind !== 'ratio') throw new Error('ZY inpatient is a ratio plan');
    plan.ratio[0]!.bands = [{ fromFen: 0, rateBp: 3000 }, { fromFen: 0, rateBp: 4000 }];
    plan.caps = [{ scope: 'period', amountFen: -1 }];
    const body = { validFrom: '2026-01-01', validTo: '2026-12-31', scheme: bad };
    const zh = expectError(await call('PUT', `/scheme-versions/${v2.id}`, zunyi, body), 400, 'VALIDATION_FAILED');
    const details = zh.details as Array<{ path: string; message: string; messageZh: string }>;
    expect(details).toEqual(
      expect.arrayContaining([
        { path: `scheme.plans.${INPATIENT}.ratio.0.bands.1.fromFen`, message: 'bands must be in increasing order without overlap', messageZh: '各段起点须递增，不得重叠' },
        expect.objectContaining({ path: `scheme.plans.${INPATIENT}.caps.0.amountFen`, messageZh: '不能小于 0（或不少于 0 项）' }),
      ]),
    );
    expect(zh.message).toContain('各段起点须递增，不得重叠');
    const en = expectError(await call('PUT', `/scheme-versions/${v2.id}`, zunyi, body, 'en'), 400, 'VALIDATION_FAILED');
    expect(en.message).toContain(`scheme.plans.${INPATIENT}.ratio.0.bands.1.fromFen (bands must be in increasing order without overlap)`);
    // the code of a scheme stays; the period runs forwards
    expectError(await call('PUT', `/scheme-versions/${v2.id}`, zunyi, { ...body, scheme: { ...v2.scheme, code: 'ZY2' } }), 400, 'VALIDATION_FAILED');
    const period = expectError(await call('PUT', `/scheme-versions/${v2.id}`, zunyi, { ...body, scheme: v2.scheme, validTo: '2025-01-01' }), 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(period.details)).toContain('validTo');
    expect(await snapshotTables(t.deps.db)).toEqual(before);
  });

  it('a valid edit is stored (40% instead of 30%), the period with it', async () => {
    const next = structuredClone(v2.scheme) as Scheme;
    const plan = next.plans[INPATIENT]!;
    if (plan.kind !== 'ratio') throw new Error('ratio');
    plan.ratio[0]!.bands = [{ fromFen: 0, rateBp: 4000 }];
    // an overlapping period is allowed for a draft, refused when publishing
    v2 = await ok<SchemeVersionDto>(await call('PUT', `/scheme-versions/${v2.id}`, zunyi, { validFrom: '2025-07-01', validTo: '2026-12-31', scheme: next }));
    expect(v2).toMatchObject({ status: 'draft', version: 2, validFrom: '2025-07-01' });
    expect(v2.scheme.version).toBe(2);
    expect((v2.scheme.plans[INPATIENT] as { ratio: Array<{ bands: unknown }> }).ratio[0]!.bands).toEqual([{ fromFen: 0, rateBp: 4000 }]);
  });

  it('publishing a period that overlaps a published version is refused, naming that version', async () => {
    const zh = expectError(await call('POST', `/scheme-versions/${v2.id}/publish`, zunyi), 409, 'CONFLICT');
    expect(zh.message).toContain('与已发布的第 1 版（2016-01-01 至 2025-12-31）重叠');
    const en = expectError(await call('POST', `/scheme-versions/${v2.id}/publish`, zunyi, undefined, 'en'), 409, 'CONFLICT');
    expect(en.message).toContain('overlaps published version 1 (2016-01-01 to 2025-12-31)');
    expect(zh.details).toMatchObject({ overlapsVersion: 1, overlapsVersionId: v1.id });
  });

  it('publishes once the period follows on; from then on nothing changes it', async () => {
    v2 = await ok<SchemeVersionDto>(await call('PUT', `/scheme-versions/${v2.id}`, zunyi, { validFrom: '2026-01-01', validTo: '2026-12-31', scheme: v2.scheme }));
    v2 = await ok<SchemeVersionDto>(await call('POST', `/scheme-versions/${v2.id}/publish`, zunyi));
    expect(v2).toMatchObject({ status: 'published', publishedAt: '2026-11-30T02:00:00.000Z' });
    expect(v2.publishedByName).toBeTruthy();
    // everyone with mutualaid.read sees it now
    expect((await versionsOf(guiyang, 'ZY')).map((v) => [v.version, v.status])).toEqual([[1, 'published'], [2, 'published']]);

    const before = await snapshotTables(t.deps.db);
    expect(expectError(await call('PUT', `/scheme-versions/${v2.id}`, zunyi, { validFrom: '2026-01-01', validTo: '2026-12-31', scheme: v2.scheme }), 409, 'CONFLICT').message).toContain('已发布，不可修改');
    expectError(await call('POST', `/scheme-versions/${v2.id}/publish`, zunyi), 409, 'CONFLICT');
    // the database refuses too, whoever asks
    const db = t.deps.db;
    expect(await dbError(db.update(mutualAidSchemeVersions).set({ validTo: '2030-12-31' }).where(eq(mutualAidSchemeVersions.id, v2.id)))).toBe('mutual-aid scheme ZY version 2 is published and immutable: make a new draft from it');
    expect(await dbError(db.update(mutualAidSchemeVersions).set({ status: 'draft' }).where(eq(mutualAidSchemeVersions.id, v1.id)))).toContain('ZY version 1 is published and immutable');
    expect(await dbError(db.delete(mutualAidSchemeVersions).where(eq(mutualAidSchemeVersions.id, v1.id)))).toContain('ZY version 1 is published and immutable');
    expect(await dbError(db.execute(sql`truncate mutual_aid_scheme_versions cascade`))).toContain('never truncated');
    expect(await snapshotTables(t.deps.db)).toEqual(before);
  });

  it('the trigger leaves drafts alone', async () => {
    const v3 = await ok<SchemeVersionDto>(await call('POST', `/scheme-versions/${v2.id}/new-draft`, zunyi, { validFrom: '2027-01-01', validTo: '2027-12-31' }), 201);
    expect(v3).toMatchObject({ version: 3, basedOnVersion: 2, validFrom: '2027-01-01', status: 'draft' });
    await t.deps.db.update(mutualAidSchemeVersions).set({ validTo: '2027-06-30' }).where(eq(mutualAidSchemeVersions.id, v3.id));
    expect((await ok<SchemeVersionDto>(await call('GET', `/scheme-versions/${v3.id}`, zunyi))).validTo).toBe('2027-06-30');
    // a draft cannot be the source of another draft
    expectError(await call('POST', `/scheme-versions/${v3.id}/new-draft`, zunyi, {}), 409, 'CONFLICT');
  });
});

describe('the version in force on the event date', () => {
  it('versionInForce picks the published version whose period holds the date', async () => {
    const at = async (d: string) => (await versionInForce(t.deps.db, 'ZY', d))?.version;
    expect(await at('2016-01-01')).toBe(1);
    expect(await at('2025-12-31')).toBe(1);
    expect(await at('2026-01-01')).toBe(2);
    expect(await at('2026-12-31')).toBe(2);
    expect(await at('2027-03-01')).toBeUndefined(); // version 3 is a draft
    expect(await at('2015-12-31')).toBeUndefined();
  });

  it('simulate evaluates each claim under the version in force on its date and names it', async () => {
    const member = { status: 'ordinary', enrolments: [{ from: '2025-01-01', to: '2025-12-31' }, { from: '2026-01-01', to: '2026-12-31' }] };
    const claims = [
      { eventDate: '2025-12-01', totalCostFen: 6_000_000 },
      { eventDate: '2026-02-01', totalCostFen: 6_000_000 },
      { eventDate: '2026-03-01', totalCostFen: 6_000_000 },
    ];
    const r = await ok<SimulateResponse>(await call('POST', '/simulate', cadre, { schemeCode: 'ZY', planCode: 'inpatient', member, claims }));
    // 30% under version 1; 40% under version 2, whose 30,000-yuan year cap leaves 6,000 for the second 2026 stay
    expect(r.results.map((x) => [x.schemeVersion, x.payoutFen])).toEqual([[1, 1_800_000], [2, 2_400_000], [2, 600_000]]);
    expect(r.schemeVersion).toBe(2);
    expect(r.results[1]!.trace[0]!.zh).toContain('ZY 第 2 版');
  });

  it('a claim on a date no published version covers is refused, naming the claim', async () => {
    const member = { status: 'ordinary', enrolments: [{ from: '2027-01-01', to: '2027-12-31' }] };
    const err = expectError(await call('POST', '/simulate', cadre, { schemeCode: 'ZY', planCode: 'inpatient', member, claims: [{ eventDate: '2027-03-01', totalCostFen: 100 }] }, 'en'), 400, 'VALIDATION_FAILED');
    expect(err.message).toContain('claims.0.eventDate (no version of scheme ZY is in force on 2027-03-01');
  });
});

describe('a new scheme', () => {
  const scheme = (over: Partial<Scheme> = {}) => ({
    code: 'GYX',
    name: { zh: '贵阳市试点互助', en: 'Guiyang pilot mutual aid' },
    regionCode: '5201',
    version: 1,
    period: { kind: 'calendar_year' },
    contributions: [{ memberStatus: 'any', basis: 'per_member', payer: 'worker', amountFen: 5000 }],
    plans: [{ code: 'stay', name: { zh: '住院津贴', en: 'Hospital allowance' }, kind: 'per_diem', trigger: 'inpatient_stay', amountFenPerDay: 3000 }],
    ...over,
  });

  it('is a draft of the actor’s federation, listed only for those who keep it until published', async () => {
    const d = await ok<SchemeVersionDto>(await call('POST', '/schemes', guiyang, { validFrom: '2027-01-01', validTo: '2027-12-31', scheme: scheme() }), 201);
    expect(d).toMatchObject({ code: 'GYX', version: 1, status: 'draft', orgName: '贵阳市总工会' });
    const codes = async (cookie: string, q = '') => (await ok<SchemeListResponse>(await call('GET', `/schemes${q}`, cookie))).items.map((s) => s.code);
    expect(await codes(guiyang)).not.toContain('GYX'); // the calculator offers published schemes only
    expect(await codes(guiyang, '?withDrafts=true')).toContain('GYX');
    expect(await codes(zunyi, '?withDrafts=true')).not.toContain('GYX');
    await ok(await call('POST', `/scheme-versions/${d.id}/publish`, guiyang));
    expect(await codes(zunyi)).toContain('GYX');
  });

  it('refuses a taken code, a region outside the federation and an invalid scheme', async () => {
    const before = await snapshotTables(t.deps.db);
    expect(expectError(await call('POST', '/schemes', guiyang, { validFrom: '2027-01-01', validTo: '2027-12-31', scheme: scheme({ code: 'LPS' }) }), 409, 'CONFLICT').message).toContain('LPS');
    const region = expectError(await call('POST', '/schemes', guiyang, { validFrom: '2027-01-01', validTo: '2027-12-31', scheme: scheme({ code: 'GYY', regionCode: '5203' }) }), 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(region.details)).toContain('scheme.regionCode');
    const invalid = expectError(await call('POST', '/schemes', guiyang, { validFrom: '2027-01-01', validTo: '2027-12-31', scheme: { ...scheme({ code: 'GYZ' }), plans: [] } }), 400, 'VALIDATION_FAILED');
    expect(invalid.details).toEqual([expect.objectContaining({ path: 'scheme.plans', messageZh: '不能小于 1（或不少于 1 项）' })]);
    expect(await snapshotTables(t.deps.db)).toEqual(before);
  });
});

describe('access', () => {
  it('401 without a session', async () => {
    for (const [m, u] of [['GET', '/schemes'], ['GET', '/schemes/ZY/versions'], ['GET', `/scheme-versions/${v1.id}`], ['POST', '/schemes'], ['PUT', `/scheme-versions/${v1.id}`], ['POST', `/scheme-versions/${v1.id}/publish`], ['POST', `/scheme-versions/${v1.id}/new-draft`]] as const) {
      expectError(await call(m, u, undefined, m === 'GET' ? undefined : {}), 401, 'UNAUTHENTICATED');
    }
  });

  it('403 to keep schemes without mutualaid.manage, and to read them without mutualaid.read', async () => {
    const body = { validFrom: '2027-01-01', validTo: '2027-12-31', scheme: v1.scheme };
    expectError(await call('POST', '/schemes', cadre, body), 403, 'FORBIDDEN');
    expectError(await call('PUT', `/scheme-versions/${v1.id}`, cadre, body), 403, 'FORBIDDEN');
    expectError(await call('POST', `/scheme-versions/${v1.id}/publish`, cadre), 403, 'FORBIDDEN');
    expectError(await call('POST', `/scheme-versions/${v1.id}/new-draft`, cadre, {}), 403, 'FORBIDDEN');
    expectError(await call('GET', '/schemes/ZY/versions', investigator), 403, 'FORBIDDEN');
    expectError(await call('GET', `/scheme-versions/${v1.id}`, investigator), 403, 'FORBIDDEN');
  });

  it('every write is in the audit trail', async () => {
    const rows = await t.deps.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'mutual_aid_scheme_version'), like(auditEvents.action, 'mutual_aid.scheme.%')));
    const actions = new Set(rows.map((r) => r.action));
    expect([...actions].sort()).toEqual(['mutual_aid.scheme.create', 'mutual_aid.scheme.new_draft', 'mutual_aid.scheme.publish', 'mutual_aid.scheme.seed', 'mutual_aid.scheme.update']);
    expect(rows.filter((r) => r.action === 'mutual_aid.scheme.seed')).toHaveLength(5);
  });
});
