import { Permission } from '../../../contracts/auth';
import { listResponse, uuidParam } from '../../../contracts/common';
import { createUserBody, resetPasswordBody, revealBody, revealResponse, setStatusBody, updateUserBody, userDto, userListQuery } from '../../../contracts/users';
import { withTx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import { actorOf } from '../../platform/http/guard';
import type { ZApp } from '../../platform/http/types';
import { createUser, getUser, listUsers, resetPassword, revealUserPii, setUserStatus, updateUser } from './user.service';

const tags = ['users'];

export function registerUserRoutes(app: ZApp, deps: Deps): void {
  app.get(
    '/api/v1/auth/users',
    { config: { access: Permission.UserRead }, schema: { tags, summary: '用户列表 / list users', querystring: userListQuery, response: { 200: listResponse(userDto) } } },
    async (req) => listUsers(deps, actorOf(req), { ...req.query, includeSubOrgs: req.query.includeSubOrgs === 'true' }),
  );

  app.get(
    '/api/v1/auth/users/:id',
    { config: { access: Permission.UserRead }, schema: { tags, summary: '用户详情 / one user', params: uuidParam, response: { 200: userDto } } },
    async (req) => getUser(deps, actorOf(req), req.params.id),
  );

  app.post(
    '/api/v1/auth/users',
    { config: { access: Permission.UserManage }, schema: { tags, summary: '新建用户 / create a user', body: createUserBody, response: { 201: userDto } } },
    async (req, reply) => {
      const user = await withTx(deps.db, (tx) => createUser(tx, deps, actorOf(req), req.body));
      return reply.status(201).send(user);
    },
  );

  app.patch(
    '/api/v1/auth/users/:id',
    { config: { access: Permission.UserManage }, schema: { tags, summary: '修改用户 / update a user', params: uuidParam, body: updateUserBody, response: { 200: userDto } } },
    async (req) => withTx(deps.db, (tx) => updateUser(tx, deps, actorOf(req), req.params.id, req.body)),
  );

  app.post(
    '/api/v1/auth/users/:id/status',
    { config: { access: Permission.UserManage }, schema: { tags, summary: '启用/停用 / enable or disable', params: uuidParam, body: setStatusBody, response: { 200: userDto } } },
    async (req) => withTx(deps.db, (tx) => setUserStatus(tx, deps, actorOf(req), req.params.id, req.body.status)),
  );

  app.post(
    '/api/v1/auth/users/:id/reset-password',
    { config: { access: Permission.UserManage }, schema: { tags, summary: '重置密码 / reset password', params: uuidParam, body: resetPasswordBody } },
    async (req, reply) => {
      await withTx(deps.db, (tx) => resetPassword(tx, deps, actorOf(req), req.params.id, req.body.newPassword, req.body.mustChange));
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/auth/users/:id/reveal',
    { config: { access: Permission.PiiReveal }, schema: { tags, summary: '查看完整个人信息（审计）/ reveal personal data (audited)', params: uuidParam, body: revealBody, response: { 200: revealResponse } } },
    async (req) => withTx(deps.db, (tx) => revealUserPii(tx, deps, actorOf(req), req.params.id, req.body.fields, req.body.reason)),
  );
}
