import { createDecipheriv } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Permission } from '../../../contracts/auth';
import { emptyBody, uuidParam } from '../../../contracts/common';
import {
  ENROLMENT_IMPORT_MAX_BYTES,
  enrolInput,
  enrolmentDto,
  enrolmentImportQuery,
  enrolmentImportResultDto,
  enrolmentListResponse,
  enrolmentTemplateQuery,
  enrolResultDto,
  importReportParams,
  memberDto,
  memberInput,
  memberListQuery,
  memberListResponse,
  memberUpdateInput,
  unitDto,
  unitExportQuery,
  unitInput,
  unitListQuery,
  unitListResponse,
  unitUpdateInput,
  XLSX_MIME,
} from '../../../contracts/mutual-aid-enrolment';
import { shanghaiDate } from '../../platform/dates';
import { withTx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { AppError, notFound, registerEntityName } from '../../platform/http/errors';
import { actorOf } from '../../platform/http/guard';
import type { ZApp } from '../../platform/http/types';
import { uuidv7 } from '../../platform/ids';
import { WorkbookFormatError } from '../../platform/xlsx-reader';
import { ZipFormatError } from '../../platform/zip-stream';
import { receiveUpload, type Upload, uploadKind } from '../registry/import/import.jobs';
import { currentPeriod, schemePeriod } from './enrolment-period.service';
import { buildEnrolmentTemplate, writeEnrolmentReport } from './enrolment-import.report';
import { importMembers, ISSUES_SHOWN } from './enrolment-import.service';
import { cancelEnrolment, enrolPlans } from './enrolment.service';
import { addMember, getMember, listMembers, memberEnrolments, updateMember } from './member.service';
import { createUnit, exportUnits, getUnit, listUnits, loadUnit, updateUnit } from './unit.service';

registerEntityName('mutual_aid_import_report', '导入报告', 'Import report');

const tags = ['mutual-aid'];
const P = '/api/v1/mutual-aid';
const read = Permission.MutualAidRead;
const enrol = Permission.MutualAidEnrol;
/** Reports are kept this long (in this process), then forgotten. */
const KEEP_MS = 24 * 3600_000;
const MAX_REPORTS = 200;

interface StoredReport {
  ownerUserId: string;
  unitId: string;
  path: string;
  fileName: string;
  at: number;
}

/** The per-row reports of this process: each readable by the user who imported, for a day. */
class Reports {
  private readonly items = new Map<string, StoredReport>();
  private dirPath: string | null = null;

  dir(): string {
    if (!this.dirPath) this.dirPath = mkdtempSync(path.join(tmpdir(), 'pa-ma-import-'));
    return this.dirPath;
  }

  add(id: string, r: StoredReport): void {
    this.expire(r.at);
    this.items.set(id, r);
  }

  get(actor: Actor, unitId: string, id: string): StoredReport {
    const r = this.items.get(id);
    if (!r || r.ownerUserId !== actor.userId || r.unitId !== unitId) throw notFound('mutual_aid_import_report');
    return r;
  }

  private expire(now: number): void {
    const list = [...this.items.entries()].sort((a, b) => a[1].at - b[1].at);
    list.forEach(([id, r], i) => {
      if (now - r.at > KEEP_MS || list.length - i > MAX_REPORTS) {
        rmSync(r.path, { force: true });
        this.items.delete(id);
      }
    });
  }

  close(): void {
    if (this.dirPath) rmSync(this.dirPath, { recursive: true, force: true });
    this.items.clear();
  }
}

function isUpload(body: unknown): body is Upload {
  return !!body && typeof body === 'object' && 'sha256' in body && 'key' in body && Buffer.isBuffer((body as Upload).key);
}

const badFile = (zh: string, en: string) => new AppError(400, 'VALIDATION_FAILED', { fields: `文件（${zh}）`, fieldsEn: `file (${en})` }, [{ path: 'file', message: en, messageZh: zh }]);

/** The upload of an import: the .xlsx as the body (like the registry import) or the file part of a multipart form. */
async function uploadOf(req: FastifyRequest, dir: string): Promise<Upload> {
  const body = req.body as unknown;
  if (isUpload(body)) return body;
  if (req.isMultipart()) {
    let part;
    try {
      part = await req.file();
    } catch {
      throw badFile('上传内容不完整或格式错误', 'the upload is incomplete or malformed');
    }
    if (!part) throw badFile('缺少文件', 'missing');
    try {
      return await receiveUpload(dir, part.file, ENROLMENT_IMPORT_MAX_BYTES);
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw badFile('上传中断', 'upload interrupted');
    }
  }
  throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE');
}

const attachment = (ascii: string, utf8: string) => `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(utf8)}`;

/**
 * 会员单位、会员、参加计划（含 .xlsx 批量入会）/ member units, members, plan opt-ins (with .xlsx bulk enrolment).
 * Thin: the services check scope. Reading: mutualaid.read; keeping units, members, opt-ins and imports: mutualaid.enrol.
 */
export function registerEnrolmentRoutes(root: ZApp, deps: Deps): void {
  const reports = new Reports();
  root.addHook('onClose', async () => reports.close());

  void root.register(async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>() as unknown as ZApp;
    await app.register(fastifyMultipart, { limits: { fileSize: ENROLMENT_IMPORT_MAX_BYTES + 1, files: 1, fields: 5, parts: 6 } });
    // an .xlsx body is streamed to an encrypted temporary file, never held in memory (as the registry import does)
    app.addContentTypeParser([XLSX_MIME, 'application/octet-stream'], (_req: FastifyRequest, payload, done) => {
      receiveUpload(reports.dir(), payload, ENROLMENT_IMPORT_MAX_BYTES).then(
        (u) => done(null, u),
        (e: unknown) => done(e instanceof AppError ? e : badFile('上传中断', 'upload interrupted'), undefined),
      );
    });
    app.addHook('onResponse', async (req) => {
      const body = (req as FastifyRequest & { enrolmentUpload?: Upload }).enrolmentUpload ?? (req.body as unknown);
      if (isUpload(body)) rmSync(body.path, { force: true });
    });

    // ── units ──
    app.get(
      `${P}/units`,
      { config: { access: read }, schema: { tags, summary: '会员单位（按方案、工会、名称筛选）/ member units', querystring: unitListQuery, response: { 200: unitListResponse } } },
      async (req) => listUnits(deps.db, actorOf(req), req.query),
    );
    app.get(
      `${P}/units/export`,
      { config: { access: read }, schema: { tags, summary: '导出会员单位（.xlsx）/ export member units', querystring: unitExportQuery } },
      async (req, reply) => {
        const f = await exportUnits(deps, actorOf(req), req.query);
        reply.header('content-type', XLSX_MIME);
        reply.header('content-disposition', attachment(f.filename, `会员单位-${f.filename.slice(-15)}`));
        return reply.send(f.buffer);
      },
    );
    app.post(
      `${P}/units`,
      { config: { access: enrol }, schema: { tags, summary: '新建会员单位 / create a member unit', body: unitInput, response: { 201: unitDto } } },
      async (req, reply) => reply.status(201).send(await withTx(deps.db, (tx) => createUnit(tx, deps, actorOf(req), req.body))),
    );
    app.get(
      `${P}/units/:id`,
      { config: { access: read }, schema: { tags, summary: '一个会员单位 / one member unit', params: uuidParam, response: { 200: unitDto } } },
      async (req) => getUnit(deps.db, actorOf(req), req.params.id),
    );
    app.patch(
      `${P}/units/:id`,
      { config: { access: enrol }, schema: { tags, summary: '修改会员单位 / edit a member unit', params: uuidParam, body: unitUpdateInput, response: { 200: unitDto } } },
      async (req) => withTx(deps.db, (tx) => updateUnit(tx, deps, actorOf(req), req.params.id, req.body)),
    );

    // ── members ──
    app.get(
      `${P}/units/:id/members`,
      {
        config: { access: read },
        schema: { tags, summary: '单位的会员（身份证号脱敏）及其某年度的参加计划 / the unit’s members (IDs masked) with their opt-ins of a period', params: uuidParam, querystring: memberListQuery, response: { 200: memberListResponse } },
      },
      async (req) => listMembers(deps.db, deps, actorOf(req), req.params.id, req.query),
    );
    app.post(
      `${P}/units/:id/members`,
      { config: { access: enrol }, schema: { tags, summary: '添加会员（可同时参加计划）/ add a member (optionally opted into plans)', params: uuidParam, body: memberInput, response: { 201: memberDto } } },
      async (req, reply) => reply.status(201).send(await withTx(deps.db, (tx) => addMember(tx, deps, actorOf(req), req.params.id, req.body))),
    );
    app.get(
      `${P}/members/:id`,
      { config: { access: read }, schema: { tags, summary: '一名会员及其各年度参加计划 / one member with their opt-ins', params: uuidParam, response: { 200: memberDto } } },
      async (req) => getMember(deps.db, deps, actorOf(req), req.params.id),
    );
    app.patch(
      `${P}/members/:id`,
      { config: { access: enrol }, schema: { tags, summary: '修改会员姓名或手机号 / edit a member’s name or phone', params: uuidParam, body: memberUpdateInput, response: { 200: memberDto } } },
      async (req) => withTx(deps.db, (tx) => updateMember(tx, deps, actorOf(req), req.params.id, req.body)),
    );
    app.get(
      `${P}/members/:id/enrolments`,
      { config: { access: read }, schema: { tags, summary: '会员的参加计划 / a member’s opt-ins', params: uuidParam, response: { 200: enrolmentListResponse } } },
      async (req) => memberEnrolments(deps.db, actorOf(req), req.params.id),
    );
    app.post(
      `${P}/members/:id/enrolments`,
      {
        config: { access: enrol },
        schema: { tags, summary: '参加计划（某年度；不超过每人计划数上限）/ opt a member into plans for a period (at most maxPlansPerMember)', params: uuidParam, body: enrolInput, response: { 200: enrolResultDto } },
      },
      async (req) => withTx(deps.db, (tx) => enrolPlans(tx, deps, actorOf(req), req.params.id, req.body)),
    );
    app.post(
      `${P}/enrolments/:id/cancel`,
      { config: { access: enrol }, schema: { tags, summary: '撤销未缴费的参加计划 / cancel an unpaid opt-in', params: uuidParam, body: emptyBody, response: { 200: enrolmentDto } } },
      async (req) => withTx(deps.db, (tx) => cancelEnrolment(tx, deps, actorOf(req), req.params.id)),
    );

    // ── bulk enrolment ──
    app.get(
      `${P}/units/:id/import/template`,
      { config: { access: enrol }, schema: { tags, summary: '批量入会模板（.xlsx）/ the bulk enrolment template', params: uuidParam, querystring: enrolmentTemplateQuery } },
      async (req, reply) => {
        const actor = actorOf(req);
        const unit = await loadUnit(deps.db, actor, req.params.id);
        const period = req.query.period ?? (await currentPeriod(deps.db, unit.schemeCode, shanghaiDate(deps.clock.now())));
        const sp = await schemePeriod(deps.db, unit.schemeCode, period);
        const buf = await buildEnrolmentTemplate(unit, sp.scheme, { period, validFrom: sp.validFrom, validTo: sp.validTo, version: sp.version.version });
        reply.header('content-type', XLSX_MIME);
        reply.header('content-disposition', attachment(`enrolment-template-${period}.xlsx`, `批量入会模板-${unit.name}-${period}.xlsx`));
        return reply.send(buf);
      },
    );
    app.post(
      `${P}/units/:id/import`,
      {
        config: { access: enrol },
        bodyLimit: ENROLMENT_IMPORT_MAX_BYTES,
        schema: {
          tags,
          summary: '批量入会（.xlsx；仅检查 / 全部正确才导入 / 导入正确的行）/ bulk enrolment from .xlsx (dry-run / all-or-nothing / valid-rows)',
          description: `The body is the .xlsx itself (Content-Type: ${XLSX_MIME}) or a multipart/form-data form with one file. Answers the result with its per-row issues; the report is downloadable.`,
          params: uuidParam,
          querystring: enrolmentImportQuery,
          response: { 200: enrolmentImportResultDto },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        await loadUnit(deps.db, actor, req.params.id);
        const upload = await uploadOf(req, reports.dir());
        (req as FastifyRequest & { enrolmentUpload?: Upload }).enrolmentUpload = upload;
        const kind = uploadKind(upload);
        if (kind !== 'xlsx') throw kind === 'xls' ? badFile('旧版 .xls，请在 Excel 中另存为 .xlsx', 'an old .xls; save it as .xlsx in Excel') : kind === 'empty' ? badFile('为空', 'empty') : badFile('不是 .xlsx 工作簿', 'not an .xlsx workbook');
        const fileName = req.query.filename ?? 'upload.xlsx';
        let result;
        try {
          result = await importMembers(deps, actor, {
            unitId: req.params.id,
            period: req.query.period,
            mode: req.query.mode,
            fileName,
            fileSha256: upload.sha256,
            open: () => createReadStream(upload.path).pipe(createDecipheriv('aes-256-ctr', upload.key, upload.iv)),
          });
        } catch (e) {
          // only a file the reader cannot read is the file's fault; anything else is the server's own error
          if (!(e instanceof WorkbookFormatError || e instanceof ZipFormatError)) throw e;
          const detail = e.message.slice(0, 200);
          throw badFile(`已损坏或不是有效的 .xlsx，无法读取：${detail}`, `damaged or not a valid .xlsx: ${detail}`);
        }
        const reportId = uuidv7();
        const reportPath = path.join(reports.dir(), `report-${reportId}.xlsx`);
        const out = createWriteStream(reportPath, { mode: 0o600 });
        await writeEnrolmentReport(result, out);
        await finished(out).catch(() => undefined);
        reports.add(reportId, { ownerUserId: actor.userId, unitId: req.params.id, path: reportPath, fileName: `enrolment-report-${result.period}-${reportId.slice(-6)}.xlsx`, at: deps.clock.now().getTime() });
        const { sheetName: _s, issues, ...rest } = result;
        return { ...rest, reportId, issues: issues.slice(0, ISSUES_SHOWN) };
      },
    );
    app.get(
      `${P}/units/:id/import/reports/:reportId`,
      { config: { access: enrol }, schema: { tags, summary: '导入报告（.xlsx：逐行列出问题）/ the import report (.xlsx, one line per issue)', params: importReportParams } },
      async (req, reply) => {
        const r = reports.get(actorOf(req), req.params.id, req.params.reportId);
        reply.header('content-type', XLSX_MIME);
        reply.header('content-disposition', attachment(r.fileName, `入会导入报告-${r.fileName.slice(-11)}`));
        return reply.send(createReadStream(r.path));
      },
    );
  });
}
