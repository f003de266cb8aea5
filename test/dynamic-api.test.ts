import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../src/server/platform/db/client';
import { worklistSections } from '../src/server/modules/dynamic/dynamic.service';
import { loadSession } from '../src/server/modules/auth/auth.service';
import { loginAs, useTestApp } from './support/app';
import { approvedFile, guizhouLines } from './support/dynamic';
import { PASSWORD, makeGrassroots, makeUser } from './support/factories';
import { client, countRows, expectError, snapshotTables } from './support/http';

const t = useTestApp();
const D = '/api/v1/dynamic';
const NOW = '2026-11-30T02:00:00Z';

let orgA: { id: string };
let orgB: { id: string };
let county: { id: string };
let cadreA: User;
let cadreB: User;
let reviewer: User;
let cityReviewer: User;
let investigator: User;
let admin: User;
let signed: { investigatedBy: string; reviewedBy: string };

/** A response whose body the test reads with the type it expects. */
interface Res {
  statusCode: number;
  body: string;
  headers: Record<string, unknown>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json<T = Record<string, any>>(): T;
}
interface Client {
  cookie?: string;
  get(url: string): Promise<Res>;
  post(url: string, body?: unknown): Promise<Res>;
}
type User = Client & { userId: string; username: string };
const jclient = (cookie: string) => client(t.app, cookie) as unknown as Client;
async function as(roles: Parameters<typeof makeUser>[1]): Promise<User> {
  const u = await makeUser(t.deps, roles);
  return Object.assign(jclient(await loginAs(t.app, u.username, PASSWORD)), { userId: u.id, username: u.username });
}
/** A fresh session at the clock's current time (sessions expire when a test moves the clock). */
async function relogin(u: User): Promise<User> {
  return Object.assign(jclient(await loginAs(t.app, u.username, PASSWORD)), { userId: u.userId, username: u.username });
}
async function put(c: Client, url: string, payload: Record<string, unknown>) {
  return t.app.inject({ method: 'PUT', url, headers: { cookie: c.cookie! }, payload });
}
const fileA = () => approvedFile(t.app, t.deps, { cookie: cadreA.cookie!, userId: cadreA.userId }, orgA.id, signed);
const fileB = () => approvedFile(t.app, t.deps, { cookie: cadreB.cookie!, userId: cadreB.userId }, orgB.id, signed, '520303');
const one = <T = Record<string, unknown>>(rows: unknown) => rowsOf<T>(rows);

