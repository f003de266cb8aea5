import { budgetQuery, budgetReportDto, fundFlowDto, fundFlowQuery, paidReportDto, recoveriesReportDto, recoveriesReportQuery, reportExportQuery, reportQuery } from '../../../contracts/aid';
import { Permission } from '../../../contracts/auth';
import type { Deps } from '../../platform/deps';
import { actorOf } from '../../platform/http/guard';
import type { ZApp } from '../../platform/http/types';
import { budgetReport, exportReport, fundFlow, paidReport, recoveriesReport } from './aid-report.service';

const tags = ['aid'];
const P = '/api/v1/aid/reports';
const access = Permission.AidRead;

/** 帮扶统计: paid, budget execution, recoveries, fund flow, and their Excel export. */
export function registerAidReportRoutes(app: ZApp, deps: Deps): void {
  app.get(
    `${P}/paid`,
    { config: { access }, schema: { tags, summary: '发放统计（按项目、工会、类别或月份）/ paid in a period, grouped', querystring: reportQuery, response: { 200: paidReportDto } } },
    async (req) => paidReport(deps.db, actorOf(req), req.query),
  );
  app.get(
    `${P}/budget`,
    { config: { access }, schema: { tags, summary: '预算执行（预算、已承诺、已发放、可用）/ budget execution per program', querystring: budgetQuery, response: { 200: budgetReportDto } } },
    async (req) => budgetReport(deps.db, actorOf(req), req.query),
  );
  app.get(
    `${P}/recoveries`,
    { config: { access }, schema: { tags, summary: '追回统计（按项目）/ recoveries per program', querystring: recoveriesReportQuery, response: { 200: recoveriesReportDto } } },
    async (req) => recoveriesReport(deps.db, actorOf(req), req.query),
  );
  app.get(
    `${P}/fund-flow`,
    { config: { access }, schema: { tags, summary: '资金流向（资金 → 项目 → 工会 → 家庭）/ fund flow for a sankey', querystring: fundFlowQuery, response: { 200: fundFlowDto } } },
    async (req) => fundFlow(deps.db, actorOf(req), req.query),
  );
  app.get(
    `${P}/export`,
    { config: { access }, schema: { tags, summary: '导出统计 Excel（含合计；审计）/ export a report to Excel (with totals; audited)', querystring: reportExportQuery } },
    async (req, reply) => {
      const { buffer, filename } = await exportReport(deps, actorOf(req), req.query);
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('content-disposition', `attachment; filename="${filename}"`);
      return reply.send(buffer);
    },
  );
}
