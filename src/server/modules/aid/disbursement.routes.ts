import { createHash } from 'node:crypto';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bankFileQuery, batchDetailDto, batchDto, batchInput, batchResultsInput, batchesQuery, paymentResultInput, resultsSummary } from '../../../contracts/aid';
import { Permission } from '../../../contracts/auth';
import { emptyBody, uuidParam } from '../../../contracts/common';
import { type Tx, withTx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { AppError } from '../../platform/http/errors';
import { actorOf } from '../../platform/http/guard';
import { idempotent } from '../../platform/http/idempotency';
import type { ZApp } from '../../platform/http/types';
import { parseBankResultFile } from './bank-file';
import { cancelBatch, createBatch, exportBankFile, getBatch, listBatches, recordPaymentResult, recordResults, retryBatch } from './disbursement.service';
import { describeProblems } from './disbursement.rules';

const tags = ['aid'];
const P = '/api/v1/aid';
/** A bank's result file: a few thousand rows are well under this. */
export const RESULT_FILE_MAX_BYTES = 10 * 1024 * 1024;

const keyOf = (req: FastifyRequest) => {
  const k = req.headers['idempotency-key'];
  return typeof k === 'string' ? k : undefined;
};

/** Runs a write once per Idempotency-Key (when the client sends one) and answers the stored response on a repeat. */
async function once<T>(deps: Deps, req: FastifyRequest, actor: Actor, route: string, request: unknown, status: number, run: (tx: Tx) => Promise<T>): Promise<T> {
  return (await idempotent(deps.db, actor, keyOf(req), route, request, deps.clock.now(), async (tx) => ({ status, body: await run(tx) }))).body;
}

const invalidFile = (zh: string, en: string) => new AppError(400, 'VALIDATION_FAILED', { fields: `file（${zh}）`, fieldsEn: `file (${en})` }, [{ path: 'file', message: en, messageZh: zh }]);

/** The uploaded file of a multipart request, whole (the first file part). */
async function uploadedFile(req: FastifyRequest): Promise<Buffer> {
  if (!req.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE');
  try {
    const part = await req.file();
    if (!part) throw invalidFile('缺少文件', 'missing');
    return await part.toBuffer();
  } catch (e) {
    if (e instanceof AppError) throw e;
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw invalidFile('文件超过 10 MB', 'larger than 10 MB');
    throw invalidFile('上传内容不完整或格式错误', 'the upload is incomplete or malformed');
  }
}

/**
 * 发放批次: batches of confirmed awards, the bank transfer file (finance only; audited), the bank's results (JSON, a
 * result file, or one payment by hand) and retries of failed payments. Writes that move money take an Idempotency-Key.
 */
export function registerDisbursementRoutes(root: ZApp, deps: Deps): void {
  void root.register(async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>() as unknown as ZApp;
    await app.register(fastifyMultipart, { limits: { fileSize: RESULT_FILE_MAX_BYTES, files: 1, fields: 5, parts: 6 } });

    app.get(
      `${P}/batches`,
      { config: { access: Permission.AidRead }, schema: { tags, summary: '发放批次 / disbursement batches', querystring: batchesQuery, response: { 200: z.object({ items: z.array(batchDto), nextCursor: z.string().nullable() }) } } },
      async (req) => listBatches(deps.db, actorOf(req), req.query),
    );

    app.get(
      `${P}/batches/:id`,
      { config: { access: Permission.AidRead }, schema: { tags, summary: '一个发放批次及其明细（账号脱敏）/ one batch with its lines (accounts masked)', params: uuidParam, response: { 200: batchDetailDto } } },
      async (req) => getBatch(deps.db, deps, actorOf(req), req.params.id),
    );

    app.post(
      `${P}/programs/:id/batches`,
      {
        config: { access: Permission.AidDisburse },
        schema: { tags, summary: '生成发放批次（项目已确认待发放的申请）/ make a batch of the program’s confirmed awards', params: uuidParam, body: batchInput.nullish(), response: { 201: batchDto } },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const input = req.body ?? {};
        const body = await once(deps, req, actor, 'aid.batch.create', { programId: req.params.id, body: input }, 201, (tx) => createBatch(tx, deps, actor, req.params.id, input));
        return reply.status(201).send(body);
      },
    );

    app.post(
      `${P}/batches/:id/cancel`,
      { config: { access: Permission.AidDisburse }, schema: { tags, summary: '作废未导出的批次 / cancel a draft batch', params: uuidParam, body: emptyBody, response: { 200: batchDto } } },
      async (req) => withTx(deps.db, (tx) => cancelBatch(tx, deps, actorOf(req), req.params.id)),
    );

    app.get(
      `${P}/batches/:id/bank-file`,
      {
        config: { access: Permission.AidDisburse },
        schema: { tags, summary: '导出银行代发文件（完整账号；留痕）/ export the bank transfer file (complete accounts; audited)', params: uuidParam, querystring: bankFileQuery },
      },
      async (req, reply) => {
        const file = await withTx(deps.db, (tx) => exportBankFile(tx, deps, actorOf(req), req.params.id, req.query.format));
        reply.header('content-type', file.contentType);
        reply.header('content-disposition', `attachment; filename="${file.filename}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
        reply.header('cache-control', 'no-store');
        reply.header('x-content-type-options', 'nosniff');
        return reply.send(file.buffer);
      },
    );

    app.post(
      `${P}/batches/:id/results`,
      { config: { access: Permission.AidDisburse }, schema: { tags, summary: '登记银行回盘结果 / record the bank’s results', params: uuidParam, body: batchResultsInput, response: { 200: resultsSummary } } },
      async (req, reply) => {
        const actor = actorOf(req);
        const body = await once(deps, req, actor, 'aid.batch.results', { batchId: req.params.id, body: req.body }, 200, (tx) => recordResults(tx, deps, actor, req.params.id, req.body.rows, 'json'));
        return reply.status(200).send(body);
      },
    );

    app.post(
      `${P}/batches/:id/results/file`,
      {
        config: { access: Permission.AidDisburse },
        schema: {
          tags,
          summary: '上传银行回盘文件（.xlsx 或 .csv）/ upload the bank’s result file (.xlsx or .csv)',
          description: 'multipart/form-data with one file: columns 参考号, 金额（分）or 金额（元）, 结果 (成功/失败), 失败原因.',
          params: uuidParam,
          response: { 200: resultsSummary },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const data = await uploadedFile(req);
        const parsed = await parseBankResultFile(data);
        if (parsed.problems.length) {
          const d = describeProblems(parsed.problems);
          throw new AppError(422, 'VALIDATION_FAILED', { fields: `file（${d.zh}）`, fieldsEn: `file (${d.en})` }, parsed.problems.map((p) => ({ path: `file.row${p.row}`, row: p.row, reference: p.reference, code: p.code, message: p.en, messageZh: p.zh })));
        }
        const sha256 = createHash('sha256').update(data).digest('hex');
        const body = await once(deps, req, actor, 'aid.batch.results.file', { batchId: req.params.id, sha256 }, 200, (tx) => recordResults(tx, deps, actor, req.params.id, parsed.rows, 'file'));
        return reply.status(200).send(body);
      },
    );

    app.post(
      `${P}/payments/:id/result`,
      { config: { access: Permission.AidDisburse }, schema: { tags, summary: '手工登记一笔发放结果 / record one payment’s result by hand', params: uuidParam, body: paymentResultInput, response: { 200: resultsSummary } } },
      async (req, reply) => {
        const actor = actorOf(req);
        const body = await once(deps, req, actor, 'aid.payment.result', { paymentId: req.params.id, body: req.body }, 200, (tx) => recordPaymentResult(tx, deps, actor, req.params.id, req.body));
        return reply.status(200).send(body);
      },
    );

    app.post(
      `${P}/batches/:id/retry`,
      { config: { access: Permission.AidDisburse }, schema: { tags, summary: '失败项重新发放（生成新批次）/ retry the failed payments in a new batch', params: uuidParam, body: emptyBody, response: { 201: batchDto } } },
      async (req, reply) => {
        const actor = actorOf(req);
        const body = await once(deps, req, actor, 'aid.batch.retry', { batchId: req.params.id }, 201, (tx) => retryBatch(tx, deps, actor, req.params.id));
        return reply.status(201).send(body);
      },
    );
  });
}
