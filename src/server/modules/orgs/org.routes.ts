import { z } from 'zod';
import { Permission } from '../../../contracts/auth';
import { listResponse, uuidParam } from '../../../contracts/common';
import { createOrgBody, moveOrgBody, orgDto, orgListQuery, updateOrgBody } from '../../../contracts/orgs';
import { withTx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import { actorOf } from '../../platform/http/guard';
import type { ZApp } from '../../platform/http/types';
import { divisionsOf, division } from './division';
import { createOrg, getOrg, listOrgs, moveOrg, orgAncestors, updateOrg } from './org.service';

const tags = ['orgs'];

export function registerOrgRoutes(app: ZApp, deps: Deps): void {
  app.get(
    '/api/v1/orgs',
    { config: { access: Permission.OrgRead }, schema: { tags, summary: '组织列表/树的一层 / list orgs or one tree level', querystring: orgListQuery, response: { 200: listResponse(orgDto) } } },
    async (req) => listOrgs(deps.db, actorOf(req), req.query),
  );

  app.get(
    '/api/v1/orgs/regions',
    {
      config: { access: Permission.OrgRead },
      schema: {
        tags,
        summary: '行政区划 (GB/T 2260) / divisions',
        querystring: z.strictObject({ within: z.string().regex(/^\d{2,6}$/).default('52') }),
        response: { 200: z.object({ items: z.array(z.object({ code: z.string(), name: z.string(), level: z.string(), parentCode: z.string().nullable() })) }) },
      },
    },
    async (req) => {
      const within = req.query.within;
      const province = within.slice(0, 2);
      if (!division(province)) return { items: [] };
      return { items: divisionsOf(province).filter((d) => d.code.startsWith(within)) };
    },
  );

  app.get(
    '/api/v1/orgs/:id',
    { config: { access: Permission.OrgRead }, schema: { tags, summary: '组织详情 / one org', params: uuidParam, response: { 200: orgDto } } },
    async (req) => getOrg(deps.db, actorOf(req), req.params.id),
  );

  app.get(
    '/api/v1/orgs/:id/ancestors',
    { config: { access: Permission.OrgRead }, schema: { tags, summary: '上级链 / ancestors', params: uuidParam, response: { 200: z.object({ items: z.array(orgDto) }) } } },
    async (req) => ({ items: await orgAncestors(deps.db, actorOf(req), req.params.id) }),
  );

  app.post(
    '/api/v1/orgs',
    { config: { access: Permission.OrgManage }, schema: { tags, summary: '新建基层/产业工会或第三方机构 / create an org', body: createOrgBody, response: { 201: orgDto } } },
    async (req, reply) => {
      const org = await withTx(deps.db, (tx) => createOrg(tx, actorOf(req), deps.clock, req.body));
      return reply.status(201).send(org);
    },
  );

  app.patch(
    '/api/v1/orgs/:id',
    { config: { access: Permission.OrgManage }, schema: { tags, summary: '修改组织 / update an org', params: uuidParam, body: updateOrgBody, response: { 200: orgDto } } },
    async (req) => withTx(deps.db, (tx) => updateOrg(tx, actorOf(req), deps.clock, req.params.id, req.body)),
  );

  app.post(
    '/api/v1/orgs/:id/move',
    { config: { access: Permission.OrgManage }, schema: { tags, summary: '移动组织 / move an org', params: uuidParam, body: moveOrgBody, response: { 200: orgDto } } },
    async (req) => withTx(deps.db, (tx) => moveOrg(tx, actorOf(req), deps.clock, req.params.id, req.body.parentId)),
  );
}
