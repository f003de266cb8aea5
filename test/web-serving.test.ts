import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app';
import { testConfig } from '../src/server/config';
import { fixedClock } from '../src/server/platform/clock';
import { PiiCipher } from '../src/server/platform/pii/cipher';
import type { ZApp } from '../src/server/platform/http/types';
import { TEST_PII_KEY } from './support/app';
import { openTestDatabase } from './support/db';

const webDir = mkdtempSync(path.join(os.tmpdir(), 'pa-web-'));
let app: ZApp;
let dispose: () => Promise<void>;

beforeAll(async () => {
  mkdirSync(path.join(webDir, 'assets'));
  writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>精准帮扶</title><div id="root"></div>');
  writeFileSync(path.join(webDir, 'assets', 'app.js'), 'console.log(1)');
  const h = await openTestDatabase();
  dispose = h.dispose;
  app = await buildApp({ db: h.db, dbKind: h.kind, clock: fixedClock('2026-11-30T00:00:00Z'), cipher: PiiCipher.fromConfig(TEST_PII_KEY), config: testConfig() }, { logger: false, webDir });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await dispose();
  rmSync(webDir, { recursive: true, force: true });
});

describe('serving the web bundle', () => {
  it('serves the index, assets, and the index for client-side routes', async () => {
    for (const url of ['/', '/orgs', '/users/123', '/login']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('精准帮扶');
    }
    const js = await app.inject({ method: 'GET', url: '/assets/app.js' });
    expect(js.body).toBe('console.log(1)');
  });

  it('never answers an unknown API path with the page', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('ROUTE_NOT_FOUND');
    const post = await app.inject({ method: 'POST', url: '/orgs', payload: {} });
    expect(post.statusCode).toBe(404);
  });
});
