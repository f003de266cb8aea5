import { Permission } from '../../../contracts/auth';
import { mutualAidStatsQuery, mutualAidStatsResponse } from '../../../contracts/mutual-aid-stats';
import type { Deps } from '../../platform/deps';
import { actorOf } from '../../platform/http/guard';
import type { ZApp } from '../../platform/http/types';
import { exportMutualAidStats, mutualAidStats } from './stats.service';

const tags = ['mutual-aid'];
const P = '/api/v1/mutual-aid/stats';
const access = Permission.MutualAidRead;

/** 互助统计 / mutual-aid statistics, and their Excel export. */
export function registerMutualAidStatsRoutes(app: ZApp, deps: Deps): void {
  app.get(
    P,
    {
      config: { access },
      schema: {
        tags,
        summary: '互助统计：单位、会员、筹集资金、欠缴、申请、给付，按地区或方案、按年度 / mutual-aid statistics by region or scheme and year',
        querystring: mutualAidStatsQuery,
        response: { 200: mutualAidStatsResponse },
      },
    },
    async (req) => mutualAidStats(deps.db, actorOf(req), req.query),
  );
  app.get(
    `${P}/export`,
    { config: { access }, schema: { tags, summary: '导出互助统计 Excel（含合计；审计）/ export the statistics to Excel (with totals; audited)', querystring: mutualAidStatsQuery } },
    async (req, reply) => {
      const { buffer, filename } = await exportMutualAidStats(deps, actorOf(req), req.query);
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('content-disposition', `attachment; filename="${filename}"`);
      return reply.send(buffer);
    },
  );
}
