import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgDto } from '../src/contracts/orgs';
import type { UserDto } from '../src/contracts/users';
import { testConfig } from '../src/server/config';
import { DEMO_USERS, seedDemo } from '../src/server/demo/seed';
import { users } from '../src/server/modules/auth/user.table';
import { auditEvents } from '../src/server/platform/audit/audit.table';
import { fixedClock } from '../src/server/platform/clock';
import { type DatabaseHandle, openDatabase, rowsOf, runMigrations } from '../src/server/platform/db/client';
import { DataDirBusyError } from '../src/server/platform/db/lock';
import type { Deps } from '../src/server/platform/deps';
import { PiiCipher } from '../src/server/platform/pii/cipher';
import { TEST_PII_KEY, loginAs, useTestApp } from './support/app';
import { PASSWORD, makeGrassroots, makeUser, testIdNumber } from './support/factories';
import { type Client, client, expectError } from './support/http';

const t = useTestApp();

let union: OrgDto;
let admin: Client;

beforeAll(async () => {
  union = await makeGrassroots(t.deps, { countyCode: '520302' });
  const a = await makeUser(t.deps, { orgCode: '52', roles: ['admin'] });
  admin = client(t.app, await loginAs(t.app, a.username, PASSWORD));
});

async function rawUser(id: string) {
  const [u] = await t.deps.db.select().from(users).where(eq(users.id, id));
  return u;
}

describe('personal data of users', () => {
  // an ID number whose check digit is X, given in lower case: it is stored normalized
  const idNumber = '52030319900101004x';
  const normalized = '52030319900101004X';
  const phone = '13912348765';
  let user: UserDto;

  beforeAll(async () => {
    const res = await admin.post<UserDto>('/api/v1/auth/users', { username: 'pii_user', displayName: '陈小明', orgId: union.id, roles: ['cadre'], password: PASSWORD, phone, idNumber });
    expect(res.statusCode).toBe(201);
    user = res.json();
  });

  it('stores phone and ID number only as AES-GCM ciphertext with a keyed blind index', async () => {
    const u = await rawUser(user.id);
    expect(u.phoneEnc).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(u.idNumberEnc).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(t.deps.cipher.decrypt(u.phoneEnc!)).toBe(phone);
    expect(t.deps.cipher.decrypt(u.idNumberEnc!)).toBe(normalized);
    expect(u.phoneBidx).toBe(t.deps.cipher.blindIndex('phone', phone));
    expect(u.idNumberBidx).toBe(t.deps.cipher.blindIndex('id', normalized));
    // nowhere in the row, in any column
    const text = rowsOf<{ t: string }>(await t.deps.db.execute(sql`select u::text as t from users u where id = ${user.id}`))[0].t;
    for (const plain of [phone, normalized, idNumber, phone.slice(3), normalized.slice(6, 14)]) expect(text).not.toContain(plain);
    // another key gives another index: the index is keyed, not a plain hash
    expect(u.phoneBidx).not.toBe(PiiCipher.fromConfig('b'.repeat(64)).blindIndex('phone', phone));
  });

  it('masks them in every response', async () => {
    const masked = { phone: '139****8765', idNumber: '5203**********004X' };
    expect(user).toMatchObject(masked);
    const one = await admin.get<UserDto>(`/api/v1/auth/users/${user.id}`);
    expect(one.json()).toMatchObject(masked);
    const list = await admin.get<{ items: UserDto[] }>(`/api/v1/auth/users?orgId=${union.id}`);
    expect(list.json().items.find((u) => u.id === user.id)).toMatchObject(masked);
    const patched = await admin.patch<UserDto>(`/api/v1/auth/users/${user.id}`, { displayName: '陈小明（改）' });
    expect(patched.json()).toMatchObject(masked);
    for (const body of [one.body, list.body, patched.body]) {
      expect(body).not.toContain(phone);
      expect(body).not.toContain(normalized);
    }
  });

  it('reveal needs pii.reveal: a cadre and an auditor get 403, nothing is audited', async () => {
    const countReveals = async () =>
      rowsOf<{ n: number }>(await t.deps.db.execute(sql`select count(*)::int as n from audit_events where action = 'pii.reveal' and entity_id = ${user.id}`))[0].n;
    const before = await countReveals();
    for (const roles of [['cadre'], ['auditor'], ['investigator', 'finance']] as const) {
      const u = await makeUser(t.deps, { orgCode: '520302', roles: [...roles] });
      const c = client(t.app, await loginAs(t.app, u.username, PASSWORD));
      expectError(await c.post(`/api/v1/auth/users/${user.id}/reveal`, { fields: ['phone', 'idNumber'], reason: '想看看' }), 403, 'FORBIDDEN');
    }
    expect(await countReveals()).toBe(before);
  });

  it('a reviewer in scope reveals, and the reveal is audited with its reason', async () => {
    const reviewer = await makeUser(t.deps, { orgCode: '520302', roles: ['reviewer'] });
    const c = client(t.app, await loginAs(t.app, reviewer.username, PASSWORD));
    const res = await c.post<{ phone: string; idNumber: string }>(`/api/v1/auth/users/${user.id}/reveal`, { fields: ['phone', 'idNumber'], reason: '入户核查需要联系本人' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ phone, idNumber: normalized });
    const [ev] = await t.deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'pii.reveal')).orderBy(sql`seq desc`).limit(1);
    expect(ev).toMatchObject({ actorUserId: reviewer.id, entityType: 'user', entityId: user.id, after: { fields: ['phone', 'idNumber'], reason: '入户核查需要联系本人' } });
    // only the asked field is revealed
    const onlyPhone = await c.post(`/api/v1/auth/users/${user.id}/reveal`, { fields: ['phone'], reason: '只核对电话' });
    expect(onlyPhone.json()).toEqual({ phone });
  });

  it('a reviewer of another county cannot reveal (404), and a reason is required (400)', async () => {
    const other = await makeUser(t.deps, { orgCode: '520303', roles: ['reviewer'] });
    const c = client(t.app, await loginAs(t.app, other.username, PASSWORD));
    expectError(await c.post(`/api/v1/auth/users/${user.id}/reveal`, { fields: ['phone'], reason: '越权查看' }), 404, 'NOT_FOUND');
    expectError(await admin.post(`/api/v1/auth/users/${user.id}/reveal`, { fields: ['phone'] }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post(`/api/v1/auth/users/${user.id}/reveal`, { fields: ['phone'], reason: ' ' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post(`/api/v1/auth/users/${user.id}/reveal`, { fields: ['passwordHash'], reason: '看看密码' }), 400, 'VALIDATION_FAILED');
  });

  it('changing and clearing a field re-encrypts and clears its index', async () => {
    const newId = testIdNumber(77);
    const res = await admin.patch<UserDto>(`/api/v1/auth/users/${user.id}`, { phone: null, idNumber: newId });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ phone: null, idNumber: `5203**********${newId.slice(-4)}` });
    const u = await rawUser(user.id);
    expect(u.phoneEnc).toBeNull();
    expect(u.phoneBidx).toBeNull();
    expect(t.deps.cipher.decrypt(u.idNumberEnc!)).toBe(newId);
    expect(u.idNumberBidx).toBe(t.deps.cipher.blindIndex('id', newId));
    const revealed = await admin.post(`/api/v1/auth/users/${user.id}/reveal`, { fields: ['phone', 'idNumber'], reason: '核对更新' });
    expect(revealed.json()).toEqual({ phone: null, idNumber: newId });
  });

  it('the same value encrypts differently for two users but indexes the same', async () => {
    const a = await makeUser(t.deps, { orgId: union.id, phone: '13600001111' });
    const b = await makeUser(t.deps, { orgId: union.id, phone: '13600001111' });
    const [ra, rb] = [await rawUser(a.id), await rawUser(b.id)];
    expect(ra.phoneEnc).not.toBe(rb.phoneEnc);
    expect(ra.phoneBidx).toBe(rb.phoneBidx);
  });
});

