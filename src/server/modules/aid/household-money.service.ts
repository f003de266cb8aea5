import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { HouseholdMoneyDto } from '../../../contracts/aid';
import type { Db } from '../../platform/db/client';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { ledgerEntries } from '../ledger/entry.table';
import { householdInScope } from '../registry/household.service';
import { AID_SOURCES } from './aid-ledger';
import { aidAwards } from './award.table';
import { aidPayments } from './disbursement.table';
import { aidPrograms } from './program.table';
import { aidRecoveries, aidRecoveryEvents } from './recovery.table';

type Item = HouseholdMoneyDto['years'][number]['items'][number];
type Kind = Exclude<Item['kind'], 'reversal'>;

const KIND_OF_SOURCE: Record<string, Kind> = {
  [AID_SOURCES.commit]: 'award',
  [AID_SOURCES.pay]: 'payment',
  [AID_SOURCES.recover]: 'recovery',
  [AID_SOURCES.installment]: 'installment',
  [AID_SOURCES.writeOff]: 'write_off',
};

/** How an entry of each kind moves the household's figures (a reversal moves them back). */
const EFFECT: Record<Kind, { receivedFen: number; pendingFen: number; owedFen: number }> = {
  award: { receivedFen: 0, pendingFen: 1, owedFen: 0 },
  payment: { receivedFen: 1, pendingFen: -1, owedFen: 0 },
  recovery: { receivedFen: 0, pendingFen: 0, owedFen: 1 },
  installment: { receivedFen: 0, pendingFen: 0, owedFen: -1 },
  write_off: { receivedFen: 0, pendingFen: 0, owedFen: -1 },
};

interface EntryRow {
  id: string;
  entryNo: string;
  businessDate: string;
  memo: string;
  sourceType: string;
  sourceId: string | null;
  reversalOf: string | null;
  amountFen: string;
}

/**
 * A household's aid money, read from the ledger: every entry whose source is one of the household's awards (commit),
 * payments, recoveries or recovery events, and the reversals of those. Per aid year (the award's year): received
 * (paid), pending (committed, not yet paid, not released) and owed (recoveries outstanding). Out of scope: 404.
 */
