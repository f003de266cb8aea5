import { desc, eq } from 'drizzle-orm';
import type { FourLooksBody } from '../../../contracts/registry';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/db/client';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { AppError } from '../../platform/http/errors';
import { uuidv7 } from '../../platform/ids';
import { fourLooksAssessments } from './four-looks.table';
import { scoreFourLooks } from './four-looks.rules';
import { shanghaiDate } from './household.rules';
import { householdInScope } from './household.service';

type Row = typeof fourLooksAssessments.$inferSelect;
const dto = (r: Row) => ({
  id: r.id,
  householdId: r.householdId,
  visitDate: r.visitDate,
  answers: r.answers as Record<string, string>,
  scores: r.scores as Record<string, number>,
  totalScore: r.totalScore,
  notes: r.notes,
  assessedBy: { userId: r.assessedBy, name: r.assessedByName },
  assessedAt: r.assessedAt.toISOString(),
});

export async function listFourLooks(db: Db, actor: Actor, householdId: string) {
  await householdInScope(db, actor, householdId);
  const rows = await db.select().from(fourLooksAssessments).where(eq(fourLooksAssessments.householdId, householdId)).orderBy(desc(fourLooksAssessments.visitDate), desc(fourLooksAssessments.assessedAt));
  return rows.map(dto);
}

/** 四看法: stores one assessment of a home visit, scored, with who assessed and when. */
export async function addFourLooks(tx: Tx, deps: Deps, actor: Actor, householdId: string, body: FourLooksBody) {
  const h = await householdInScope(tx, actor, householdId);
  if (body.visitDate > shanghaiDate(deps.clock.now())) {
    throw new AppError(400, 'VALIDATION_FAILED', { fields: 'visitDate（走访日期不能晚于今天）', fieldsEn: 'visitDate (cannot be in the future)' }, [{ path: 'visitDate', message: 'in the future' }]);
  }
  const answers = { housing: body.housing, food: body.food, labour: body.labour, students: body.students };
  const { scores, total } = scoreFourLooks(answers);
  const row = { id: uuidv7(), householdId, visitDate: body.visitDate, answers, scores, totalScore: total, notes: body.notes ?? null, assessedBy: actor.userId, assessedByName: actor.displayName, assessedAt: deps.clock.now() };
  await tx.insert(fourLooksAssessments).values(row);
  await recordAudit(tx, actor, deps.clock, { action: 'registry.four_looks.create', entityType: 'household', entityId: householdId, orgPath: h.orgPath, regionCode: h.regionCode, after: row });
  return dto(row);
}
