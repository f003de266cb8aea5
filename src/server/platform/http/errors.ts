/** The one error type services throw; the error handler renders it as { error: { code, message, details } }. */
export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    public readonly params: Record<string, unknown> = {},
    public readonly details?: unknown,
  ) {
    super(code);
    this.name = 'AppError';
  }
}

const ENTITY_NAMES: Record<string, { zh: string; en: string }> = {
  org: { zh: '组织', en: 'Organisation' },
  user: { zh: '用户', en: 'User' },
  audit: { zh: '审计事件', en: 'Audit event' },
};

export function notFound(entity: string): AppError {
  const n = ENTITY_NAMES[entity] ?? { zh: entity, en: entity };
  return new AppError(404, 'NOT_FOUND', { entity: n.zh, entityEn: n.en });
}

export function registerEntityName(entity: string, zh: string, en: string): void {
  ENTITY_NAMES[entity] = { zh, en };
}

export function conflict(reasonZh: string, reasonEn: string, details?: unknown): AppError {
  return new AppError(409, 'CONFLICT', { reason: reasonZh, reasonEn }, details);
}

export function validation(field: string, zh: string, en: string): AppError {
  return new AppError(400, 'VALIDATION_FAILED', { fields: `${field}（${zh}）`, fieldsEn: `${field} (${en})` }, [
    { path: field, message: en, messageZh: zh },
  ]);
}

export const forbidden = () => new AppError(403, 'FORBIDDEN');
export const unauthenticated = () => new AppError(401, 'UNAUTHENTICATED');
