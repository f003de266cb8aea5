import { z } from 'zod';
import { householdMoneyDto, revokeResultDto, installmentInput, recoveriesQuery, recoveryDto, recoverySummaryDto, revokeInput, writeOffDecisionInput, writeOffInput } from '../../../contracts/aid';
import { Permission } from '../../../contracts/auth';
import { uuidParam } from '../../../contracts/common';
import { withTx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import { actorOf } from '../../platform/http/guard';
import { idempotent } from '../../platform/http/idempotency';
import type { ZApp } from '../../platform/http/types';
import { householdMoney } from './household-money.service';
import { decideWriteOff, exportRecoveries, getRecovery, listRecoveries, recordInstallment, recoverySummary, requestWriteOff, revokeAward } from './recovery.service';

const tags = ['aid'];
const P = '/api/v1/aid';


const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** 撤销与追回, and a household's aid money (from the ledger). */
export function registerRecoveryRoutes(app: ZApp, deps: Deps): void {
  app.post(
    `${P}/awards/:id/revoke`,
    {
      config: { access: Permission.AidReview },
      schema: { tags, summary: '撤销救助（未发放：释放预算；已发放：立案追回）/ revoke an award (before payment: release the budget; paid: open a recovery)', params: uuidParam, body: revokeInput, response: { 200: revokeResultDto } },
    },
    async (req) => withTx(deps.db, (tx) => revokeAward(tx, deps, actorOf(req), req.params.id, { reason: req.body.reason, causeType: req.body.causeType, causeId: req.body.causeId ?? null })),
  );

  app.get(
    `${P}/recoveries`,
    { config: { access: Permission.AidRead }, schema: { tags, summary: '追回记录 / recoveries', querystring: recoveriesQuery, response: { 200: z.object({ items: z.array(recoveryDto), nextCursor: z.string().nullable() }) } } },
    async (req) => listRecoveries(deps.db, actorOf(req), req.query),
  );

  app.get(
    `${P}/recoveries/summary`,
    { config: { access: Permission.AidRead }, schema: { tags, summary: '未追回合计（按工会）/ outstanding total and per union', response: { 200: recoverySummaryDto } } },
    async (req) => recoverySummary(deps.db, actorOf(req)),
  );

  app.get(
    `${P}/recoveries/export`,
    { config: { access: Permission.AidRead }, schema: { tags, summary: '导出追回记录 Excel（审计）/ export recoveries (audited)', querystring: recoveriesQuery.omit({ cursor: true, limit: true }) } },
    async (req, reply) => {
      const { buffer, filename } = await exportRecoveries(deps, actorOf(req), req.query);
      reply.header('content-type', XLSX);
      reply.header('content-disposition', `attachment; filename="${filename}"`);
      return reply.send(buffer);
    },
  );

  app.get(
    `${P}/recoveries/:id`,
    { config: { access: Permission.AidRead }, schema: { tags, summary: '一笔追回及其记录 / one recovery with its history', params: uuidParam, response: { 200: recoveryDto } } },
    async (req) => getRecovery(deps.db, actorOf(req), req.params.id),
  );

  app.post(
    `${P}/recoveries/:id/installments`,
    {
      config: { access: Permission.AidDisburse },
      schema: { tags, summary: '登记还款（不超过未追回金额；支持 Idempotency-Key）/ record an installment (at most what is outstanding; Idempotency-Key)', params: uuidParam, body: installmentInput, response: { 200: recoveryDto } },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const key = req.headers['idempotency-key'];
      const res = await idempotent(deps.db, actor, typeof key === 'string' ? key : undefined, 'aid.recovery.installment', { id: req.params.id, body: req.body }, deps.clock.now(), async (tx) => ({
        status: 200,
        body: await recordInstallment(tx, deps, actor, req.params.id, req.body),
      }));
      return reply.status(200).send(res.body);
    },
  );

  app.post(
    `${P}/recoveries/:id/write-off`,
    { config: { access: Permission.AidDisburse }, schema: { tags, summary: '申请核销（须由另一人审批）/ request a write-off (another person decides)', params: uuidParam, body: writeOffInput, response: { 200: recoveryDto } } },
    async (req) => withTx(deps.db, (tx) => requestWriteOff(tx, deps, actorOf(req), req.params.id, req.body)),
  );

  app.post(
    `${P}/recoveries/:id/write-off/decision`,
    { config: { access: Permission.AidReview }, schema: { tags, summary: '审批核销（申请人不能审批）/ decide a write-off (not by its requester)', params: uuidParam, body: writeOffDecisionInput, response: { 200: recoveryDto } } },
    async (req) => withTx(deps.db, (tx) => decideWriteOff(tx, deps, actorOf(req), req.params.id, req.body)),
  );

  app.get(
    `${P}/households/:id/money`,
    { config: { access: Permission.AidRead }, schema: { tags, summary: '家庭帮扶资金（按年度：已领取、待发放、应退回；取自台账）/ a household’s aid money by year, from the ledger', params: uuidParam, response: { 200: householdMoneyDto } } },
    async (req) => householdMoney(deps.db, deps, actorOf(req), req.params.id),
  );
}
