import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { COMMITMENT_STATEMENT, type VisitBody } from '../../src/contracts/verification';
import { verificationTasks } from '../../src/server/modules/verification/task.table';
import { type TestContext, loginAs } from './app';
import { PASSWORD, makeUser } from './factories';

/**
 * Verification from a signed visit, for every test that needs a verified or approved file: since a submitted file
 * has a verification task, it is verified only by the investigator's signed visit (never by a reviewer directly).
 */

interface Helpers {
  coordinator: string;
  investigator: string;
  investigatorId: string;
  approver: string;
  approverId: string;
}
const cache = new WeakMap<object, Promise<Helpers>>();

/** A province coordinator, a province investigator and a province approver, made once per test app. */
export function verificationHelpers(t: TestContext): Promise<Helpers> {
  let p = cache.get(t.app);
  if (!p) {
    p = (async () => {
      const coord = await makeUser(t.deps, { orgCode: '52', roles: ['reviewer'] });
      const inv = await makeUser(t.deps, { orgCode: '52', roles: ['investigator'] });
      const appr = await makeUser(t.deps, { orgCode: '52', roles: ['reviewer'] });
      return {
        coordinator: await loginAs(t.app, coord.username, PASSWORD),
        investigator: await loginAs(t.app, inv.username, PASSWORD),
        investigatorId: inv.id,
        approver: await loginAs(t.app, appr.username, PASSWORD),
        approverId: appr.id,
      };
    })();
    cache.set(t.app, p);
  }
  return p;
}

/** A complete visit body that confirms what was reported (near-dibao, relative); override any part. */
export function visitBody(over: Partial<VisitBody> = {}): VisitBody {
  return {
    visitId: randomUUID(),
    visitDate: '2026-11-29',
    checklist: {
      housing: { type: 'rented', note: '租住 40 平米老房' },
      work: { situation: 'laid_off', note: '户主下岗' },
      income: { level: 'near_dibao', annualIncomeFen: 2_880_000 },
      incidents: { any: false },
      illness: { any: true, note: '户主重病' },
    },
    found: { size: 3 },
    fourLooks: { housing: 'poor', food: 'tight', labour: 'weak', students: 'college' },
    findings: '入户核查，情况属实',
    recommendation: { category: 'near_dibao', level: 'relative', measures: ['medical_aid', 'student_aid'], aidFen: 300_000 },
    attachmentIds: [],
    statement: COMMITMENT_STATEMENT,
    ...over,
  };
}

/** The open (pending or assigned) task of a household, or undefined. */
export async function openTaskOf(t: TestContext, householdId: string) {
  const [task] = await t.deps.db
    .select()
    .from(verificationTasks)
    .where(and(eq(verificationTasks.householdId, householdId), inArray(verificationTasks.status, ['pending', 'assigned'])));
  return task;
}

async function call(t: TestContext, cookie: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const r = await t.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });
  return r;
}

/**
 * Takes a submitted household to verified the only way there is: its task is assigned to an investigator (the
 * helpers' one unless given) who signs a visit. Returns the household as the approver sees it.
 */
export async function verifyByVisit(t: TestContext, householdId: string, over: { investigator?: string; investigatorId?: string; visit?: Partial<VisitBody> } = {}) {
  const h = await verificationHelpers(t);
  const task = await openTaskOf(t, householdId);
  if (!task) throw new Error(`household ${householdId} has no open verification task`);
  const investigatorId = over.investigatorId ?? h.investigatorId;
  const a = await call(t, h.coordinator, 'POST', '/api/v1/verification/tasks/assign', { taskIds: [task.id], investigatorId });
  if (a.statusCode !== 200) throw new Error(`assign failed: ${a.statusCode} ${a.body}`);
  const v = await call(t, over.investigator ?? h.investigator, 'POST', `/api/v1/verification/tasks/${task.id}/visit`, visitBody(over.visit));
  if (v.statusCode !== 201) throw new Error(`visit failed: ${v.statusCode} ${v.body}`);
  const got = await call(t, h.approver, 'GET', `/api/v1/registry/households/${householdId}`);
  return got.json();
}

/** Approves a verified household as the helpers' approver (who neither registered nor verified it). */
export async function approveVerified(t: TestContext, householdId: string, version: number, reason = '审核建档') {
  const h = await verificationHelpers(t);
  const r = await call(t, h.approver, 'POST', `/api/v1/registry/households/${householdId}/transition`, { to: 'approved', reason, version });
  if (r.statusCode !== 200) throw new Error(`approve failed: ${r.statusCode} ${r.body}`);
  return r.json();
}

/** Submits a draft as the given cadre, verifies it by a signed visit and approves it: an approved file with an archive number. */
export async function walkToApproved(t: TestContext, cadreCookie: string, householdId: string) {
  const got = (await call(t, cadreCookie, 'GET', `/api/v1/registry/households/${householdId}`)).json() as { version: number; status: string };
  let version = got.version;
  if (got.status === 'draft') {
    const s = await call(t, cadreCookie, 'POST', `/api/v1/registry/households/${householdId}/transition`, { to: 'submitted', reason: '摸底上报', version });
    if (s.statusCode !== 200) throw new Error(`submit failed: ${s.statusCode} ${s.body}`);
    version = s.json().version;
  }
  const v = await verifyByVisit(t, householdId);
  return approveVerified(t, householdId, v.version);
}
