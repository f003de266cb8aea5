import fastifyMultipart from '@fastify/multipart';
import { and, eq } from 'drizzle-orm';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Permission } from '../../../contracts/auth';
import { uuidParam } from '../../../contracts/common';
import { householdDto } from '../../../contracts/registry';
import {
  MAX_FILE_BYTES,
  assignBody,
  chainDto,
  decisionBody,
  fileDto,
  investigatorDto,
  recommendBody,
  reviewDto,
  submitBatchBody,
  taskDto,
  taskListQuery,
  visitBody,
  visitDto,
} from '../../../contracts/verification';
import { withTx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/http/errors';
import { idempotent } from '../../platform/http/idempotency';
import { actorOf } from '../../platform/http/guard';
import type { ZApp } from '../../platform/http/types';
import { explainOpenFileConflict } from '../registry/household.service';
import { decide, getReview, householdChain } from './review.service';
import { assignTasks, getTask, listInvestigators, listTasks, submitBatch } from './task.service';
import { fileTooLarge, getVisit, readFile, recommendHousehold, requestHashOf, submitVisit, uploadFile } from './visit.service';
import { verificationVisits } from './visit.table';

const tags = ['verification'];
const P = '/api/v1/verification';

export async function registerVerificationRoutes(root: ZApp, deps: Deps): Promise<void> {
  await root.register(async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>() as unknown as ZApp;
    await app.register(fastifyMultipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 5, parts: 6 } });

    app.get(
      `${P}/tasks`,
      { config: { access: Permission.RegistryRead }, schema: { tags, summary: '核查任务 / verification tasks', querystring: taskListQuery, response: { 200: z.object({ items: z.array(taskDto), nextCursor: z.string().nullable() }) } } },
      async (req) => listTasks(deps.db, actorOf(req), req.query),
    );

    app.get(
      `${P}/tasks/:id`,
      { config: { access: Permission.RegistryRead }, schema: { tags, summary: '一个核查任务 / one task', params: uuidParam, response: { 200: taskDto } } },
      async (req) => getTask(deps.db, actorOf(req), req.params.id),
    );

    app.post(
      `${P}/tasks/assign`,
      { config: { access: Permission.VerificationAssign }, schema: { tags, summary: '分派核查任务（可批量）/ assign tasks (one or many)', body: assignBody, response: { 200: z.object({ items: z.array(taskDto) }) } } },
      async (req) => ({ items: await withTx(deps.db, (tx) => assignTasks(tx, deps, actorOf(req), req.body)) }),
    );

    app.get(
      `${P}/investigators`,
      { config: { access: Permission.VerificationAssign }, schema: { tags, summary: '可分派的调查员 / investigators one may assign', response: { 200: z.object({ items: z.array(investigatorDto) }) } } },
      async (req) => ({ items: await listInvestigators(deps.db, actorOf(req)) }),
    );

    app.post(
      `${P}/submit-batch`,
      { config: { access: Permission.RegistryWrite }, schema: { tags, summary: '批量上报（基层摸底）/ submit a grassroots report', body: submitBatchBody, response: { 200: z.object({ items: z.array(taskDto) }) } } },
      async (req) => ({ items: await withTx(deps.db, (tx) => submitBatch(tx, deps, actorOf(req), req.body)) }),
    );

    app.post(
      `${P}/tasks/:id/files`,
      { config: { access: Permission.VerificationVisit }, schema: { tags, summary: '上传照片或文件（jpg/png/webp/pdf，≤10 MB）/ upload a photo or document', params: uuidParam, response: { 201: fileDto } } },
      async (req, reply) => {
        if (!req.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE');
        let part: Awaited<ReturnType<typeof req.file>>;
        let data: Buffer;
        try {
          part = await req.file();
          if (!part) throw new AppError(400, 'VALIDATION_FAILED', { fields: 'file（缺少文件）', fieldsEn: 'file (missing)' }, [{ path: 'file', message: 'missing' }]);
          data = await part.toBuffer();
        } catch (e) {
          if (e instanceof AppError) throw e;
          if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge();
          // a broken form (cut off, bad boundary, too many parts) is the client's fault
          throw new AppError(400, 'VALIDATION_FAILED', { fields: 'file（上传内容不完整或格式错误）', fieldsEn: 'file (the upload is incomplete or malformed)' }, [{ path: 'file', message: 'malformed multipart body' }]);
        }
        const name = part.filename ?? 'file';
        const dto = await withTx(deps.db, (tx) => uploadFile(tx, deps, actorOf(req), req.params.id, { name, data }));
        return reply.status(201).send(dto);
      },
    );

    app.get(
      `${P}/files/:id`,
      { config: { access: Permission.RegistryRead }, schema: { tags, summary: '附件内容 / an attachment', params: uuidParam } },
      async (req, reply) => {
        const { file, data } = await readFile(deps.db, deps, actorOf(req), req.params.id);
        reply.header('content-type', file.mime);
        reply.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`);
        reply.header('x-content-type-options', 'nosniff');
        reply.header('cache-control', 'private, max-age=300');
        return reply.send(data);
      },
    );

    app.post(
      `${P}/tasks/:id/visit`,
      {
        config: { access: Permission.VerificationVisit },
        schema: { tags, summary: '提交入户核查并签名（同一 visitId 只保存一次）/ submit and sign the home visit (stored once per visitId)', params: uuidParam, body: visitBody, response: { 201: visitDto } },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        try {
          // an Idempotency-Key, when the client sends one, is honoured as well as the visit id
          const key = req.headers['idempotency-key'];
          const res = await idempotent(deps.db, actor, typeof key === 'string' ? key : undefined, 'verification.visit', { taskId: req.params.id, body: req.body }, deps.clock.now(), async (tx) => ({
            status: 201,
            body: (await submitVisit(tx, deps, actor, req.params.id, req.body)).visit,
          }));
          return reply.status(201).send(res.body);
        } catch (e) {
          // a repeat that raced the first: answer the stored visit if it is the same one
          const [v] = await deps.db
            .select({ id: verificationVisits.id, requestHash: verificationVisits.requestHash })
            .from(verificationVisits)
            .where(and(eq(verificationVisits.id, req.body.visitId), eq(verificationVisits.investigatorId, actor.userId)));
          if (v && v.requestHash === requestHashOf(req.params.id, req.body)) return reply.status(201).send(await getVisit(deps.db, actor, v.id));
          throw e;
        }
      },
    );

    app.get(
      `${P}/visits/:id`,
      { config: { access: Permission.RegistryRead }, schema: { tags, summary: '入户核查记录与签名 / a visit and its signature', params: uuidParam, response: { 200: visitDto } } },
      async (req) => getVisit(deps.db, actorOf(req), req.params.id),
    );

    app.post(
      `${P}/recommend`,
      { config: { access: Permission.VerificationVisit }, schema: { tags, summary: '调查员推荐新发现的困难家庭（建草稿）/ recommend a newly found household (draft)', body: recommendBody, response: { 201: householdDto } } },
      async (req, reply) => {
        const actor = actorOf(req);
        const dto = await withTx(deps.db, (tx) => recommendHousehold(tx, deps, actor, req.body)).catch((e) => explainOpenFileConflict(e, deps.db, actor, req.body, deps.cipher));
        return reply.status(201).send(dto);
      },
    );

    app.get(
      `${P}/households/:id/review`,
      { config: { access: Permission.RegistryRead }, schema: { tags, summary: '审核：上报与核查对比 / review: report against visit', params: uuidParam, response: { 200: reviewDto } } },
      async (req) => getReview(deps.db, deps, actorOf(req), req.params.id),
    );

    app.post(
      `${P}/households/:id/decision`,
      { config: { access: Permission.RegistryReview }, schema: { tags, summary: '审核决定：建档、注销或退回二次核查 / approve, reject or send back for a second visit', params: uuidParam, body: decisionBody, response: { 200: reviewDto } } },
      async (req) => withTx(deps.db, (tx) => decide(tx, deps, actorOf(req), req.params.id, req.body)),
    );

    app.get(
      `${P}/households/:id/chain`,
      { config: { access: Permission.RegistryRead }, schema: { tags, summary: '谁调查、谁登记、谁审核、谁负责 / the signers of a file', params: uuidParam, response: { 200: chainDto } } },
      async (req) => householdChain(deps.db, deps, actorOf(req), req.params.id),
    );
  });
}
