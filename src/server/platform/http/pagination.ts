import { AppError } from './errors';

/** Opaque keyset cursors: base64url JSON of the last row's sort key. */
export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T extends Record<string, unknown>>(cursor: string | undefined | null): T | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as T;
  } catch {
    /* fall through */
  }
  throw new AppError(400, 'VALIDATION_FAILED', { fields: 'cursor（无效的分页游标）', fieldsEn: 'cursor (invalid)' }, [{ path: 'cursor', message: 'invalid cursor' }]);
}

export function page<T>(rows: T[], limit: number, keyOf: (last: T) => Record<string, unknown>) {
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  return { items, nextCursor: more && items.length ? encodeCursor(keyOf(items[items.length - 1])) : null };
}
