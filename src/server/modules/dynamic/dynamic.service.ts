import { and, asc, eq, or, sql } from 'drizzle-orm';
import { Permission } from '../../../contracts/auth';
import type { WorklistItem, WorklistSection } from '../../../contracts/worklist';
import type { Db } from '../../platform/db/client';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { shanghaiDate } from '../registry/household.rules';
import { households } from '../registry/household.table';
import { overdueMeasures } from '../registry/plan.service';
import { reviewItemScope } from './annual-review.service';
import { annualReviewItems } from './annual-review.table';
import { exitCandidates } from './exit.service';
import { followUpScope, followUpsDue } from './follow-up.service';
import { followUpCalls } from './follow-up.table';

const FIRST = 10;
const label = (archiveNo: string | null, workerName: string) => `${archiveNo ?? '（未建档）'} ${workerName}`;

/**
 * 工作台 queues of dynamic management: a cadre's annual review items due, overdue measures and follow-up calls due;
 * a reviewer's exit / cancellation sign-offs proposed by annual reviews, files the exit rule finds ready (at most the
 * first 50 found among 2,000 files looked at) and re-open requests after a relapse.
 */
export async function worklistSections(db: Db, deps: Deps, actor: Actor): Promise<WorklistSection[]> {
  const out: WorklistSection[] = [];
  const today = shanghaiDate(deps.clock.now());
  if (actor.permissions.has(Permission.RegistryWrite)) {
    const mine = and(
      reviewItemScope(actor),
      eq(annualReviewItems.status, 'pending'),
      or(eq(annualReviewItems.responsibleUserId, actor.userId), sql`${annualReviewItems.responsibleUserId} is null`),
      // a file that left (exited, cancelled) since it was scheduled needs no review
      sql`exists (select 1 from households h where h.id = ${annualReviewItems.householdId} and h.status = 'approved')`,
    );
    const [n] = await db
      .select({ total: sql<number>`count(*)::int`, overdue: sql<number>`count(*) filter (where ${annualReviewItems.dueDate} < ${today})::int` })
      .from(annualReviewItems)
      .where(mine);
    const rows = await db
      .select({ id: annualReviewItems.id, year: annualReviewItems.year, dueDate: annualReviewItems.dueDate, archiveNo: households.archiveNo, workerName: households.workerName })
      .from(annualReviewItems)
      .innerJoin(households, eq(households.id, annualReviewItems.householdId))
      .where(mine)
      .orderBy(asc(annualReviewItems.dueDate), asc(annualReviewItems.id))
      .limit(FIRST);
    out.push({
      key: 'dynamic.annual_review_due',
      titleZh: '待年审',
      titleEn: 'Annual reviews due',
      total: Number(n.total),
      overdue: Number(n.overdue),
      items: rows.map(
        (r): WorklistItem => ({
          kind: 'annual_review',
          id: r.id,
          title: label(r.archiveNo, r.workerName),
          subtitle: `${r.year} 年审 / annual review`,
          dueDate: r.dueDate,
          overdue: r.dueDate < today,
          href: `/dynamic?item=${r.id}`,
        }),
      ),
      href: '/dynamic',
    });

    const overdue = await overdueMeasures(db, deps, actor, 500);
    out.push({
      key: 'dynamic.overdue_measures',
      titleZh: '逾期帮扶措施',
      titleEn: 'Overdue measures',
      total: overdue.length,
      overdue: overdue.length,
      items: overdue.slice(0, FIRST).map((m) => ({
        kind: 'measure',
        id: m.id,
        title: label(m.archiveNo, m.workerName),
        subtitle: m.description,
        dueDate: m.dueDate,
        overdue: true,
        href: `/registry/households/${m.householdId}`,
      })),
      href: '/registry',
    });

    const due = await followUpsDue(db, deps, actor, { withinDays: 30, limit: 200 });
    out.push({
      key: 'dynamic.follow_ups_due',
      titleZh: '待回访',
      titleEn: 'Follow-up calls due',
      total: due.items.length,
      overdue: due.items.filter((d) => d.overdue).length,
      items: due.items.slice(0, FIRST).map((d) => ({
        kind: 'follow_up',
        id: `${d.householdId}:${d.milestone}`,
        title: label(d.archiveNo, d.workerName),
        subtitle: `脱困后 ${d.milestone} 个月回访 / ${d.milestone}-month follow-up`,
        dueDate: d.dueDate,
        overdue: d.overdue,
        href: '/dynamic/follow-ups',
      })),
      href: '/dynamic/follow-ups',
    });
  }
  if (actor.permissions.has(Permission.RegistryReview)) {
    const proposals = and(reviewItemScope(actor), eq(annualReviewItems.resolution, 'open'));
    const [n] = await db.select({ total: sql<number>`count(*)::int` }).from(annualReviewItems).where(proposals);
    const rows = await db
      .select({ id: annualReviewItems.id, outcome: annualReviewItems.outcome, householdId: annualReviewItems.householdId, archiveNo: households.archiveNo, workerName: households.workerName })
      .from(annualReviewItems)
      .innerJoin(households, eq(households.id, annualReviewItems.householdId))
      .where(proposals)
      .orderBy(asc(annualReviewItems.reviewedAt), asc(annualReviewItems.id))
      .limit(FIRST);
    out.push({
      key: 'dynamic.exit_sign_offs',
      titleZh: '待签批的脱困/注销建议',
      titleEn: 'Exit and cancellation sign-offs',
      total: Number(n.total),
      overdue: 0,
      items: rows.map((r) => ({
        kind: r.outcome === 'propose_exit' ? 'exit_sign_off' : 'cancel_sign_off',
        id: r.id,
        title: label(r.archiveNo, r.workerName),
        subtitle: r.outcome === 'propose_exit' ? '年审建议解困脱困 / exit proposed' : '年审建议注销 / cancellation proposed',
        dueDate: null,
        overdue: false,
        href: '/dynamic/exits',
      })),
      href: '/dynamic/exits',
    });

    // files the rule finds ready to exit (a bounded look: the page lists them all)
    const cands = await exitCandidates(db, deps, actor, { limit: 50 }, { maxScan: 2000 });
    const ruled = cands.items.filter((c) => !c.proposed);
    out.push({
      key: 'dynamic.exit_candidates',
      titleZh: '符合解困脱困条件',
      titleEn: 'Exit candidates by the rule',
      total: ruled.length,
      overdue: 0,
      items: ruled.slice(0, FIRST).map((c) => ({
        kind: 'exit_candidate',
        id: c.householdId,
        title: label(c.archiveNo, c.workerName),
        subtitle: c.assessment.reasons[0]?.zh ?? null,
        dueDate: null,
        overdue: false,
        href: '/dynamic/exits',
      })),
      href: '/dynamic/exits',
    });

    const reopen = and(followUpScope(actor), eq(followUpCalls.reopenStatus, 'requested'));
    const [m] = await db.select({ total: sql<number>`count(*)::int` }).from(followUpCalls).where(reopen);
    const calls = await db
      .select({ id: followUpCalls.id, milestone: followUpCalls.milestone, archiveNo: households.archiveNo, workerName: households.workerName })
      .from(followUpCalls)
      .innerJoin(households, eq(households.id, followUpCalls.householdId))
      .where(reopen)
      .orderBy(asc(followUpCalls.createdAt))
      .limit(FIRST);
    out.push({
      key: 'dynamic.reopen_requests',
      titleZh: '返困待重新打开',
      titleEn: 'Re-open requests after relapse',
      total: Number(m.total),
      overdue: 0,
      items: calls.map((c) => ({
        kind: 'reopen_request',
        id: c.id,
        title: label(c.archiveNo, c.workerName),
        subtitle: `脱困后 ${c.milestone} 个月回访发现返困 / relapse at the ${c.milestone}-month call`,
        dueDate: null,
        overdue: false,
        href: '/dynamic/follow-ups',
      })),
      href: '/dynamic/follow-ups',
    });
  }
  return out;
}
