import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { Permission } from '../../../contracts/auth';
import type { FollowUpCallDto, FollowUpCallsQuery, FollowUpDueDto, FollowUpDueQuery, RecordFollowUpBody } from '../../../contracts/dynamic';
import { recordAudit } from '../../platform/audit/audit.service';
import { type Db, rowsOf } from '../../platform/db/client';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { conflict, forbidden, notFound, registerEntityName, validation } from '../../platform/http/errors';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination';
import { scopeWhere } from '../../platform/http/scope';
import { uuidv7 } from '../../platform/ids';
import { shanghaiDate } from '../registry/household.rules';
import { householdInScope, householdScope, transitionHousehold } from '../registry/household.service';
import { households } from '../registry/household.table';
import { householdOrgFilter } from './exit.service';
import { type FollowUpCallRow, followUpCalls } from './follow-up.table';
import { upsertIncome } from './income.service';

registerEntityName('follow_up_call', '回访记录', 'Follow-up call');

export const followUpScope = (actor: Actor) => scopeWhere(actor, { orgId: followUpCalls.orgId, regionCode: followUpCalls.regionCode });

const UUID = /^[0-9a-f-]{36}$/;

/**
 * Follow-up calls due: for every exited file in scope, the calls at 3 and 12 months after its exit that are not yet
 * recorded, due up to `withinDays` from today (the overdue ones first). Keyset on (due date, household, milestone).
 */
export async function followUpsDue(db: Db, deps: Deps, actor: Actor, q: FollowUpDueQuery): Promise<{ items: FollowUpDueDto[]; nextCursor: string | null }> {
  const today = shanghaiDate(deps.clock.now());
  const horizon = new Date(Date.parse(`${today}T00:00:00Z`) + q.withinDays * 86_400_000).toISOString().slice(0, 10);
  const conds: SQL[] = [householdScope(actor), sql`households.status = 'exited'`, sql`households.exited_on is not null`];
  const of = await householdOrgFilter(db, actor, q.orgId);
  if (of) conds.push(of);
  const c = decodeCursor<{ d: string; id: string; m: number }>(q.cursor);
  let keyset = sql`true`;
  if (c) {
    if (typeof c.d !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(c.d) || typeof c.id !== 'string' || !UUID.test(c.id) || (c.m !== 3 && c.m !== 12)) {
      throw validation('cursor', '无效的分页游标', 'invalid cursor');
    }
    keyset = sql`(d.due, d.id, d.milestone) > (${c.d}::date, ${c.id}::uuid, ${c.m}::int)`;
  }
  const rows = rowsOf<{ id: string; archive_no: string | null; worker_name: string; org_name: string | null; exited_on: string; milestone: number; due: string; version: number }>(
    await db.execute(sql`
      select d.* from (
        select households.id, households.archive_no, households.worker_name, households.version,
               to_char(households.exited_on, 'YYYY-MM-DD') as exited_on, m.milestone,
               to_char((households.exited_on + make_interval(months => m.milestone))::date, 'YYYY-MM-DD') as due,
               (select o.name from orgs o where o.id = households.org_id) as org_name
        from households cross join (values (3), (12)) as m(milestone)
        where ${and(...conds)}
          and not exists (select 1 from follow_up_calls fc where fc.household_id = households.id and fc.exited_on = households.exited_on and fc.milestone = m.milestone)
      ) d
      where d.due <= ${horizon} and ${keyset}
      order by d.due, d.id, d.milestone
      limit ${q.limit + 1}`),
  );
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      householdId: r.id,
      archiveNo: r.archive_no,
      workerName: r.worker_name,
      orgName: r.org_name ?? '',
      exitedOn: r.exited_on,
      milestone: Number(r.milestone),
      dueDate: r.due,
      overdue: r.due < today,
      householdVersion: Number(r.version),
    })),
    nextCursor: more && last ? encodeCursor({ d: last.due, id: last.id, m: Number(last.milestone) }) : null,
  };
}

async function callDto(db: Db, id: string): Promise<FollowUpCallDto> {
  const [r] = await db
    .select({ c: followUpCalls, archiveNo: households.archiveNo, workerName: households.workerName, status: households.status, version: households.version })
    .from(followUpCalls)
    .innerJoin(households, eq(households.id, followUpCalls.householdId))
    .where(eq(followUpCalls.id, id));
  return toDto(r);
}

function toDto(r: { c: FollowUpCallRow; archiveNo: string | null; workerName: string; status: string; version: number }): FollowUpCallDto {
  const c = r.c;
  return {
    id: c.id,
    householdId: c.householdId,
    archiveNo: r.archiveNo,
    workerName: r.workerName,
    householdStatus: r.status as FollowUpCallDto['householdStatus'],
    householdVersion: r.version,
    exitedOn: c.exitedOn,
    milestone: c.milestone,
    callDate: c.callDate,
    calledByName: c.calledByName,
    outcome: c.outcome as FollowUpCallDto['outcome'],
    notes: c.notes,
    perCapitaIncomeFen: c.perCapitaIncomeFen,
    reopenStatus: c.reopenStatus as FollowUpCallDto['reopenStatus'],
    reopenedAt: c.reopenedAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
  };
}

/**
 * Records a follow-up call (date, who, outcome, notes, income). A relapse asks for re-opening the file; a reviewer
 * may re-open it at once (`reopenNow` with the file's version), otherwise it waits on the reviewers' queue.
 * Each milestone of an exit is recorded once.
 */
