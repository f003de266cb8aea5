import path from 'node:path';

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  piiKey: string | null;
  logLevel: string;
  /** Seed demo data (orgs, demo users with known passwords) on first run. Embedded mode: on by default. */
  demo: boolean;
  webDir: string;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  loginRateLimitPerMinute: number;
  /** Extra origins accepted on state-changing requests (besides the request's own host). */
  allowedOrigins: string[];
  trustProxy: boolean;
  secureCookies: boolean;
}

function int(v: string | undefined, d: number): number {
  const n = v === undefined || v === '' ? d : Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`invalid integer in configuration: ${v}`);
  return n;
}

function bool(v: string | undefined, d: boolean): boolean {
  if (v === undefined || v === '') return d;
  return ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const databaseUrl = env.DATABASE_URL || null;
  return {
    port: int(env.PORT, 3000),
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl,
    piiKey: env.PII_KEY || null,
    logLevel: env.LOG_LEVEL || 'info',
    demo: bool(env.DEMO, !databaseUrl),
    webDir: path.resolve(env.WEB_DIR || './dist/web'),
    sessionIdleMinutes: int(env.SESSION_IDLE_MINUTES, 120),
    sessionMaxHours: int(env.SESSION_MAX_HOURS, 12),
    loginMaxFailures: int(env.LOGIN_MAX_FAILURES, 5),
    loginLockMinutes: int(env.LOGIN_LOCK_MINUTES, 15),
    loginRateLimitPerMinute: int(env.LOGIN_RATE_LIMIT, 20),
    allowedOrigins: (env.ALLOWED_ORIGINS || '').split(',').map((s) => s.trim()).filter(Boolean),
    trustProxy: bool(env.TRUST_PROXY, false),
    secureCookies: bool(env.SECURE_COOKIES, false),
  };
}

/** Configuration for tests: in-memory database, small limits. */
export function testConfig(over: Partial<AppConfig> = {}): AppConfig {
  return {
    ...loadConfig({}),
    dataDir: '',
    demo: false,
    logLevel: 'silent',
    loginRateLimitPerMinute: 1000,
    ...over,
  };
}
