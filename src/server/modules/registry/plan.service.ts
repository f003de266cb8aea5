import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { MeasureStatus, MeasureType } from '../../../contracts/registry';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/db/client';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { AppError, conflict, notFound, registerEntityName } from '../../platform/http/errors';
import { uuidv7 } from '../../platform/ids';
import { findActiveUser, userNames } from '../auth/user.service';
import { isOverdue, shanghaiDate } from './household.rules';
import { householdInScope, householdScope } from './household.service';
import { households } from './household.table';
import { measures, plans } from './plan.table';

registerEntityName('plan', '帮扶计划', 'Assistance plan');
registerEntityName('measure', '帮扶措施', 'Measure');

type MeasureRow = typeof measures.$inferSelect;

function measureDto(m: MeasureRow, names: Map<string, string>, today: string) {
  return {
    id: m.id,
    type: m.type as MeasureType,
    description: m.description,
    responsible: { userId: m.responsibleUserId, name: names.get(m.responsibleUserId) ?? '' },
    dueDate: m.dueDate,
    status: m.status as MeasureStatus,
    outcome: m.outcome,
    completedAt: m.completedAt?.toISOString() ?? null,
    overdue: isOverdue(m, today),
  };
}

async function planDto(db: Db, deps: Deps, planId: string) {
  const [p] = await db.select().from(plans).where(eq(plans.id, planId));
  const ms = await db.select().from(measures).where(eq(measures.planId, planId)).orderBy(asc(measures.dueDate), asc(measures.id));
  const names = await userNames(db, ms.map((m) => m.responsibleUserId));
  const today = shanghaiDate(deps.clock.now());
  return { id: p.id, householdId: p.householdId, targetExitDate: p.targetExitDate, goal: p.goal, measures: ms.map((m) => measureDto(m, names, today)), createdAt: p.createdAt.toISOString() };
}

export async function getPlan(db: Db, deps: Deps, actor: Actor, householdId: string) {
  await householdInScope(db, actor, householdId);
  const [p] = await db.select({ id: plans.id }).from(plans).where(eq(plans.householdId, householdId));
  return { plan: p ? await planDto(db, deps, p.id) : null };
}

function requireActive(status: string) {
  if (status !== 'approved') throw conflict('只有已建档的家庭才有帮扶计划', 'only approved files have a plan');
}

/** 一户一计划: the plan of an approved household (created on approval, editable). */
export async function putPlan(tx: Tx, deps: Deps, actor: Actor, householdId: string, body: { targetExitDate: string; goal?: string }) {
  const h = await householdInScope(tx, actor, householdId);
  requireActive(h.status);
  const now = deps.clock.now();
  const [before] = await tx.select().from(plans).where(eq(plans.householdId, householdId));
  let id = before?.id;
  if (before) await tx.update(plans).set({ targetExitDate: body.targetExitDate, goal: body.goal ?? before.goal, updatedAt: now }).where(eq(plans.id, before.id));
  else {
    id = uuidv7();
    await tx.insert(plans).values({ id, householdId, targetExitDate: body.targetExitDate, goal: body.goal ?? null, createdBy: actor.userId, createdAt: now, updatedAt: now });
  }
  await recordAudit(tx, actor, deps.clock, { action: before ? 'registry.plan.update' : 'registry.plan.create', entityType: 'household', entityId: householdId, orgPath: h.orgPath, regionCode: h.regionCode, before: before ?? null, after: body });
  return planDto(tx, deps, id!);
}

async function responsibleOrThrow(db: Db, userId: string) {
  const u = await findActiveUser(db, userId);
  if (!u) throw new AppError(400, 'VALIDATION_FAILED', { fields: 'responsibleUserId（负责人不存在或已停用）', fieldsEn: 'responsibleUserId (no such active user)' }, [{ path: 'responsibleUserId', message: 'no such active user' }]);
  return u;
}

