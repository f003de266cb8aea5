import { z } from 'zod';
import { Permission } from '../../../contracts/auth';
import { assessBody, assessResponse, dibaoLineDto, dibaoLineQuery, putDibaoLineBody } from '../../../contracts/registry';
import { withTx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import { actorOf } from '../../platform/http/guard';
import type { ZApp } from '../../platform/http/types';
import { assess, listDibaoLines, putDibaoLine } from './dibao-line.service';

const tags = ['registry'];

export function registerRegistryRoutes(app: ZApp, deps: Deps): void {
  app.post(
    '/api/v1/registry/assess',
    {
      config: { access: Permission.RegistryRead },
      schema: { tags, summary: '精准识别预判（不保存）/ identification pre-screen (saves nothing)', body: assessBody, response: { 200: assessResponse } },
    },
    async (req) => assess(deps.db, req.body),
  );

  app.get(
    '/api/v1/registry/dibao-lines',
    {
      config: { access: Permission.RegistryRead },
      schema: { tags, summary: '低保标准 / dibao lines', querystring: dibaoLineQuery, response: { 200: z.object({ items: z.array(dibaoLineDto) }) } },
    },
    async (req) => ({ items: await listDibaoLines(deps.db, req.query.year) }),
  );

  app.put(
    '/api/v1/registry/dibao-lines',
    {
      config: { access: Permission.RegistryConfigure },
      schema: { tags, summary: '设置低保标准与边缘倍数 / set a dibao line and multiplier', body: putDibaoLineBody, response: { 200: dibaoLineDto } },
    },
    async (req) => withTx(deps.db, (tx) => putDibaoLine(tx, deps, actorOf(req), req.body)),
  );
}
