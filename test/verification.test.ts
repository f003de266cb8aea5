import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../src/contracts/verification';
import { seedDemo } from '../src/server/demo/seed';
import { worklistSections } from '../src/server/modules/verification/task.service';
import { setFileStore } from '../src/server/modules/verification/visit.service';
import { rowsOf } from '../src/server/platform/db/client';
import { systemActor } from '../src/server/platform/http/actor';
import { MemoryStore } from '../src/server/platform/storage/file-store';
import { loadSession } from '../src/server/modules/auth/auth.service';
import { loginAs, useTestApp } from './support/app';
import { PASSWORD, makeGrassroots, makeUser } from './support/factories';
import { countRows, expectError, snapshotTables } from './support/http';
import { householdInput } from './support/registry';
import { openTaskOf, visitBody } from './support/verification';

const store = new MemoryStore();
const t = useTestApp({}, { beforeReady: (_app, deps) => setFileStore(deps, store) });
const H = '/api/v1/registry/households';
const V = '/api/v1/verification';

let grassroots: { id: string };
let cadre: string; // registers and submits; coordinates (verification.assign)
let cadreId: string;
let reviewer1: string;
let reviewer2: string;
let investigator: string; // third-party (义工联合会)
let investigatorId: string;
let otherInvestigator: string;
let otherInvestigatorId: string;
let auditor: string;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

beforeAll(async () => {
  await seedDemo(t.deps); // orgs, dibao lines
  grassroots = await makeGrassroots(t.deps, { countyCode: '520302' });
  const yigong = await makeGrassroots(t.deps, { parentCode: '5203', regionCode: '5203', kind: 'third_party', name: '测试义工联合会' });
  const c = await makeUser(t.deps, { orgId: grassroots.id, roles: ['cadre'] });
  cadreId = c.id;
  cadre = await loginAs(t.app, c.username, PASSWORD);
  reviewer1 = await loginAs(t.app, (await makeUser(t.deps, { orgCode: '520302', roles: ['reviewer'] })).username, PASSWORD);
  reviewer2 = await loginAs(t.app, (await makeUser(t.deps, { orgCode: '5203', roles: ['reviewer'] })).username, PASSWORD);
  const inv = await makeUser(t.deps, { orgId: yigong.id, roles: ['investigator'] });
  investigatorId = inv.id;
  investigator = await loginAs(t.app, inv.username, PASSWORD);
  const other = await makeUser(t.deps, { orgId: yigong.id, roles: ['investigator'] });
  otherInvestigatorId = other.id;
  otherInvestigator = await loginAs(t.app, other.username, PASSWORD);
  auditor = await loginAs(t.app, (await makeUser(t.deps, { orgCode: '52', roles: ['auditor'] })).username, PASSWORD);
});

async function call(cookie: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
  return t.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });
}

async function submitted() {
  const h = (await call(cadre, 'POST', H, householdInput(grassroots.id))).json();
  const s = await call(cadre, 'POST', `${H}/${h.id}/transition`, { to: 'submitted', reason: '摸底上报', version: h.version });
  expect(s.statusCode, s.body).toBe(200);
  const task = await openTaskOf(t, h.id);
  return { h: s.json(), task: task! };
}

