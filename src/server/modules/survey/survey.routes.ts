import { z } from 'zod';
import { Permission } from '../../../contracts/auth';
import { uuidParam } from '../../../contracts/common';
import {
  assignBody,
  assignmentDto,
  assignmentListQuery,
  campaignBody,
  campaignDto,
  campaignListItem,
  campaignListQuery,
  campaignReport,
  campaignTransitionBody,
  campaignUpdateBody,
  questionnaireBody,
  responseBody,
  responseDto,
  responseUpdateBody,
  teamBody,
} from '../../../contracts/survey';
import { withTx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import { actorOf } from '../../platform/http/guard';
import type { ZApp } from '../../platform/http/types';
import { assignHouseholds, getAssignment, listAssignments, removeAssignment } from './assignment.service';
import { createCampaign, getCampaign, listCampaigns, putQuestionnaire, transitionCampaign, updateCampaign } from './campaign.service';
import { campaignReport as buildReport, exportCampaignReport } from './report.service';
import { getResponse, submitResponse, updateResponse } from './response.service';
import { addTeam, deleteTeam, updateTeam } from './team.service';

const tags = ['survey'];
const C = '/api/v1/survey/campaigns';
const teamParams = z.strictObject({ id: z.uuid(), teamId: z.uuid() });
const assignmentParams = z.strictObject({ id: z.uuid(), assignmentId: z.uuid() });

export function registerSurveyRoutes(app: ZApp, deps: Deps): void {
  app.get(
    C,
    { config: { access: Permission.SurveyRespond }, schema: { tags, summary: '调研活动列表 / survey campaigns', querystring: campaignListQuery, response: { 200: z.object({ items: z.array(campaignListItem), nextCursor: z.string().nullable() }) } } },
    async (req) => listCampaigns(deps.db, actorOf(req), req.query),
  );

  app.post(C, { config: { access: Permission.SurveyManage }, schema: { tags, summary: '新建调研活动 / create a campaign', body: campaignBody, response: { 201: campaignDto } } }, async (req, reply) =>
    reply.status(201).send(await withTx(deps.db, (tx) => createCampaign(tx, deps, actorOf(req), req.body))),
  );

  app.get(`${C}/:id`, { config: { access: Permission.SurveyRespond }, schema: { tags, summary: '调研活动 / one campaign', params: uuidParam, response: { 200: campaignDto } } }, async (req) =>
    getCampaign(deps.db, deps, actorOf(req), req.params.id),
  );

  app.put(`${C}/:id`, { config: { access: Permission.SurveyManage }, schema: { tags, summary: '修改调研活动 / edit a campaign', params: uuidParam, body: campaignUpdateBody, response: { 200: campaignDto } } }, async (req) =>
    withTx(deps.db, (tx) => updateCampaign(tx, deps, actorOf(req), req.params.id, req.body)),
  );

  app.put(
    `${C}/:id/questionnaire`,
    { config: { access: Permission.SurveyManage }, schema: { tags, summary: '设置问卷（开始后锁定）/ set the questionnaire (frozen once open)', params: uuidParam, body: questionnaireBody, response: { 200: campaignDto } } },
    async (req) => withTx(deps.db, (tx) => putQuestionnaire(tx, deps, actorOf(req), req.params.id, req.body)),
  );

  app.post(
    `${C}/:id/transition`,
    { config: { access: Permission.SurveyManage }, schema: { tags, summary: '开始或结束调研 / open or close a campaign', params: uuidParam, body: campaignTransitionBody, response: { 200: campaignDto } } },
    async (req) => withTx(deps.db, (tx) => transitionCampaign(tx, deps, actorOf(req), req.params.id, req.body)),
  );

  app.post(`${C}/:id/teams`, { config: { access: Permission.SurveyManage }, schema: { tags, summary: '新建调研组 / add a team', params: uuidParam, body: teamBody, response: { 200: campaignDto } } }, async (req) =>
    withTx(deps.db, (tx) => addTeam(tx, deps, actorOf(req), req.params.id, req.body)),
  );

  app.put(`${C}/:id/teams/:teamId`, { config: { access: Permission.SurveyManage }, schema: { tags, summary: '修改调研组 / edit a team', params: teamParams, body: teamBody, response: { 200: campaignDto } } }, async (req) =>
    withTx(deps.db, (tx) => updateTeam(tx, deps, actorOf(req), req.params.id, req.params.teamId, req.body)),
  );

  app.delete(`${C}/:id/teams/:teamId`, { config: { access: Permission.SurveyManage }, schema: { tags, summary: '删除调研组 / remove a team', params: teamParams, response: { 200: campaignDto } } }, async (req) =>
    withTx(deps.db, (tx) => deleteTeam(tx, deps, actorOf(req), req.params.id, req.params.teamId)),
  );

  app.post(
    `${C}/:id/assignments`,
    {
      config: { access: Permission.SurveyManage },
      schema: { tags, summary: '分配调研对象（户或地区）/ assign households or areas to a team', params: uuidParam, body: assignBody, response: { 200: z.object({ added: z.number().int(), skipped: z.number().int(), outsideScope: z.number().int() }) } },
    },
    async (req) => withTx(deps.db, (tx) => assignHouseholds(tx, deps, actorOf(req), req.params.id, req.body)),
  );

  app.get(
    `${C}/:id/assignments`,
    { config: { access: Permission.SurveyRespond }, schema: { tags, summary: '调研对象 / assigned households', params: uuidParam, querystring: assignmentListQuery, response: { 200: z.object({ items: z.array(assignmentDto), nextCursor: z.string().nullable() }) } } },
    async (req) => listAssignments(deps.db, actorOf(req), req.params.id, req.query),
  );

  app.get(
    `${C}/:id/assignments/:assignmentId`,
    { config: { access: Permission.SurveyRespond }, schema: { tags, summary: '一个调研对象 / one assigned household', params: assignmentParams, response: { 200: assignmentDto } } },
    async (req) => getAssignment(deps.db, actorOf(req), req.params.id, req.params.assignmentId),
  );

  app.delete(
    `${C}/:id/assignments/:assignmentId`,
    { config: { access: Permission.SurveyManage }, schema: { tags, summary: '取消分配 / unassign a household', params: assignmentParams, response: { 200: z.object({ ok: z.boolean() }) } } },
    async (req) => {
      await withTx(deps.db, (tx) => removeAssignment(tx, deps, actorOf(req), req.params.id, req.params.assignmentId));
      return { ok: true };
    },
  );

  app.post(
    `${C}/:id/responses`,
    {
      config: { access: Permission.SurveyRespond },
      schema: { tags, summary: '提交问卷（重复提交只保存一次）/ submit a response (stored once)', params: uuidParam, body: responseBody, response: { 200: responseDto, 201: responseDto } },
    },
    async (req, reply) => {
      const { response, replayed } = await withTx(deps.db, (tx) => submitResponse(tx, deps, actorOf(req), req.params.id, req.body));
      return reply.status(replayed ? 200 : 201).send(response);
    },
  );

  app.get('/api/v1/survey/responses/:id', { config: { access: Permission.SurveyRespond }, schema: { tags, summary: '一份问卷 / one response', params: uuidParam, response: { 200: responseDto } } }, async (req) =>
    getResponse(deps.db, actorOf(req), req.params.id),
  );

  app.put(
    '/api/v1/survey/responses/:id',
    { config: { access: Permission.SurveyRespond }, schema: { tags, summary: '修改问卷（保留填报人与时间）/ edit a response', params: uuidParam, body: responseUpdateBody, response: { 200: responseDto } } },
    async (req) => withTx(deps.db, (tx) => updateResponse(tx, deps, actorOf(req), req.params.id, req.body)),
  );

  app.get(`${C}/:id/report`, { config: { access: Permission.SurveyManage }, schema: { tags, summary: '调研报告 / campaign report', params: uuidParam, response: { 200: campaignReport } } }, async (req) =>
    buildReport(deps.db, actorOf(req), req.params.id),
  );

  app.get(`${C}/:id/report.xlsx`, { config: { access: Permission.SurveyManage }, schema: { tags, summary: '导出调研报告（审计）/ export the report (audited)', params: uuidParam } }, async (req, reply) => {
    const { buffer, filename } = await exportCampaignReport(deps, actorOf(req), req.params.id);
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', `attachment; filename="${filename}"`);
    return reply.send(buffer);
  });
}
