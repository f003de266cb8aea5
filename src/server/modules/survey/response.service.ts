import { and, eq } from 'drizzle-orm';
import type { Question, ResponseBody, ResponseDto, ResponseUpdateBody } from '../../../contracts/survey';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/db/client';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { AppError, conflict, forbidden, notFound } from '../../platform/http/errors';
import { assignmentVisibility } from './assignment.service';
import { surveyAssignments } from './assignment.table';
import { canManage, loadVisible, myTeamIds } from './campaign.service';
import type { CampaignRow } from './campaign.table';
import { validateAnswers } from './response.rules';
import { type ResponseRow, surveyResponses } from './response.table';

function dto(r: ResponseRow): ResponseDto {
  return {
    id: r.id,
    campaignId: r.campaignId,
    assignmentId: r.assignmentId,
    householdId: r.householdId,
    answers: r.answers as ResponseDto['answers'],
    respondedBy: { userId: r.respondedBy, name: r.respondedByName },
    respondedAt: r.respondedAt.toISOString(),
    updatedBy: r.updatedBy ? { userId: r.updatedBy, name: r.updatedByName ?? '' } : null,
    updatedAt: r.updatedAt?.toISOString() ?? null,
    version: r.version,
  };
}

function checkAnswers(c: CampaignRow, answers: ResponseBody['answers']) {
  const v = validateAnswers(c.questions as Question[], answers);
  if (!v.ok) {
    const p = v.problems[0];
    throw new AppError(
      400,
      'VALIDATION_FAILED',
      { fields: `answers.${p.key}（${p.zh}）`, fieldsEn: `answers.${p.key} (${p.en})` },
      v.problems.map((x) => ({ path: `answers.${x.key}`, code: x.code, message: x.en, messageZh: x.zh })),
    );
  }
  return v.answers;
}

/** Team members answer for the households of their team; a campaign's runners may correct any. */
async function mayAnswer(db: Db, actor: Actor, c: CampaignRow, teamId: string): Promise<boolean> {
  if (canManage(actor, c)) return true;
  return (await myTeamIds(db, actor, c.id)).includes(teamId);
}

function mustBeOpen(c: CampaignRow) {
  if (c.status !== 'open') throw conflict(c.status === 'draft' ? '调研活动尚未开始' : '调研活动已结束，问卷不能再修改', c.status === 'draft' ? 'the campaign has not opened yet' : 'the campaign is closed; responses can no longer change', { status: c.status });
}

/**
 * Stores a response once: the id comes from the client, so a repeat of the same submission (flaky network)
 * answers the stored response with `replayed`. A second, different response for the same household is refused.
 */
export async function submitResponse(tx: Tx, deps: Deps, actor: Actor, campaignId: string, body: ResponseBody): Promise<{ response: ResponseDto; replayed: boolean }> {
  const c = await loadVisible(tx, actor, campaignId);
  const [prior] = await tx.select().from(surveyResponses).where(eq(surveyResponses.id, body.id));
  if (prior) {
    if (prior.campaignId !== campaignId || prior.assignmentId !== body.assignmentId) throw conflict('问卷编号已被使用', 'the response id is already used');
    return { response: dto(prior), replayed: true };
  }
  const vis = await assignmentVisibility(tx, actor, campaignId);
  const [a] = await tx
    .select()
    .from(surveyAssignments)
    .where(and(eq(surveyAssignments.id, body.assignmentId), eq(surveyAssignments.campaignId, campaignId), vis));
  if (!a) throw notFound('survey_assignment');
  if (!(await mayAnswer(tx, actor, c, a.teamId))) throw forbidden();
  mustBeOpen(c);
  const answers = checkAnswers(c, body.answers);
  const now = deps.clock.now();
  const [row] = await tx
    .insert(surveyResponses)
    .values({ id: body.id, campaignId, assignmentId: a.id, householdId: a.householdId, answers, respondedBy: actor.userId, respondedByName: actor.displayName, respondedAt: now, version: 1 })
    .onConflictDoNothing()
    .returning();
  if (!row) {
    const [same] = await tx.select().from(surveyResponses).where(eq(surveyResponses.id, body.id));
    if (same && same.assignmentId === a.id) return { response: dto(same), replayed: true };
    throw conflict('该户已填报问卷，请修改已有问卷', 'this household has already answered; edit that response', { field: 'assignmentId' });
  }
  await recordAudit(tx, actor, deps.clock, { action: 'survey.response.create', entityType: 'survey_response', entityId: row.id, orgPath: c.orgPath, regionCode: a.regionCode, after: { assignmentId: a.id, householdId: a.householdId, answers } });
  return { response: dto(row), replayed: false };
}

async function loadResponse(db: Db, actor: Actor, id: string, lock = false) {
  const q = db.select().from(surveyResponses).where(eq(surveyResponses.id, id));
  const [r] = lock ? await q.for('update') : await q;
  if (!r) throw notFound('survey_response');
  const c = await loadVisible(db, actor, r.campaignId).catch(() => null);
  if (!c) throw notFound('survey_response');
  const vis = await assignmentVisibility(db, actor, r.campaignId);
  const [a] = await db
    .select()
    .from(surveyAssignments)
    .where(and(eq(surveyAssignments.id, r.assignmentId), vis));
  if (!a) throw notFound('survey_response');
  return { r, c, a };
}

export async function getResponse(db: Db, actor: Actor, id: string): Promise<ResponseDto> {
  return dto((await loadResponse(db, actor, id)).r);
}

/** Edits a response while the campaign is open; who first answered and when are kept, the editor is recorded. */
export async function updateResponse(tx: Tx, deps: Deps, actor: Actor, id: string, body: ResponseUpdateBody): Promise<ResponseDto> {
  const { r, c, a } = await loadResponse(tx, actor, id, true);
  if (!(await mayAnswer(tx, actor, c, a.teamId))) throw forbidden();
  mustBeOpen(c);
  if (body.version !== r.version) throw conflict('问卷已被他人修改，请刷新后重试', 'the response was changed by someone else; reload and retry', { currentVersion: r.version });
  const answers = checkAnswers(c, body.answers);
  const [after] = await tx
    .update(surveyResponses)
    .set({ answers, updatedBy: actor.userId, updatedByName: actor.displayName, updatedAt: deps.clock.now(), version: r.version + 1 })
    .where(eq(surveyResponses.id, id))
    .returning();
  await recordAudit(tx, actor, deps.clock, { action: 'survey.response.update', entityType: 'survey_response', entityId: id, orgPath: c.orgPath, regionCode: a.regionCode, before: { answers: r.answers, version: r.version }, after: { answers, version: after.version } });
  return dto(after);
}
