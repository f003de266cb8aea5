import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { IncomeRecordBody, IncomeRecordDto, IncomeRecordSource } from '../../../contracts/dynamic';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/db/client';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { registerEntityName, validation } from '../../platform/http/errors';
import { uuidv7 } from '../../platform/ids';
import { shanghaiDate } from '../registry/household.rules';
import { householdInScope } from '../registry/household.service';
import { type IncomeRecordRow, householdIncomeRecords } from './income.table';

registerEntityName('income_record', '月人均收入记录', 'Monthly income record');

export function currentMonth(deps: Deps): string {
  return shanghaiDate(deps.clock.now()).slice(0, 7);
}

function toDto(r: IncomeRecordRow): IncomeRecordDto {
  return {
    id: r.id,
    householdId: r.householdId,
    month: r.month,
    perCapitaIncomeFen: r.perCapitaIncomeFen,
    source: r.source as IncomeRecordSource,
    note: r.note,
    recordedByName: r.recordedByName,
    recordedAt: r.recordedAt.toISOString(),
  };
}

/**
 * Records the per-capita monthly income of a household for a month (the later observation of a month replaces the
 * earlier one). Used by the annual review, the follow-up calls and manual entry; the caller has checked scope and
 * writes its own audit event unless `audit` is set.
 */
export async function upsertIncome(
  tx: Tx,
  deps: Deps,
  actor: Actor,
  h: { id: string; orgPath: string; regionCode: string },
  rec: { month: string; perCapitaIncomeFen: number; source: IncomeRecordSource; note?: string | null },
  audit = false,
): Promise<IncomeRecordRow> {
  const now = deps.clock.now();
  const [before] = await tx
    .select()
    .from(householdIncomeRecords)
    .where(and(eq(householdIncomeRecords.householdId, h.id), eq(householdIncomeRecords.month, rec.month)))
    .for('update');
  const values = { perCapitaIncomeFen: rec.perCapitaIncomeFen, source: rec.source, note: rec.note ?? null, recordedBy: actor.userId, recordedByName: actor.displayName, recordedAt: now };
  const [row] = before
    ? await tx.update(householdIncomeRecords).set(values).where(eq(householdIncomeRecords.id, before.id)).returning()
    : await tx
        .insert(householdIncomeRecords)
        .values({ id: uuidv7(), householdId: h.id, month: rec.month, ...values })
        .returning();
  if (audit) {
    await recordAudit(tx, actor, deps.clock, {
      action: before ? 'dynamic.income.update' : 'dynamic.income.create',
      entityType: 'household',
      entityId: h.id,
      orgPath: h.orgPath,
      regionCode: h.regionCode,
      before: before ?? null,
      after: row,
    });
  }
  return row;
}

/** Manual entry (registry.write): a month that is not in the future. */
export async function recordIncome(tx: Tx, deps: Deps, actor: Actor, householdId: string, body: IncomeRecordBody): Promise<IncomeRecordDto> {
  const h = await householdInScope(tx, actor, householdId);
  if (body.month > currentMonth(deps)) throw validation('month', '不能录入未来月份', 'the month cannot be in the future');
  return toDto(await upsertIncome(tx, deps, actor, h, { ...body, source: 'manual' }, true));
}

export async function listIncome(db: Db, actor: Actor, householdId: string): Promise<IncomeRecordDto[]> {
  await householdInScope(db, actor, householdId);
  const rows = await db.select().from(householdIncomeRecords).where(eq(householdIncomeRecords.householdId, householdId)).orderBy(desc(householdIncomeRecords.month)).limit(120);
  return rows.map(toDto);
}

/** The observations of many households since a month, grouped by household. */
export async function incomesOf(db: Db, householdIds: string[], sinceMonth: string): Promise<Map<string, Array<{ month: string; perCapitaIncomeFen: number }>>> {
  const out = new Map<string, Array<{ month: string; perCapitaIncomeFen: number }>>();
  if (householdIds.length === 0) return out;
  const rows = await db
    .select({ householdId: householdIncomeRecords.householdId, month: householdIncomeRecords.month, perCapitaIncomeFen: householdIncomeRecords.perCapitaIncomeFen })
    .from(householdIncomeRecords)
    .where(and(inArray(householdIncomeRecords.householdId, householdIds), gte(householdIncomeRecords.month, sinceMonth)))
    .orderBy(sql`${householdIncomeRecords.month} desc`);
  for (const r of rows) {
    const list = out.get(r.householdId) ?? [];
    list.push({ month: r.month, perCapitaIncomeFen: r.perCapitaIncomeFen });
    out.set(r.householdId, list);
  }
  return out;
}
