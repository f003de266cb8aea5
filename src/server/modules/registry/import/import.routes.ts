import { createReadStream, rmSync } from 'node:fs';
import type { FastifyRequest } from 'fastify';
import { Permission } from '../../../../contracts/auth';
import { uuidParam } from '../../../../contracts/common';
import { IMPORT_MAX_BYTES, importJobDto, importQuery, templateQuery, XLSX_CONTENT_TYPE } from '../../../../contracts/registry-import';
import type { Deps } from '../../../platform/deps';
import type { Actor } from '../../../platform/http/actor';
import { AppError, notFound } from '../../../platform/http/errors';
import { actorOf } from '../../../platform/http/guard';
import { inScope } from '../../../platform/http/scope';
import type { ZApp } from '../../../platform/http/types';
import { getOrgByCode, getOrgById } from '../../orgs/org.service';
import { ImportJobs, receiveUpload, type Upload, uploadKind } from './import.jobs';
import type { ReportingOrg } from './import.service';
import { buildTemplate } from './import.template';

const tags = ['registry'];
const XLSX_TYPES = [XLSX_CONTENT_TYPE, 'application/octet-stream'];

/** The reporting org: the one named (inside the actor's scope), or the actor's own. */
async function reportingOrg(deps: Deps, actor: Actor, code: string | undefined): Promise<ReportingOrg> {
  const org = code ? await getOrgByCode(deps.db, code) : await getOrgById(deps.db, actor.orgId);
  if (!org || !inScope(actor, { orgPath: org.path, regionCode: org.regionCode })) throw notFound('org');
  return { id: org.id, code: org.code, name: org.name, path: org.path, regionCode: org.regionCode };
}

function isUpload(body: unknown): body is Upload {
  return !!body && typeof body === 'object' && 'sha256' in body && 'key' in body && Buffer.isBuffer((body as Upload).key);
}

/**
 * 摸底上报 by page: the template, the upload (the request body is the .xlsx itself, up to 50 MB, kept encrypted
 * until imported), the job's progress and its report.
 */
export function registerImportRoutes(app: ZApp, deps: Deps): void {
  const jobs = new ImportJobs(deps, (err, msg) => app.log.error({ err }, msg));
  app.addHook('onClose', () => jobs.close());

  void app.register(async (scope: ZApp) => {
    // only inside this scope: an .xlsx body is streamed to an encrypted temporary file, never held in memory
    scope.addContentTypeParser(XLSX_TYPES, (req: FastifyRequest, payload, done) => {
      receiveUpload(jobs.dir(), payload, IMPORT_MAX_BYTES).then(
        (u) => done(null, u),
        (e: unknown) => done(e instanceof AppError ? e : new AppError(400, 'VALIDATION_FAILED', { fields: '文件（上传中断）', fieldsEn: 'file (upload interrupted)' }), undefined),
      );
    });
    // an upload that did not become a job (refused after it was received) is removed
    scope.addHook('onResponse', async (req) => {
      const body = req.body as unknown;
      if (isUpload(body) && !(req as FastifyRequest & { importClaimed?: boolean }).importClaimed) rmSync(body.path, { force: true });
    });

    scope.get(
      '/api/v1/registry/import/template',
      {
        config: { access: Permission.RegistryWrite },
        schema: { tags, summary: '摸底上报模板（.xlsx）/ the import template', querystring: templateQuery },
      },
      async (req, reply) => {
        const org = await reportingOrg(deps, actorOf(req), req.query.org);
        const buf = await buildTemplate(deps.db, org);
        reply.header('content-type', XLSX_CONTENT_TYPE);
        reply.header('content-disposition', `attachment; filename="household-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent('摸底上报模板.xlsx')}`);
        return reply.send(buf);
      },
    );

    scope.post(
      '/api/v1/registry/import',
      {
        config: { access: Permission.RegistryWrite },
        bodyLimit: IMPORT_MAX_BYTES,
        schema: {
          tags,
          summary: '导入家庭档案（请求体为 .xlsx 文件）/ import household files (the body is the .xlsx file)',
          description: `Content-Type: ${XLSX_CONTENT_TYPE}. Answers 202 with a job to poll.`,
          querystring: importQuery,
          response: { 202: importJobDto },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const body = req.body as unknown;
        if (!isUpload(body)) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE');
        const kind = uploadKind(body);
        if (kind !== 'xlsx') {
          const why = kind === 'xls' ? ['旧版 .xls，请另存为 .xlsx', 'an old .xls; save it as .xlsx'] : kind === 'empty' ? ['为空', 'empty'] : ['不是 .xlsx 工作簿', 'not an .xlsx workbook'];
          throw new AppError(400, 'VALIDATION_FAILED', { fields: `文件（${why[0]}）`, fieldsEn: `file (${why[1]})` }, [{ path: 'file', message: why[1], messageZh: why[0] }]);
        }
        const org = await reportingOrg(deps, actor, req.query.org);
        const job = jobs.start(actor, org, req.query.mode, req.query.filename ?? 'upload.xlsx', body);
        (req as FastifyRequest & { importClaimed?: boolean }).importClaimed = true;
        return reply.status(202).send(job);
      },
    );

    scope.get(
      '/api/v1/registry/import/jobs/:id',
      { config: { access: Permission.RegistryWrite }, schema: { tags, summary: '导入进度与结果 / import progress and result', params: uuidParam, response: { 200: importJobDto } } },
      async (req) => jobs.get(actorOf(req), req.params.id),
    );

    scope.get(
      '/api/v1/registry/import/jobs/:id/report',
      { config: { access: Permission.RegistryWrite }, schema: { tags, summary: '导入报告（.xlsx）/ the import report', params: uuidParam } },
      async (req, reply) => {
        const r = jobs.reportOf(actorOf(req), req.params.id);
        reply.header('content-type', XLSX_CONTENT_TYPE);
        reply.header('content-disposition', `attachment; filename="${r.fileName}"`);
        return reply.send(createReadStream(r.path));
      },
    );
  });
}
