import { z } from 'zod';
import { Permission } from '../../../contracts/auth';
import { uuidParam } from '../../../contracts/common';
import {
  fourLooksBody,
  fourLooksDto,
  householdDto,
  householdInput,
  householdListItem,
  householdListQuery,
  householdUpdateInput,
  measureBody,
  measureDto,
  measureUpdateBody,
  planBody,
  planDto,
  transitionBody,
} from '../../../contracts/registry';
import { withTx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import { actorOf } from '../../platform/http/guard';
import { plainJsonSerializer } from '../../platform/http/serialize';
import type { ZApp } from '../../platform/http/types';
import { addFourLooks, listFourLooks } from './four-looks.service';
import { exportHouseholds } from './household-export.service';
import { listHouseholds } from './household-search.service';
import { createHousehold, explainOpenFileConflict, getHousehold, householdHistory, revealMember, transitionHousehold, updateHousehold } from './household.service';
import { addMeasure, getPlan, overdueMeasures, putPlan, updateMeasure } from './plan.service';

const tags = ['registry'];
const memberParams = z.strictObject({ id: z.uuid(), memberId: z.uuid() });
/** The list's answer: a page of list items and the cursor of the next page. */
export const householdListResponse = z.object({ items: z.array(householdListItem), nextCursor: z.string().nullable() });
const exportQuery = householdListQuery.omit({ sort: true, order: true, cursor: true, limit: true });

export function registerHouseholdRoutes(app: ZApp, deps: Deps): void {
  app.get(
    '/api/v1/registry/households',
    {
      config: { access: Permission.RegistryRead },
      schema: { tags, summary: '困难职工家庭列表 / household files', querystring: householdListQuery, response: { 200: householdListResponse } },
      // the items are built field by field from the contract type (listItem): written as they are, not re-encoded
      serializerCompiler: plainJsonSerializer,
    },
    async (req) => listHouseholds(deps.db, deps, actorOf(req), req.query),
  );

  app.get(
    '/api/v1/registry/households/export',
    { config: { access: Permission.RegistryExport }, schema: { tags, summary: '导出 Excel（脱敏，审计）/ export to Excel (masked, audited)', querystring: exportQuery } },
    async (req, reply) => {
      const { stream, filename } = await exportHouseholds(deps, actorOf(req), req.query);
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('content-disposition', `attachment; filename="${filename}"`);
      return reply.send(stream);
    },
  );

  app.post(
    '/api/v1/registry/households',
    { config: { access: Permission.RegistryWrite }, schema: { tags, summary: '新建档案（摸底）/ create a file (draft)', body: householdInput, response: { 201: householdDto } } },
    async (req, reply) => {
      const actor = actorOf(req);
      const dto = await withTx(deps.db, (tx) => createHousehold(tx, deps, actor, req.body)).catch((e) => explainOpenFileConflict(e, deps.db, actor, req.body, deps.cipher));
      return reply.status(201).send(dto);
    },
  );

  app.get(
    '/api/v1/registry/households/:id',
    { config: { access: Permission.RegistryRead }, schema: { tags, summary: '家庭档案 / one file', params: uuidParam, response: { 200: householdDto } } },
    async (req) => getHousehold(deps.db, deps, actorOf(req), req.params.id),
  );

  app.put(
    '/api/v1/registry/households/:id',
    { config: { access: Permission.RegistryWrite }, schema: { tags, summary: '修改档案（重新识别）/ edit a file (re-identified)', params: uuidParam, body: householdUpdateInput, response: { 200: householdDto } } },
    async (req) => {
      const actor = actorOf(req);
      return withTx(deps.db, (tx) => updateHousehold(tx, deps, actor, req.params.id, req.body)).catch((e) =>
        explainOpenFileConflict(e, deps.db, actor, { members: req.body.members.filter((m): m is typeof m & { idNumber: string } => !!m.idNumber) }, deps.cipher, req.params.id),
      );
    },
  );

  app.post(
    '/api/v1/registry/households/:id/transition',
    { config: { access: Permission.RegistryWrite }, schema: { tags, summary: '状态流转（签名）/ move through the lifecycle (signed)', params: uuidParam, body: transitionBody, response: { 200: householdDto } } },
    async (req) => withTx(deps.db, (tx) => transitionHousehold(tx, deps, actorOf(req), req.params.id, req.body)),
  );

  app.get(
    '/api/v1/registry/households/:id/history',
    { config: { access: Permission.RegistryRead }, schema: { tags, summary: '流转记录与审计 / lifecycle and audit trail', params: uuidParam } },
    async (req) => householdHistory(deps.db, actorOf(req), req.params.id),
  );

  app.post(
    '/api/v1/registry/households/:id/members/:memberId/reveal',
    {
      config: { access: Permission.PiiReveal },
      schema: {
        tags,
        summary: '查看成员完整证件号/电话（审计）/ reveal a member’s ID or phone (audited)',
        params: memberParams,
        body: z.strictObject({ fields: z.array(z.enum(['idNumber', 'phone'])).min(1), reason: z.string().trim().min(2).max(200) }),
        response: { 200: z.object({ idNumber: z.string().nullable().optional(), phone: z.string().nullable().optional() }) },
      },
    },
    async (req) => withTx(deps.db, (tx) => revealMember(tx, deps, actorOf(req), req.params.id, req.params.memberId, req.body.fields, req.body.reason)),
  );

  app.get(
    '/api/v1/registry/households/:id/four-looks',
    { config: { access: Permission.RegistryRead }, schema: { tags, summary: '四看法记录 / four-looks assessments', params: uuidParam, response: { 200: z.object({ items: z.array(fourLooksDto) }) } } },
    async (req) => ({ items: await listFourLooks(deps.db, actorOf(req), req.params.id) }),
  );

  app.post(
    '/api/v1/registry/households/:id/four-looks',
    { config: { access: Permission.RegistryWrite }, schema: { tags, summary: '记录四看法 / record a four-looks assessment', params: uuidParam, body: fourLooksBody, response: { 201: fourLooksDto } } },
    async (req, reply) => reply.status(201).send(await withTx(deps.db, (tx) => addFourLooks(tx, deps, actorOf(req), req.params.id, req.body))),
  );

  app.get(
    '/api/v1/registry/households/:id/plan',
    { config: { access: Permission.RegistryRead }, schema: { tags, summary: '帮扶计划 / the plan', params: uuidParam, response: { 200: z.object({ plan: planDto.nullable() }) } } },
    async (req) => getPlan(deps.db, deps, actorOf(req), req.params.id),
  );

  app.put(
    '/api/v1/registry/households/:id/plan',
    { config: { access: Permission.RegistryWrite }, schema: { tags, summary: '设定帮扶计划 / set the plan', params: uuidParam, body: planBody, response: { 200: planDto } } },
    async (req) => withTx(deps.db, (tx) => putPlan(tx, deps, actorOf(req), req.params.id, req.body)),
  );

  app.post(
    '/api/v1/registry/households/:id/plan/measures',
    { config: { access: Permission.RegistryWrite }, schema: { tags, summary: '添加帮扶措施 / add a measure', params: uuidParam, body: measureBody, response: { 200: planDto } } },
    async (req) => withTx(deps.db, (tx) => addMeasure(tx, deps, actorOf(req), req.params.id, req.body)),
  );

  app.patch(
    '/api/v1/registry/measures/:id',
    { config: { access: Permission.RegistryWrite }, schema: { tags, summary: '更新措施 / update a measure', params: uuidParam, body: measureUpdateBody, response: { 200: planDto } } },
    async (req) => withTx(deps.db, (tx) => updateMeasure(tx, deps, actorOf(req), req.params.id, req.body)),
  );

  app.get(
    '/api/v1/registry/measures/overdue',
    {
      config: { access: Permission.RegistryRead },
      schema: { tags, summary: '逾期措施 / overdue measures', response: { 200: z.object({ items: z.array(measureDto.extend({ householdId: z.string(), archiveNo: z.string().nullable(), workerName: z.string() })) }) } },
    },
    async (req) => ({ items: await overdueMeasures(deps.db, deps, actorOf(req)) }),
  );
}
