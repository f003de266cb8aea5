import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { z } from 'zod';
import { type Db, rowsOf } from '../../src/server/platform/db/client';

/** The one error shape of the API. */
export const errorShape = z.strictObject({
  error: z.strictObject({
    code: z.string().regex(/^[A-Z][A-Z_]+$/),
    message: z.string().min(1),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorShape>;

interface InjectLike {
  statusCode: number;
  body: string;
  headers: Record<string, unknown>;
}

/** Asserts the response is an error in the one shape, with the given status (and code), and returns its body. */
export function expectError(res: InjectLike, status: number, code?: string): ErrorBody['error'] {
  expect(res.statusCode, res.body).toBe(status);
  expect(String(res.headers['content-type'] ?? '')).toMatch(/^application\/json/);
  const parsed = errorShape.safeParse(JSON.parse(res.body));
  expect(parsed.success, `error shape of ${res.body.slice(0, 300)}`).toBe(true);
  if (code) expect(parsed.data!.error.code).toBe(code);
  return parsed.data!.error;
}

/** Every table in schema public, found from the catalogue (later modules' tables are included by themselves). */
export async function publicTables(db: Db): Promise<string[]> {
  const rows = rowsOf<{ tablename: string }>(await db.execute(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`));
  return rows.map((r) => r.tablename);
}

/** Row count and an md5 of all rows of every public table (except the excluded ones), to prove nothing was written. */
export async function snapshotTables(db: Db, exclude: string[] = ['sessions']): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of await publicTables(db)) {
    if (exclude.includes(t)) continue;
    const [r] = rowsOf<{ n: number; h: string }>(
      await db.execute(sql.raw(`select count(*)::int as n, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as h from "${t.replace(/"/g, '""')}" t`)),
    );
    out[t] = `${r.n}:${r.h}`;
  }
  return out;
}

/** Percent-encodes the UTF-8 bytes of a string; unlike encodeURIComponent it also takes lone surrogates (as U+FFFD). */
export function encodePathSegment(value: string): string {
  let out = '';
  for (const b of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Fills every `:name` of a route URL with the given value (URL-encoded). */
export function fillParams(url: string, value: string): string {
  return url.replace(/:(\w+)/g, () => encodePathSegment(value));
}

export async function countRows(db: Db, table: string, where = 'true'): Promise<number> {
  const [r] = rowsOf<{ n: number }>(await db.execute(sql.raw(`select count(*)::int as n from "${table}" where ${where}`)));
  return r.n;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
interface InjectResult {
  statusCode: number;
  body: string;
  headers: Record<string, unknown>;
  cookies: Array<{ name: string; value: string }>;
  json(): unknown;
}
interface Injector {
  inject(opts: { method: Method; url: string; payload?: string | object; headers?: Record<string, string>; remoteAddress?: string }): Promise<InjectResult>;
}

/** A small API client bound to one session cookie, optional extra headers and a client address. */
export function client(app: Injector, cookie?: string, headers: Record<string, string> = {}, opts: { remoteAddress?: string } = {}) {
  const call = async <T = Record<string, unknown>>(method: Method, url: string, payload?: unknown) => {
    const r = await app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
      headers: { ...(cookie ? { cookie } : {}), ...headers },
      ...(opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {}),
    });
    return { statusCode: r.statusCode, body: r.body, headers: r.headers, cookies: r.cookies, json: () => r.json() as T };
  };
  return {
    cookie,
    get: <T = Record<string, unknown>>(url: string) => call<T>('GET', url),
    post: <T = Record<string, unknown>>(url: string, body?: unknown) => call<T>('POST', url, body),
    patch: <T = Record<string, unknown>>(url: string, body?: unknown) => call<T>('PATCH', url, body),
    del: <T = Record<string, unknown>>(url: string) => call<T>('DELETE', url),
  };
}
export type Client = ReturnType<typeof client>;
