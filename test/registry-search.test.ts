import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type HouseholdInput, householdListItem, householdSearchKind, listedByRelevance } from '../src/contracts/registry';
import { backfillMaskedBankAccounts } from '../src/server/modules/registry/household-backfill.service';
import { prefixRange } from '../src/server/modules/registry/household-search.service';
import { householdListResponse } from '../src/server/modules/registry/household.routes';
import { rowsOf } from '../src/server/platform/db/client';
import { loginAs, useTestApp } from './support/app';
import { PASSWORD, makeGrassroots, makeUser } from './support/factories';
import { expectError } from './support/http';
import { householdInput, uniqueId } from './support/registry';

/**
 * The household list and its search: the answer's exact JSON (the route writes it without re-encoding), relevance
 * order for name and pinyin searches, keyset pages in every order, the filters, and scope.
 */
const t = useTestApp();
const H = '/api/v1/registry/households';
let cadre: string;
let otherCadre: string;
let countyReviewer: string;
let union: { id: string };
let otherUnion: { id: string };

type Item = z.infer<typeof householdListItem>;
type Page = { items: Item[]; nextCursor: string | null };

const worker = (name: string, over: Partial<HouseholdInput['members'][number]> = {}, region = '520302'): HouseholdInput['members'][number] => ({
  name,
  relation: 'self',
  idNumber: uniqueId(region, 1975),
  health: 'healthy',
  schoolingStage: 'none',
  employment: 'laid_off',
  monthlyIncomeFen: { unemployment_benefit: 120000 },
  ...over,
});

async function create(cookie: string, input: HouseholdInput): Promise<Item> {
  t.clock.advance(1000); // each file a second newer than the last
  const res = await t.app.inject({ method: 'POST', url: H, headers: { cookie }, payload: input as unknown as Record<string, unknown> });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Item;
}

