import type { FastifyRequest } from 'fastify';
import { Permission } from '../../../contracts/auth';
import { emptyBody, uuidParam } from '../../../contracts/common';
import { billDetailDto, billExportQuery, billListQuery, billListResponse, billParams, paymentInput, paymentListResponse, unitBillResponse, XLSX_MIME } from '../../../contracts/mutual-aid-enrolment';
import { withTx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import { actorOf } from '../../platform/http/guard';
import { idempotent } from '../../platform/http/idempotency';
import type { ZApp } from '../../platform/http/types';
import { exportBills, getBill, issueBill, listBills, listPayments, recordPayment, unitBill } from './contribution.service';

const tags = ['mutual-aid'];
const P = '/api/v1/mutual-aid';
const read = Permission.MutualAidRead;
const finance = Permission.MutualAidFinance;

const keyOf = (req: FastifyRequest) => {
  const k = req.headers['idempotency-key'];
  return typeof k === 'string' ? k : undefined;
};

/** 缴费通知、缴费记录、欠费 / contribution bills, payments, arrears. Reading: mutualaid.read; bills and payments: mutualaid.finance. */
export function registerContributionRoutes(app: ZApp, deps: Deps): void {
  app.get(
    `${P}/units/:id/bills/:period`,
    {
      config: { access: read },
      schema: { tags, summary: '单位某年度的缴费通知及按当前参加计划的预算 / the unit’s bill of a period and what it would be now', params: billParams, response: { 200: unitBillResponse } },
    },
    async (req) => unitBill(deps.db, actorOf(req), req.params.id, req.params.period),
  );
  app.post(
    `${P}/units/:id/bills/:period`,
    {
      config: { access: finance },
      schema: {
        tags,
        summary: '出具或重新计算缴费通知（按出资方拆分）/ issue or recompute the unit’s bill of a period (split by payer)',
        params: billParams,
        body: emptyBody,
        response: { 200: billDetailDto },
      },
    },
    async (req) => withTx(deps.db, (tx) => issueBill(tx, deps, actorOf(req), req.params.id, req.params.period)),
  );
  app.get(
    `${P}/bills`,
    { config: { access: read }, schema: { tags, summary: '缴费通知与欠费（含合计）/ bills and arrears, with totals', querystring: billListQuery, response: { 200: billListResponse } } },
    async (req) => listBills(deps.db, actorOf(req), req.query),
  );
  app.get(
    `${P}/bills/export`,
    { config: { access: read }, schema: { tags, summary: '导出欠费清单（.xlsx）/ export the arrears list', querystring: billExportQuery } },
    async (req, reply) => {
      const f = await exportBills(deps, actorOf(req), req.query);
      reply.header('content-type', XLSX_MIME);
      reply.header('content-disposition', `attachment; filename="${f.filename}"; filename*=UTF-8''${encodeURIComponent(`互助金欠费-${f.filename.slice(-15)}`)}`);
      return reply.send(f.buffer);
    },
  );
  app.get(
    `${P}/bills/:id`,
    { config: { access: read }, schema: { tags, summary: '一份缴费通知（明细与缴费记录）/ one bill with its lines and payments', params: uuidParam, response: { 200: billDetailDto } } },
    async (req) => getBill(deps.db, actorOf(req), req.params.id),
  );
  app.get(
    `${P}/bills/:id/payments`,
    { config: { access: read }, schema: { tags, summary: '缴费记录 / the payments of a bill', params: uuidParam, response: { 200: paymentListResponse } } },
    async (req) => listPayments(deps.db, actorOf(req), req.params.id),
  );
  app.post(
    `${P}/bills/:id/payments`,
    {
      config: { access: finance },
      schema: {
        tags,
        summary: '登记缴费（不超过欠费；入资金池；支持 Idempotency-Key）/ record a payment (at most the arrears; posted to the pool; Idempotency-Key)',
        params: uuidParam,
        body: paymentInput,
        response: { 201: billDetailDto },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const r = await idempotent(deps.db, actor, keyOf(req), 'mutual_aid.payment.record', { billId: req.params.id, body: req.body }, deps.clock.now(), async (tx) => ({
        status: 201,
        body: await recordPayment(tx, deps, actor, req.params.id, req.body),
      }));
      return reply.status(201).send(r.body);
    },
  );
}
