import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../src/server/app';
import { testConfig, type AppConfig } from '../../src/server/config';
import { fixedClock } from '../../src/server/platform/clock';
import type { DatabaseHandle } from '../../src/server/platform/db/client';
import type { Deps } from '../../src/server/platform/deps';
import { PiiCipher } from '../../src/server/platform/pii/cipher';
import type { ZApp } from '../../src/server/platform/http/types';
import { openTestDatabase } from './db';

export const TEST_PII_KEY = 'a'.repeat(64);

export interface TestContext {
  app: ZApp;
  deps: Deps;
  handle: DatabaseHandle;
  clock: ReturnType<typeof fixedClock>;
}

export interface TestAppOptions {
  /** Runs after the app is built and before it is ready: a test can register extra routes or hooks here. */
  beforeReady?: (app: ZApp, deps: Deps) => void | Promise<void>;
}

/** Builds the app on a fresh database for the current test file (beforeAll/afterAll). */
export function useTestApp(over: Partial<AppConfig> = {}, opts: TestAppOptions = {}): TestContext {
  const ctx = {} as TestContext;
  beforeAll(async () => {
    const handle = await openTestDatabase();
    const clock = fixedClock('2026-11-30T02:00:00Z');
    const deps: Deps = { db: handle.db, dbKind: handle.kind, clock, cipher: PiiCipher.fromConfig(TEST_PII_KEY), config: testConfig(over) };
    const app = await buildApp(deps, { logger: false, webDir: null });
    await opts.beforeReady?.(app, deps);
    await app.ready();
    Object.assign(ctx, { app, deps, handle, clock });
    (ctx as TestContext & { dispose: () => Promise<void> }).dispose = handle.dispose;
  });
  afterAll(async () => {
    await ctx.app?.close();
    await (ctx as TestContext & { dispose?: () => Promise<void> }).dispose?.();
  });
  return ctx;
}

/** Signs in through the API and returns a cookie header value. */
export async function loginAs(app: ZApp, username: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const c = res.cookies.find((x) => x.name === 'pa_session');
  if (!c) throw new Error('no session cookie');
  return `pa_session=${c.value}`;
}
