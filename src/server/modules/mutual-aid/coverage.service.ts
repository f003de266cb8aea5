import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { MemberStatus } from '../../../contracts/mutual-aid';
import { addDays } from '../../platform/dates';
import { type Db, rowsOf } from '../../platform/db/client';
import type { Tx } from '../../platform/db/tx';
import { mutualAidEnrolments } from './member.table';

/**
 * 保障资格 What the engine needs to know about a member on an event date: the enrolment periods that cover them
 * (opt-ins that are active AND paid for — a unit that has not paid leaves its members uncovered, reason not_enrolled),
 * and the member status taken from the registry (hardship when the person was in a household file whose status on
 * that date was approved).
 */

export interface EnrolmentPeriod {
  from: string;
  to: string;
}

/** The member's covered periods for one plan (active and paid opt-ins), oldest first. */
export async function memberCoverage(db: Db | Tx, memberId: string, planCode: string): Promise<EnrolmentPeriod[]> {
  const rows = await db
    .select({ from: mutualAidEnrolments.validFrom, to: mutualAidEnrolments.validTo })
    .from(mutualAidEnrolments)
    .where(and(eq(mutualAidEnrolments.memberId, memberId), eq(mutualAidEnrolments.planCode, planCode), eq(mutualAidEnrolments.status, 'active'), isNotNull(mutualAidEnrolments.paidAt)))
    .orderBy(mutualAidEnrolments.validFrom);
  return rows;
}

/** Covered periods of many members at once: member id → plan code → periods (oldest first). */
export async function coverageOf(db: Db | Tx, memberIds: readonly string[]): Promise<Map<string, Map<string, EnrolmentPeriod[]>>> {
  const out = new Map<string, Map<string, EnrolmentPeriod[]>>();
  if (memberIds.length === 0) return out;
  const rows = await db
    .select({ memberId: mutualAidEnrolments.memberId, planCode: mutualAidEnrolments.planCode, from: mutualAidEnrolments.validFrom, to: mutualAidEnrolments.validTo })
    .from(mutualAidEnrolments)
    .where(and(inArray(mutualAidEnrolments.memberId, [...memberIds]), eq(mutualAidEnrolments.status, 'active'), isNotNull(mutualAidEnrolments.paidAt)))
    .orderBy(mutualAidEnrolments.validFrom);
  for (const r of rows) {
    let m = out.get(r.memberId);
    if (!m) out.set(r.memberId, (m = new Map()));
    const list = m.get(r.planCode);
    if (list) list.push({ from: r.from, to: r.to });
    else m.set(r.planCode, [{ from: r.from, to: r.to }]);
  }
  return out;
}

/** The first instant after the end of a business date (Asia/Shanghai). */
const endOfDay = (date: string) => new Date(`${addDays(date, 1)}T00:00:00+08:00`);

/**
 * The member status on an event date: 'hardship' when the person (by the ID number's blind index) was a member of a
 * household file whose last lifecycle event at or before the end of that day (Asia/Shanghai) made it approved.
 */
export async function hardshipStatusOn(db: Db | Tx, idNumberBidx: string, eventDate: string): Promise<MemberStatus> {
  const end = endOfDay(eventDate).toISOString();
  const rows = rowsOf<{ hardship: boolean }>(
    await db.execute(sql`select exists (
      select 1 from household_members m
      where m.id_number_bidx = ${idNumberBidx}
        and (select e.to_status from household_events e
             where e.household_id = m.household_id and e.at < ${end}::timestamptz
             order by e.at desc, e.id desc limit 1) = 'approved'
    ) as hardship`),
  );
  return rows[0]?.hardship ? 'hardship' : 'ordinary';
}

/** The registry's file timelines of many people: blind index → per household, its events (at, to status) in order. */
export type HardshipTimelines = Map<string, Array<Array<{ at: number; toStatus: string }>>>;

export async function hardshipTimelines(db: Db | Tx, idNumberBidxs: readonly string[]): Promise<HardshipTimelines> {
  const out: HardshipTimelines = new Map();
  const wanted = [...new Set(idNumberBidxs)];
  for (let i = 0; i < wanted.length; i += 5000) {
    const chunk = wanted.slice(i, i + 5000);
    const rows = rowsOf<{ bidx: string; household_id: string; to_status: string; at: string | Date }>(
      await db.execute(sql`select m.id_number_bidx as bidx, e.household_id, e.to_status, e.at
        from household_members m join household_events e on e.household_id = m.household_id
        where m.id_number_bidx = any(${sql.param(`{${chunk.join(',')}}`)}::text[])
        order by m.id_number_bidx, e.household_id, e.at, e.id`),
    );
    let lastKey = '';
    let current: Array<{ at: number; toStatus: string }> = [];
    for (const r of rows) {
      const key = `${r.bidx}|${r.household_id}`;
      if (key !== lastKey) {
        lastKey = key;
        current = [];
        let files = out.get(r.bidx);
        if (!files) out.set(r.bidx, (files = []));
        files.push(current);
      }
      current.push({ at: new Date(r.at).getTime(), toStatus: r.to_status });
    }
  }
  return out;
}

/** The status on an event date from loaded timelines (the same rule as hardshipStatusOn). */
export function statusFromTimelines(t: HardshipTimelines, idNumberBidx: string, eventDate: string): MemberStatus {
  const files = t.get(idNumberBidx);
  if (!files) return 'ordinary';
  const end = endOfDay(eventDate).getTime();
  for (const events of files) {
    let last: string | null = null;
    for (const e of events) {
      if (e.at < end) last = e.toStatus;
      else break;
    }
    if (last === 'approved') return 'hardship';
  }
  return 'ordinary';
}

/** Member statuses of many people on many dates at once: `${bidx}|${date}` → status. */
export async function hardshipStatuses(db: Db | Tx, pairs: ReadonlyArray<{ idNumberBidx: string; eventDate: string }>): Promise<Map<string, MemberStatus>> {
  const t = await hardshipTimelines(
    db,
    pairs.map((p) => p.idNumberBidx),
  );
  const out = new Map<string, MemberStatus>();
  for (const p of pairs) out.set(`${p.idNumberBidx}|${p.eventDate}`, statusFromTimelines(t, p.idNumberBidx, p.eventDate));
  return out;
}