// ---------------------------------------------------------------------------------------------

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

function encodings(s: string): Buffer[] {
  const le = Buffer.from(s, 'utf16le');
  const be = Buffer.from(le);
  be.swap16();
  return [Buffer.from(s, 'ascii'), le, be];
}

describe('the embedded data folder', () => {
  let dir: string;
  let handle: DatabaseHandle | null = null;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pa-pii-'));
  });
  afterAll(async () => {
    await handle?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds no plain ID number or phone of any seeded person, in ASCII or UTF-16', async () => {
    handle = await openDatabase({ dataDir: dir, holder: 'pii-test (first)' });
    await runMigrations(handle);
    const cipher = PiiCipher.fromConfig(TEST_PII_KEY);
    const deps: Deps = { db: handle.db, dbKind: handle.kind, clock: fixedClock('2026-11-30T02:00:00Z'), cipher, config: testConfig({ dataDir: dir }) };
    const seeded = await seedDemo(deps);
    expect(seeded.users).toBe(DEMO_USERS.length);

    // while it is open, a second opener is refused and told who holds the folder
    let busy: unknown;
    try {
      const second = await openDatabase({ dataDir: dir, holder: 'pii-test (second)' });
      await second.close();
    } catch (e) {
      busy = e;
    }
    expect(busy).toBeInstanceOf(DataDirBusyError);
    expect((busy as Error).message).toContain('pii-test (first)');
    expect((busy as Error).message).toContain(`pid ${process.pid}`);
    expect((busy as Error).message).not.toContain('pii-test (second)');

    const rows = await handle.db.select().from(users);
    const secrets: string[] = [];
    for (const u of rows) {
      expect(u.phoneEnc).toBeTruthy();
      expect(u.idNumberEnc).toBeTruthy();
      secrets.push(cipher.decrypt(u.phoneEnc!), cipher.decrypt(u.idNumberEnc!));
    }
    expect(secrets.length).toBe(2 * DEMO_USERS.length);
    for (const s of secrets) expect(s).toMatch(/^(1\d{10}|\d{17}[\dX])$/);
    await handle.close();
    handle = null;

    const files = filesUnder(dir);
    expect(files.length).toBeGreaterThan(10);
    const contents = files.map((f) => ({ f, bytes: readFileSync(f) }));
    // control: a username stored in clear is found, so the search does read the data
    const control = DEMO_USERS.find((u) => u.username === 'honghuagang_cadre')!.username;
    expect(contents.some((c) => c.bytes.includes(Buffer.from(control, 'ascii')))).toBe(true);
    const leaks: string[] = [];
    for (const s of secrets) {
      for (const needle of encodings(s)) {
        for (const c of contents) if (c.bytes.includes(needle)) leaks.push(`${s} in ${path.relative(dir, c.f)}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('opens fine again once the holder has closed it, with the data kept', async () => {
    handle = await openDatabase({ dataDir: dir, holder: 'pii-test (again)' });
    const n = rowsOf<{ n: number }>(await handle.db.execute(sql`select count(*)::int as n from users`))[0].n;
    expect(n).toBe(DEMO_USERS.length);
    await handle.close();
    handle = null;
  });
});
