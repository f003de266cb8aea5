import { z } from 'zod';
import { Permission } from '../../../contracts/auth';
import { uuidParam } from '../../../contracts/common';
import {
  cancelBody,
  declineBody,
  dynamicListExportQuery,
  dynamicListItem,
  dynamicListQuery,
  exitAssessmentDto,
  exitBody,
  exitCandidateDto,
  exitCandidatesQuery,
  exitRuleDto,
  followUpCallDto,
  followUpCallsQuery,
  followUpDueDto,
  followUpDueQuery,
  householdIncomeDto,
  incomeRecordBody,
  incomeRecordDto,
  putExitRuleBody,
  recordFollowUpBody,
  recordReviewBody,
  reopenBody,
  reviewCampaignDto,
  reviewItemDto,
  reviewItemsQuery,
  reviewProgressDto,
  startReviewBody,
  transitionResultDto,
} from '../../../contracts/dynamic';
import { withTx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import { actorOf } from '../../platform/http/guard';
import type { ZApp } from '../../platform/http/types';
import { campaignProgress, declineProposal, listCampaigns, listReviewItems, recordReview, startAnnualReview } from './annual-review.service';
import { assessHousehold, cancelFile, exitCandidates, listExitRules, putExitRule, signOffExit } from './exit.service';
import { followUpsDue, listFollowUpCalls, recordFollowUp, reopenFromCall } from './follow-up.service';
import { listIncome, recordIncome } from './income.service';
import { type DynamicListKind, dynamicList, exportDynamicList } from './lists.service';

const tags = ['dynamic'];
const P = '/api/v1/dynamic';
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export function registerDynamicRoutes(app: ZApp, deps: Deps): void {
  // ───── annual review (年审) ─────
  app.get(
    `${P}/annual-reviews`,
    { config: { access: Permission.RegistryRead }, schema: { tags, summary: '年审批次 / annual review campaigns', response: { 200: z.object({ items: z.array(reviewCampaignDto) }) } } },
    async (req) => ({ items: await listCampaigns(deps.db, deps, actorOf(req)) }),
  );
  app.post(
    `${P}/annual-reviews`,
    { config: { access: Permission.RegistryWrite }, schema: { tags, summary: '启动年审（可重复执行）/ start the annual review (idempotent)', body: startReviewBody, response: { 200: reviewCampaignDto } } },
    async (req) => withTx(deps.db, (tx) => startAnnualReview(tx, deps, actorOf(req), req.body)),
  );
  app.get(
    `${P}/annual-reviews/:id/progress`,
    { config: { access: Permission.RegistryRead }, schema: { tags, summary: '年审进度（按组织）/ progress per org', params: uuidParam, response: { 200: reviewProgressDto } } },
    async (req) => campaignProgress(deps.db, deps, actorOf(req), req.params.id),
  );
  app.get(
    `${P}/review-items`,
    { config: { access: Permission.RegistryRead }, schema: { tags, summary: '年审事项 / annual review items', querystring: reviewItemsQuery, response: { 200: page(reviewItemDto) } } },
    async (req) => listReviewItems(deps.db, deps, actorOf(req), req.query),
  );
  app.post(
    `${P}/review-items/:id/record`,
    { config: { access: Permission.RegistryWrite }, schema: { tags, summary: '记录年审结果 / record the review outcome', params: uuidParam, body: recordReviewBody, response: { 200: reviewItemDto } } },
    async (req) => withTx(deps.db, (tx) => recordReview(tx, deps, actorOf(req), req.params.id, req.body)),
  );
  app.post(
    `${P}/review-items/:id/decline`,
    { config: { access: Permission.RegistryReview }, schema: { tags, summary: '不采纳年审建议（保留档案）/ keep the file against a proposal', params: uuidParam, body: declineBody, response: { 200: reviewItemDto } } },
    async (req) => withTx(deps.db, (tx) => declineProposal(tx, deps, actorOf(req), req.params.id, req.body.reason)),
  );

  // ───── income records and the exit rule ─────
  app.get(
    `${P}/households/:id/income`,
    { config: { access: Permission.RegistryRead }, schema: { tags, summary: '月人均收入记录与脱困判断 / monthly income and exit assessment', params: uuidParam, response: { 200: householdIncomeDto } } },
    async (req) => {
      const actor = actorOf(req);
      return { items: await listIncome(deps.db, actor, req.params.id), assessment: await assessHousehold(deps.db, deps, actor, req.params.id) };
    },
  );
  app.post(
    `${P}/households/:id/income`,
    { config: { access: Permission.RegistryWrite }, schema: { tags, summary: '录入月人均收入 / record monthly per-capita income', params: uuidParam, body: incomeRecordBody, response: { 201: incomeRecordDto } } },
    async (req, reply) => reply.status(201).send(await withTx(deps.db, (tx) => recordIncome(tx, deps, actorOf(req), req.params.id, req.body))),
  );
  app.get(
    `${P}/exit-rules`,
    { config: { access: Permission.RegistryRead }, schema: { tags, summary: '脱困规则（各地连续月数）/ exit rule months per region', response: { 200: z.object({ items: z.array(exitRuleDto), defaultMonths: z.number().int() }) } } },
    async () => ({ items: await listExitRules(deps.db), defaultMonths: 6 }),
  );
  app.put(
    `${P}/exit-rules`,
    { config: { access: Permission.RegistryConfigure }, schema: { tags, summary: '设置连续月数 / set the months for a region', body: putExitRuleBody, response: { 200: exitRuleDto } } },
    async (req) => withTx(deps.db, (tx) => putExitRule(tx, deps, actorOf(req), req.body)),
  );
  app.get(
    `${P}/exit-candidates`,
    { config: { access: Permission.RegistryRead }, schema: { tags, summary: '解困脱困候选 / exit candidates with reasons', querystring: exitCandidatesQuery, response: { 200: page(exitCandidateDto) } } },
    async (req) => exitCandidates(deps.db, deps, actorOf(req), req.query),
  );
  app.get(
    `${P}/households/:id/exit-assessment`,
    { config: { access: Permission.RegistryRead }, schema: { tags, summary: '一户的脱困判断 / exit assessment of a file', params: uuidParam, response: { 200: exitAssessmentDto } } },
    async (req) => assessHousehold(deps.db, deps, actorOf(req), req.params.id),
  );
  app.post(
    `${P}/households/:id/exit`,
    { config: { access: Permission.RegistryReview }, schema: { tags, summary: '签批解困脱困 / sign off an exit', params: uuidParam, body: exitBody, response: { 200: transitionResultDto } } },
    async (req) => withTx(deps.db, (tx) => signOffExit(tx, deps, actorOf(req), req.params.id, req.body)),
  );
  app.post(
    `${P}/households/:id/cancel`,
    { config: { access: Permission.RegistryReview }, schema: { tags, summary: '注销档案（须选原因）/ cancel a file with its reason', params: uuidParam, body: cancelBody, response: { 200: transitionResultDto } } },
    async (req) => withTx(deps.db, (tx) => cancelFile(tx, deps, actorOf(req), req.params.id, req.body)),
  );

  // ───── follow-up calls (回访) ─────
  app.get(
    `${P}/follow-ups/due`,
    { config: { access: Permission.RegistryRead }, schema: { tags, summary: '待回访 / follow-up calls due', querystring: followUpDueQuery, response: { 200: page(followUpDueDto) } } },
    async (req) => followUpsDue(deps.db, deps, actorOf(req), req.query),
  );
  app.get(
    `${P}/follow-ups/calls`,
    { config: { access: Permission.RegistryRead }, schema: { tags, summary: '回访记录 / recorded follow-up calls', querystring: followUpCallsQuery, response: { 200: page(followUpCallDto) } } },
    async (req) => listFollowUpCalls(deps.db, actorOf(req), req.query),
  );
  app.post(
    `${P}/follow-ups/calls`,
    { config: { access: Permission.RegistryWrite }, schema: { tags, summary: '记录回访 / record a follow-up call', body: recordFollowUpBody, response: { 201: followUpCallDto } } },
    async (req, reply) => reply.status(201).send(await withTx(deps.db, (tx) => recordFollowUp(tx, deps, actorOf(req), req.body))),
  );
  app.post(
    `${P}/follow-ups/calls/:id/reopen`,
    { config: { access: Permission.RegistryReview }, schema: { tags, summary: '返困重新打开档案 / re-open the file after a relapse', params: uuidParam, body: reopenBody, response: { 200: followUpCallDto } } },
    async (req) => withTx(deps.db, (tx) => reopenFromCall(tx, deps, actorOf(req), req.params.id, req.body)),
  );

  // ───── lists ─────
  const lists: Array<[string, DynamicListKind, string]> = [
    ['untouched', 'untouched', '一年未动的档案 / files untouched for a year'],
    ['never-assisted', 'never_assisted', '从未帮扶的档案 / files never assisted'],
  ];
  for (const [path, kind, summary] of lists) {
    app.get(
      `${P}/lists/${path}`,
      { config: { access: Permission.RegistryRead }, schema: { tags, summary, querystring: dynamicListQuery, response: { 200: page(dynamicListItem) } } },
      async (req) => dynamicList(deps.db, deps, actorOf(req), kind, req.query),
    );
    app.get(
      `${P}/lists/${path}/export`,
      { config: { access: Permission.RegistryExport }, schema: { tags, summary: `${summary}（导出 Excel / export）`, querystring: dynamicListExportQuery } },
      async (req, reply) => {
        const { buffer, filename } = await exportDynamicList(deps, actorOf(req), kind, req.query);
        reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        reply.header('content-disposition', `attachment; filename="${filename}"`);
        return reply.send(buffer);
      },
    );
  }
}
