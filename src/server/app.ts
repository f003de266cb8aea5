import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { type ZodTypeProvider, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { registerAidRoutes } from './modules/aid/aid.routes';
import { registerDisbursementRoutes } from './modules/aid/disbursement.routes';
import { registerRecoveryRoutes } from './modules/aid/recovery.routes';
import { registerAidReportRoutes } from './modules/aid/aid-report.routes';
import { registerAuthRoutes } from './modules/auth/auth.routes';
import { registerDynamicRoutes } from './modules/dynamic/dynamic.routes';
import { registerLedgerRoutes } from './modules/ledger/ledger.routes';
import { registerMutualAidRoutes } from './modules/mutual-aid/mutual-aid.routes';
import { loadSession } from './modules/auth/auth.service';
import { SessionCache, type SessionCacheOptions } from './modules/auth/session-cache';
import { registerUserRoutes } from './modules/auth/user.routes';
import { registerOrgRoutes } from './modules/orgs/org.routes';
import { registerHouseholdRoutes } from './modules/registry/household.routes';
import { registerOversightRoutes } from './modules/oversight/oversight.routes';
import { registerImportRoutes } from './modules/registry/import/import.routes';
import { registerRegistryRoutes } from './modules/registry/registry.routes';
import { registerRegistryStatsRoutes } from './modules/registry/stats.routes';
import { registerSurveyRoutes } from './modules/survey/survey.routes';
import { registerVerificationRoutes } from './modules/verification/verification.routes';
import { registerWorklistRoutes } from './modules/worklist/worklist.routes';
import { registerAuditRoutes } from './platform/audit/audit.routes';
import { ping } from './platform/db/client';
import type { Deps } from './platform/deps';
import { registerErrorHandler, sendFrameworkError } from './platform/http/error-handler';
import { registerGuard } from './platform/http/guard';
import type { ZApp } from './platform/http/types';
import { uuidv7 } from './platform/ids';

export interface BuildOptions {
  logger?: FastifyServerOptions['logger'];
  /** Serve the built web bundle from this folder when it exists. */
  webDir?: string | null;
  /** The in-process session cache (default: sessions trusted for 5 s between database reads); `false` turns it off. */
  sessionCache?: SessionCacheOptions | false;
}

/** Mutations under these prefixes change sessions, users or orgs: each clears the session cache once committed. */
const SESSION_AFFECTING = ['/api/v1/auth/', '/api/v1/orgs'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Builds the whole application on the given dependencies. Tests call it with an in-memory database. */
export async function buildApp(deps: Deps, opts: BuildOptions = {}): Promise<ZApp> {
  const app = Fastify({
    logger: opts.logger ?? { level: deps.config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'] },
    genReqId: () => uuidv7(),
    bodyLimit: 1024 * 1024,
    trustProxy: deps.config.trustProxy,
    frameworkErrors: sendFrameworkError,
  }).withTypeProvider<ZodTypeProvider>() as unknown as ZApp;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: '精准帮扶 Precision Aid API', version: '1.0.0', description: 'Urban worker hardship assistance — REST API. Amounts are integer fen in fields ending Fen.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'pa_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  const webDir = opts.webDir === undefined ? deps.config.webDir : opts.webDir;
  const serveWeb = !!webDir && existsSync(path.join(webDir, 'index.html'));
  if (serveWeb) await app.register(fastifyStatic, { root: webDir, wildcard: false, index: ['index.html'] });
  registerErrorHandler(app, { spaIndex: serveWeb });
  const sessionCache = opts.sessionCache === false ? undefined : new SessionCache(opts.sessionCache ?? { ttlMs: 5_000 });
  registerGuard(
    app,
    {
      load: (token, req) => loadSession(deps, token, { ip: req.ip, userAgent: req.headers['user-agent'] ?? null, requestId: req.id }, sessionCache),
    },
    { allowedOrigins: deps.config.allowedOrigins },
  );
  if (sessionCache) {
    // onSend runs after the handler's transaction has committed and before the client hears the answer, so the
    // client's next request (or anyone's) reads the session, user and org again
    app.addHook('onSend', async (req, _reply, payload) => {
      if (!SAFE_METHODS.has(req.method) && SESSION_AFFECTING.some((p) => req.url.startsWith(p))) sessionCache.clear();
      return payload;
    });
  }

  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: { tags: ['platform'], summary: '健康检查 / health', response: { 200: z.object({ status: z.string(), database: z.string(), driver: z.string(), time: z.string() }), 503: z.object({ status: z.string(), database: z.string(), driver: z.string(), time: z.string() }) } },
    },
    async (_req, reply) => {
      const ok = await ping(deps.db);
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', database: ok ? 'reachable' : 'unreachable', driver: deps.dbKind, time: deps.clock.now().toISOString() });
    },
  );

  registerAuthRoutes(app, deps);
  registerUserRoutes(app, deps);
  registerOrgRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerRegistryRoutes(app, deps);
  registerRegistryStatsRoutes(app, deps);
  registerHouseholdRoutes(app, deps);
  registerImportRoutes(app, deps);
  await registerVerificationRoutes(app, deps);
  registerDynamicRoutes(app, deps);
  registerSurveyRoutes(app, deps);
  registerWorklistRoutes(app, deps);
  registerOversightRoutes(app, deps);
  registerLedgerRoutes(app, deps);
  registerAidRoutes(app, deps);
  registerDisbursementRoutes(app, deps);
  registerRecoveryRoutes(app, deps);
  registerAidReportRoutes(app, deps);
  registerMutualAidRoutes(app, deps);

  return app;
}
