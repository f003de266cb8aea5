import { and, desc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OrgDto } from '../src/contracts/orgs';
import type { UserDto } from '../src/contracts/users';
import { type ChainedEvent, hashEvent } from '../src/server/platform/audit/audit.rules';
import { verifyAuditChain } from '../src/server/platform/audit/audit.service';
import { auditChainHead, auditEvents } from '../src/server/platform/audit/audit.table';
import { rowsOf } from '../src/server/platform/db/client';
import { loginAs, useTestApp } from './support/app';
import { PASSWORD, makeGrassroots, makeUser, orgByCode, testIdNumber } from './support/factories';
import { type Client, client, countRows, expectError } from './support/http';

const t = useTestApp();
const IP = '127.0.0.23';
const UA = 'audit-test-agent/1.0';

type AuditRow = typeof auditEvents.$inferSelect;
interface AuditItem {
  seq: number;
  action: string;
  entityType: string;
  entityId: string | null;
  actorUserId: string | null;
  actorUsername: string | null;
  at: string;
}

let adminUser: UserDto;
let admin: Client;
let county520302: string;
let county520303: string;

async function latest(action: string, entityId?: string): Promise<AuditRow> {
  const [row] = await t.deps.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), entityId ? eq(auditEvents.entityId, entityId) : sql`true`))
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  expect(row, `audit event ${action} ${entityId ?? ''}`).toBeDefined();
  return row;
}

async function headSeq(): Promise<number> {
  const [h] = await t.deps.db.select().from(auditChainHead);
  return Number(h?.seq ?? 0);
}

/** Runs one API write and asserts it appended exactly one audit event. */
async function audited<T>(fn: () => Promise<T>): Promise<T> {
  const before = await headSeq();
  const out = await fn();
  expect(await headSeq()).toBe(before + 1);
  expect(await countRows(t.deps.db, 'audit_events', `seq > ${before}`)).toBe(1);
  return out;
}

beforeAll(async () => {
  adminUser = await makeUser(t.deps, { orgCode: '52', roles: ['admin'] });
  const cookie = await loginAs(t.app, adminUser.username, PASSWORD);
  admin = client(t.app, cookie, { 'user-agent': UA }, { remoteAddress: IP });
  county520302 = (await orgByCode(t.deps, '520302')).id;
  county520303 = (await orgByCode(t.deps, '520303')).id;
});