/** 一户一措施: a typed measure with a responsible cadre and a due date. */
export async function addMeasure(tx: Tx, deps: Deps, actor: Actor, householdId: string, body: { type: MeasureType; description: string; responsibleUserId: string; dueDate: string }) {
  const h = await householdInScope(tx, actor, householdId);
  requireActive(h.status);
  await responsibleOrThrow(tx, body.responsibleUserId);
  const [p] = await tx.select().from(plans).where(eq(plans.householdId, householdId));
  if (!p) throw notFound('plan');
  const now = deps.clock.now();
  const row = { id: uuidv7(), planId: p.id, householdId, type: body.type, description: body.description, responsibleUserId: body.responsibleUserId, dueDate: body.dueDate, status: 'planned', outcome: null, completedAt: null, createdAt: now, updatedAt: now };
  await tx.insert(measures).values(row);
  await recordAudit(tx, actor, deps.clock, { action: 'registry.measure.create', entityType: 'household', entityId: householdId, orgPath: h.orgPath, regionCode: h.regionCode, after: row });
  return planDto(tx, deps, p.id);
}

export async function updateMeasure(
  tx: Tx,
  deps: Deps,
  actor: Actor,
  measureId: string,
  body: { status?: MeasureStatus; outcome?: string; dueDate?: string; responsibleUserId?: string; description?: string },
) {
  const [m] = await tx.select().from(measures).where(eq(measures.id, measureId));
  if (!m) throw notFound('measure');
  const h = await householdInScope(tx, actor, m.householdId).catch(() => {
    throw notFound('measure');
  });
  if (body.responsibleUserId) await responsibleOrThrow(tx, body.responsibleUserId);
  if (body.status === 'done' && !(body.outcome ?? m.outcome)) {
    throw new AppError(400, 'VALIDATION_FAILED', { fields: 'outcome（完成的措施须填写成效）', fieldsEn: 'outcome (a done measure needs its outcome)' }, [{ path: 'outcome', message: 'required when done' }]);
  }
  const now = deps.clock.now();
  const patch = {
    ...body,
    ...(body.status === 'done' && m.status !== 'done' ? { completedAt: now } : {}),
    ...(body.status && body.status !== 'done' ? { completedAt: null } : {}),
    updatedAt: now,
  };
  const [after] = await tx.update(measures).set(patch).where(eq(measures.id, measureId)).returning();
  await recordAudit(tx, actor, deps.clock, { action: 'registry.measure.update', entityType: 'household', entityId: m.householdId, orgPath: h.orgPath, regionCode: h.regionCode, before: m, after });
  return planDto(tx, deps, m.planId);
}

/** Measures past their due date and not done, in the actor's scope, oldest first. */
export async function overdueMeasures(db: Db, deps: Deps, actor: Actor, limit = 200) {
  const today = shanghaiDate(deps.clock.now());
  const rows = await db
    .select({ m: measures, archiveNo: households.archiveNo, workerName: households.workerName })
    .from(measures)
    .innerJoin(households, eq(households.id, measures.householdId))
    .where(and(inArray(measures.status, ['planned', 'in_progress']), lt(measures.dueDate, today), householdScope(actor), sql`${households.status} = 'approved'`))
    .orderBy(asc(measures.dueDate))
    .limit(limit);
  const names = await userNames(db, rows.map((r) => r.m.responsibleUserId));
  return rows.map((r) => ({ ...measureDto(r.m, names, today), householdId: r.m.householdId, archiveNo: r.archiveNo, workerName: r.workerName }));
}

/** For other modules' reports (the survey report's current assistance): the types of the measures not cancelled, by household, in the actor's scope. */
export async function measureTypesOf(db: Db, actor: Actor, householdIds: string[]): Promise<Map<string, MeasureType[]>> {
  const out = new Map<string, MeasureType[]>();
  for (let i = 0; i < householdIds.length; i += 1000) {
    const rows = await db
      .selectDistinct({ householdId: measures.householdId, type: measures.type })
      .from(measures)
      .innerJoin(households, eq(households.id, measures.householdId))
      .where(and(inArray(measures.householdId, householdIds.slice(i, i + 1000)), sql`${measures.status} <> 'cancelled'`, householdScope(actor)));
    for (const r of rows) out.set(r.householdId, [...(out.get(r.householdId) ?? []), r.type as MeasureType]);
  }
  return out;
}