async function incomes(id: string, from: string, n: number, fen: number, c: Client = cadreA) {
  const [y, m] = from.split('-').map(Number);
  for (let i = 0; i < n; i++) {
    const k = y * 12 + (m - 1) + i;
    const month = `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
    const r = await c.post(`${D}/households/${id}/income`, { month, perCapitaIncomeFen: fen });
    expect(r.statusCode, r.body).toBe(201);
  }
}
async function version(id: string): Promise<number> {
  return one<{ version: number }>(await t.deps.db.execute(sql`select version from households where id = ${id}`))[0].version;
}
async function actorFor(c: Client) {
  const token = c.cookie!.split('=')[1];
  const a = await loadSession(t.deps, token, { ip: null, userAgent: null, requestId: null });
  if (!a || !('actor' in a)) throw new Error('no session');
  return a.actor;
}

beforeAll(async () => {
  await guizhouLines(t.deps);
  orgA = await makeGrassroots(t.deps, { countyCode: '520302' });
  orgB = await makeGrassroots(t.deps, { countyCode: '520303' });
  county = one<{ id: string }>(await t.deps.db.execute(sql`select id from orgs where code = '520302'`))[0];
  cadreA = await as({ orgId: orgA.id, roles: ['cadre'] });
  cadreB = await as({ orgId: orgB.id, roles: ['cadre'] });
  reviewer = await as({ orgCode: '520302', roles: ['reviewer'] });
  cityReviewer = await as({ orgCode: '5203', roles: ['reviewer'] });
  investigator = await as({ orgCode: '520302', roles: ['investigator'] });
  admin = await as({ orgCode: '52', roles: ['admin'] });
  signed = { investigatedBy: investigator.userId, reviewedBy: cityReviewer.userId };
}, 120_000);

describe('annual review (年审)', () => {
  let campaignId: string;
  let files: Array<{ id: string }>;

  it('schedules every open file in scope exactly once; re-running is idempotent', async () => {
    files = [await fileA(), await fileA(), await fileA()];
    const fb = await fileB();
    // a draft is not an open file for the review
    await cadreA.post('/api/v1/registry/households', (await import('./support/registry')).householdInput(orgA.id));
    const r = await reviewer.post(`${D}/annual-reviews`, { orgId: county.id, year: 2026 });
    expect(r.statusCode, r.body).toBe(200);
    const c = r.json<{ id: string; total: number; scheduled: number; dueDate: string }>();
    campaignId = c.id;
    expect(c.scheduled).toBe(3);
    expect(c.total).toBe(3);
    expect(c.dueDate).toBe('2026-12-31');
    const again = await reviewer.post(`${D}/annual-reviews`, { orgId: county.id, year: 2026 });
    expect(again.json<{ id: string; scheduled: number; total: number }>()).toMatchObject({ id: campaignId, scheduled: 0, total: 3 });
    // the city's review takes the other county's file, and not the ones already scheduled this year
    const city = one<{ id: string }>(await t.deps.db.execute(sql`select id from orgs where code = '5203'`))[0];
    const cr = await cityReviewer.post(`${D}/annual-reviews`, { orgId: city.id, year: 2026 });
    expect(cr.json<{ scheduled: number }>().scheduled).toBeGreaterThanOrEqual(1);
    const per = one<{ household_id: string; n: number }>(await t.deps.db.execute(sql`select household_id, count(*)::int as n from annual_review_items where year = 2026 group by household_id`));
    for (const f of [...files, fb]) expect(per.find((p) => p.household_id === f.id)?.n).toBe(1);
    expect(per.every((p) => p.n === 1)).toBe(true);
  });

  it('shows progress per org and the cadre’s items, assigned to the responsible cadre', async () => {
    const p = await reviewer.get(`${D}/annual-reviews/${campaignId}/progress`);
    expect(p.statusCode, p.body).toBe(200);
    expect(p.json<{ items: Array<{ orgId: string; total: number; done: number }> }>().items).toEqual([expect.objectContaining({ orgId: orgA.id, total: 3, done: 0, overdue: 0 })]);
    const mine = await cadreA.get(`${D}/review-items?mine=true&campaignId=${campaignId}`);
    const items = mine.json<{ items: Array<{ householdId: string; responsible: { userId: string } }> }>().items;
    expect(items.map((i) => i.householdId).sort()).toEqual(files.map((f) => f.id).sort());
    expect(items.every((i) => i.responsible.userId === cadreA.userId)).toBe(true);
    // another county's cadre sees none of them
    expect((await cadreB.get(`${D}/review-items?campaignId=${campaignId}`)).json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('refuses to start outside scope (404) or without the permission (403)', async () => {
    expectError(await cadreB.post(`${D}/annual-reviews`, { orgId: county.id, year: 2027 }), 404, 'NOT_FOUND');
    expectError(await investigator.post(`${D}/annual-reviews`, { orgId: county.id, year: 2027 }), 403);
    expectError(await reviewer.post(`${D}/annual-reviews`, { orgId: county.id, year: 2027, dueDate: '2026-12-31' }), 400, 'VALIDATION_FAILED');
    expect(await countRows(t.deps.db, 'annual_review_campaigns', 'year = 2027')).toBe(0);
  });

  it('records outcomes: continue with income, propose exit, propose cancellation; bad input changes nothing', async () => {
    const items = (await cadreA.get(`${D}/review-items?campaignId=${campaignId}`)).json<{ items: Array<{ id: string; householdId: string }> }>().items;
    const before = await snapshotTables(t.deps.db);
    expectError(await cadreA.post(`${D}/review-items/${items[0].id}/record`, { outcome: 'continue' }), 400, 'VALIDATION_FAILED');
    expectError(await cadreA.post(`${D}/review-items/${items[0].id}/record`, { outcome: 'propose_cancel' }), 400, 'VALIDATION_FAILED');
    expectError(await cadreB.post(`${D}/review-items/${items[0].id}/record`, { outcome: 'continue', perCapitaIncomeFen: 70000 }), 404, 'NOT_FOUND');
    expectError(await investigator.post(`${D}/review-items/${items[0].id}/record`, { outcome: 'continue', perCapitaIncomeFen: 70000 }), 403);
    expect(await snapshotTables(t.deps.db)).toEqual(before);

    const r = await cadreA.post(`${D}/review-items/${items[0].id}/record`, { outcome: 'continue', perCapitaIncomeFen: 70000, notes: '仍在治疗' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'done', outcome: 'continue', perCapitaIncomeFen: 70000, resolution: null });
    const inc = await cadreA.get(`${D}/households/${items[0].householdId}/income`);
    expect(inc.json<{ items: Array<{ month: string; source: string; perCapitaIncomeFen: number }> }>().items[0]).toMatchObject({ month: '2026-11', source: 'annual_review', perCapitaIncomeFen: 70000 });
    expectError(await cadreA.post(`${D}/review-items/${items[0].id}/record`, { outcome: 'continue', perCapitaIncomeFen: 70000 }), 409, 'CONFLICT');

    expect((await cadreA.post(`${D}/review-items/${items[1].id}/record`, { outcome: 'propose_exit', perCapitaIncomeFen: 120000 })).json()).toMatchObject({ resolution: 'open' });
    expect((await cadreA.post(`${D}/review-items/${items[2].id}/record`, { outcome: 'propose_cancel', cancelReason: 'moved_away' })).json()).toMatchObject({ resolution: 'open', cancelReason: 'moved_away' });
    const p = (await reviewer.get(`${D}/annual-reviews/${campaignId}/progress`)).json<{ items: Array<{ done: number }> }>();
    expect(p.items[0].done).toBe(3);

    // the reviewer's queue holds both proposals; the cadre's queue holds no reviewer section
    const rq = await worklistSections(t.deps.db, t.deps, await actorFor(reviewer));
    expect(rq.find((s) => s.key === 'dynamic.exit_sign_offs')?.total).toBe(2);
    const cq = await worklistSections(t.deps.db, t.deps, await actorFor(cadreA));
    expect(cq.map((s) => s.key)).toEqual(['dynamic.annual_review_due', 'dynamic.overdue_measures', 'dynamic.follow_ups_due']);
    expect(await worklistSections(t.deps.db, t.deps, await actorFor(investigator))).toEqual([]);

    // the reviewer signs off the proposals: the exit proposed by the review, the cancellation with its reason
    const ex = await reviewer.post(`${D}/households/${items[1].householdId}/exit`, { version: await version(items[1].householdId), reason: '年审建议脱困，核实属实' });
    expect(ex.statusCode, ex.body).toBe(200);
    expect(ex.json()).toMatchObject({ status: 'exited' });
    const cn = await reviewer.post(`${D}/households/${items[2].householdId}/cancel`, { version: await version(items[2].householdId), cancelReason: 'moved_away', reason: '已迁出本市' });
    expect(cn.statusCode, cn.body).toBe(200);
    expect(cn.json()).toMatchObject({ status: 'cancelled' });
    const resolved = (await reviewer.get(`${D}/review-items?campaignId=${campaignId}&status=done`)).json<{ items: Array<{ householdId: string; resolution: string | null }> }>().items;
    expect(resolved.find((i) => i.householdId === items[1].householdId)?.resolution).toBe('exited');
    expect(resolved.find((i) => i.householdId === items[2].householdId)?.resolution).toBe('cancelled');
    expect((await worklistSections(t.deps.db, t.deps, await actorFor(reviewer))).find((s) => s.key === 'dynamic.exit_sign_offs')?.total).toBe(0);
  });
});

describe('exit assessment (解困脱困) with sign-off', () => {
  let candidate: { id: string };
  let short: { id: string };
  let blocked: { id: string };

  it('lists candidates with the rule’s reasons', async () => {
    candidate = await fileA();
    short = await fileA();
    blocked = await fileA();
    await incomes(candidate.id, '2026-06', 6, 90000);
    await incomes(short.id, '2026-08', 4, 90000);
    await incomes(blocked.id, '2026-05', 7, 90000);
    const m = await cadreA.post(`/api/v1/registry/households/${blocked.id}/plan/measures`, { type: 'employment', description: '推荐就业岗位', responsibleUserId: cadreA.userId, dueDate: '2026-12-31' });
    expect(m.statusCode, m.body).toBe(200);

    const r = await reviewer.get(`${D}/exit-candidates?limit=200`);
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json<{ items: Array<{ householdId: string; proposed: boolean; assessment: { candidate: boolean; reasons: Array<{ zh: string }> } }> }>().items;
    const c = items.find((i) => i.householdId === candidate.id)!;
    const rq = await worklistSections(t.deps.db, t.deps, await actorFor(reviewer));
    expect(rq.find((x) => x.key === 'dynamic.exit_candidates')?.items.map((i) => i.id)).toContain(candidate.id);
    expect(c.assessment.candidate).toBe(true);
    expect(c.assessment.reasons.map((x) => x.zh)).toEqual(['连续 6 个月人均收入高于低保边缘线 840.00 元，无未完成措施']);
    // keyset pages of one: the same candidates, each once
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const p: { items: Array<{ householdId: string }>; nextCursor: string | null } = (await reviewer.get(`${D}/exit-candidates?limit=1${cursor ? `&cursor=${cursor}` : ''}`)).json();
      paged.push(...p.items.map((i) => i.householdId));
      cursor = p.nextCursor;
    } while (cursor);
    expect(paged).toEqual(items.map((i) => i.householdId));
    expect(items.find((i) => i.householdId === short.id)).toBeUndefined();
    expect(items.find((i) => i.householdId === blocked.id)).toBeUndefined();
    const a = await reviewer.get(`${D}/households/${blocked.id}/exit-assessment`);
    expect(a.json<{ reasons: Array<{ code: string }> }>().reasons.map((x) => x.code)).toEqual(['open_measures']);
    // out of scope: the other county's cadre does not see it
    expect((await cadreB.get(`${D}/exit-candidates`)).json<{ items: unknown[] }>().items).toEqual([]);
    expectError(await cadreB.get(`${D}/households/${candidate.id}/exit-assessment`), 404, 'NOT_FOUND');
  });

  it('N per region: a region needing 4 months makes the short file a candidate', async () => {
    expectError(await put(cadreA, `${D}/exit-rules`, { regionCode: '520302', consecutiveMonths: 4 }), 403);
    expectError(await put(admin, `${D}/exit-rules`, { regionCode: '530102', consecutiveMonths: 4 }), 404);
    const r = await put(admin, `${D}/exit-rules`, { regionCode: '520302', consecutiveMonths: 4 });
    expect(r.statusCode, r.body).toBe(200);
    const items = (await reviewer.get(`${D}/exit-candidates?limit=200`)).json<{ items: Array<{ householdId: string; assessment: { requiredMonths: number } }> }>().items;
    expect(items.find((i) => i.householdId === short.id)?.assessment.requiredMonths).toBe(4);
    await put(admin, `${D}/exit-rules`, { regionCode: '520302', consecutiveMonths: 6 });
    expect((await reviewer.get(`${D}/exit-rules`)).json<{ items: Array<{ regionCode: string; consecutiveMonths: number }> }>().items).toEqual([
      expect.objectContaining({ regionCode: '520302', consecutiveMonths: 6 }),
    ]);
  });

  it('exits only with a reviewer’s sign-off; a non-candidate is refused and nothing changes', async () => {
    expectError(await cadreA.post(`${D}/households/${candidate.id}/exit`, { version: await version(candidate.id), reason: '收入稳定' }), 403);
    const before = await snapshotTables(t.deps.db);
    const refused = expectError(await reviewer.post(`${D}/households/${short.id}/exit`, { version: await version(short.id), reason: '收入稳定' }), 409, 'CONFLICT');
    expect(refused.message).toContain('需 6 个月');
    expectError(await reviewer.post(`${D}/households/${candidate.id}/exit`, { version: 1, reason: '收入稳定' }), 409, 'CONFLICT');
    expectError(await reviewer.post(`${D}/households/${candidate.id}/exit`, { version: await version(candidate.id), reason: '' }), 400, 'VALIDATION_FAILED');
    expect(await snapshotTables(t.deps.db)).toEqual(before);

    const r = await reviewer.post(`${D}/households/${candidate.id}/exit`, { version: await version(candidate.id), reason: '连续半年收入稳定，同意脱困' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'exited' });
    const h = (await reviewer.get(`/api/v1/registry/households/${candidate.id}/history`)).json<{ items: Array<{ toStatus: string; signerRole: string; actorName: string }>; audit: Array<{ action: string }> }>();
    expect(h.items.at(-1)).toMatchObject({ toStatus: 'exited', signerRole: 'exited' });
    const audit = one<{ action: string }>(await t.deps.db.execute(sql`select action from audit_events where entity_id = ${candidate.id} order by seq`)).map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['registry.household.exited', 'dynamic.exit.sign_off']));
  });
});

describe('two reviewers at once', () => {
  it('one sign-off wins, the other gets a clear conflict', async () => {
    const f = await fileA();
    await incomes(f.id, '2026-06', 6, 90000);
    const v = await version(f.id);
    const [a, b] = await Promise.all([
      reviewer.post(`${D}/households/${f.id}/exit`, { version: v, reason: '同意脱困（甲）' }),
      cityReviewer.post(`${D}/households/${f.id}/exit`, { version: v, reason: '同意脱困（乙）' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(expectError(loser, 409, 'CONFLICT').message).toMatch(/已被他人修改|不能流转|只有已建档/);
    expect(await countRows(t.deps.db, 'household_events', `household_id = '${f.id}' and to_status = 'exited'`)).toBe(1);
    expect(await countRows(t.deps.db, 'audit_events', `entity_id = '${f.id}' and action = 'dynamic.exit.sign_off'`)).toBe(1);
  });

  it('the reviewer may decline a proposal and keep the file open', async () => {
    const f = await fileA();
    const c = await reviewer.post(`${D}/annual-reviews`, { orgId: county.id, year: 2026 });
    expect(c.json<{ scheduled: number }>().scheduled).toBeGreaterThanOrEqual(1);
    const item = (await cadreA.get(`${D}/review-items?status=pending&limit=200`)).json<{ items: Array<{ id: string; householdId: string }> }>().items.find((i) => i.householdId === f.id)!;
    await cadreA.post(`${D}/review-items/${item.id}/record`, { outcome: 'propose_exit', notes: '收入好转' });
    expectError(await cadreA.post(`${D}/review-items/${item.id}/decline`, { reason: '继续帮扶' }), 403);
    const d = await reviewer.post(`${D}/review-items/${item.id}/decline`, { reason: '仍有未完成措施，继续帮扶' });
    expect(d.statusCode, d.body).toBe(200);
    expect(d.json()).toMatchObject({ resolution: 'kept', householdStatus: 'approved' });
    expectError(await reviewer.post(`${D}/review-items/${item.id}/decline`, { reason: '再次' }), 409, 'CONFLICT');
  });
});

describe('follow-up calls (回访) and relapse', () => {
  let exited: { id: string };
  let cadreA0: User;
  let cadreB0: User;
  let reviewer0: User;
  beforeAll(() => {
    [cadreA0, cadreB0, reviewer0] = [cadreA, cadreB, reviewer];
  });

  it('lists the 3-month call when it falls due, records a relapse, and the reviewer re-opens the file', async () => {
    exited = await fileA();
    await incomes(exited.id, '2026-05', 7, 95000);
    const ex = await reviewer.post(`${D}/households/${exited.id}/exit`, { version: await version(exited.id), reason: '收入稳定，同意脱困' });
    expect(ex.statusCode, ex.body).toBe(200);
    // not due yet today
    expect((await cadreA.get(`${D}/follow-ups/due`)).json<{ items: Array<{ householdId: string }> }>().items.find((i) => i.householdId === exited.id)).toBeUndefined();
    try {
      t.clock.set('2027-03-05T02:00:00Z');
      const [cadreA, cadreB, reviewer] = [await relogin(cadreA0), await relogin(cadreB0), await relogin(reviewer0)];
      const due = (await cadreA.get(`${D}/follow-ups/due?limit=200`)).json<{ items: Array<{ householdId: string; milestone: number; dueDate: string; overdue: boolean }> }>().items;
      expect(due.filter((d) => d.householdId === exited.id)).toEqual([expect.objectContaining({ milestone: 3, dueDate: '2027-02-28', overdue: true })]);
      expect((await cadreB.get(`${D}/follow-ups/due`)).json<{ items: unknown[] }>().items).toEqual([]);

      const before = await snapshotTables(t.deps.db);
      expectError(await cadreA.post(`${D}/follow-ups/calls`, { householdId: exited.id, milestone: 3, callDate: '2027-03-06', outcome: 'stable' }), 400, 'VALIDATION_FAILED');
      expectError(await cadreA.post(`${D}/follow-ups/calls`, { householdId: exited.id, milestone: 6, callDate: '2027-03-05', outcome: 'stable' }), 400, 'VALIDATION_FAILED');
      expectError(await cadreA.post(`${D}/follow-ups/calls`, { householdId: exited.id, milestone: 3, callDate: '2027-03-05', outcome: 'relapsed', reopenNow: true, version: 9 }), 403);
      expectError(await cadreB.post(`${D}/follow-ups/calls`, { householdId: exited.id, milestone: 3, callDate: '2027-03-05', outcome: 'relapsed' }), 404, 'NOT_FOUND');
      expect(await snapshotTables(t.deps.db)).toEqual(before);

      const r = await cadreA.post(`${D}/follow-ups/calls`, { householdId: exited.id, milestone: 3, callDate: '2027-03-05', outcome: 'relapsed', notes: '再次失业', perCapitaIncomeFen: 30000 });
      expect(r.statusCode, r.body).toBe(201);
      const call = r.json<{ id: string; reopenStatus: string }>();
      expect(call.reopenStatus).toBe('requested');
      expectError(await cadreA.post(`${D}/follow-ups/calls`, { householdId: exited.id, milestone: 3, callDate: '2027-03-05', outcome: 'relapsed' }), 409, 'CONFLICT');
      expect((await cadreA.get(`${D}/follow-ups/due?limit=200`)).json<{ items: Array<{ householdId: string }> }>().items.find((i) => i.householdId === exited.id)).toBeUndefined();

      const rq = await worklistSections(t.deps.db, t.deps, await actorFor(reviewer));
      expect(rq.find((s) => s.key === 'dynamic.reopen_requests')?.items.map((i) => i.id)).toContain(call.id);
      expectError(await cadreA.post(`${D}/follow-ups/calls/${call.id}/reopen`, { version: await version(exited.id), reason: '返困' }), 403);
      const ro = await reviewer.post(`${D}/follow-ups/calls/${call.id}/reopen`, { version: await version(exited.id), reason: '回访发现返困，重新纳入帮扶' });
      expect(ro.statusCode, ro.body).toBe(200);
      expect(ro.json()).toMatchObject({ reopenStatus: 'reopened', householdStatus: 'approved' });
      const h = (await reviewer.get(`/api/v1/registry/households/${exited.id}/history`)).json<{ items: Array<{ fromStatus: string; toStatus: string; signerRole: string }> }>();
      expect(h.items.at(-1)).toMatchObject({ fromStatus: 'exited', toStatus: 'approved', signerRole: 'reopened' });
      expectError(await reviewer.post(`${D}/follow-ups/calls/${call.id}/reopen`, { version: await version(exited.id), reason: '再次' }), 409, 'CONFLICT');
      const calls = (await reviewer.get(`${D}/follow-ups/calls?outcome=relapsed`)).json<{ items: Array<{ id: string }> }>().items;
      expect(calls.map((c) => c.id)).toContain(call.id);
    } finally {
      t.clock.set(NOW);
    }
  });
});

describe('lists: untouched for a year and never assisted', () => {
  let old: { id: string };
  let assisted: { id: string };
  beforeAll(async () => {
    // the follow-up test moved the clock a year ahead: sessions from before are gone
    [cadreA, cadreB, investigator] = [await relogin(cadreA), await relogin(cadreB), await relogin(investigator)];
  });

  it('lists files untouched for 365 days, with filters, keyset pages and an .xlsx export', async () => {
    try {
      t.clock.set('2025-06-01T02:00:00Z');
      const then = await relogin(cadreA);
      old = await approvedFile(t.app, t.deps, { cookie: then.cookie!, userId: cadreA.userId }, orgA.id, signed);
      await approvedFile(t.app, t.deps, { cookie: then.cookie!, userId: cadreA.userId }, orgA.id, signed);
    } finally {
      t.clock.set(NOW);
    }
    const r = await cadreA.get(`${D}/lists/untouched?limit=1`);
    expect(r.statusCode, r.body).toBe(200);
    const p1 = r.json<{ items: Array<{ householdId: string; lastTouchedAt: string }>; nextCursor: string | null }>();
    expect(p1.items).toHaveLength(1);
    expect(p1.items[0].lastTouchedAt.slice(0, 10)).toBe('2025-06-01');
    expect(p1.nextCursor).not.toBeNull();
    const p2 = (await cadreA.get(`${D}/lists/untouched?limit=1&cursor=${p1.nextCursor}`)).json<{ items: Array<{ householdId: string }>; nextCursor: string | null }>();
    expect(p2.items).toHaveLength(1);
    expect(p2.nextCursor).toBeNull();
    const ids = [...p1.items, ...p2.items].map((i) => i.householdId);
    expect(ids).toContain(old.id);
    expect((await cadreA.get(`${D}/lists/untouched?category=dibao`)).json<{ items: unknown[] }>().items).toEqual([]);
    expect((await cadreB.get(`${D}/lists/untouched`)).json<{ items: unknown[] }>().items).toEqual([]);

    // touching the file (an income record) takes it off the list
    await incomes(old.id, '2026-11', 1, 60000);
    expect((await cadreA.get(`${D}/lists/untouched`)).json<{ items: Array<{ householdId: string }> }>().items.map((i) => i.householdId)).not.toContain(old.id);

    const x = await t.app.inject({ method: 'GET', url: `${D}/lists/untouched/export`, headers: { cookie: cadreA.cookie! } });
    expect(x.statusCode, x.body).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    expect(x.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(await countRows(t.deps.db, 'audit_events', `action = 'dynamic.list.export'`)).toBe(1);
    expectError(await investigator.get(`${D}/lists/untouched/export`), 403);
  });

  it('lists approved files with no completed measure', async () => {
    assisted = await fileA();
    const plan = await cadreA.post(`/api/v1/registry/households/${assisted.id}/plan/measures`, { type: 'employment', description: '介绍就业', responsibleUserId: cadreA.userId, dueDate: '2026-12-31' });
    const measureId = plan.json<{ measures: Array<{ id: string }> }>().measures[0].id;
    const done = await t.app.inject({ method: 'PATCH', url: `/api/v1/registry/measures/${measureId}`, headers: { cookie: cadreA.cookie! }, payload: { status: 'done', outcome: '已就业' } });
    expect(done.statusCode, done.body).toBe(200);
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await cadreA.get(`${D}/lists/never-assisted?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.statusCode, r.body).toBe(200);
      const p = r.json<{ items: Array<{ householdId: string; completedMeasures: number }>; nextCursor: string | null }>();
      for (const i of p.items) {
        expect(i.completedMeasures).toBe(0);
        all.push(i.householdId);
      }
      cursor = p.nextCursor;
    } while (cursor);
    expect(new Set(all).size).toBe(all.length);
    expect(all).not.toContain(assisted.id);
    expect(all).toContain(old.id);
    const x = await t.app.inject({ method: 'GET', url: `${D}/lists/never-assisted/export?regionCode=520302`, headers: { cookie: cadreA.cookie! } });
    expect(x.statusCode).toBe(200);
    expectError(await cadreA.get(`${D}/lists/never-assisted?cursor=bad`), 400, 'VALIDATION_FAILED');
  });
});