describe('every mutation writes an audit event', () => {
  let org: OrgDto;
  let user: UserDto;
  const phone = '13912345678';
  const newPhone = '13787654321';
  const idNumber = testIdNumber(321);

  it('org create, update and move record actor, org path, before/after, ip and user agent', async () => {
    const created = await audited(() => admin.post<OrgDto>('/api/v1/orgs', { name: '审计测试工会', kind: 'grassroots', parentId: county520302, regionCode: '520302' }));
    expect(created.statusCode).toBe(201);
    org = created.json();
    const ev = await latest('org.create', org.id);
    expect(ev).toMatchObject({
      actorUserId: adminUser.id,
      actorUsername: adminUser.username,
      actorOrgId: adminUser.orgId,
      entityType: 'org',
      orgPath: org.path,
      regionCode: '520302',
      ip: IP,
      userAgent: UA,
      before: null,
    });
    expect(ev.after).toMatchObject({ id: org.id, name: '审计测试工会', path: org.path, kind: 'grassroots' });
    expect(ev.requestId).toMatch(/^[0-9a-f-]{36}$/);

    await audited(() => admin.patch(`/api/v1/orgs/${org.id}`, { name: '审计测试工会（改）' }));
    const upd = await latest('org.update', org.id);
    expect(upd).toMatchObject({ actorUserId: adminUser.id, orgPath: org.path, ip: IP, userAgent: UA });
    expect(upd.before).toMatchObject({ name: '审计测试工会' });
    expect(upd.after).toMatchObject({ name: '审计测试工会（改）' });

    const ind = await admin.post<OrgDto>('/api/v1/orgs', { name: '审计测试产业工会', kind: 'industry', parentId: (await orgByCode(t.deps, '5203')).id, regionCode: '5203' });
    await audited(() => admin.post(`/api/v1/orgs/${org.id}/move`, { parentId: ind.json().id }));
    const mv = await latest('org.move', org.id);
    const newPath = `${ind.json().path}${org.code}/`;
    expect(mv).toMatchObject({ actorUserId: adminUser.id, orgPath: newPath, ip: IP, userAgent: UA });
    expect(mv.before).toEqual({ parentId: county520302, path: org.path });
    expect(mv.after).toEqual({ parentId: ind.json().id, path: newPath });
    org = { ...org, path: newPath };
  });

  it('user create, update, disable, enable, reset password and reveal', async () => {
    const created = await audited(() =>
      admin.post<UserDto>('/api/v1/auth/users', { username: 'audited_user', displayName: '审计用户', orgId: org.id, roles: ['cadre'], password: PASSWORD, phone, idNumber }),
    );
    expect(created.statusCode).toBe(201);
    user = created.json();
    const c = await latest('user.create', user.id);
    expect(c).toMatchObject({ actorUserId: adminUser.id, orgPath: org.path, ip: IP, userAgent: UA, before: null });
    expect(c.after).toMatchObject({ username: 'audited_user', roles: ['cadre'], status: 'active', phone: '139****5678', idNumber: '5203**********' + idNumber.slice(-4) });

    await audited(() => admin.patch(`/api/v1/auth/users/${user.id}`, { phone: newPhone, displayName: '审计用户（改）' }));
    const u = await latest('user.update', user.id);
    expect(u.before).toMatchObject({ displayName: '审计用户', phone: '139****5678' });
    expect(u.after).toMatchObject({ displayName: '审计用户（改）', phone: '137****4321' });

    await audited(() => admin.post(`/api/v1/auth/users/${user.id}/status`, { status: 'disabled' }));
    expect(await latest('user.disable', user.id)).toMatchObject({ before: { status: 'active' }, after: { status: 'disabled' }, ip: IP, orgPath: org.path });
    await audited(() => admin.post(`/api/v1/auth/users/${user.id}/status`, { status: 'active' }));
    expect(await latest('user.enable', user.id)).toMatchObject({ before: { status: 'disabled' }, after: { status: 'active' } });

    await audited(() => admin.post(`/api/v1/auth/users/${user.id}/reset-password`, { newPassword: 'Reset-Passw0rd!', mustChange: false }));
    const r = await latest('user.password_reset', user.id);
    expect(r).toMatchObject({ actorUserId: adminUser.id, orgPath: org.path, ip: IP, userAgent: UA });
    expect(JSON.stringify(r)).not.toContain('Reset-Passw0rd!');

    const rev = await audited(() => admin.post<{ phone: string }>(`/api/v1/auth/users/${user.id}/reveal`, { fields: ['phone'], reason: '核实联系方式' }));
    expect(rev.json().phone).toBe(newPhone);
    const rv = await latest('pii.reveal', user.id);
    expect(rv).toMatchObject({ actorUserId: adminUser.id, orgPath: org.path, ip: IP, userAgent: UA, after: { fields: ['phone'], reason: '核实联系方式' } });
  });

  it('login, failed login, password change and logout', async () => {
    const from = { remoteAddress: '127.0.0.24' };
    const anon = client(t.app, undefined, { 'user-agent': 'login-agent/2' }, from);
    const ok = await audited(() => anon.post('/api/v1/auth/login', { username: 'audited_user', password: 'Reset-Passw0rd!' }));
    expect(ok.statusCode).toBe(200);
    expect(await latest('auth.login', user.id)).toMatchObject({ actorUserId: user.id, actorUsername: 'audited_user', orgPath: org.path, ip: '127.0.0.24', userAgent: 'login-agent/2' });

    await audited(() => anon.post('/api/v1/auth/login', { username: 'audited_user', password: 'Wrong-Passw0rd!' }));
    expect(await latest('auth.login_failed', user.id)).toMatchObject({ actorUserId: user.id, ip: '127.0.0.24', after: { failures: 1, lockedUntil: null } });
    await audited(() => anon.post('/api/v1/auth/login', { username: 'no_such_user', password: 'Wrong-Passw0rd!' }));
    expect(await latest('auth.login_failed')).toMatchObject({ actorUsername: 'no_such_user', entityId: null, after: { username: 'no_such_user', reason: 'unknown_user' } });

    const cookie = `pa_session=${ok.cookies.find((c) => c.name === 'pa_session')!.value}`;
    const self = client(t.app, cookie, { 'user-agent': 'login-agent/2' }, from);
    await audited(() => self.post('/api/v1/auth/password', { currentPassword: 'Reset-Passw0rd!', newPassword: 'Changed-Passw0rd!' }));
    expect(await latest('auth.password_change', user.id)).toMatchObject({ actorUserId: user.id, orgPath: org.path, ip: '127.0.0.24' });
    expect(JSON.stringify(await latest('auth.password_change', user.id))).not.toContain('Changed-Passw0rd!');

    const out = await audited(() => self.post('/api/v1/auth/logout'));
    expect(out.statusCode).toBe(204);
    expect(await latest('auth.logout', user.id)).toMatchObject({ actorUserId: user.id, orgPath: org.path, ip: '127.0.0.24', userAgent: 'login-agent/2' });
  });

  it('a refused write writes no event', async () => {
    const before = await headSeq();
    expectError(await admin.post('/api/v1/orgs', { name: 'x' }), 400);
    expectError(await admin.patch(`/api/v1/orgs/${county520303}`, { active: false }), 400, 'ORG_MOVE_INVALID');
    expectError(await admin.post('/api/v1/auth/users', { username: 'weak_pw', displayName: 'x', orgId: org.id, roles: ['cadre'], password: 'weak' }), 400, 'WEAK_PASSWORD');
    expect(await headSeq()).toBe(before);
  });

  it('no plain ID number or phone anywhere in the audit table', async () => {
    for (const plain of [phone, newPhone, idNumber]) {
      const n = rowsOf<{ n: number }>(await t.deps.db.execute(sql`select count(*)::int as n from audit_events a where a::text like ${'%' + plain + '%'}`))[0].n;
      expect(n, plain).toBe(0);
    }
    // …while the masked forms are there, so the search itself works
    const masked = rowsOf<{ n: number }>(await t.deps.db.execute(sql`select count(*)::int as n from audit_events a where a.after::text like ${'%139****5678%'}`))[0].n;
    expect(masked).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------

describe('verifyAuditChain', () => {
  type Raw = Record<string, unknown>;
  const rowJson = async (seq: number): Promise<string> =>
    rowsOf<{ j: string }>(await t.deps.db.execute(sql`select row_to_json(a)::text as j from audit_events a where seq = ${seq}`))[0].j;
  const restore = async (json: string) => {
    await t.deps.db.execute(sql`insert into audit_events select * from json_populate_record(null::audit_events, ${json}::json)`);
  };
  const mid = async () => Math.floor((await headSeq()) / 2);

  beforeAll(async () => {
    // a few more events so the chain has a middle and an end
    for (let i = 0; i < 3; i++) await makeGrassroots(t.deps);
  });

  it('reports an intact chain as ok, with every event checked', async () => {
    const v = await verifyAuditChain(t.deps.db);
    expect(v).toMatchObject({ ok: true, problem: null, headSeq: await headSeq(), checked: await headSeq() });
    expect(v.headSeq).toBeGreaterThan(50);
  });

  it('detects a row edited with SQL and names its seq', async () => {
    const n = await mid();
    const original = rowsOf<{ after: string }>(await t.deps.db.execute(sql`select after::text as after from audit_events where seq = ${n}`))[0].after;
    await t.deps.db.execute(sql`update audit_events set after = ${JSON.stringify({ name: '篡改' })}::jsonb where seq = ${n}`);
    const v = await verifyAuditChain(t.deps.db);
    expect(v.ok).toBe(false);
    expect(v.problem).toMatchObject({ kind: 'changed', seq: n });
    expect(v.message).toContain(`#${n}`);
    expect(v.checked).toBe(n - 1);
    await t.deps.db.execute(sql`update audit_events set after = ${original}::jsonb where seq = ${n}`);
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });

  it.each([
    ['actor_username', sql`actor_username = 'someone-else'`],
    ['at', sql`at = at + interval '1 second'`],
    ['ip', sql`ip = '10.9.9.9'`],
    ['hash', sql`hash = repeat('0', 64)`],
  ])('detects an edited %s', async (_col, set) => {
    const n = (await mid()) + 1;
    const saved = await rowJson(n);
    await t.deps.db.execute(sql`update audit_events set ${set} where seq = ${n}`);
    expect((await verifyAuditChain(t.deps.db)).problem).toMatchObject({ kind: 'changed', seq: n });
    await t.deps.db.execute(sql`delete from audit_events where seq = ${n}`);
    await restore(saved);
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });

  it('detects a row deleted from the middle', async () => {
    const n = await mid();
    const saved = await rowJson(n);
    await t.deps.db.execute(sql`delete from audit_events where seq = ${n}`);
    const v = await verifyAuditChain(t.deps.db);
    expect(v.ok).toBe(false);
    expect(v.problem).toMatchObject({ kind: 'removed', seq: n });
    expect(v.message).toContain(`#${n}`);
    await restore(saved);
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });

  it('detects a row deleted from the end', async () => {
    const head = await headSeq();
    const saved = await rowJson(head);
    await t.deps.db.execute(sql`delete from audit_events where seq = ${head}`);
    const v = await verifyAuditChain(t.deps.db);
    expect(v.ok).toBe(false);
    expect(v.problem).toMatchObject({ kind: 'head_mismatch', seq: head - 1 });
    expect(v.message).toContain(`#${head}`);
    await restore(saved);
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });

  it('detects a forged row appended after the head, even with a correct own hash and link', async () => {
    const head = await headSeq();
    const [last] = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.seq, head));
    const forged: ChainedEvent = {
      seq: head + 1,
      id: '0190a6d2-0000-7000-8000-00000000f0f0',
      at: new Date(last.at).toISOString(),
      actorUserId: adminUser.id,
      actorUsername: adminUser.username,
      actorOrgId: adminUser.orgId,
      orgPath: '/52/',
      regionCode: '52',
      action: 'user.create',
      entityType: 'user',
      entityId: adminUser.id,
      before: null,
      after: { username: 'ghost', roles: ['admin'] },
      ip: IP,
      userAgent: UA,
      requestId: null,
      prevHash: last.hash,
    };
    await t.deps.db.insert(auditEvents).values({ ...forged, at: new Date(forged.at), hash: hashEvent(forged) });
    const v = await verifyAuditChain(t.deps.db);
    expect(v.ok).toBe(false);
    expect(v.problem).toMatchObject({ kind: 'head_mismatch', seq: head + 1 });
    expect(v.message).toContain(`#${head + 1}`);
    // a forged row with a made-up hash is named as changed
    await t.deps.db.execute(sql`update audit_events set hash = ${'ab'.repeat(32)} where seq = ${head + 1}`);
    expect((await verifyAuditChain(t.deps.db)).problem).toMatchObject({ kind: 'changed', seq: head + 1 });
    await t.deps.db.execute(sql`delete from audit_events where seq = ${head + 1}`);
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });

  it('detects a forged row inserted in the middle (later rows renumbered)', async () => {
    const n = await mid();
    const head = await headSeq();
    const before = rowsOf<Raw>(await t.deps.db.execute(sql`select seq, hash from audit_events where seq > ${n} order by seq`));
    // make room: shift every later row up by one
    await t.deps.db.execute(sql`update audit_events set seq = seq + 1000000 where seq > ${n}`);
    await t.deps.db.execute(sql`update audit_events set seq = seq - 999999 where seq > 1000000`);
    const [prev] = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.seq, n));
    const template: ChainedEvent = await latestChained(n);
    const forged: ChainedEvent = { ...template, seq: n + 1, id: '0190a6d2-0000-7000-8000-00000000f0f1', action: 'org.update', prevHash: prev.hash };
    await t.deps.db.insert(auditEvents).values({ ...forged, at: new Date(forged.at), hash: hashEvent(forged) });
    const v = await verifyAuditChain(t.deps.db);
    expect(v.ok).toBe(false);
    // the forged row links correctly, but the row after it was renumbered and no longer matches its hash
    expect(v.problem).toMatchObject({ kind: 'changed', seq: n + 2 });
    // undo
    await t.deps.db.execute(sql`delete from audit_events where seq = ${n + 1}`);
    await t.deps.db.execute(sql`update audit_events set seq = seq + 1000000 where seq > ${n}`);
    await t.deps.db.execute(sql`update audit_events set seq = seq - 1000001 where seq > 1000000`);
    expect(rowsOf<Raw>(await t.deps.db.execute(sql`select seq, hash from audit_events where seq > ${n} order by seq`))).toEqual(before);
    expect(await headSeq()).toBe(head);
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });

  it('the verify endpoint reports the same to an auditor', async () => {
    const auditor = await makeUser(t.deps, { orgCode: '52', roles: ['auditor'] });
    const c = client(t.app, await loginAs(t.app, auditor.username, PASSWORD));
    expect((await c.get('/api/v1/audit/verify')).json()).toMatchObject({ ok: true });
    const n = await mid();
    const saved = await rowJson(n);
    await t.deps.db.execute(sql`delete from audit_events where seq = ${n}`);
    const res = await c.get<{ ok: boolean; problem: { kind: string; seq: number }; message: string }>('/api/v1/audit/verify');
    expect(res.json()).toMatchObject({ ok: false, problem: { kind: 'removed', seq: n } });
    await restore(saved);
    expect((await c.get('/api/v1/audit/verify')).json()).toMatchObject({ ok: true });
  });
});