function multipart(name: string, data: Buffer, field = 'file') {
  const boundary = '----pa' + randomUUID().replace(/-/g, '');
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, data, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(cookie: string, taskId: string, name: string, data: Buffer) {
  const m = multipart(name, data);
  return t.app.inject({ method: 'POST', url: `${V}/tasks/${taskId}/files`, headers: { cookie, ...m.headers }, payload: m.payload });
}

describe('tasks: submitting opens one, a coordinator assigns it', () => {
  it('submitting a draft opens a pending task the coordinator sees; a third-party investigator is offered and assigned', async () => {
    const { h, task } = await submitted();
    expect(task.status).toBe('pending');
    const list = (await call(cadre, 'GET', `${V}/tasks?status=pending`)).json();
    expect(list.items.map((x: { id: string }) => x.id)).toContain(task.id);
    const invs = (await call(cadre, 'GET', `${V}/investigators`)).json().items;
    const third = invs.find((i: { userId: string }) => i.userId === investigatorId);
    expect(third).toMatchObject({ thirdParty: true, orgName: '测试义工联合会' });
    // a reviewer cannot verify directly: the file has a task
    const direct = expectError(await call(reviewer1, 'POST', `${H}/${h.id}/transition`, { to: 'verified', reason: '核查', version: h.version }), 400, 'TRANSITION_REFUSED');
    expect(direct.message).toContain('入户核查');
    const a = await call(cadre, 'POST', `${V}/tasks/assign`, { taskIds: [task.id], investigatorId, dueDate: '2026-12-10' });
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json().items[0]).toMatchObject({ status: 'assigned', investigator: { userId: investigatorId, orgName: '测试义工联合会' }, dueDate: '2026-12-10' });
    const mine = (await call(investigator, 'GET', `${V}/tasks?mine=true`)).json().items;
    expect(mine.map((x: { id: string }) => x.id)).toContain(task.id);
  });

  it('a third-party investigator reads only the households assigned to them, only while assigned', async () => {
    const { h, task } = await submitted();
    expectError(await call(investigator, 'GET', `${H}/${h.id}`), 404, 'NOT_FOUND');
    await call(cadre, 'POST', `${V}/tasks/assign`, { taskIds: [task.id], investigatorId });
    expect((await call(investigator, 'GET', `${H}/${h.id}`)).statusCode).toBe(200);
    expectError(await call(otherInvestigator, 'GET', `${H}/${h.id}`), 404, 'NOT_FOUND');
    expectError(await call(otherInvestigator, 'GET', `${V}/tasks/${task.id}`), 404);
    // re-assigned to the other investigator: the first loses sight of it
    await call(cadre, 'POST', `${V}/tasks/assign`, { taskIds: [task.id], investigatorId: otherInvestigatorId });
    expectError(await call(investigator, 'GET', `${H}/${h.id}`), 404, 'NOT_FOUND');
    expect((await call(otherInvestigator, 'GET', `${H}/${h.id}`)).statusCode).toBe(200);
    // after the visit the household is no longer readable, the visit still is
    const v = await call(otherInvestigator, 'POST', `${V}/tasks/${task.id}/visit`, visitBody());
    expect(v.statusCode, v.body).toBe(201);
    expectError(await call(otherInvestigator, 'GET', `${H}/${h.id}`), 404);
    expect((await call(otherInvestigator, 'GET', `${V}/visits/${v.json().id}`)).statusCode).toBe(200);
  });

  it('a batch of a grassroots report submits all or nothing and opens a task each', async () => {
    const a = (await call(cadre, 'POST', H, householdInput(grassroots.id))).json();
    const b = (await call(cadre, 'POST', H, householdInput(grassroots.id))).json();
    const before = await snapshotTables(t.deps.db);
    expectError(await call(cadre, 'POST', `${V}/submit-batch`, { items: [{ householdId: a.id, version: a.version }, { householdId: b.id, version: 99 }], reason: '基层摸底上报' }), 409, 'CONFLICT');
    expect(await snapshotTables(t.deps.db)).toEqual(before);
    const ok = await call(cadre, 'POST', `${V}/submit-batch`, { items: [{ householdId: a.id, version: a.version }, { householdId: b.id, version: b.version }], reason: '基层摸底上报' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().items.map((x: { householdId: string }) => x.householdId).sort()).toEqual([a.id, b.id].sort());
    expect(ok.json().items.every((x: { status: string }) => x.status === 'pending')).toBe(true);
  });

  it('the registrar cannot be assigned or verify their own household (registrar_cannot_verify)', async () => {
    // an investigator who has visited this union's area recommends a newly found household: a draft registered by them
    const rec = await call(investigator, 'POST', `${V}/recommend`, { ...householdInput(grassroots.id), note: '走访中发现邻居家庭困难' });
    expect(rec.statusCode, rec.body).toBe(201);
    const h = rec.json();
    expect(h.status).toBe('draft');
    expect(h.signers.registeredBy.userId).toBe(investigatorId);
    const s = (await call(cadre, 'POST', `${H}/${h.id}/transition`, { to: 'submitted', reason: '上报', version: h.version })).json();
    const task = await openTaskOf(t, s.id);
    const e = expectError(await call(cadre, 'POST', `${V}/tasks/assign`, { taskIds: [task!.id], investigatorId }), 400, 'TRANSITION_REFUSED');
    expect(e.message).toContain('登记人不能核查');
    expect((await openTaskOf(t, s.id))!.status).toBe('pending');
    // a stranger's org is not theirs to recommend into
    const far = await makeGrassroots(t.deps, { countyCode: '520102' });
    expectError(await call(otherInvestigator, 'POST', `${V}/recommend`, { ...householdInput(far.id, { regionCode: '520102' }), note: '发现' }), 404);
  });

  it('assigning to someone who is not an investigator, or a task out of scope, is refused and changes nothing', async () => {
    const { task } = await submitted();
    const otherCadre = await loginAs(t.app, (await makeUser(t.deps, { orgId: (await makeGrassroots(t.deps, { countyCode: '520303' })).id, roles: ['cadre'] })).username, PASSWORD);
    const before = await snapshotTables(t.deps.db, ['sessions', 'users']);
    expectError(await call(cadre, 'POST', `${V}/tasks/assign`, { taskIds: [task.id], investigatorId: cadreId }), 400, 'TRANSITION_REFUSED');
    expectError(await call(otherCadre, 'POST', `${V}/tasks/assign`, { taskIds: [task.id], investigatorId }), 404);
    expectError(await call(cadre, 'POST', `${V}/tasks/assign`, { taskIds: [task.id], investigatorId, dueDate: '2020-01-01' }), 400);
    expect(await snapshotTables(t.deps.db, ['sessions', 'users'])).toEqual(before);
  });
});

describe('the home visit', () => {
  it('uploads a photo, signs, verifies the file with the investigator as 谁调查; the signature is immutable and its hash checks', async () => {
    const { h, task } = await submitted();
    await call(cadre, 'POST', `${V}/tasks/assign`, { taskIds: [task.id], investigatorId });
    const up = await upload(investigator, task.id, '房屋.png', PNG);
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ mime: 'image/png', size: PNG.length, name: '房屋.png' });
    const body = visitBody({ attachmentIds: [up.json().id], checklist: { ...visitBody().checklist, income: { level: 'above_near_dibao', annualIncomeFen: 4_800_000 } } });
    const v = await call(investigator, 'POST', `${V}/tasks/${task.id}/visit`, body);
    expect(v.statusCode, v.body).toBe(201);
    const visit = v.json();
    expect(visit.signature).toMatchObject({ signerUserId: investigatorId, statement: body.statement, hashValid: true });
    expect(visit.signature.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(visit.attachments).toHaveLength(1);
    const file = await call(reviewer1, 'GET', `${V}/files/${up.json().id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.rawPayload.equals(PNG)).toBe(true);

    const got = (await call(reviewer1, 'GET', `${H}/${h.id}`)).json();
    expect(got.status).toBe('verified');
    expect(got.signers.investigatedBy.userId).toBe(investigatorId);
    // the signature cannot be changed, even by SQL
    await expect(t.deps.db.execute(sql`update verification_signatures set statement = 'x' where visit_id = ${visit.id}`)).rejects.toThrow();
    await expect(t.deps.db.execute(sql`delete from verification_signatures where visit_id = ${visit.id}`)).rejects.toThrow();
    // review: the differences are named field by field
    const review = (await call(reviewer1, 'GET', `${V}/households/${h.id}/review`)).json();
    expect(review.visit.id).toBe(visit.id);
    expect(review.stale).toBe(false);
    const income = review.diff.find((d: { field: string }) => d.field === 'annualIncomeFen');
    expect(income).toMatchObject({ reported: 2_880_000, found: 4_800_000, differs: true });
    expect(review.diff.find((d: { field: string }) => d.field === 'size').differs).toBe(false);
    // the audit log has the signature
    const events = (await call(auditor, 'GET', `/api/v1/audit/events?action=verification.visit.sign`)).json().items;
    expect(events.some((e: { entityId: string; after: { signatureSha256: string } }) => e.entityId === h.id && e.after.signatureSha256 === visit.signature.contentHash)).toBe(true);
  });

  it('a visit sent twice (flaky network) is stored once and answers the same; a changed resend is refused', async () => {
    const { task } = await submitted();
    await call(cadre, 'POST', `${V}/tasks/assign`, { taskIds: [task.id], investigatorId });
    const body = visitBody();
    const first = await call(investigator, 'POST', `${V}/tasks/${task.id}/visit`, body);
    const second = await call(investigator, 'POST', `${V}/tasks/${task.id}/visit`, body);
    expect(first.statusCode, first.body).toBe(201);
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect(await countRows(t.deps.db, 'verification_visits', `task_id = '${task.id}'`)).toBe(1);
    expect(await countRows(t.deps.db, 'verification_signatures', `visit_id = '${body.visitId}'`)).toBe(1);
    // an Idempotency-Key is honoured too
    const keyed = await t.app.inject({ method: 'POST', url: `${V}/tasks/${task.id}/visit`, headers: { cookie: investigator, 'idempotency-key': `visit-${body.visitId}` }, payload: body as object });
    expect(keyed.statusCode, keyed.body).toBe(201);
    expect(keyed.json()).toEqual(first.json());
    expect(await countRows(t.deps.db, 'verification_visits', `task_id = '${task.id}'`)).toBe(1);
    expectError(await call(investigator, 'POST', `${V}/tasks/${task.id}/visit`, { ...body, findings: '改过的内容' }), 409, 'CONFLICT');
    expectError(await call(investigator, 'POST', `${V}/tasks/${task.id}/visit`, { ...body, visitId: randomUUID() }), 409, 'CONFLICT');
  });

  it('uploads are checked by type (magic bytes) and size; bad visits write nothing', async () => {
    const { task } = await submitted();
    await call(cadre, 'POST', `${V}/tasks/assign`, { taskIds: [task.id], investigatorId });
    const before = await snapshotTables(t.deps.db);
    const files = store.files.size;
    const exe = expectError(await upload(investigator, task.id, 'photo.jpg', Buffer.from('MZ\x90\x00 this is not an image')), 400, 'VALIDATION_FAILED');
    expect(exe.message).toContain('只接受');
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(MAX_FILE_BYTES + 10)]);
    const tooBig = expectError(await upload(investigator, task.id, 'big.jpg', big), 400, 'VALIDATION_FAILED');
    expect(tooBig.message).toContain('10 MB');
    const gif = multipart('x.gif', Buffer.from('GIF89a'));
    const en = await t.app.inject({ method: 'POST', url: `${V}/tasks/${task.id}/files`, headers: { cookie: investigator, 'accept-language': 'en', ...gif.headers }, payload: gif.payload });
    // a broken form (boundary that never closes) is a 400, not a fault
    const broken = multipart('x.png', PNG);
    expectError(await t.app.inject({ method: 'POST', url: `${V}/tasks/${task.id}/files`, headers: { cookie: investigator, ...broken.headers }, payload: broken.payload.subarray(0, broken.payload.length - 12) }), 400);
    expect(expectError(en, 400).message).toContain('only JPG, PNG or WebP images and PDF');
    expectError(await t.app.inject({ method: 'POST', url: `${V}/tasks/${task.id}/files`, headers: { cookie: investigator, 'content-type': 'application/json' }, payload: '{}' }), 415);
    // someone else's task: 404
    expectError(await upload(otherInvestigator, task.id, 'a.png', PNG), 404);
    // no signature, a future date, an unknown attachment: refused
    expectError(await call(investigator, 'POST', `${V}/tasks/${task.id}/visit`, { ...visitBody(), statement: '随便写写' }), 400);
    expectError(await call(investigator, 'POST', `${V}/tasks/${task.id}/visit`, visitBody({ visitDate: '2027-01-01' })), 400);
    expectError(await call(investigator, 'POST', `${V}/tasks/${task.id}/visit`, visitBody({ attachmentIds: [randomUUID()] })), 400);
    expect(await snapshotTables(t.deps.db)).toEqual(before);
    expect(store.files.size).toBe(files);
  });
});

describe('review and approval', () => {
  async function verified() {
    const { h, task } = await submitted();
    await call(cadre, 'POST', `${V}/tasks/assign`, { taskIds: [task.id], investigatorId });
    const v = await call(investigator, 'POST', `${V}/tasks/${task.id}/visit`, visitBody());
    expect(v.statusCode, v.body).toBe(201);
    return { h: (await call(reviewer1, 'GET', `${H}/${h.id}`)).json(), task, visit: v.json() };
  }

  it('approving issues the archive number and starts the plan; the chain names 谁调查、谁登记、谁审核、谁负责', async () => {
    const { h, visit } = await verified();
    const r = await call(reviewer1, 'POST', `${V}/households/${h.id}/decision`, { decision: 'approve', reason: '审核建档', version: h.version });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().household.status).toBe('approved');
    expect(r.json().household.archiveNo).toMatch(/^520302-2026-\d{6}$/);
    expect(r.json().tasks.at(-1).status).toBe('closed');
    expect((await call(cadre, 'GET', `${H}/${h.id}/plan`)).json().plan).not.toBeNull();
    const chain = (await call(cadre, 'GET', `${V}/households/${h.id}/chain`)).json();
    expect(chain.registered.userId).toBe(cadreId);
    expect(chain.investigated).toMatchObject({ userId: investigatorId, visitId: visit.id, contentHash: visit.signature.contentHash, hashValid: true });
    expect(chain.reviewed.name).toBeTruthy();
    expect(chain.responsible.userId).toBe(chain.reviewed.userId);
    const history = (await call(cadre, 'GET', `${H}/${h.id}/history`)).json();
    expect(history.items.map((e: { toStatus: string; signerRole: string }) => `${e.toStatus}:${e.signerRole}`)).toEqual(['draft:registered', 'submitted:registered', 'verified:investigated', 'approved:reviewed']);
  });

  it('a file changed after the visit was signed asks for re-verification; a second visit opens a new task', async () => {
    const { h } = await verified();
    const edit = await call(cadre, 'PUT', `${H}/${h.id}`, { ...householdInput(grassroots.id), version: h.version });
    expect(edit.statusCode, edit.body).toBe(200);
    const v2 = edit.json().version;
    expect((await call(reviewer1, 'GET', `${V}/households/${h.id}/review`)).json().stale).toBe(true);
    const e = expectError(await call(reviewer1, 'POST', `${V}/households/${h.id}/decision`, { decision: 'approve', reason: '审核建档', version: v2 }), 409, 'CONFLICT');
    expect(e.message).toContain('重新核查');
    expect((await call(reviewer1, 'GET', `${H}/${h.id}`)).json().status).toBe('verified');
    const back = await call(reviewer1, 'POST', `${V}/households/${h.id}/decision`, { decision: 'second_visit', reason: '收入有变化，二次核查', version: v2 });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().household.status).toBe('submitted');
    const tasks = back.json().tasks;
    expect(tasks.map((x: { round: number; status: string; reason: string }) => `${x.round}:${x.status}:${x.reason}`)).toEqual(['1:closed:submitted', '2:pending:second_visit']);
  });

  it('rejecting cancels the file with its reason', async () => {
    const { h } = await verified();
    const r = await call(reviewer1, 'POST', `${V}/households/${h.id}/decision`, { decision: 'reject', reason: '核查发现有稳定收入', cancelReason: 'ineligible', version: h.version });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().household).toMatchObject({ status: 'cancelled', cancelReason: 'ineligible' });
  });

  it('two reviewers approving at once: one wins, the other gets a clear 409', async () => {
    const { h } = await verified();
    const body = { decision: 'approve', reason: '审核建档', version: h.version };
    const [a, b] = await Promise.all([call(reviewer1, 'POST', `${V}/households/${h.id}/decision`, body), call(reviewer2, 'POST', `${V}/households/${h.id}/decision`, body)]);
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(expectError(loser, 409, 'CONFLICT').message).toContain('已被他人修改');
    const events = rowsOf<{ n: number }>(await t.deps.db.execute(sql`select count(*)::int as n from household_events where household_id = ${h.id} and to_status = 'approved'`));
    expect(events[0].n).toBe(1);
  });

  it('the investigator cannot approve; a cadre cannot decide', async () => {
    const { h } = await verified();
    expectError(await call(investigator, 'POST', `${V}/households/${h.id}/decision`, { decision: 'approve', reason: '建档', version: h.version }), 403);
    expectError(await call(cadre, 'POST', `${V}/households/${h.id}/decision`, { decision: 'approve', reason: '建档', version: h.version }), 403);
  });
});

describe('worklists', () => {
  it('investigator: visits to do; coordinator: tasks to assign; reviewer: files awaiting approval', async () => {
    const { task } = await submitted();
    const actorOf = async (cookie: string) => {
      const s = await loadSession(t.deps, cookie.split('=')[1], { ip: null, userAgent: null, requestId: null });
      if (!s || !('actor' in s)) throw new Error('no session');
      return s.actor;
    };
    const coord = await worklistSections(t.deps.db, t.deps, await actorOf(cadre));
    expect(coord.map((s) => s.key)).toEqual(['verification.unassigned']);
    expect(coord[0].items.some((i) => i.id === task.id)).toBe(true);
    await call(cadre, 'POST', `${V}/tasks/assign`, { taskIds: [task.id], investigatorId, dueDate: '2026-11-30' });
    const inv = await worklistSections(t.deps.db, t.deps, await actorOf(investigator));
    expect(inv.map((s) => s.key)).toEqual(['verification.my_visits']);
    expect(inv[0].items.find((i) => i.id === task.id)?.href).toBe(`/verification/visit/${task.id}`);
    await call(investigator, 'POST', `${V}/tasks/${task.id}/visit`, visitBody());
    const rev = await worklistSections(t.deps.db, t.deps, await actorOf(reviewer1));
    const awaiting = rev.find((s) => s.key === 'verification.awaiting_approval')!;
    expect(awaiting.items.some((i) => i.id === task.householdId)).toBe(true);
    expect(await worklistSections(t.deps.db, t.deps, systemActor())).toEqual([]);
  });
});
