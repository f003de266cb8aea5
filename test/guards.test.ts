import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { z, type ZodType } from 'zod';
import { type Permission, ROLES, ROLE_PERMISSIONS, STAFF_ROLES, type Role } from '../src/contracts/auth';
import type { RouteInfo } from '../src/server/platform/http/guard';
import { loginAs, useTestApp } from './support/app';
import { makeUser } from './support/factories';
import { expectError, fillParams, snapshotTables } from './support/http';

/**
 * Walks the route table, so every route a later module registers is covered without touching this file:
 * anonymous → 401, missing permission → 403, invalid input → 4xx without a write, and an OpenAPI entry.
 */
const t = useTestApp();

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const routes = (): RouteInfo[] => t.app.routeTable;
const label = (r: RouteInfo) => `${r.method} ${r.url}`;

let adminCookie: string;

beforeAll(async () => {
  // province admin holding every staff role
  const admin = await makeUser(t.deps, { orgCode: '52', roles: [...STAFF_ROLES] });
  adminCookie = await loginAs(t.app, admin.username, admin.password);
});

describe('route table', () => {
  it('holds every /api route with its access and schemas', () => {
    const names = routes().map(label);
    // the foundation's own routes; later modules add more
    for (const r of ['GET /api/health', 'POST /api/v1/auth/login', 'GET /api/v1/orgs/:id', 'POST /api/v1/auth/users', 'GET /api/v1/audit/events']) expect(names).toContain(r);
    expect(new Set(names).size).toBe(names.length);
    for (const r of routes()) expect(r.access, label(r)).toBeTruthy();
  });
});

describe('(a) no session → 401 on every non-public route', () => {
  it('answers 401 UNAUTHENTICATED in the error shape', async () => {
    const guarded = routes().filter((r) => r.access !== 'public');
    expect(guarded.length).toBeGreaterThan(10);
    for (const r of guarded) {
      const res = await t.app.inject({ method: r.method as 'GET', url: fillParams(r.url, randomUUID()) });
      expectError(res, 401, 'UNAUTHENTICATED');
    }
  });

  it('answers 401 for a forged or oversized session cookie too', async () => {
    for (const cookie of ['pa_session=forged-token', `pa_session=${'A'.repeat(300)}`, 'pa_session=']) {
      for (const r of routes().filter((x) => x.access !== 'public')) {
        const res = await t.app.inject({ method: r.method as 'GET', url: fillParams(r.url, randomUUID()), headers: { cookie } });
        expectError(res, 401, 'UNAUTHENTICATED');
      }
    }
  });

  it('public routes do not ask for a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
  });
});

