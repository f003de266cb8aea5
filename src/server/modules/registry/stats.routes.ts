import { Permission } from '../../../contracts/auth';
import { registryStatsQuery, registryStatsResponse } from '../../../contracts/registry-stats';
import type { Deps } from '../../platform/deps';
import { actorOf } from '../../platform/http/guard';
import type { ZApp } from '../../platform/http/types';
import { registryStats } from './stats.service';

const tags = ['registry'];

export function registerRegistryStatsRoutes(app: ZApp, deps: Deps): void {
  app.get(
    '/api/v1/registry/stats',
    {
      config: { access: Permission.RegistryRead },
      schema: {
        tags,
        summary: '建档立卡统计：类别、等级、致困原因、状态、地区 / registry statistics by category, level, cause, status and region',
        querystring: registryStatsQuery,
        response: { 200: registryStatsResponse },
      },
    },
    async (req) => registryStats(deps.db, actorOf(req), req.query),
  );
}