export async function recordFollowUp(tx: Tx, deps: Deps, actor: Actor, body: RecordFollowUpBody): Promise<FollowUpCallDto> {
  if (!actor.permissions.has(Permission.RegistryWrite)) throw forbidden();
  const h = await householdInScope(tx, actor, body.householdId);
  if (h.status !== 'exited' || !h.exitedOn) throw conflict('只有已解困脱困的家庭需要回访', 'only exited files are followed up');
  const today = shanghaiDate(deps.clock.now());
  if (body.callDate > today) throw validation('callDate', '回访日期不能晚于今天', 'the call date cannot be in the future');
  if (body.callDate < h.exitedOn) throw validation('callDate', '回访日期不能早于脱困日期', 'the call date cannot precede the exit');
  if (body.reopenNow && body.outcome !== 'relapsed') throw validation('reopenNow', '只有返困才重新打开档案', 'only a relapse re-opens the file');
  if (body.reopenNow && !actor.permissions.has(Permission.RegistryReview)) throw forbidden();
  if (body.reopenNow && body.version === undefined) throw validation('version', '重新打开档案须提供档案版本', 're-opening needs the file’s version');
  const now = deps.clock.now();
  const id = uuidv7();
  const inserted = await tx
    .insert(followUpCalls)
    .values({
      id,
      householdId: h.id,
      orgId: h.orgId,
      regionCode: h.regionCode,
      exitedOn: h.exitedOn,
      milestone: body.milestone,
      callDate: body.callDate,
      calledBy: actor.userId,
      calledByName: actor.displayName,
      outcome: body.outcome,
      notes: body.notes ?? null,
      perCapitaIncomeFen: body.perCapitaIncomeFen ?? null,
      reopenStatus: body.outcome === 'relapsed' ? 'requested' : 'none',
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: followUpCalls.id });
  if (inserted.length === 0) throw conflict(`脱困后第 ${body.milestone} 个月的回访已记录`, `the ${body.milestone}-month follow-up call is already recorded`);
  if (body.perCapitaIncomeFen !== undefined) {
    await upsertIncome(tx, deps, actor, h, { month: body.callDate.slice(0, 7), perCapitaIncomeFen: body.perCapitaIncomeFen, source: 'follow_up', note: `脱困后 ${body.milestone} 个月回访` });
  }
  await recordAudit(tx, actor, deps.clock, {
    action: 'dynamic.follow_up.record',
    entityType: 'household',
    entityId: h.id,
    orgPath: h.orgPath,
    regionCode: h.regionCode,
    after: { callId: id, milestone: body.milestone, callDate: body.callDate, outcome: body.outcome, notes: body.notes ?? null, perCapitaIncomeFen: body.perCapitaIncomeFen ?? null },
  });
  if (body.reopenNow) await reopen(tx, deps, actor, id, body.version!, `回访返困，重新纳入帮扶 / relapse found at the ${body.milestone}-month follow-up${body.notes ? `：${body.notes}` : ''}`);
  return callDto(tx, id);
}

async function reopen(tx: Tx, deps: Deps, actor: Actor, callId: string, version: number, reason: string) {
  const [c] = await tx
    .select()
    .from(followUpCalls)
    .where(and(eq(followUpCalls.id, callId), followUpScope(actor)))
    .for('update');
  if (!c) throw notFound('follow_up_call');
  if (c.reopenStatus !== 'requested') throw conflict('该回访没有待处理的重新打开申请', 'this call has no pending re-open request');
  await transitionHousehold(tx, deps, actor, c.householdId, { to: 'approved', reason, version });
  await tx.update(followUpCalls).set({ reopenStatus: 'reopened', reopenedBy: actor.userId, reopenedAt: deps.clock.now() }).where(eq(followUpCalls.id, callId));
}

/** The reviewer re-opens the file of a relapsed household (registry exited → approved, signed 'reopened'). */
export async function reopenFromCall(tx: Tx, deps: Deps, actor: Actor, callId: string, body: { version: number; reason: string }): Promise<FollowUpCallDto> {
  if (!actor.permissions.has(Permission.RegistryReview)) throw forbidden();
  await reopen(tx, deps, actor, callId, body.version, body.reason);
  return callDto(tx, callId);
}

export async function listFollowUpCalls(db: Db, actor: Actor, q: FollowUpCallsQuery): Promise<{ items: FollowUpCallDto[]; nextCursor: string | null }> {
  const conds: SQL[] = [followUpScope(actor)];
  if (q.outcome) conds.push(eq(followUpCalls.outcome, q.outcome));
  if (q.reopenStatus) conds.push(eq(followUpCalls.reopenStatus, q.reopenStatus));
  const c = decodeCursor<{ id: string }>(q.cursor);
  if (c) {
    if (typeof c.id !== 'string' || !UUID.test(c.id)) throw validation('cursor', '无效的分页游标', 'invalid cursor');
    conds.push(sql`${followUpCalls.id} < ${c.id}::uuid`);
  }
  const rows = await db
    .select({ c: followUpCalls, archiveNo: households.archiveNo, workerName: households.workerName, status: households.status, version: households.version })
    .from(followUpCalls)
    .innerJoin(households, eq(households.id, followUpCalls.householdId))
    .where(and(...conds))
    .orderBy(desc(followUpCalls.id))
    .limit(q.limit + 1);
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  return { items: page.map(toDto), nextCursor: more && page.length ? encodeCursor({ id: page[page.length - 1].c.id }) : null };
}
