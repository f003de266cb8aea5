import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Permission } from '../../../contracts/auth';
import { uuidParam } from '../../../contracts/common';
import {
  approveInput,
  batchAdjudicateInput,
  batchAdjudicateResult,
  claimDetailDto,
  claimDocumentDto,
  claimDocumentQuery,
  claimIntakeInput,
  claimListResponse,
  claimMemberOption,
  claimMembersQuery,
  claimUnitOption,
  claimUnitsQuery,
  claimsExportQuery,
  claimsQuery,
  memberAccumulatorsDto,
  overrideInput,
  rejectInput,
  reverseInput,
} from '../../../contracts/mutual-aid-claims';
import { type Tx, withTx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { AppError } from '../../platform/http/errors';
import { actorOf } from '../../platform/http/guard';
import { idempotent } from '../../platform/http/idempotency';
import type { ZApp } from '../../platform/http/types';
import { adjudicateBatch } from './claim-batch.service';
import { CLAIM_DOCUMENT_MAX_BYTES, documentTooLarge, listClaimDocuments, readClaimDocument, uploadClaimDocument } from './claim-documents.service';
import { exportClaims } from './claim-export';
import { approveClaim, claimMemberOptions, claimUnitOptions, getClaim, intakeClaim, listClaims, memberAccumulators, overrideClaim, payClaim, rejectClaim, reverseClaim } from './claim.service';

const tags = ['mutual-aid'];
const P = '/api/v1/mutual-aid';
const docParams = z.strictObject({ id: z.uuid(), documentId: z.uuid() });

const keyOf = (req: FastifyRequest) => {
  const k = req.headers['idempotency-key'];
  return typeof k === 'string' ? k : undefined;
};

/** Runs a write once per Idempotency-Key (when the client sends one); a repeat answers the stored response. */
async function once<T>(deps: Deps, req: FastifyRequest, actor: Actor, route: string, request: unknown, run: (tx: Tx) => Promise<T>): Promise<T> {
  return (await idempotent(deps.db, actor, keyOf(req), route, request, deps.clock.now(), async (tx) => ({ status: 200, body: await run(tx) }))).body;
}

/** 互助申请：受理、材料、自动核算、审核、支付、冲销 / claims: intake, documents, adjudication, review, payment, reversal. */
export function registerClaimRoutes(root: ZApp, deps: Deps): void {
  void root.register(async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>() as unknown as ZApp;
    await app.register(fastifyMultipart, { limits: { fileSize: CLAIM_DOCUMENT_MAX_BYTES, files: 1, fields: 5, parts: 6 } });

    app.get(
      `${P}/claims`,
      { config: { access: Permission.MutualAidRead }, schema: { tags, summary: '互助申请列表 / mutual-aid claims', querystring: claimsQuery, response: { 200: claimListResponse } } },
      async (req) => listClaims(deps.db, deps, actorOf(req), req.query),
    );

    app.get(
      `${P}/claims/export`,
      { config: { access: Permission.MutualAidRead }, schema: { tags, summary: '导出互助申请 Excel（审计）/ export claims to Excel (audited)', querystring: claimsExportQuery } },
      async (req, reply) => {
        const { buffer, filename } = await exportClaims(deps, actorOf(req), req.query);
        reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        reply.header('content-disposition', `attachment; filename="${filename}"`);
        reply.header('cache-control', 'no-store');
        return reply.send(buffer);
      },
    );

    app.get(
      `${P}/claims/units`,
      { config: { access: Permission.MutualAidRead }, schema: { tags, summary: '受理与筛选：可选的会员单位 / member units to pick from (intake, list filter)', querystring: claimUnitsQuery, response: { 200: z.object({ items: z.array(claimUnitOption) }) } } },
      async (req) => ({ items: await claimUnitOptions(deps.db, actorOf(req), req.query.q || undefined) }),
    );

    app.get(
      `${P}/claims/members`,
      {
        config: { access: Permission.MutualAidEnrol },
        schema: { tags, summary: '受理：单位的会员及其参加的计划 / intake: a unit’s members and their plans', querystring: claimMembersQuery, response: { 200: z.object({ items: z.array(claimMemberOption) }) } },
      },
      async (req) => ({ items: await claimMemberOptions(deps.db, deps, actorOf(req), req.query.unitId, req.query.q || undefined) }),
    );

    app.post(
      `${P}/claims`,
      {
        config: { access: Permission.MutualAidEnrol },
        schema: { tags, summary: '受理并自动核算 / take a claim in and adjudicate it', body: claimIntakeInput, response: { 201: claimDetailDto } },
      },
      async (req, reply) => reply.status(201).send(await withTx(deps.db, (tx) => intakeClaim(tx, deps, actorOf(req), req.body))),
    );

    app.post(
      `${P}/claims/adjudicate`,
      {
        config: { access: Permission.MutualAidReview },
        schema: { tags, summary: '批量核算已受理的申请 / adjudicate every received claim in scope', body: batchAdjudicateInput, response: { 200: batchAdjudicateResult } },
      },
      async (req) => adjudicateBatch(deps.db, deps, actorOf(req), { ...(req.body?.limit ? { limit: req.body.limit } : {}) }),
    );

    app.get(
      `${P}/claims/:id`,
      { config: { access: Permission.MutualAidRead }, schema: { tags, summary: '一笔申请：事实、核算过程、材料 / one claim with its trace and documents', params: uuidParam, response: { 200: claimDetailDto } } },
      async (req) => getClaim(deps.db, deps, actorOf(req), req.params.id),
    );

    app.post(
      `${P}/claims/:id/approve`,
      { config: { access: Permission.MutualAidReview }, schema: { tags, summary: '按核算结果审核通过（Idempotency-Key 可选）/ approve as computed (optional Idempotency-Key)', params: uuidParam, body: approveInput, response: { 200: claimDetailDto } } },
      async (req) => {
        const actor = actorOf(req);
        return once(deps, req, actor, 'mutual_aid.claim.approve', { claimId: req.params.id, body: req.body ?? null }, (tx) => approveClaim(tx, deps, actor, req.params.id, req.body));
      },
    );

    app.post(
      `${P}/claims/:id/override`,
      { config: { access: Permission.MutualAidReview }, schema: { tags, summary: '调整给付金额后通过（须说明原因）/ approve another amount, with a reason', params: uuidParam, body: overrideInput, response: { 200: claimDetailDto } } },
      async (req) => {
        const actor = actorOf(req);
        return once(deps, req, actor, 'mutual_aid.claim.override', { claimId: req.params.id, body: req.body }, (tx) => overrideClaim(tx, deps, actor, req.params.id, req.body));
      },
    );

    app.post(
      `${P}/claims/:id/reject`,
      { config: { access: Permission.MutualAidReview }, schema: { tags, summary: '驳回（须说明原因）/ reject, with a reason', params: uuidParam, body: rejectInput, response: { 200: claimDetailDto } } },
      async (req) => withTx(deps.db, (tx) => rejectClaim(tx, deps, actorOf(req), req.params.id, req.body)),
    );

    app.post(
      `${P}/claims/:id/pay`,
      {
        config: { access: Permission.MutualAidFinance },
        schema: { tags, summary: '支付（幂等：Idempotency-Key）/ pay (idempotent with an Idempotency-Key)', params: uuidParam, response: { 200: claimDetailDto } },
      },
      async (req) => {
        const actor = actorOf(req);
        return once(deps, req, actor, 'mutual_aid.claim.pay', { claimId: req.params.id }, (tx) => payClaim(tx, deps, actor, req.params.id));
      },
    );

    app.post(
      `${P}/claims/:id/reverse`,
      { config: { access: Permission.MutualAidReview }, schema: { tags, summary: '冲销已审核或已支付的申请（须说明原因）/ reverse an approved or paid claim, with a reason', params: uuidParam, body: reverseInput, response: { 200: claimDetailDto } } },
      async (req) => {
        const actor = actorOf(req);
        return once(deps, req, actor, 'mutual_aid.claim.reverse', { claimId: req.params.id, body: req.body }, (tx) => reverseClaim(tx, deps, actor, req.params.id, req.body));
      },
    );

    app.get(
      `${P}/claims/:id/documents`,
      { config: { access: Permission.MutualAidRead }, schema: { tags, summary: '申请材料 / a claim’s documents', params: uuidParam, response: { 200: z.object({ items: z.array(claimDocumentDto) }) } } },
      async (req) => ({ items: await listClaimDocuments(deps.db, actorOf(req), req.params.id) }),
    );

    app.post(
      `${P}/claims/:id/documents`,
      {
        config: { access: Permission.MutualAidRead },
        schema: {
          tags,
          summary: '上传申请材料（jpg/png/webp/pdf，≤10 MB）/ upload a document',
          description: 'multipart/form-data with one file; ?kind=invoice|discharge_summary|diagnosis|expense_list|insurance_statement|other',
          params: uuidParam,
          querystring: claimDocumentQuery,
          response: { 201: claimDocumentDto },
        },
      },
      async (req, reply) => {
        if (!req.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE');
        let name = 'file';
        let data: Buffer;
        try {
          const part = await req.file();
          if (!part) throw new AppError(400, 'VALIDATION_FAILED', { fields: 'file（缺少文件）', fieldsEn: 'file (missing)' }, [{ path: 'file', message: 'missing' }]);
          name = part.filename ?? 'file';
          data = await part.toBuffer();
        } catch (e) {
          if (e instanceof AppError) throw e;
          if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw documentTooLarge();
          throw new AppError(400, 'VALIDATION_FAILED', { fields: 'file（上传内容不完整或格式错误）', fieldsEn: 'file (the upload is incomplete or malformed)' }, [{ path: 'file', message: 'malformed multipart body' }]);
        }
        const dto = await withTx(deps.db, (tx) => uploadClaimDocument(tx, deps, actorOf(req), req.params.id, { kind: req.query.kind, name, data }));
        return reply.status(201).send(dto);
      },
    );

    app.get(
      `${P}/claims/:id/documents/:documentId`,
      { config: { access: Permission.MutualAidRead }, schema: { tags, summary: '下载申请材料（审计）/ download a document (audited)', params: docParams } },
      async (req, reply) => {
        const { document, data } = await withTx(deps.db, (tx) => readClaimDocument(tx, deps, actorOf(req), req.params.id, req.params.documentId));
        reply.header('content-type', document.mime);
        reply.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(document.name)}`);
        reply.header('x-content-type-options', 'nosniff');
        reply.header('cache-control', 'private, no-store');
        return reply.send(data);
      },
    );

    app.get(
      `${P}/members/:id/accumulators`,
      { config: { access: Permission.MutualAidRead }, schema: { tags, summary: '会员的累计（按计划与年度，由申请重算）/ a member’s accumulators per plan and period', params: uuidParam, response: { 200: memberAccumulatorsDto } } },
      async (req) => memberAccumulators(deps.db, actorOf(req), req.params.id),
    );
  });
}
