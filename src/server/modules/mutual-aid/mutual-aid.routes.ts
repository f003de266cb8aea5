import { Permission } from '../../../contracts/auth';
import { schemeListResponse, simulateBody, simulateResponse } from '../../../contracts/mutual-aid';
import type { Deps } from '../../platform/deps';
import { actorOf } from '../../platform/http/guard';
import type { ZApp } from '../../platform/http/types';
import { listSchemes, simulate } from './simulate.service';

const tags = ['mutual-aid'];
const P = '/api/v1/mutual-aid';
const access = Permission.MutualAidRead;

/** 职工医疗互助: the schemes and the what-if benefit calculator. */
export function registerMutualAidRoutes(app: ZApp, _deps: Deps): void {
  app.get(
    `${P}/schemes`,
    { config: { access }, schema: { tags, summary: '互助方案及其计划 / mutual-aid schemes with their plans', response: { 200: schemeListResponse } } },
    async (req) => listSchemes(actorOf(req)),
  );
  app.post(
    `${P}/simulate`,
    {
      config: { access },
      schema: {
        tags,
        summary: '互助测算（不保存）：按方案逐笔计算给付、原因与计算过程 / what-if: payout, reason and trace per claim (saves nothing)',
        body: simulateBody,
        response: { 200: simulateResponse },
      },
    },
    async (req) => simulate(actorOf(req), req.body),
  );
}
