import { z } from 'zod';
import { Permission } from '../../../contracts/auth';
import { emptyBody, uuidParam } from '../../../contracts/common';
import { newDraftInput, schemeDraftInput, schemeListQuery, schemeListResponse, schemeVersionDto, schemeVersionListResponse, simulateBody, simulateResponse } from '../../../contracts/mutual-aid';
import { withTx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import { actorOf } from '../../platform/http/guard';
import type { ZApp } from '../../platform/http/types';
import { registerClaimRoutes } from './claim.routes';
import { registerContributionRoutes } from './contribution.routes';
import { registerEnrolmentRoutes } from './enrolment.routes';
import { registerMutualAidStatsRoutes } from './stats.routes';
import { createDraft, getVersion, listSchemes, listVersions, newDraftFrom, publishVersion, updateDraft } from './scheme.service';
import { simulate } from './simulate.service';

const tags = ['mutual-aid'];
const P = '/api/v1/mutual-aid';
const read = Permission.MutualAidRead;
const manage = Permission.MutualAidManage;
const codeParam = z.strictObject({ code: z.string().trim().min(1).max(32) });

/** 职工医疗互助: the schemes (stored, versioned) and the what-if benefit calculator. Thin: the services check scope. */
export function registerMutualAidRoutes(app: ZApp, deps: Deps): void {
  app.get(
    `${P}/schemes`,
    {
      config: { access: read },
      schema: { tags, summary: '互助方案及其计划（最新已发布版本）/ mutual-aid schemes with their plans (latest published version)', querystring: schemeListQuery, response: { 200: schemeListResponse } },
    },
    async (req) => listSchemes(deps.db, actorOf(req), { withDrafts: req.query.withDrafts === 'true' }),
  );
  app.get(
    `${P}/schemes/:code/versions`,
    { config: { access: read }, schema: { tags, summary: '一个方案的各版本 / the versions of a scheme', params: codeParam, response: { 200: schemeVersionListResponse } } },
    async (req) => listVersions(deps.db, actorOf(req), req.params.code),
  );
  app.get(
    `${P}/scheme-versions/:id`,
    { config: { access: read }, schema: { tags, summary: '一个方案版本（完整规则）/ one scheme version with its rules', params: uuidParam, response: { 200: schemeVersionDto } } },
    async (req) => getVersion(deps.db, actorOf(req), req.params.id),
  );
  app.post(
    `${P}/schemes`,
    { config: { access: manage }, schema: { tags, summary: '新方案（草稿）/ a new scheme as a draft', body: schemeDraftInput, response: { 201: schemeVersionDto } } },
    async (req, reply) => reply.status(201).send(await withTx(deps.db, (tx) => createDraft(tx, deps, actorOf(req), req.body))),
  );
  app.put(
    `${P}/scheme-versions/:id`,
    { config: { access: manage }, schema: { tags, summary: '修改草稿（已发布版本不可修改）/ edit a draft (a published version never changes)', params: uuidParam, body: schemeDraftInput, response: { 200: schemeVersionDto } } },
    async (req) => withTx(deps.db, (tx) => updateDraft(tx, deps, actorOf(req), req.params.id, req.body)),
  );
  app.post(
    `${P}/scheme-versions/:id/publish`,
    { config: { access: manage }, schema: { tags, summary: '发布草稿：此后不可修改 / publish a draft: immutable from then on', params: uuidParam, body: emptyBody, response: { 200: schemeVersionDto } } },
    async (req) => withTx(deps.db, (tx) => publishVersion(tx, deps, actorOf(req), req.params.id)),
  );
  app.post(
    `${P}/scheme-versions/:id/new-draft`,
    { config: { access: manage }, schema: { tags, summary: '从已发布版本新建草稿 / a new draft from a published version', params: uuidParam, body: newDraftInput, response: { 201: schemeVersionDto } } },
    async (req, reply) => reply.status(201).send(await withTx(deps.db, (tx) => newDraftFrom(tx, deps, actorOf(req), req.params.id, req.body))),
  );
  app.post(
    `${P}/simulate`,
    {
      config: { access: read },
      schema: {
        tags,
        summary: '互助测算（不保存）：按事故日施行的方案版本逐笔计算给付、原因与计算过程 / what-if under the version in force on each event date: payout, reason and trace per claim (saves nothing)',
        body: simulateBody,
        response: { 200: simulateResponse },
      },
    },
    async (req) => simulate(deps.db, actorOf(req), req.body),
  );
  registerEnrolmentRoutes(app, deps);
  registerContributionRoutes(app, deps);
  registerClaimRoutes(app, deps);
  registerMutualAidStatsRoutes(app, deps);
}
