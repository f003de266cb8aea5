import { z } from 'zod';
import { Permission } from '../../../contracts/auth';
import { listQuery, uuidParam } from '../../../contracts/common';
import {
  accountabilityDto,
  accountabilityQuery,
  closeAccountabilityBody,
  drawBody,
  findingDto,
  obligationDto,
  outcomeBody,
  spotCheckDto,
  spotCheckListItem,
} from '../../../contracts/oversight';
import { withTx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import { actorOf } from '../../platform/http/guard';
import type { ZApp } from '../../platform/http/types';
import { closeAccountability, exportAccountability, listAccountability, listObligations } from './accountability.service';
import { drawSpotCheck, getFinding, getSpotCheck, listSpotChecks, recordOutcome } from './spot-check.service';

const tags = ['oversight'];
const access = Permission.SpotCheckManage;
const P = '/api/v1/oversight';
const exportQuery = accountabilityQuery.omit({ cursor: true, limit: true });

export function registerOversightRoutes(app: ZApp, deps: Deps): void {
  app.get(
    `${P}/spot-checks`,
    { config: { access }, schema: { tags, summary: '抽查列表 / spot checks', querystring: listQuery, response: { 200: z.object({ items: z.array(spotCheckListItem), nextCursor: z.string().nullable() }) } } },
    async (req) => listSpotChecks(deps.db, actorOf(req), req.query),
  );

  app.post(
    `${P}/spot-checks`,
    { config: { access }, schema: { tags, summary: '按规则抽取样本（记录种子，可复现）/ draw a sample (seeded, reproducible)', body: drawBody, response: { 201: spotCheckDto } } },
    async (req, reply) => reply.status(201).send(await withTx(deps.db, (tx) => drawSpotCheck(tx, deps, actorOf(req), req.body))),
  );

  app.get(
    `${P}/spot-checks/:id`,
    { config: { access }, schema: { tags, summary: '抽查及样本 / a spot check and its sample', params: uuidParam, response: { 200: spotCheckDto } } },
    async (req) => getSpotCheck(deps.db, deps, actorOf(req), req.params.id),
  );

  app.post(
    `${P}/items/:id/outcome`,
    { config: { access }, schema: { tags, summary: '记录复核结果（签名，不可更改）/ record the re-check outcome (signed, final)', params: uuidParam, body: outcomeBody, response: { 200: findingDto } } },
    async (req) => withTx(deps.db, (tx) => recordOutcome(tx, deps, actorOf(req), req.params.id, req.body)),
  );

  app.get(
    `${P}/items/:id/finding`,
    { config: { access }, schema: { tags, summary: '倒查：签字人、追责与其他签字档案 / reverse audit: signers, accountability, other files', params: uuidParam, response: { 200: findingDto } } },
    async (req) => getFinding(deps.db, deps, actorOf(req), req.params.id),
  );

  app.get(
    `${P}/accountability`,
    { config: { access }, schema: { tags, summary: '追责记录 / accountability records', querystring: accountabilityQuery, response: { 200: z.object({ items: z.array(accountabilityDto), nextCursor: z.string().nullable() }) } } },
    async (req) => listAccountability(deps.db, deps, actorOf(req), req.query),
  );

  app.get(
    `${P}/accountability/export`,
    { config: { access }, schema: { tags, summary: '导出追责记录 Excel（审计）/ export accountability records (audited)', querystring: exportQuery } },
    async (req, reply) => {
      const { buffer, filename } = await exportAccountability(deps, actorOf(req), req.query);
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('content-disposition', `attachment; filename="${filename}"`);
      return reply.send(buffer);
    },
  );

  app.post(
    `${P}/accountability/:id/close`,
    { config: { access }, schema: { tags, summary: '办结追责记录 / close an accountability record', params: uuidParam, body: closeAccountabilityBody, response: { 200: accountabilityDto } } },
    async (req) => withTx(deps.db, (tx) => closeAccountability(tx, deps, actorOf(req), req.params.id, req.body.closingNote)),
  );

  app.get(
    `${P}/obligations`,
    {
      config: { access },
      schema: {
        tags,
        summary: '待救助模块执行的义务（撤销、追回）/ obligations recorded for the aid module',
        querystring: z.strictObject({ householdId: z.uuid().optional(), status: z.enum(['open', 'done']).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ items: z.array(obligationDto), nextCursor: z.null() }) },
      },
    },
    async (req) => ({ items: await listObligations(deps.db, actorOf(req), req.query), nextCursor: null }),
  );
}