export async function householdMoney(db: Db, _deps: Deps, actor: Actor, householdId: string): Promise<HouseholdMoneyDto> {
  await householdInScope(db, actor, householdId);
  const awards = await db
    .select({ id: aidAwards.id, awardNo: aidAwards.awardNo, year: aidAwards.year, status: aidAwards.status, programName: aidPrograms.name })
    .from(aidAwards)
    .innerJoin(aidPrograms, eq(aidPrograms.id, aidAwards.programId))
    .where(eq(aidAwards.householdId, householdId));
  if (awards.length === 0) return { householdId, years: [] };
  const awardIds = awards.map((a) => a.id);
  const payments = await db.select({ id: aidPayments.id, awardId: aidPayments.awardId }).from(aidPayments).where(inArray(aidPayments.awardId, awardIds));
  const recoveries = await db.select({ id: aidRecoveries.id, awardId: aidRecoveries.awardId, status: aidRecoveries.status }).from(aidRecoveries).where(inArray(aidRecoveries.awardId, awardIds));
  const events = recoveries.length
    ? await db
        .select({ id: aidRecoveryEvents.id, recoveryId: aidRecoveryEvents.recoveryId })
        .from(aidRecoveryEvents)
        .where(inArray(aidRecoveryEvents.recoveryId, recoveries.map((r) => r.id)))
    : [];

  // source (type, id) → the award it belongs to, and the status shown beside it
  const awardOf = new Map<string, string>();
  const statusOf = new Map<string, string>();
  const key = (type: string, id: string) => `${type}:${id}`;
  for (const a of awards) awardOf.set(key(AID_SOURCES.commit, a.id), a.id);
  for (const p of payments) awardOf.set(key(AID_SOURCES.pay, p.id), p.awardId);
  for (const r of recoveries) {
    awardOf.set(key(AID_SOURCES.recover, r.id), r.awardId);
    statusOf.set(key(AID_SOURCES.recover, r.id), r.status);
  }
  for (const e of events) {
    const r = recoveries.find((x) => x.id === e.recoveryId)!;
    for (const t of [AID_SOURCES.installment, AID_SOURCES.writeOff]) {
      awardOf.set(key(t, e.id), r.awardId);
      statusOf.set(key(t, e.id), r.status);
    }
  }

  // written out in full: in a one-table select Drizzle leaves column names unqualified, which a subquery would misread
  const amount = sql<string>`(select coalesce(sum(l.amount_fen), 0)::text from ledger_lines l where l.entry_id = "ledger_entries"."id" and l.side = 'debit')`;
  const cols = { id: ledgerEntries.id, entryNo: ledgerEntries.entryNo, businessDate: ledgerEntries.businessDate, memo: ledgerEntries.memo, sourceType: ledgerEntries.sourceType, sourceId: ledgerEntries.sourceId, reversalOf: ledgerEntries.reversalOf, amountFen: amount };
  const bySource = (type: string, ids: string[]) => (ids.length ? and(eq(ledgerEntries.sourceType, type), inArray(ledgerEntries.sourceId, ids)) : undefined);
  const own: EntryRow[] = await db
    .select(cols)
    .from(ledgerEntries)
    .where(
      or(
        bySource(AID_SOURCES.commit, awardIds),
        bySource(AID_SOURCES.pay, payments.map((p) => p.id)),
        bySource(AID_SOURCES.recover, recoveries.map((r) => r.id)),
        bySource(AID_SOURCES.installment, events.map((e) => e.id)),
        bySource(AID_SOURCES.writeOff, events.map((e) => e.id)),
      ),
    )
    .orderBy(asc(ledgerEntries.businessDate), asc(ledgerEntries.entryNo));
  const reversals: EntryRow[] = own.length
    ? await db
        .select(cols)
        .from(ledgerEntries)
        .where(
          inArray(
            ledgerEntries.reversalOf,
            own.map((e) => e.id),
          ),
        )
    : [];

  const awardById = new Map(awards.map((a) => [a.id, a]));
  const ownById = new Map(own.map((e) => [e.id, e]));
  const years = new Map<number, HouseholdMoneyDto['years'][number]>();
  const yearOf = (y: number) => {
    let v = years.get(y);
    if (!v) years.set(y, (v = { year: y, receivedFen: 0, pendingFen: 0, owedFen: 0, items: [] }));
    return v;
  };
  const add = (e: EntryRow, original: EntryRow, sign: 1 | -1) => {
    const k = key(original.sourceType, original.sourceId ?? '');
    const kind = KIND_OF_SOURCE[original.sourceType];
    const awardId = awardOf.get(k);
    if (!kind || !awardId) return;
    const a = awardById.get(awardId)!;
    const y = yearOf(a.year);
    const amountFen = Number(e.amountFen);
    y.receivedFen += sign * EFFECT[kind].receivedFen * amountFen;
    y.pendingFen += sign * EFFECT[kind].pendingFen * amountFen;
    y.owedFen += sign * EFFECT[kind].owedFen * amountFen;
    y.items.push({
      kind: sign === 1 ? kind : 'reversal',
      awardId,
      awardNo: a.awardNo,
      programName: a.programName,
      entryId: e.id,
      entryNo: e.entryNo,
      businessDate: String(e.businessDate),
      amountFen,
      status: statusOf.get(k) ?? a.status,
      memo: e.memo,
    });
  };
  for (const e of own) add(e, e, 1);
  for (const r of reversals) add(r, ownById.get(r.reversalOf!)!, -1);
  const out = [...years.values()].sort((a, b) => b.year - a.year);
  for (const y of out) y.items.sort((a, b) => a.businessDate.localeCompare(b.businessDate) || (a.entryNo ?? '').localeCompare(b.entryNo ?? ''));
  return { householdId, years: out };
}

/**
 * Aid paid to each household (fen), for the spot check's large-aid risk weight: the sum of its paid transfers (each
 * has its ledger entry). Households that received nothing are absent.
 */
export async function paidAidByHousehold(db: Db | Tx): Promise<Map<string, number>> {
  const rows = await db
    .select({ householdId: aidPayments.householdId, fen: sql<string>`sum(${aidPayments.amountFen})::text` })
    .from(aidPayments)
    .where(eq(aidPayments.status, 'paid'))
    .groupBy(aidPayments.householdId);
  return new Map(rows.map((r) => [r.householdId, Number(r.fen)]));
}