describe('(b) missing permission → 403', () => {
  it('refuses every permission route to a user whose roles lack that permission, and to a worker', async () => {
    const byPermission = new Map<Permission, RouteInfo[]>();
    for (const r of routes()) {
      if (r.access === 'public' || r.access === 'authenticated') continue;
      byPermission.set(r.access, [...(byPermission.get(r.access) ?? []), r]);
    }
    expect(byPermission.size).toBeGreaterThan(3);
    const worker = await makeUser(t.deps, { orgCode: '52', roles: ['worker'] });
    const workerCookie = await loginAs(t.app, worker.username, worker.password);
    for (const [perm, rs] of byPermission) {
      // the largest role set that still lacks the permission
      const lacking = ROLES.filter((role) => !ROLE_PERMISSIONS[role].includes(perm)) as Role[];
      expect(lacking.length).toBeGreaterThan(0);
      const u = await makeUser(t.deps, { orgCode: '52', roles: lacking });
      const cookie = await loginAs(t.app, u.username, u.password);
      for (const r of rs) {
        for (const c of [cookie, workerCookie]) {
          const res = await t.app.inject({ method: r.method as 'GET', url: fillParams(r.url, randomUUID()), headers: { cookie: c } });
          expectError(res, 403, 'FORBIDDEN');
        }
      }
    }
  });

  it('lets a holder of the permission past the guard (no 401/403 for the admin)', async () => {
    for (const r of routes()) {
      if (r.access === 'public' || r.access === 'authenticated') continue;
      // invalid or missing bodies and unknown ids: the guard passes, then validation or the service answers
      const res = await t.app.inject({ method: r.method as 'GET', url: fillParams(r.url, randomUUID()), headers: { cookie: adminCookie } });
      expect([401, 403], `${label(r)} → ${res.statusCode} ${res.body}`).not.toContain(res.statusCode);
      expect(res.statusCode, label(r)).toBeLessThan(500);
    }
  });

  it('"authenticated" routes are open to any signed-in user, even one without permissions', async () => {
    const worker = await makeUser(t.deps, { orgCode: '52', roles: ['worker'] });
    const cookie = await loginAs(t.app, worker.username, worker.password);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().permissions).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// (c) invalid input never answers 5xx and never writes

type Json = unknown;
interface Case {
  id: string | null;
  body: { kind: 'json'; value: Json } | { kind: 'raw'; text: string; contentType: string } | { kind: 'none' };
  query: Record<string, string>;
}

interface ZodDefLike {
  type: string;
  shape?: Record<string, ZodType>;
  innerType?: ZodType;
  in?: ZodType;
}
const defOf = (s: ZodType) => (s as unknown as { _zod: { def: ZodDefLike } })._zod.def;

/** Keys an object schema knows (through optional/default/nullable wrappers). */
function knownKeys(schema: ZodType | undefined): string[] {
  let s = schema;
  for (let i = 0; s && i < 10; i++) {
    const d = defOf(s);
    if (d.type === 'object') return Object.keys(d.shape ?? {});
    s = d.innerType ?? d.in;
  }
  return [];
}

const HUGE = 'x'.repeat(200_000);
const nastyString = fc.oneof(
  fc.constantFrom(
    "' OR '1'='1",
    "'; DROP TABLE orgs; --",
    '1; delete from users where true; --',
    "admin'--",
    '" or ""="',
    '%',
    '_',
    '\\',
    '%_%\\',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    '${7*7}',
    '\u0000',
    'a\u0000b',
    '\ud800',
    '😀👨‍👩‍👧',
    '陈小明',
    '',
    ' ',
    'null',
    'undefined',
    'NaN',
    '-1',
    '1e309',
    '0x10',
    'not-a-uuid',
    '00000000-0000-0000-0000-000000000000x',
    HUGE,
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.uuid().map((u) => u + '-'),
);
const nastyValue: fc.Arbitrary<Json> = fc.oneof(
  { arbitrary: nastyString, weight: 4 },
  { arbitrary: fc.integer(), weight: 1 },
  { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 1 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: fc.uuid(), weight: 1 },
  { arbitrary: fc.array(nastyString, { maxLength: 3 }), weight: 1 },
  { arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), nastyString, { maxKeys: 3 }), weight: 1 },
  { arbitrary: fc.constantFrom<Json>([], {}, [[[]]], { $ne: null }, { $gt: '' }), weight: 1 },
);

const malformedJson = fc.oneof(
  fc.constantFrom(
    '{',
    '}',
    '{"name":',
    "{'name': 'x'}",
    '{name: 1}',
    '[1, 2',
    '{"a":1}}',
    '{"a":1,}',
    'undefined',
    'NaN',
    "'; drop table users; --",
    '\u0000',
    '{"__proto__": {"admin": true}}',
    '{"constructor": {"prototype": {"admin": true}}}',
    '',
    ' ',
  ),
  fc.string({ maxLength: 30 }).filter((s) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  }),
);

function jsonRoundTrip(v: Json): Json {
  return JSON.parse(JSON.stringify(v));
}

function bodyArb(route: RouteInfo): fc.Arbitrary<Case['body']> {
  const keys = knownKeys(route.schema.body);
  const keyArb = fc.constantFrom(...keys, 'unknownField', 'id', 'orgPath', 'createdAt', 'isAdmin', 'passwordHash');
  const jsonish = fc.oneof(
    { arbitrary: fc.dictionary(keyArb, nastyValue, { minKeys: 0, maxKeys: 6 }), weight: 5 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
    { arbitrary: nastyValue, weight: 1 },
  );
  const json = jsonish
    .map((value) => ({ kind: 'json' as const, value: jsonRoundTrip(value) }))
    .filter((b) => !route.schema.body || !route.schema.body.safeParse(b.value).success);
  const raw = fc.oneof(
    malformedJson.map((text) => ({ kind: 'raw' as const, text, contentType: 'application/json' })),
    fc.constantFrom(
      { kind: 'raw' as const, text: 'name=x&kind=grassroots', contentType: 'application/x-www-form-urlencoded' },
      { kind: 'raw' as const, text: '<org><name>x</name></org>', contentType: 'application/xml' },
      { kind: 'raw' as const, text: 'hello', contentType: 'text/plain' },
      { kind: 'raw' as const, text: JSON.stringify({ name: 'y'.repeat(1_100_000) }), contentType: 'application/json' },
    ),
  );
  return fc.oneof({ arbitrary: json, weight: 4 }, { arbitrary: raw, weight: 1 });
}

function paramArb(route: RouteInfo): fc.Arbitrary<string> {
  const schema = route.schema.params;
  return fc
    .oneof(
      nastyString.filter((s) => s.length < 1000),
      fc.constantFrom('1', '0', '-1', 'null', 'me', 'ABC', '1 OR 1=1', '../users', 'y'.repeat(101), 'y'.repeat(600)),
      fc.uuid().map((u) => u.slice(0, -1)),
      fc.uuid().map((u) => u.replace(/-/g, '')),
      fc.uuid().map((u) => `{${u}}`),
    )
    .filter((id) => !schema || !schema.safeParse({ id }).success);
}

function queryArb(route: RouteInfo): fc.Arbitrary<Record<string, string>> {
  const schema = route.schema.querystring;
  const keyArb = fc.constantFrom(...knownKeys(schema), 'unknownParam', 'limit', 'cursor');
  return fc
    .dictionary(keyArb, fc.oneof(nastyString.filter((s) => s.length < 5000), fc.constantFrom('-1', '0', '100000', '1.5', 'abc', '')), { minKeys: 1, maxKeys: 4 })
    .filter((q) => !!schema && !schema.safeParse(Object.fromEntries(new URLSearchParams(q))).success);
}

/** Cases where at least one part of the request fails the route's own schemas. */
function invalidCase(route: RouteInfo): fc.Arbitrary<Case> {
  const hasParams = /:\w+/.test(route.url);
  const validId = fc.uuid({ version: 7 });
  const anyBody: fc.Arbitrary<Case['body']> = fc.oneof(
    fc.constant({ kind: 'none' as const }),
    fc.jsonValue({ maxDepth: 2 }).map((value) => ({ kind: 'json' as const, value: jsonRoundTrip(value) })),
  );
  const targets: fc.Arbitrary<Case>[] = [];
  if (route.schema.body) targets.push(fc.record({ id: hasParams ? validId : fc.constant(null), body: bodyArb(route), query: fc.constant({}) }));
  if (hasParams && route.schema.params) targets.push(fc.record({ id: paramArb(route), body: anyBody, query: fc.constant({}) }));
  if (route.schema.querystring) targets.push(fc.record({ id: hasParams ? validId : fc.constant(null), body: anyBody, query: queryArb(route) }));
  if (targets.length === 0) throw new Error(`${label(route)} validates nothing: a write route needs a body or params schema`);
  return fc.oneof(...targets);
}

const errorOrNotFound = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

describe('(c) invalid input to a write route: 4xx in the error shape, nothing written', () => {
  it('holds for every write route (property)', async () => {
    const writes = routes().filter((r) => WRITE_METHODS.has(r.method));
    expect(writes.length).toBeGreaterThanOrEqual(9);
    const baseline = await snapshotTables(t.deps.db);
    for (const route of writes) {
      await fc.assert(
        fc.asyncProperty(invalidCase(route), async (c) => {
          const url = (c.id === null ? route.url : fillParams(route.url, c.id)) + (Object.keys(c.query).length ? `?${new URLSearchParams(c.query)}` : '');
          const headers: Record<string, string> = { cookie: adminCookie };
          let payload: string | undefined;
          if (c.body.kind === 'json') {
            payload = JSON.stringify(c.body.value);
            headers['content-type'] = 'application/json';
          } else if (c.body.kind === 'raw') {
            payload = c.body.text;
            headers['content-type'] = c.body.contentType;
          }
          const res = await t.app.inject({ method: route.method as 'POST', url, headers, payload });
          expect(res.statusCode, `${label(route)} ${url.slice(0, 200)} ${String(payload).slice(0, 200)} → ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
          expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500);
          expect(errorOrNotFound.safeParse(res.json()).success, res.body.slice(0, 300)).toBe(true);
          expectError(res, res.statusCode);
          expect(res.body).not.toMatch(/\bat .+\.(ts|js):\d+/); // no stack
          expect(await snapshotTables(t.deps.db)).toEqual(baseline);
        }),
        { numRuns: 30 },
      );
    }
    // the admin session survived the whole run (logout and password change were never carried out)
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: adminCookie } });
    expect(me.statusCode).toBe(200);
    // every write route × 30 cases × a snapshot of every table: minutes, not seconds, on a busy machine
  }, 900_000);
});

describe('(d) OpenAPI', () => {
  it('/api/docs/json lists every route of the route table', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    const missing = routes()
      .filter((r) => !doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()])
      .map(label);
    expect(missing).toEqual([]);
    expect(routes().length).toBeGreaterThan(10);
  });
});