async function latestChained(seq: number): Promise<ChainedEvent> {
  const [r] = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.seq, seq));
  return {
    seq: Number(r.seq),
    id: r.id,
    at: new Date(r.at).toISOString(),
    actorUserId: r.actorUserId,
    actorUsername: r.actorUsername,
    actorOrgId: r.actorOrgId,
    orgPath: r.orgPath,
    regionCode: r.regionCode,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    before: r.before ?? null,
    after: r.after ?? null,
    ip: r.ip,
    userAgent: r.userAgent,
    requestId: r.requestId,
    prevHash: r.prevHash,
  };
}

// ---------------------------------------------------------------------------------------------

describe('audit viewer', () => {
  let hhgOrg: OrgDto;
  let hcOrg: OrgDto;
  let provinceAuditor: Client;
  let hcAuditor: Client;
  const list = (c: Client, q = '') => c.get<{ items: AuditItem[]; nextCursor: string | null }>(`/api/v1/audit/events?limit=200${q}`);

  beforeAll(async () => {
    hhgOrg = (await admin.post<OrgDto>('/api/v1/orgs', { name: '红花岗审计可见性工会', kind: 'grassroots', parentId: county520302, regionCode: '520302' })).json();
    hcOrg = (await admin.post<OrgDto>('/api/v1/orgs', { name: '汇川审计可见性工会', kind: 'grassroots', parentId: county520303, regionCode: '520303' })).json();
    const pa = await makeUser(t.deps, { orgCode: '52', roles: ['auditor'] });
    provinceAuditor = client(t.app, await loginAs(t.app, pa.username, PASSWORD));
    const ca = await makeUser(t.deps, { orgCode: '520303', roles: ['auditor'] });
    hcAuditor = client(t.app, await loginAs(t.app, ca.username, PASSWORD));
  });

  it('needs audit.read: a cadre gets 403', async () => {
    const cadre = await makeUser(t.deps, { orgCode: '520303', roles: ['cadre'] });
    const c = client(t.app, await loginAs(t.app, cadre.username, PASSWORD));
    expectError(await c.get('/api/v1/audit/events'), 403, 'FORBIDDEN');
    expectError(await c.get('/api/v1/audit/verify'), 403, 'FORBIDDEN');
  });

  it('a county auditor sees its county’s events and not another county’s', async () => {
    const res = await list(hcAuditor, '&entityType=org');
    expect(res.statusCode).toBe(200);
    const ids = res.json().items.map((i) => i.entityId);
    expect(ids).toContain(hcOrg.id);
    expect(ids).not.toContain(hhgOrg.id);
    const all = await list(hcAuditor);
    const rows = await t.deps.db.select().from(auditEvents).where(sql`${auditEvents.seq} in ${all.json().items.map((i) => i.seq).concat([-1])}`);
    for (const r of rows) expect(r.orgPath?.startsWith('/52/5203/520303/') || r.regionCode?.startsWith('520303'), `${r.seq} ${r.orgPath}`).toBe(true);
    // filtering by the hidden entity finds nothing rather than an error
    expect((await list(hcAuditor, `&entityId=${hhgOrg.id}`)).json().items).toEqual([]);
    // the province auditor sees both
    const prov = (await list(provinceAuditor, '&entityType=org')).json().items.map((i) => i.entityId);
    expect(prov).toEqual(expect.arrayContaining([hhgOrg.id, hcOrg.id]));
  });

  it('filters by action (exact or prefix), entity, actor and time', async () => {
    const t0 = t.clock.now();
    t.clock.advance(60_000);
    const mid = (await admin.patch<OrgDto>(`/api/v1/orgs/${hcOrg.id}`, { name: '汇川审计可见性工会（一）' })).json();
    const t1 = t.clock.now();
    t.clock.advance(60_000);
    await admin.patch(`/api/v1/orgs/${hcOrg.id}`, { name: '汇川审计可见性工会（二）' });

    const exact = (await list(provinceAuditor, '&action=org.update')).json().items;
    expect(exact.length).toBeGreaterThanOrEqual(2);
    expect(new Set(exact.map((i) => i.action))).toEqual(new Set(['org.update']));
    const prefix = (await list(provinceAuditor, '&action=org')).json().items;
    expect(new Set(prefix.map((i) => i.action.split('.')[0]))).toEqual(new Set(['org']));
    expect(prefix.length).toBeGreaterThan(exact.length);
    expect((await list(provinceAuditor, '&action=or')).json().items).toEqual([]);

    const byEntity = (await list(provinceAuditor, `&entityType=org&entityId=${hcOrg.id}`)).json().items;
    expect(byEntity.map((i) => i.action)).toEqual(['org.update', 'org.update', 'org.create']);
    const byActor = (await list(provinceAuditor, `&actorUserId=${adminUser.id}`)).json().items;
    expect(byActor.length).toBeGreaterThan(5);
    expect(new Set(byActor.map((i) => i.actorUserId))).toEqual(new Set([adminUser.id]));
    expect((await list(provinceAuditor, `&actorUsername=${adminUser.username}`)).json().items.map((i) => i.seq)).toEqual(byActor.map((i) => i.seq));

    const window = (await list(provinceAuditor, `&entityId=${hcOrg.id}&from=${encodeURIComponent(new Date(t0.getTime() + 1).toISOString())}&to=${encodeURIComponent(t1.toISOString())}`)).json().items;
    expect(window).toHaveLength(1);
    expect(window[0].at).toBe(t1.toISOString());
    expect(mid.name).toBe('汇川审计可见性工会（一）');
  });

  it('pages with a cursor, newest first, without gaps or repeats', async () => {
    const full = (await list(provinceAuditor)).json();
    expect(full.items.length).toBeGreaterThan(20);
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await provinceAuditor.get<{ items: AuditItem[]; nextCursor: string | null }>(`/api/v1/audit/events?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.statusCode).toBe(200);
      const page: { items: AuditItem[]; nextCursor: string | null } = res.json();
      expect(page.items.length).toBeLessThanOrEqual(7);
      seen.push(...page.items.map((i) => i.seq));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    expect(cursor).toBeNull();
    expect(seen.slice(0, full.items.length)).toEqual(full.items.map((i) => i.seq));
    if (full.nextCursor === null) expect(seen.length).toBe(full.items.length);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeLessThan(seen[i - 1]);
    expect(pages).toBe(Math.ceil(seen.length / 7));
  });

  it('rejects bad filters with 400', async () => {
    expectError(await provinceAuditor.get('/api/v1/audit/events?from=yesterday'), 400, 'VALIDATION_FAILED');
    expectError(await provinceAuditor.get('/api/v1/audit/events?actorUserId=admin'), 400, 'VALIDATION_FAILED');
    expectError(await provinceAuditor.get('/api/v1/audit/events?limit=500'), 400, 'VALIDATION_FAILED');
    expectError(await provinceAuditor.get('/api/v1/audit/events?cursor=garbage'), 400, 'VALIDATION_FAILED');
  });
});
