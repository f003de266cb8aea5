import { z } from 'zod';
import {
  applyInput,
  awardDto,
  awardsQuery,
  checkInput,
  depositInput,
  confirmResult,
  eligibilityResult,
  noticeDto,
  noticeInput,
  objectionDto,
  objectionInput,
  programDto,
  programInput,
  programPatch,
  programsQuery,
  rejectInput,
  resolveObjectionInput,
  reviewInput,
  rulesVersionDto,
  rulesVersionInput,
} from '../../../contracts/aid';
import { Permission } from '../../../contracts/auth';
import { emptyBody, uuidParam } from '../../../contracts/common';
import { withTx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import { actorOf } from '../../platform/http/guard';
import { idempotent } from '../../platform/http/idempotency';
import type { ZApp } from '../../platform/http/types';
import { applyForAward, approveAward, checkEligibility, getAward, listAwards, rejectAward, withdrawAward } from './award.service';
import { confirmAward, confirmNotice, getNotice, listNotices, listObjections, noticeWorkbook, publicNotice, publishNotice, raiseObjection, resolveObjection } from './notice.service';
import { recordDeposit } from './fund.service';
import { addRulesVersion, getProgram, listPrograms, programRulesHistory, updateProgram, createProgram } from './program.service';

const tags = ['aid'];
const P = '/api/v1/aid';
const read = Permission.AidRead;
const list = <T extends z.ZodTypeAny>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Programs, applications and awards, public notices and objections. Thin: the services check roles and scope. */
export function registerAidRoutes(app: ZApp, deps: Deps): void {
  // ───── programs ─────
  app.get(`${P}/programs`, { config: { access: read }, schema: { tags, summary: '帮扶项目 / aid programs', querystring: programsQuery, response: { 200: list(programDto) } } }, async (req) => listPrograms(deps.db, actorOf(req), req.query));
  app.post(
    `${P}/programs`,
    { config: { access: Permission.AidReview }, schema: { tags, summary: '设立项目（资助单位审核人）/ create a program', body: programInput, response: { 201: programDto } } },
    async (req, reply) => reply.status(201).send(await withTx(deps.db, (tx) => createProgram(tx, deps, actorOf(req), req.body))),
  );
  app.get(`${P}/programs/:id`, { config: { access: read }, schema: { tags, summary: '一个项目 / one program', params: uuidParam, response: { 200: programDto } } }, async (req) => getProgram(deps.db, actorOf(req), req.params.id));
  app.patch(
    `${P}/programs/:id`,
    { config: { access: Permission.AidReview }, schema: { tags, summary: '修改项目（预算、申请期、公示天数、状态）/ edit a program', params: uuidParam, body: programPatch, response: { 200: programDto } } },
    async (req) => withTx(deps.db, (tx) => updateProgram(tx, deps, actorOf(req), req.params.id, req.body)),
  );
  app.get(`${P}/programs/:id/rules`, { config: { access: read }, schema: { tags, summary: '规则版本 / rules versions', params: uuidParam, response: { 200: z.array(rulesVersionDto) } } }, async (req) => programRulesHistory(deps.db, actorOf(req), req.params.id));
  app.post(
    `${P}/programs/:id/rules`,
    { config: { access: Permission.AidReview }, schema: { tags, summary: '新的资格与金额规则（新版本）/ new rules version', params: uuidParam, body: rulesVersionInput.extend({ version: z.number().int().min(1) }), response: { 200: programDto } } },
    async (req) => withTx(deps.db, (tx) => addRulesVersion(tx, deps, actorOf(req), req.params.id, req.body)),
  );

  app.post(
    `${P}/deposits`,
    {
      config: { access: Permission.AidDisburse },
      schema: {
        tags,
        summary: '资金入账（财务）/ record funds received (finance)',
        body: depositInput,
        response: { 201: z.object({ entryId: z.string(), entryNo: z.string(), fund: z.object({ code: z.string(), balanceFen: z.number().int() }), bank: z.object({ code: z.string(), balanceFen: z.number().int() }) }) },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const key = req.headers['idempotency-key'];
      const res = await idempotent(deps.db, actor, typeof key === 'string' ? key : undefined, 'aid.deposit', req.body, deps.clock.now(), async (tx) => ({ status: 201, body: await recordDeposit(tx, deps, actor, req.body) }));
      return reply.status(201).send(res.body);
    },
  );

  // ───── eligibility, applications, review ─────
  app.post(
    `${P}/programs/:id/check`,
    { config: { access: read }, schema: { tags, summary: '资格审查（逐条说明）/ check eligibility, rule by rule', params: uuidParam, body: checkInput, response: { 200: eligibilityResult } } },
    async (req) => checkEligibility(deps.db, deps, actorOf(req), req.params.id, req.body),
  );
  app.post(
    `${P}/programs/:id/applications`,
    { config: { access: Permission.AidApply }, schema: { tags, summary: '代为申请 / apply on a household’s behalf', params: uuidParam, body: applyInput, response: { 201: awardDto } } },
    async (req, reply) => reply.status(201).send(await withTx(deps.db, (tx) => applyForAward(tx, deps, actorOf(req), req.params.id, req.body))),
  );
  app.get(`${P}/awards`, { config: { access: read }, schema: { tags, summary: '申请与资助 / applications and awards', querystring: awardsQuery, response: { 200: list(awardDto) } } }, async (req) => listAwards(deps.db, deps, actorOf(req), req.query));
  app.get(`${P}/awards/:id`, { config: { access: read }, schema: { tags, summary: '一笔申请 / one award', params: uuidParam, response: { 200: awardDto } } }, async (req) => getAward(deps.db, deps, actorOf(req), req.params.id));
  app.post(
    `${P}/awards/:id/approve`,
    { config: { access: Permission.AidReview }, schema: { tags, summary: '审核通过（占用预算）/ approve (commits the budget)', params: uuidParam, body: reviewInput, response: { 200: awardDto } } },
    async (req) => withTx(deps.db, (tx) => approveAward(tx, deps, actorOf(req), req.params.id, req.body)),
  );
  app.post(
    `${P}/awards/:id/reject`,
    { config: { access: Permission.AidReview }, schema: { tags, summary: '审核不通过 / reject', params: uuidParam, body: rejectInput, response: { 200: awardDto } } },
    async (req) => withTx(deps.db, (tx) => rejectAward(tx, deps, actorOf(req), req.params.id, req.body)),
  );
  app.post(
    `${P}/awards/:id/withdraw`,
    { config: { access: Permission.AidApply }, schema: { tags, summary: '撤回申请 / withdraw', params: uuidParam, body: emptyBody, response: { 200: awardDto } } },
    async (req) => withTx(deps.db, (tx) => withdrawAward(tx, deps, actorOf(req), req.params.id)),
  );
  app.post(
    `${P}/awards/:id/confirm`,
    { config: { access: Permission.AidReview }, schema: { tags, summary: '公示期满确认一笔 / confirm one award after the notice', params: uuidParam, body: emptyBody, response: { 200: awardDto } } },
    async (req) => withTx(deps.db, (tx) => confirmAward(tx, deps, actorOf(req), req.params.id)),
  );

  // ───── public notice and objections ─────
  app.post(
    `${P}/programs/:id/notices`,
    { config: { access: Permission.AidReview }, schema: { tags, summary: '发布公示（审核通过的全部申请）/ publish the notice', params: uuidParam, body: noticeInput, response: { 201: noticeDto } } },
    async (req, reply) => reply.status(201).send(await withTx(deps.db, (tx) => publishNotice(tx, deps, actorOf(req), req.params.id, req.body))),
  );
  app.get(`${P}/notices`, { config: { access: read }, schema: { tags, summary: '公示（某项目或全部可见项目）/ notices of a program or of every visible program', querystring: z.strictObject({ programId: z.uuid().optional() }), response: { 200: z.array(noticeDto) } } }, async (req) => listNotices(deps.db, deps, actorOf(req), req.query.programId));
  app.get(`${P}/notices/:id`, { config: { access: read }, schema: { tags, summary: '一次公示 / one notice', params: uuidParam, response: { 200: noticeDto } } }, async (req) => getNotice(deps.db, deps, actorOf(req), req.params.id));
  app.get(`${P}/notices/:id/export`, { config: { access: read }, schema: { tags, summary: '公示名单 Excel / the notice as .xlsx', params: uuidParam } }, async (req, reply) => {
    const { buffer, filename } = await noticeWorkbook(deps.db, deps, actorOf(req), req.params.id);
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', `attachment; filename="${filename}"`);
    return reply.send(buffer);
  });
  app.get(
    '/api/v1/public/aid-notices/:id',
    { config: { access: 'public' }, schema: { tags, summary: '公示名单（公开，姓名脱敏）/ public notice (masked names)', params: uuidParam, response: { 200: noticeDto } } },
    async (req) => publicNotice(deps.db, deps, req.params.id),
  );
  app.post(
    `${P}/notices/:id/confirm`,
    { config: { access: Permission.AidReview }, schema: { tags, summary: '公示期满确认 / confirm after the notice period', params: uuidParam, body: emptyBody, response: { 200: confirmResult } } },
    async (req) => withTx(deps.db, (tx) => confirmNotice(tx, deps, actorOf(req), req.params.id)),
  );
  app.post(
    `${P}/awards/:id/objections`,
    { config: { access: read }, schema: { tags, summary: '登记异议（暂停该笔）/ record an objection (pauses the award)', params: uuidParam, body: objectionInput, response: { 201: objectionDto } } },
    async (req, reply) => reply.status(201).send(await withTx(deps.db, (tx) => raiseObjection(tx, deps, actorOf(req), req.params.id, req.body))),
  );
  app.get(`${P}/awards/:id/objections`, { config: { access: read }, schema: { tags, summary: '一笔的异议 / objections to an award', params: uuidParam, response: { 200: z.array(objectionDto) } } }, async (req) => listObjections(deps.db, actorOf(req), req.params.id));
  app.post(
    `${P}/objections/:id/resolve`,
    { config: { access: Permission.AidReview }, schema: { tags, summary: '处理异议（成立则撤销）/ resolve an objection (upheld revokes)', params: uuidParam, body: resolveObjectionInput, response: { 200: objectionDto } } },
    async (req) => withTx(deps.db, (tx) => resolveObjection(tx, deps, actorOf(req), req.params.id, req.body)),
  );
}