async function list(cookie: string, query: string): Promise<Page & { raw: string }> {
  const res = await t.app.inject({ method: 'GET', url: `${H}?${query}`, headers: { cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return { ...(res.json() as Page), raw: res.body };
}

/** Every page of a query, following the cursors. */
async function allPages(cookie: string, query: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 100; i++) {
    const page: Page = await list(cookie, `${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    ids.push(...page.items.map((x) => x.id));
    cursor = page.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error('too many pages');
}

const names = (p: Page) => p.items.map((x) => x.workerName);

beforeAll(async () => {
  union = await makeGrassroots(t.deps, { countyCode: '520302' });
  otherUnion = await makeGrassroots(t.deps, { countyCode: '520303' });
  cadre = await loginAs(t.app, (await makeUser(t.deps, { orgId: union.id, roles: ['cadre'] })).username, PASSWORD);
  otherCadre = await loginAs(t.app, (await makeUser(t.deps, { orgId: otherUnion.id, roles: ['cadre'] })).username, PASSWORD);
  countyReviewer = await loginAs(t.app, (await makeUser(t.deps, { orgCode: '520302', roles: ['reviewer'] })).username, PASSWORD);
});

describe('the list answer', () => {
  it('is exactly what the response schema would write: the same keys, in the same order, nothing more', async () => {
    await create(cadre, householdInput(union.id, { members: [worker('禤一')], bankAccount: '6214830012345678' }));
    await create(cadre, householdInput(union.id, { members: [worker('禤二')], bankAccount: undefined, bankName: undefined, employer: undefined, housingArea: undefined }));
    const page = await list(cadre, 'q=禤');
    expect(page.items.length).toBe(2);
    // strict: no key beyond the contract's
    const strict = z.strictObject({ items: z.array(householdListItem.strict()), nextCursor: z.string().nullable() });
    expect(strict.safeParse(JSON.parse(page.raw)).success).toBe(true);
    // byte for byte what the Zod serializer writes for the same value
    expect(JSON.stringify(householdListResponse.encode(JSON.parse(page.raw)))).toBe(page.raw);
    const [one, two] = page.items;
    expect(one.bankAccount).toBe('************5678');
    expect(two.bankAccount).toBeNull();
    expect(two.employer).toBeNull();
    expect(one.housingArea).toBe('42.50');
    expect(one.orgName).not.toBe('');
    expect(one.regionName).toBe('红花岗区');
    expect(one.rigidSpendingFen).toBe(one.medicalOutOfPocketFen + one.schoolingSpendingFen + one.disasterLossFen);
    // the same item as the file itself shows
    const full = (await t.app.inject({ method: 'GET', url: `${H}/${one.id}`, headers: { cookie: cadre } })).json() as Record<string, unknown>;
    for (const [k, v] of Object.entries(one)) expect(full[k], k).toEqual(v);
  });
});

describe('the masked bank account in the list', () => {
  it('follows a changed or cleared account at once (masked values are remembered per ciphertext)', async () => {
    const input = householdInput(union.id, { members: [worker('禤三')], bankAccount: '6214830012349999' });
    const h = (await t.app.inject({ method: 'POST', url: H, headers: { cookie: cadre }, payload: input as unknown as Record<string, unknown> })).json() as Item & { members: Array<{ id: string; name: string }> };
    const shown = async () => (await list(cadre, `q=${encodeURIComponent('禤三')}`)).items.find((x) => x.id === h.id)?.bankAccount;
    expect(await shown()).toBe('************9999');
    expect(await shown()).toBe('************9999');
    const edit = (version: number, bankAccount: string | null) => ({
      ...input,
      bankAccount,
      version,
      members: h.members.map((m, i) => {
        const { idNumber: _id, phone: _p, ...rest } = input.members[i];
        return { ...rest, id: m.id, name: m.name };
      }),
    });
    const changed = await t.app.inject({ method: 'PUT', url: `${H}/${h.id}`, headers: { cookie: cadre }, payload: edit(h.version, '6222020000001111') });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(await shown()).toBe('************1111');
    const cleared = await t.app.inject({ method: 'PUT', url: `${H}/${h.id}`, headers: { cookie: cadre }, payload: edit((changed.json() as Item).version, null) });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(await shown()).toBeNull();
  });

  it('is stored masked with the file, and files from before the stored column are masked from the ciphertext and filled by the backfill', async () => {
    const input = householdInput(union.id, { members: [worker('禤四')], bankAccount: '6214830012347777' });
    const h = (await t.app.inject({ method: 'POST', url: H, headers: { cookie: cadre }, payload: input as unknown as Record<string, unknown> })).json() as Item;
    const stored = async () => rowsOf<{ masked: string | null; enc: string | null }>(await t.deps.db.execute(sql`select bank_account_masked as masked, bank_account_enc as enc from households where id = ${h.id}`))[0];
    expect(await stored()).toMatchObject({ masked: '************7777' });
    expect((await stored()).enc).not.toContain('7777');
    // as a file written before migration 0010 would be
    await t.deps.db.execute(sql`update households set bank_account_masked = null where id = ${h.id}`);
    const shown = async () => (await list(cadre, `q=${encodeURIComponent('禤四')}`)).items.find((x) => x.id === h.id)?.bankAccount;
    expect(await shown()).toBe('************7777');
    expect(await backfillMaskedBankAccounts(t.deps.db, t.deps.cipher)).toBeGreaterThanOrEqual(1);
    expect((await stored()).masked).toBe('************7777');
    expect(await shown()).toBe('************7777');
    // nothing left to fill: a second run changes nothing
    expect(await backfillMaskedBankAccounts(t.deps.db, t.deps.cipher)).toBe(0);
  });
});

describe('name and pinyin search in relevance order', () => {
  const made: Record<string, Item> = {};
  beforeAll(async () => {
    // created in this order, so the later one of two same-named files is the more recently updated
    made.longer = await create(cadre, householdInput(union.id, { members: [worker('欧阳明华')] }));
    made.exactOld = await create(cadre, householdInput(union.id, { members: [worker('欧阳明')] }));
    made.employer = await create(cadre, householdInput(union.id, { members: [worker('章九')], employer: '欧阳明机械厂' }));
    made.exactNew = await create(cadre, householdInput(union.id, { members: [worker('欧阳明')] }));
    made.other = await create(cadre, householdInput(union.id, { members: [worker('欧阳')] }));
    made.elsewhere = await create(otherCadre, householdInput(otherUnion.id, { regionCode: '520303', members: [worker('欧阳明', {}, '520303')] }));
  });

  it('a name: the exact name first (latest update first), then longer names, then employer matches', async () => {
    const page = await list(cadre, `q=${encodeURIComponent('欧阳明')}`);
    expect(page.items.map((x) => x.id)).toEqual([made.exactNew.id, made.exactOld.id, made.longer.id, made.employer.id]);
    expect(names(page)).toEqual(['欧阳明', '欧阳明', '欧阳明华', '章九']);
  });

  it('pages of one follow the same order, every file once', async () => {
    const one = await list(cadre, `q=${encodeURIComponent('欧阳')}&limit=50`);
    expect(one.nextCursor).toBeNull();
    expect(await allPages(cadre, `q=${encodeURIComponent('欧阳')}`, 1)).toEqual(one.items.map((x) => x.id));
    expect(names(one)).toEqual(['欧阳', '欧阳明', '欧阳明', '欧阳明华', '章九']);
    // across the name group into the employer group, two at a time
    expect(await allPages(cadre, `q=${encodeURIComponent('欧阳')}`, 2)).toEqual(one.items.map((x) => x.id));
  });

  it('pinyin initials: the shortest match first, then by update', async () => {
    const page = await list(cadre, 'q=oym');
    expect(names(page)).toEqual(['欧阳明', '欧阳明', '欧阳明华']);
    expect(page.items[0].id).toBe(made.exactNew.id);
    expect(await allPages(cadre, 'q=oym', 1)).toEqual(page.items.map((x) => x.id));
  });

  it('another order when asked for: latest update first, or by name', async () => {
    const byUpdate = await list(cadre, `q=${encodeURIComponent('欧阳明')}&sort=updatedAt&order=desc`);
    expect(byUpdate.items.map((x) => x.id)).toEqual([made.exactNew.id, made.employer.id, made.exactOld.id, made.longer.id]);
    expect(await allPages(cadre, `q=${encodeURIComponent('欧阳明')}&sort=updatedAt&order=desc`, 1)).toEqual(byUpdate.items.map((x) => x.id));
    const byName = await list(cadre, `q=${encodeURIComponent('欧阳明')}&sort=workerName&order=asc`);
    expect(names(byName)).toEqual([...names(byName)].sort());
    // relevance asked for without a name search is the update order
    const plain = await list(cadre, 'sort=relevance&limit=5');
    const updates = plain.items.map((x) => x.updatedAt);
    expect(updates).toEqual([...updates].sort().reverse());
  });

  it('stays inside the scope: the other county’s file of the same name is not listed, in any order', async () => {
    for (const q of [`q=${encodeURIComponent('欧阳明')}`, 'q=oym', `q=${encodeURIComponent('欧阳明')}&sort=updatedAt`]) {
      const ids = (await list(cadre, q)).items.map((x) => x.id);
      expect(ids).not.toContain(made.elsewhere.id);
      expect((await list(countyReviewer, q)).items.map((x) => x.id)).not.toContain(made.elsewhere.id);
      expect((await list(otherCadre, q)).items.map((x) => x.id)).toEqual([made.elsewhere.id]);
    }
  });

  it('refuses a cursor that is not one of its own (400, never a server error)', async () => {
    const cursor = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const u = made.other.updatedAt;
    for (const [q, c] of [
      [`q=${encodeURIComponent('欧阳')}`, { g: 0, v: '欧阳', u: 'yesterday', id: made.other.id }],
      [`q=${encodeURIComponent('欧阳')}`, { g: 2, v: '欧阳', u, id: made.other.id }],
      ['q=oym', { g: 1, v: '欧阳明机械厂', u, id: made.other.id }],
      ['q=oym', { v: 'oy', id: made.other.id }],
      ['sort=updatedAt', { v: 'not a time', id: made.other.id }],
      ['sort=archiveNo', { v: 1, id: made.other.id }],
    ] as const) {
      expectError(await t.app.inject({ method: 'GET', url: `${H}?${q}&cursor=${cursor(c)}`, headers: { cookie: cadre } }), 400, 'VALIDATION_FAILED');
    }
  });

  it('the web and the server classify the search box alike', () => {
    expect(householdSearchKind('欧阳明')).toBe('name');
    expect(householdSearchKind('oym')).toBe('initials');
    expect(householdSearchKind(uniqueId())).toBe('idNumber');
    expect(householdSearchKind('13985001234')).toBe('phone');
    expect(householdSearchKind('520302-2026')).toBe('archiveNo');
    expect(householdSearchKind('  ')).toBeNull();
    expect([listedByRelevance('欧阳'), listedByRelevance('oy'), listedByRelevance('520302'), listedByRelevance(undefined)]).toEqual([true, true, false, false]);
  });
});

describe('filters', () => {
  it('cause with serious illness: exactly the seriously ill files with that cause, primary or secondary', async () => {
    const ill = { health: 'serious_illness' as const };
    await create(cadre, householdInput(union.id, { members: [worker('邝甲', ill)], primaryCause: 'illness', secondaryCauses: ['disability'] }));
    await create(cadre, householdInput(union.id, { members: [worker('邝乙', ill)], primaryCause: 'disability', secondaryCauses: [] }));
    await create(cadre, householdInput(union.id, { members: [worker('邝丙')], primaryCause: 'disability', secondaryCauses: [] }));
    await create(cadre, householdInput(union.id, { members: [worker('邝丁', ill)], primaryCause: 'unemployment', secondaryCauses: ['illness'] }));
    for (const cause of ['disability', 'illness', 'unemployment', 'disaster', 'schooling']) {
      const got = await allPages(countyReviewer, `cause=${cause}&seriousIllness=true`, 2);
      const want = rowsOf<{ id: string }>(
        await t.deps.db.execute(sql`select id from households where serious_illness and (primary_cause = ${cause} or ${cause} = any(secondary_causes)) and region_code = '520302' order by updated_at desc, id desc`),
      ).map((r) => r.id);
      expect(got, cause).toEqual(want);
      // without serious illness the cause alone, and serious illness alone, still filter as before
      const notIll = await allPages(countyReviewer, `cause=${cause}&seriousIllness=false`, 50);
      const wantNotIll = rowsOf<{ id: string }>(
        await t.deps.db.execute(sql`select id from households where not serious_illness and (primary_cause = ${cause} or ${cause} = any(secondary_causes)) and region_code = '520302' order by updated_at desc, id desc`),
      ).map((r) => r.id);
      expect(notIll, `${cause} not ill`).toEqual(wantNotIll);
    }
    expect((await list(countyReviewer, 'cause=disaster&seriousIllness=true')).items).toEqual([]);
  });

  it('county, category and level; students and category: the same files as the conditions say, in update order', async () => {
    for (const [query, where] of [
      ['regionCode=520302&category=near_dibao&level=relative', sql`region_code = '520302' and category = 'near_dibao' and level = 'relative'`],
      ['regionCode=520302&category=dibao&level=deep', sql`region_code = '520302' and category = 'dibao' and level = 'deep'`],
      ['hasStudents=true&category=near_dibao', sql`region_code = '520302' and students > 0 and category = 'near_dibao'`],
    ] as const) {
      const want = rowsOf<{ id: string }>(await t.deps.db.execute(sql`select id from households where ${where} order by updated_at desc, id desc`)).map((r) => r.id);
      expect(await allPages(countyReviewer, query, 3), query).toEqual(want);
    }
  });
});

describe('archive number search', () => {
  it('finds a number typed whole or in part, as the prefix says, in update order', async () => {
    const made: Item[] = [];
    for (const [i, no] of ['520302-2026-000901', '520302-2026-000902', '520302-2025-000901'].entries()) {
      const h = await create(cadre, householdInput(union.id, { members: [worker(`禤档${i}`)] }));
      await t.deps.db.execute(sql`update households set archive_no = ${no} where id = ${h.id}`);
      made.push(h);
    }
    const want = async (prefix: string) =>
      rowsOf<{ id: string }>(await t.deps.db.execute(sql`select id from households where archive_no like ${prefix + '%'} and region_code = '520302' order by updated_at desc, id desc`)).map((r) => r.id);
    for (const q of ['520302-2026-000901', '520302-2026-0009', '520302-2025', '520302-2026-000903']) {
      const got = await allPages(countyReviewer, `q=${encodeURIComponent(q)}`, 1);
      expect(got, q).toEqual(await want(q));
    }
    expect(await allPages(countyReviewer, `q=${encodeURIComponent('520302-2026-0009')}`, 1)).toEqual([made[1].id, made[0].id]);
    expect((await list(cadre, `q=${encodeURIComponent('520302-2025-000901')}`)).items.map((x) => x.id)).toEqual([made[2].id]);
  });
});

describe('the provincial federation’s list', () => {
  it('is every file while its subtree holds every org, and only its own once another root exists', async () => {
    const province = await loginAs(t.app, (await makeUser(t.deps, { orgCode: '52', roles: ['reviewer'] })).username, PASSWORD);
    const h = await create(cadre, householdInput(union.id, { members: [worker('禤省')] }));
    const everyFile = async () => rowsOf<{ id: string }>(await t.deps.db.execute(sql`select id from households order by updated_at desc, id desc`)).map((r) => r.id);
    expect(await allPages(province, '', 50)).toEqual(await everyFile());
    expect((await list(province, `q=${encodeURIComponent('禤省')}`)).items.map((x) => x.id)).toEqual([h.id]);
    // an org outside the province (another root) holding that file: the province no longer sees it, by name or list
    const outside = '00000000-0000-7000-8000-00000000f0a1';
    await t.deps.db.execute(sql`insert into orgs (id, code, name, kind, parent_id, path, region_code, active, created_at, updated_at)
      values (${outside}, 'X99', '省外组织', 'grassroots', null, '/X99/', null, true, now(), now())`);
    try {
      await t.deps.db.execute(sql`update households set org_id = ${outside}, region_code = '530102' where id = ${h.id}`);
      const listed = await allPages(province, '', 50);
      expect(listed).not.toContain(h.id);
      expect(listed).toEqual((await everyFile()).filter((id) => id !== h.id));
      expect((await list(province, `q=${encodeURIComponent('禤省')}`)).items).toEqual([]);
      expect((await list(province, 'q=xs')).items.map((x) => x.id)).not.toContain(h.id);
    } finally {
      await t.deps.db.execute(sql`delete from households where id = ${h.id}`);
      await t.deps.db.execute(sql`delete from orgs where id = ${outside}`);
    }
  });
});

describe('prefix ranges for a search that reuses its plan', () => {
  const bytes = (x: string) => Buffer.from(x, 'utf8');
  it.each([
    ['zs', 'zt'],
    ['苏浩', '苏浪'],
    ['欧', '欨'],
    ['a\u{1F600}', 'a\u{1F601}'],
    ['x\u{D7FF}', 'x\u{E000}'],
    ['a\u{10FFFF}', 'b'],
    ['\u{10FFFF}', null],
  ])('%s → below %s', (text, below) => {
    expect(prefixRange(text)).toEqual({ from: text, below });
  });
  it('holds exactly the texts that start with the prefix, in byte order', () => {
    const samples = ['苏', '苏浩', '苏浩然', '苏浪', '苏浩\u{10FFFF}', '苏浩a', '苏流', 'zs', 'zsy', 'zt', 'z', 'a\u{1F600}b', 'a\u{1F601}', 'a\u{1F5FF}z'];
    for (const prefix of ['苏浩', 'zs', 'a\u{1F600}']) {
      const r = prefixRange(prefix);
      for (const s of samples) {
        const inRange = Buffer.compare(bytes(s), bytes(r.from)) >= 0 && (r.below === null || Buffer.compare(bytes(s), bytes(r.below)) < 0);
        expect(inRange, `${prefix} / ${s}`).toBe(s.startsWith(prefix));
      }
    }
  });
});

describe('a county federation’s scope: its county, and its unions’ files registered in other counties', () => {
  it('lists both, merged in every order and across pages, exactly as the scope condition says; and nothing else', async () => {
    // files of the county's union that live in another county (as an industry union's workers may): written through
    // the API, then moved, as the registry allows a union serving a wider region to hold such files
    const away: Item[] = [];
    for (const [i, name] of ['禤外一', '禤外二', '禤外三'].entries()) {
      const h = await create(cadre, householdInput(union.id, { members: [worker(name, i === 1 ? {} : { health: 'serious_illness' })], ...(i === 2 ? { primaryCause: 'disability' } : {}) }));
      await t.deps.db.execute(sql`update households set region_code = ${i === 0 ? '520102' : '520303'} where id = ${h.id}`);
      away.push(h);
    }
    // and a file of another county's union, which the county does not see
    const foreign = await create(otherCadre, householdInput(otherUnion.id, { regionCode: '520303', members: [worker('禤他', {}, '520303')] }));
    const countyPath = rowsOf<{ path: string }>(await t.deps.db.execute(sql`select path from orgs where code = '520302'`))[0].path;
    const scope = sql`(region_code like '520302%' or org_id in (select id from orgs where path like ${countyPath + '%'}))`;
    const ids = (where: ReturnType<typeof sql>, order: string) =>
      t.deps.db.execute(sql`select id from households where ${scope} and ${where} order by ${sql.raw(order)}`).then((r) => rowsOf<{ id: string }>(r).map((x) => x.id));
    for (const [query, where, order] of [
      ['', sql`true`, 'updated_at desc, id desc'],
      ['order=asc', sql`true`, 'updated_at asc, id asc'],
      ['sort=workerName&order=asc', sql`true`, 'worker_name asc, id asc'],
      ['sort=archiveNo', sql`true`, "coalesce(archive_no, '') desc, id desc"],
      ['cause=illness&seriousIllness=true', sql`serious_illness and (primary_cause = 'illness' or 'illness' = any(secondary_causes))`, 'updated_at desc, id desc'],
      ['category=accident', sql`category = 'accident'`, 'updated_at desc, id desc'],
      [`q=${encodeURIComponent('禤外')}&sort=updatedAt`, sql`(worker_name like '禤外%' or employer like '禤外%')`, 'updated_at desc, id desc'],
    ] as const) {
      const want = await ids(where, order);
      expect(await allPages(countyReviewer, query, 2), query).toEqual(want);
    }
    const all = await allPages(countyReviewer, '', 50);
    for (const h of away) expect(all).toContain(h.id);
    expect(all).not.toContain(foreign.id);
    // the region filter still narrows to the files in that region
    expect(await allPages(countyReviewer, 'regionCode=520303', 50)).toEqual(await ids(sql`region_code = '520303'`, 'updated_at desc, id desc'));
    expect(await allPages(countyReviewer, 'regionCode=520303', 50)).toEqual([away[2].id, away[1].id]);
  });
});
