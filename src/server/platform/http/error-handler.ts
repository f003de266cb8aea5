import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { DataDirBusyError } from '../db/lock';
import { AppError } from './errors';
import { langOf, render } from './i18n';

const CONTEXT_ZH: Record<string, string> = { body: '请求体', querystring: '查询参数', params: '路径参数', headers: '请求头' };

interface PgLikeError {
  code?: string;
  constraint?: string;
  detail?: string;
}

function pgError(err: unknown): PgLikeError | null {
  let e: unknown = err;
  for (let i = 0; i < 3 && e; i++) {
    const c = (e as PgLikeError).code;
    if (typeof c === 'string' && /^[0-9A-Z]{5}$/.test(c)) return e as PgLikeError;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * Errors the router raises before a route is found (an overlong or badly encoded path parameter): Fastify would
 * answer them in its own shape, so they are rendered here in the one shape too (Fastify option `frameworkErrors`).
 */
export function sendFrameworkError(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const lang = langOf(req.headers['accept-language']);
  if (err.code === 'FST_ERR_BAD_URL' || err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    const params = { fields: '路径参数（过长或编码无效）', fieldsEn: 'path parameter (too long or badly encoded)' };
    void reply.status(400).send({ error: { code: 'VALIDATION_FAILED', message: render('VALIDATION_FAILED', lang, params) } });
    return;
  }
  req.log.error({ err }, 'router error');
  void reply.status(500).send({ error: { code: 'INTERNAL', message: render('INTERNAL', lang, { requestId: req.id }) } });
}

/** One error shape for everything: { error: { code, message, details } }, message in the request's language. */
export function registerErrorHandler(app: FastifyInstance, opts: { spaIndex?: boolean } = {}): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const lang = req.lang ?? 'zh-CN';
    const send = (status: number, code: string, params: Record<string, unknown> = {}, details?: unknown) =>
      reply.status(status).send({ error: { code, message: render(code, lang, params), ...(details === undefined ? {} : { details }) } });

    if (err instanceof AppError) return send(err.status, err.code, err.params, err.details);

    if (hasZodFastifySchemaValidationErrors(err)) {
      const ctx = err.validationContext ?? 'body';
      const details = err.validation.flatMap((v) => {
        const base = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
        // an unknown field is named by its own path, not by the object that holds it
        const unknown = v.keyword === 'unrecognized_keys' && Array.isArray(v.params?.keys) ? (v.params.keys as unknown[]).map(String) : [];
        if (unknown.length) return unknown.map((k) => ({ in: ctx, path: base ? `${base}.${k}` : k, message: `unknown field: ${k}`, code: v.keyword }));
        return [{ in: ctx, path: base || '(root)', message: v.message, code: v.keyword }];
      });
      const fields = [...new Set(details.map((d) => d.path))].join(', ');
      return send(400, 'VALIDATION_FAILED', { fields: `${CONTEXT_ZH[ctx] ?? ctx} ${fields}`, fieldsEn: `${ctx} ${fields}` }, details);
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err }, 'response did not match its schema');
      return send(500, 'INTERNAL', { requestId: req.id });
    }
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(400, 'INVALID_JSON');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(413, 'BODY_TOO_LARGE');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return send(415, 'UNSUPPORTED_MEDIA_TYPE');
    }
    if (err instanceof SyntaxError && err.statusCode === 400) return send(400, 'INVALID_JSON');
    if (err.statusCode === 429) return send(429, 'RATE_LIMITED');
    const pg = pgError(err);
    if (pg?.code === '23505') return send(409, 'CONFLICT', { reason: '记录已存在', reasonEn: 'record already exists' });
    if (pg?.code === '22P02' || pg?.code === '22007' || pg?.code === '22008' || pg?.code === '22003') {
      return send(400, 'VALIDATION_FAILED', { fields: '输入格式', fieldsEn: 'input format' });
    }
    // text the database cannot store, e.g. a NUL character (\u0000) in a string or in JSON
    if (pg?.code === '22021' || pg?.code === '22P05') {
      return send(400, 'VALIDATION_FAILED', { fields: '输入含有不允许的字符', fieldsEn: 'input contains a character that is not allowed' });
    }
    if (err instanceof DataDirBusyError) return send(503, 'SERVICE_UNAVAILABLE');
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return send(err.statusCode, err.statusCode === 404 ? 'ROUTE_NOT_FOUND' : 'VALIDATION_FAILED', { fields: err.message, fieldsEn: err.message });
    }
    req.log.error({ err }, 'unhandled error');
    return send(500, 'INTERNAL', { requestId: req.id });
  });

  app.setNotFoundHandler((req, reply) => {
    // the web app's own routes (/orgs, /users …) are answered with its index page; /api never is
    if (opts.spaIndex && req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
    return reply.status(404).send({ error: { code: 'ROUTE_NOT_FOUND', message: render('ROUTE_NOT_FOUND', req.lang ?? 'zh-CN') } });
  });
}
