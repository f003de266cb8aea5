import { getLang, translate } from './i18n';

/** An error answered by the server ({ error: { code, message, details } }) or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Do not treat a 401 as "session ended" (login itself, the initial /me probe). */
  noAuthRedirect?: boolean;
}

let onUnauthorized: ((e: ApiError) => void) | null = null;

/** The app registers what happens when any call answers 401: forget the session and show the login page. */
export function setUnauthorizedHandler(fn: (e: ApiError) => void): void {
  onUnauthorized = fn;
}

export function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

/** Calls the JSON API with the session cookie and the UI language; throws ApiError on any failure. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? (opts.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': getLang() === 'en' ? 'en' : 'zh-CN,zh;q=0.9',
  };
  let body: string | undefined;
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body ?? {});
  }
  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), { method, headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', translate('error.network'));
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    const e = new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? translate('error.unexpected', { status: res.status }), err?.details);
    if (res.status === 401 && !opts.noAuthRedirect) onUnauthorized?.(e);
    throw e;
  }
  if (json === undefined) throw new ApiError(res.status, 'BAD_RESPONSE', translate('error.unexpected', { status: res.status }));
  return json as T;
}

/** A page of a keyset-paginated list. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Follows nextCursor until the list is complete (for small lists such as one tree level). */
export async function fetchAll<T>(path: string, query: Query, max = 5000): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null | undefined = undefined;
  do {
    const page: Page<T> = await api<Page<T>>(path, { query: { ...query, cursor } });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && out.length < max);
  return out;
}
