import { and, asc, count, eq, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { Permission, permissionsOf, type Role } from '../../../contracts/auth';
import type { HouseholdStatus } from '../../../contracts/registry';
import type { AssignBody, SubmitBatchBody, TaskDto, TaskListQuery } from '../../../contracts/verification';
import type { WorklistSection } from '../../../contracts/worklist';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/db/client';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { AppError, conflict, notFound, registerEntityName, validation } from '../../platform/http/errors';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination';
import { likePrefix, scopeWhere } from '../../platform/http/scope';
import { uuidv7 } from '../../platform/ids';
import { users } from '../auth/user.table';
import { orgs } from '../orgs/org.table';
import { shanghaiDate } from '../registry/household.rules';
import { type HouseholdRow, households } from '../registry/household.table';
import { householdScope, transitionHousehold } from '../registry/household.service';
import { ASSIGN_MESSAGES, OPEN_TASK_STATUSES, checkAssign, nextTaskStatus } from './task.rules';
import { type TaskRow, verificationTasks } from './task.table';
import { verificationVisits } from './visit.table';

registerEntityName('verification_task', '核查任务', 'Verification task');

const t = verificationTasks;

/** Tasks the actor may see as a coordinator: the households' org subtree and, for a federation, its division. */
export const taskScope = (actor: Actor) => scopeWhere(actor, { orgId: t.orgId, regionCode: t.regionCode });

// ─────────────── hooks called by the registry's lifecycle ───────────────

/** SQL: households assigned to the actor (an investigator) for a visit, while the task is assigned. */
export function assignedHouseholdScope(actor: Actor, householdId: AnyColumn): SQL | null {
  if (!actor.permissions.has(Permission.VerificationVisit)) return null;
  return sql`${householdId} in (select vt.household_id from verification_tasks vt where vt.investigator_id = ${actor.userId} and vt.status = 'assigned')`;
}

/** Whether a household has a pending or assigned verification task. */
export async function hasOpenVerificationTask(db: Db, householdId: string): Promise<boolean> {
  const [open] = await db
    .select({ id: t.id })
    .from(t)
    .where(and(eq(t.householdId, householdId), inArray(t.status, [...OPEN_TASK_STATUSES])))
    .limit(1);
  return !!open;
}

/**
 * Before a registry transition: a file with an open verification task is verified only by the signed visit; a file
 * that changed after its visit was signed is not approved (it needs re-verification).
 */
export async function verificationGate(tx: Tx, before: HouseholdRow, to: HouseholdStatus, via: 'visit' | undefined): Promise<void> {
  if (before.status === 'submitted' && to === 'verified' && via !== 'visit') {
    const [open] = await tx
      .select({ id: t.id })
      .from(t)
      .where(and(eq(t.householdId, before.id), inArray(t.status, [...OPEN_TASK_STATUSES])));
    if (open) {
      throw new AppError(
        400,
        'TRANSITION_REFUSED',
        { reason: '该档案有入户核查任务，须由调查员入户核查并签名后才算核查通过', reasonEn: 'this file has a verification task: only the investigator’s signed home visit verifies it' },
        { problem: 'verification_by_visit', taskId: open.id },
      );
    }
  }
  if (before.status === 'verified' && to === 'approved') {
    const [visit] = await tx
      .select({ id: verificationVisits.id, householdVersion: verificationVisits.householdVersion })
      .from(verificationVisits)
      .where(eq(verificationVisits.householdId, before.id))
      .orderBy(sql`${verificationVisits.createdAt} desc`)
      .limit(1);
    if (visit && visit.householdVersion !== before.version) {
      throw conflict('入户核查签名后档案又被修改，请退回重新核查', 'the file changed after the visit was signed; send it back for re-verification', {
        problem: 'reverify_required',
        visitId: visit.id,
        visitVersion: visit.householdVersion,
        current: before.version,
      });
    }
  }
}

/** After a registry transition: submitting (or sending back) opens a task; approving closes it; cancelling or returning drops it. */
export async function afterHouseholdTransition(tx: Tx, deps: Deps, actor: Actor, before: HouseholdRow, after: HouseholdRow): Promise<void> {
  const now = deps.clock.now();
  if (after.status === 'submitted') {
    const [prior] = await tx.select({ n: count() }).from(t).where(eq(t.householdId, after.id));
    const round = Number(prior?.n ?? 0) + 1;
    const id = uuidv7();
    const row = {
      id,
      householdId: after.id,
      orgId: after.orgId,
      regionCode: after.regionCode,
      status: 'pending' as const,
      round,
      reason: before.status === 'verified' ? 'second_visit' : 'submitted',
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    };
    // what is left of an earlier round ends here: a visited task is closed, an open one cancelled (one open task)
    await endTasks(tx, deps, actor, after);
    await tx.insert(t).values(row);
    await recordAudit(tx, actor, deps.clock, { action: 'verification.task.create', entityType: 'verification_task', entityId: id, orgPath: await orgPathOf(tx, after.orgId), regionCode: after.regionCode, after: row });
    return;
  }
  if (after.status === 'approved' || after.status === 'cancelled' || after.status === 'draft') await endTasks(tx, deps, actor, after);
}

async function endTasks(tx: Tx, deps: Deps, actor: Actor, after: HouseholdRow): Promise<void> {
  const now = deps.clock.now();
  const changed = await tx
    .update(t)
    .set({ status: sql`case when ${t.status} = 'visited' then 'closed'::verification_task_status else 'cancelled'::verification_task_status end`, updatedAt: now, closedAt: now, version: sql`${t.version} + 1` })
    .where(and(eq(t.householdId, after.id), inArray(t.status, ['pending', 'assigned', 'visited'])))
    .returning({ id: t.id, status: t.status });
  for (const c of changed) {
    await recordAudit(tx, actor, deps.clock, { action: `verification.task.${c.status === 'closed' ? 'close' : 'cancel'}`, entityType: 'verification_task', entityId: c.id, orgPath: await orgPathOf(tx, after.orgId), regionCode: after.regionCode, after: { status: c.status, householdStatus: after.status } });
  }
}

async function orgPathOf(db: Db, orgId: string): Promise<string | null> {
  const [o] = await db.select({ path: orgs.path }).from(orgs).where(eq(orgs.id, orgId));
  return o?.path ?? null;
}

// ─────────────── reading ───────────────

const investigatorOrg = sql<string>`(select o.name from users u join orgs o on o.id = u.org_id where u.id = ${t.investigatorId})`;
const investigatorName = sql<string>`(select u.display_name from users u where u.id = ${t.investigatorId})`;

function taskSelect(db: Db) {
  return db
    .select({ t, archiveNo: households.archiveNo, workerName: households.workerName, address: households.address, householdStatus: households.status, orgName: orgs.name, investigatorName, investigatorOrg })
    .from(t)
    .innerJoin(households, eq(households.id, t.householdId))
    .innerJoin(orgs, eq(orgs.id, t.orgId));
}

type TaskJoin = Awaited<ReturnType<ReturnType<typeof taskSelect>['where']>>[number];

function dto(r: TaskJoin): TaskDto {
  return {
    id: r.t.id,
    householdId: r.t.householdId,
    archiveNo: r.archiveNo,
    workerName: r.workerName,
    address: r.address,
    orgId: r.t.orgId,
    orgName: r.orgName,
    regionCode: r.t.regionCode,
    householdStatus: r.householdStatus,
    status: r.t.status,
    round: r.t.round,
    reason: r.t.reason,
    investigator: r.t.investigatorId ? { userId: r.t.investigatorId, name: r.investigatorName ?? '', orgName: r.investigatorOrg ?? '' } : null,
    assignedAt: r.t.assignedAt?.toISOString() ?? null,
    dueDate: r.t.dueDate,
    visitId: r.t.visitId,
    createdAt: r.t.createdAt.toISOString(),
    version: r.t.version,
  };
}

/** What the actor may see: as a coordinator the tasks in scope; as an investigator the tasks assigned to them. */
function visibleTo(actor: Actor): SQL {
  const parts: SQL[] = [];
  if (actor.permissions.has(Permission.VerificationAssign) || actor.permissions.has(Permission.RegistryReview)) parts.push(taskScope(actor));
  if (actor.permissions.has(Permission.VerificationVisit)) parts.push(sql`${t.investigatorId} = ${actor.userId}`);
  if (parts.length === 0) return sql`false`;
  return sql`(${sql.join(parts, sql` or `)})`;
}

export async function listTasks(db: Db, actor: Actor, q: TaskListQuery) {
  const conds: SQL[] = [visibleTo(actor)];
  if (q.mine === 'true') conds.push(sql`${t.investigatorId} = ${actor.userId}`);
  if (q.status) conds.push(eq(t.status, q.status));
  if (q.householdId) conds.push(eq(t.householdId, q.householdId));
  const c = decodeCursor<{ at: string; id: string }>(q.cursor);
  if (c) {
    if (typeof c.at !== 'string' || typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/.test(c.id) || Number.isNaN(Date.parse(c.at))) throw validation('cursor', '无效的分页游标', 'invalid cursor');
    conds.push(sql`(${t.createdAt}, ${t.id}) > (${c.at}::timestamptz, ${c.id}::uuid)`);
  }
  const rows = await taskSelect(db)
    .where(and(...conds))
    .orderBy(asc(t.createdAt), asc(t.id))
    .limit(q.limit + 1);
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return { items: items.map(dto), nextCursor: rows.length > q.limit && last ? encodeCursor({ at: last.t.createdAt.toISOString(), id: last.t.id }) : null };
}

export async function getTask(db: Db, actor: Actor, id: string): Promise<TaskDto> {
  const [r] = await taskSelect(db).where(and(eq(t.id, id), visibleTo(actor)));
  if (!r) throw notFound('verification_task');
  return dto(r);
}

/** The task rows of a household (for the review page and the chain); the caller has checked the household's scope. */
export async function tasksOfHousehold(db: Db, householdId: string): Promise<TaskDto[]> {
  const rows = await taskSelect(db).where(eq(t.householdId, householdId)).orderBy(asc(t.round), asc(t.createdAt));
  return rows.map(dto);
}

/** A task assigned to the actor, locked; 404 for anyone else. */
export async function myAssignedTask(tx: Tx, actor: Actor, id: string, lock = false): Promise<TaskRow> {
  const q = tx
    .select()
    .from(t)
    .where(and(eq(t.id, id), eq(t.investigatorId, actor.userId)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound('verification_task');
  return row;
}

export async function markVisited(tx: Tx, deps: Deps, task: TaskRow, visitId: string): Promise<void> {
  const next = nextTaskStatus(task.status, 'visit');
  if (!next) throw conflict('该任务已核查或已撤销', 'this task is already visited or cancelled');
  await tx
    .update(t)
    .set({ status: next, visitId, updatedAt: deps.clock.now(), version: task.version + 1 })
    .where(eq(t.id, task.id));
}

// ─────────────── investigators and assignment ───────────────

interface Candidate {
  id: string;
  displayName: string;
  roles: string[];
  status: string;
  orgName: string;
  orgPath: string;
  orgKind: string;
}

async function candidates(db: Db, where: SQL): Promise<Candidate[]> {
  return db
    .select({ id: users.id, displayName: users.displayName, roles: users.roles, status: users.status, orgName: orgs.name, orgPath: orgs.path, orgKind: orgs.kind })
    .from(users)
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .where(where);
}

const canVisit = (roles: string[]) => permissionsOf(roles as Role[]).includes(Permission.VerificationVisit);

/** Investigators the coordinator may assign: active, of the coordinator's subtree or of a third-party org. */
export async function listInvestigators(db: Db, actor: Actor) {
  const rows = await candidates(db, and(eq(users.status, 'active'), sql`(${orgs.path} like ${likePrefix(actor.orgPath)} or ${orgs.kind} = 'third_party')`)!);
  const list = rows.filter((r) => canVisit(r.roles)).slice(0, 500);
  const open = list.length
    ? await db
        .select({ id: t.investigatorId, n: count() })
        .from(t)
        .where(and(inArray(t.investigatorId, list.map((r) => r.id)), eq(t.status, 'assigned')))
        .groupBy(t.investigatorId)
    : [];
  const openOf = new Map(open.map((o) => [o.id, Number(o.n)]));
  return list
    .map((r) => ({ userId: r.id, name: r.displayName, orgName: r.orgName, thirdParty: r.orgKind === 'third_party', openTasks: openOf.get(r.id) ?? 0 }))
    .sort((a, b) => Number(a.thirdParty) - Number(b.thirdParty) || a.openTasks - b.openTasks || a.name.localeCompare(b.name));
}

/** Assigns tasks (one or many) to an investigator, all or nothing. */
export async function assignTasks(tx: Tx, deps: Deps, actor: Actor, body: AssignBody): Promise<TaskDto[]> {
  const today = shanghaiDate(deps.clock.now());
  if (body.dueDate && body.dueDate < today) throw validation('dueDate', '期限不能早于今天', 'the due date cannot be in the past');
  const [inv] = await candidates(tx, eq(users.id, body.investigatorId));
  if (!inv) throw notFound('user');
  const ids = [...new Set(body.taskIds)];
  const rows = await tx
    .select({ t, registeredBy: households.registeredBy })
    .from(t)
    .innerJoin(households, eq(households.id, t.householdId))
    .where(and(inArray(t.id, ids), taskScope(actor)))
    .orderBy(asc(t.id))
    .for('update', { of: t });
  if (rows.length !== ids.length) throw notFound('verification_task');
  const now = deps.clock.now();
  for (const r of rows) {
    const problem = checkAssign({
      taskStatus: r.t.status,
      canVisit: canVisit(inv.roles),
      active: inv.status === 'active',
      inCoordinatorScope: inv.orgPath.startsWith(actor.orgPath),
      thirdParty: inv.orgKind === 'third_party',
      investigatorId: inv.id,
      registeredBy: r.registeredBy,
    });
    if (problem) {
      const m = ASSIGN_MESSAGES[problem];
      throw new AppError(problem === 'task_not_open' ? 409 : 400, problem === 'task_not_open' ? 'CONFLICT' : 'TRANSITION_REFUSED', { reason: m.zh, reasonEn: m.en }, { problem, taskId: r.t.id });
    }
    const patch = { status: 'assigned' as const, investigatorId: inv.id, assignedBy: actor.userId, assignedAt: now, dueDate: body.dueDate ?? null, updatedAt: now, version: r.t.version + 1 };
    await tx.update(t).set(patch).where(eq(t.id, r.t.id));
    await recordAudit(tx, actor, deps.clock, {
      action: 'verification.task.assign',
      entityType: 'verification_task',
      entityId: r.t.id,
      orgPath: await orgPathOf(tx, r.t.orgId),
      regionCode: r.t.regionCode,
      before: { status: r.t.status, investigatorId: r.t.investigatorId },
      after: { status: 'assigned', investigatorId: inv.id, investigatorName: inv.displayName, investigatorOrg: inv.orgName, dueDate: patch.dueDate },
    });
  }
  const out = await taskSelect(tx)
    .where(inArray(t.id, ids))
    .orderBy(asc(t.createdAt));
  return out.map(dto);
}

/** 摸底上报 in a batch: a grassroots report submits many drafts at once, all or nothing; each opens a task. */
export async function submitBatch(tx: Tx, deps: Deps, actor: Actor, body: SubmitBatchBody): Promise<TaskDto[]> {
  const ids = body.items.map((i) => i.householdId);
  if (new Set(ids).size !== ids.length) throw validation('items', '同一家庭重复出现', 'a household appears twice');
  for (const it of body.items) await transitionHousehold(tx, deps, actor, it.householdId, { to: 'submitted', reason: body.reason, version: it.version });
  const rows = await taskSelect(tx).where(and(inArray(t.householdId, ids), eq(t.status, 'pending')));
  return rows.map(dto);
}

// ─────────────── worklists ───────────────

/** The actor's queues here: investigator's visits; coordinator's unassigned tasks; reviewer's files awaiting approval. */
export async function worklistSections(db: Db, _deps: Deps, actor: Actor): Promise<WorklistSection[]> {
  const today = shanghaiDate(_deps.clock.now());
  const out: WorklistSection[] = [];
  const title = (r: { archiveNo: string | null; workerName: string }) => r.archiveNo ?? r.workerName;
  if (actor.permissions.has(Permission.VerificationVisit)) {
    const where = and(eq(t.investigatorId, actor.userId), eq(t.status, 'assigned'))!;
    const rows = await taskSelect(db).where(where).orderBy(sql`${t.dueDate} asc nulls last`, asc(t.assignedAt)).limit(10);
    const [n] = await db.select({ n: count(), overdue: sql<number>`count(*) filter (where ${t.dueDate} < ${today})` }).from(t).where(where);
    out.push({
      key: 'verification.my_visits',
      titleZh: '待入户核查',
      titleEn: 'Home visits to do',
      total: Number(n?.n ?? 0),
      overdue: Number(n?.overdue ?? 0),
      href: '/verification',
      items: rows.map((r) => ({ kind: 'verification_task', id: r.t.id, title: title(r), subtitle: `${r.orgName} · ${r.address}`, dueDate: r.t.dueDate, overdue: !!r.t.dueDate && r.t.dueDate < today, href: `/verification/visit/${r.t.id}` })),
    });
  }
  if (actor.permissions.has(Permission.VerificationAssign)) {
    const where = and(taskScope(actor), eq(t.status, 'pending'))!;
    const rows = await taskSelect(db).where(where).orderBy(asc(t.createdAt)).limit(10);
    const [n] = await db.select({ n: count() }).from(t).where(where);
    out.push({
      key: 'verification.unassigned',
      titleZh: '待分派核查任务',
      titleEn: 'Verification tasks to assign',
      total: Number(n?.n ?? 0),
      overdue: 0,
      href: '/verification?status=pending',
      items: rows.map((r) => ({ kind: 'verification_task', id: r.t.id, title: title(r), subtitle: r.orgName, dueDate: null, overdue: false, href: `/verification?status=pending` })),
    });
  }
  if (actor.permissions.has(Permission.RegistryReview)) {
    const where = and(householdScope(actor), eq(households.status, 'verified'))!;
    const rows = await db
      .select({ id: households.id, archiveNo: households.archiveNo, workerName: households.workerName, updatedAt: households.updatedAt })
      .from(households)
      .where(where)
      .orderBy(asc(households.updatedAt))
      .limit(10);
    const [n] = await db.select({ n: count() }).from(households).where(where);
    out.push({
      key: 'verification.awaiting_approval',
      titleZh: '待审核建档',
      titleEn: 'Files awaiting approval',
      total: Number(n?.n ?? 0),
      overdue: 0,
      href: '/verification/reviews',
      items: rows.map((r) => ({ kind: 'review', id: r.id, title: title(r), subtitle: null, dueDate: null, overdue: false, href: `/verification/review/${r.id}` })),
    });
  }
  return out;
}
