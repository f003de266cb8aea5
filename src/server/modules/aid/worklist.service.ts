import { and, asc, eq, sql } from 'drizzle-orm';
import { Permission } from '../../../contracts/auth';
import type { WorklistSection } from '../../../contracts/worklist';
import type { Db } from '../../platform/db/client';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { likePrefix } from '../../platform/http/scope';
import { formatYuan } from '../../platform/money';
import { shanghaiDate } from '../registry/household.rules';
import { households } from '../registry/household.table';
import { aidAwards } from './award.table';
import { aidBatches } from './disbursement.table';
import { aidNotices, aidObjections } from './notice.table';
import { aidPrograms } from './program.table';

const LIMIT = 10;

/**
 * The aid module's queues: for a reviewer of a funding org, applications to review, objections to resolve and notices
 * whose period has ended (to confirm); for finance, confirmed awards to put in a batch and batches waiting for the
 * bank's result. Only programs the actor keeps (funded by an org in the actor's subtree).
 */
export async function worklistSections(db: Db, deps: Deps, actor: Actor): Promise<WorklistSection[]> {
  const out: WorklistSection[] = [];
  const kept = sql`${aidPrograms.orgPath} like ${likePrefix(actor.orgPath)}`;
  const today = shanghaiDate(deps.clock.now());

  if (actor.permissions.has(Permission.AidReview)) {
    const where = and(kept, eq(aidAwards.status, 'submitted'));
    const [tot] = await db.select({ n: sql<number>`count(*)::int` }).from(aidAwards).innerJoin(aidPrograms, eq(aidPrograms.id, aidAwards.programId)).where(where);
    if (tot.n > 0) {
      const rows = await db
        .select({ a: aidAwards, programName: aidPrograms.name, archiveNo: households.archiveNo, workerName: households.workerName })
        .from(aidAwards)
        .innerJoin(aidPrograms, eq(aidPrograms.id, aidAwards.programId))
        .innerJoin(households, eq(households.id, aidAwards.householdId))
        .where(where)
        .orderBy(asc(aidAwards.appliedAt), asc(aidAwards.id))
        .limit(LIMIT);
      out.push({
        key: 'aid.to_review',
        titleZh: '待审核的救助申请',
        titleEn: 'Aid applications to review',
        total: tot.n,
        overdue: 0,
        items: rows.map((r) => ({ kind: 'aid_award', id: r.a.id, title: `${r.a.awardNo} ${r.archiveNo ?? ''} ${r.workerName} — ${formatYuan(Number(r.a.amountFen))} 元`, subtitle: r.programName, dueDate: null, overdue: false, href: `/aid/awards/${r.a.id}` })),
        href: '/aid',
      });
    }

    const objWhere = and(kept, eq(aidObjections.status, 'open'));
    const objections = await db
      .select({ o: aidObjections, awardNo: aidAwards.awardNo, programName: aidPrograms.name })
      .from(aidObjections)
      .innerJoin(aidAwards, eq(aidAwards.id, aidObjections.awardId))
      .innerJoin(aidPrograms, eq(aidPrograms.id, aidAwards.programId))
      .where(objWhere)
      .orderBy(asc(aidObjections.receivedAt))
      .limit(LIMIT + 1);
    if (objections.length > 0) {
      const [tot2] = objections.length > LIMIT ? await db.select({ n: sql<number>`count(*)::int` }).from(aidObjections).innerJoin(aidAwards, eq(aidAwards.id, aidObjections.awardId)).innerJoin(aidPrograms, eq(aidPrograms.id, aidAwards.programId)).where(objWhere) : [{ n: objections.length }];
      out.push({
        key: 'aid.objections',
        titleZh: '待处理的公示异议',
        titleEn: 'Objections to resolve',
        total: tot2.n,
        overdue: 0,
        items: objections.slice(0, LIMIT).map((r) => ({ kind: 'aid_objection', id: r.o.id, title: `${r.awardNo} — ${r.o.text.slice(0, 40)}`, subtitle: r.programName, dueDate: null, overdue: false, href: `/aid/awards/${r.o.awardId}` })),
        href: '/aid/notices',
      });
    }

    const ended = and(kept, eq(aidNotices.status, 'open'), sql`${aidNotices.endsOn} < ${today}`);
    const notices = await db
      .select({ n: aidNotices, programName: aidPrograms.name })
      .from(aidNotices)
      .innerJoin(aidPrograms, eq(aidPrograms.id, aidNotices.programId))
      .where(ended)
      .orderBy(asc(aidNotices.endsOn))
      .limit(LIMIT);
    if (notices.length > 0) {
      const [n] = await db.select({ n: sql<number>`count(*)::int` }).from(aidNotices).innerJoin(aidPrograms, eq(aidPrograms.id, aidNotices.programId)).where(ended);
      out.push({
        key: 'aid.notices_to_confirm',
        titleZh: '公示期满待确认',
        titleEn: 'Notices ended, to confirm',
        total: n.n,
        overdue: 0,
        items: notices.map((r) => ({ kind: 'aid_notice', id: r.n.id, title: `${r.n.noticeNo} — 公示期至 ${r.n.endsOn}`, subtitle: r.programName, dueDate: r.n.endsOn, overdue: false, href: `/aid/notices/${r.n.id}` })),
        href: '/aid/notices',
      });
    }
  }

  if (actor.permissions.has(Permission.AidDisburse)) {
    const toPay = await db
      .select({ programId: aidPrograms.id, code: aidPrograms.code, name: aidPrograms.name, n: sql<number>`count(*)::int`, fen: sql<string>`sum(${aidAwards.amountFen})::text` })
      .from(aidAwards)
      .innerJoin(aidPrograms, eq(aidPrograms.id, aidAwards.programId))
      .where(and(kept, sql`${aidAwards.status} in ('confirmed', 'failed')`))
      .groupBy(aidPrograms.id, aidPrograms.code, aidPrograms.name)
      .orderBy(asc(aidPrograms.code));
    if (toPay.length > 0) {
      out.push({
        key: 'aid.to_pay',
        titleZh: '待发放（已确认或发放失败）',
        titleEn: 'To pay (confirmed or failed)',
        total: toPay.reduce((s, r) => s + r.n, 0),
        overdue: 0,
        items: toPay.slice(0, LIMIT).map((r) => ({ kind: 'aid_program', id: r.programId, title: `${r.name}：${r.n} 笔，${formatYuan(Number(r.fen))} 元`, subtitle: r.code, dueDate: null, overdue: false, href: `/aid/programs/${r.programId}` })),
        href: '/aid/batches',
      });
    }
    for (const [status, key, titleZh, titleEn] of [
      ['draft', 'aid.batches_to_export', '待导出银行文件的发放批次', 'Batches to send to the bank'],
      ['exported', 'aid.awaiting_bank', '已导出待银行回盘', 'Batches waiting for the bank’s result'],
    ] as const) {
      const batches = await db
        .select({ b: aidBatches, programName: aidPrograms.name })
        .from(aidBatches)
        .innerJoin(aidPrograms, eq(aidPrograms.id, aidBatches.programId))
        .where(and(kept, eq(aidBatches.status, status)))
        .orderBy(asc(aidBatches.createdAt))
        .limit(LIMIT);
      if (batches.length === 0) continue;
      const [n] = await db.select({ n: sql<number>`count(*)::int` }).from(aidBatches).innerJoin(aidPrograms, eq(aidPrograms.id, aidBatches.programId)).where(and(kept, eq(aidBatches.status, status)));
      out.push({
        key,
        titleZh,
        titleEn,
        total: n.n,
        overdue: 0,
        items: batches.map((r) => ({ kind: 'aid_batch', id: r.b.id, title: `${r.b.batchNo}：${r.b.itemCount} 笔，${formatYuan(Number(r.b.totalFen))} 元`, subtitle: r.programName, dueDate: null, overdue: false, href: `/aid/batches/${r.b.id}` })),
        href: '/aid/batches',
      });
    }
  }
  return out;
}
