import { z } from 'zod';
import { Permission } from '../../../contracts/auth';
import type { Deps } from '../deps';
import { actorOf } from '../http/guard';
import type { ZApp } from '../http/types';
import { listAuditEvents, verifyAuditChain } from './audit.service';

const auditItem = z.object({
  seq: z.number(),
  id: z.string(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  hash: z.string(),
});

export const auditQuery = z.strictObject({
  actorUserId: z.uuid().optional(),
  actorUsername: z.string().max(64).optional(),
  entityType: z.string().max(40).optional(),
  entityId: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function registerAuditRoutes(app: ZApp, deps: Deps): void {
  app.get(
    '/api/v1/audit/events',
    {
      config: { access: Permission.AuditRead },
      schema: { tags: ['audit'], summary: '审计事件 / audit events', querystring: auditQuery, response: { 200: z.object({ items: z.array(auditItem), nextCursor: z.string().nullable() }) } },
    },
    async (req) => listAuditEvents(deps.db, actorOf(req), req.query),
  );

  app.get(
    '/api/v1/audit/verify',
    {
      config: { access: Permission.AuditRead },
      schema: {
        tags: ['audit'],
        summary: '校验审计链 / verify the audit chain',
        response: { 200: z.object({ ok: z.boolean(), checked: z.number(), headSeq: z.number(), message: z.string(), problem: z.unknown() }) },
      },
    },
    async () => verifyAuditChain(deps.db),
  );
}
