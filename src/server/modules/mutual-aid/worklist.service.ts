import { and, asc, eq, sql } from 'drizzle-orm';
import { Permission } from '../../../contracts/auth';
import type { WorklistSection } from '../../../contracts/worklist';
import type { Db } from '../../platform/db/client';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { likePrefix } from '../../platform/http/scope';
import { formatYuan } from '../../platform/money';
import { mutualAidClaims as claims } from './claim.table';
import { mutualAidBills as bills } from './contribution.table';
import { mutualAidMembers as members } from './member.table';
import { mutualAidUnits as units } from './unit.table';

const LIMIT = 10;

/**
 * The mutual-aid queues, within the actor's subtree: for a reviewer, claims the engine has adjudicated (to approve,
 * override or reject) and claims still waiting for adjudication; for finance, approved claims to pay and units in
 * arrears (their workers are not covered until the bill is settled).
 */
export async function worklistSections(db: Db, _deps: Deps, actor: Actor): Promise<WorklistSection[]> {
  const out: WorklistSection[] = [];
  const inScope = sql`${claims.orgPath} like ${likePrefix(actor.orgPath)}`;

  const claimSection = async (status: 'adjudicated' | 'received' | 'approved', key: string, titleZh: string, titleEn: string) => {
    const where = and(inScope, eq(claims.status, status));
    const [tot] = await db.select({ n: sql<number>`count(*)::int` }).from(claims).where(where);
    if (!tot || tot.n === 0) return;
    const rows = await db
      .select({ id: claims.id, claimNo: claims.claimNo, planCode: claims.planCode, payout: claims.payoutFen, engine: claims.enginePayoutFen, reason: claims.reason, memberName: members.name, unitName: units.name })
      .from(claims)
      .innerJoin(members, eq(members.id, claims.memberId))
      .innerJoin(units, eq(units.id, claims.unitId))
      .where(where)
      .orderBy(asc(claims.createdAt), asc(claims.id))
      .limit(LIMIT);
    out.push({
      key,
      titleZh,
      titleEn,
      total: tot.n,
      overdue: 0,
      items: rows.map((r) => {
        const amount = r.payout ?? r.engine;
        return {
          kind: 'mutual_aid_claim',
          id: r.id,
          title: `${r.claimNo} ${r.memberName}${amount === null ? '' : ` — ${formatYuan(Number(amount))} 元`}${r.reason ? `（${r.reason}）` : ''}`,
          subtitle: `${r.unitName} · ${r.planCode}`,
          dueDate: null,
          overdue: false,
          href: `/mutual-aid/claims/${r.id}`,
        };
      }),
      href: '/mutual-aid/claims',
    });
  };

  if (actor.permissions.has(Permission.MutualAidReview)) {
    await claimSection('adjudicated', 'mutual_aid.to_review', '待审核的互助申请', 'Mutual-aid claims to review');
    await claimSection('received', 'mutual_aid.to_adjudicate', '待核算的互助申请', 'Mutual-aid claims to adjudicate');
  }
  if (actor.permissions.has(Permission.MutualAidFinance)) {
    await claimSection('approved', 'mutual_aid.to_pay', '待支付的互助金', 'Mutual-aid claims to pay');
    const where = and(sql`${bills.orgPath} like ${likePrefix(actor.orgPath)}`, eq(bills.status, 'open'));
    const [tot] = await db.select({ n: sql<number>`count(*)::int` }).from(bills).where(where);
    if (tot && tot.n > 0) {
      const rows = await db
        .select({ id: bills.id, unitId: bills.unitId, period: bills.period, total: bills.totalFen, paid: bills.paidFen, unitName: units.name })
        .from(bills)
        .innerJoin(units, eq(units.id, bills.unitId))
        .where(where)
        .orderBy(asc(bills.period), asc(bills.issuedAt))
        .limit(LIMIT);
      out.push({
        key: 'mutual_aid.arrears',
        titleZh: '欠缴互助金的会员单位（职工暂不受保障）',
        titleEn: 'Units in arrears (their workers are not covered)',
        total: tot.n,
        overdue: 0,
        items: rows.map((r) => ({
          kind: 'mutual_aid_bill',
          id: r.id,
          title: `${r.unitName} ${r.period} — 欠 ${formatYuan(Number(r.total) - Number(r.paid))} 元`,
          subtitle: `${formatYuan(Number(r.paid))} / ${formatYuan(Number(r.total))} 元`,
          dueDate: null,
          overdue: false,
          href: `/mutual-aid/units/${r.unitId}`,
        })),
        href: '/mutual-aid/bills',
      });
    }
  }
  return out;
}
