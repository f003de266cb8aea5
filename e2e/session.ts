import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { DEMO_PASSWORD } from '../src/server/demo/seed';
import { launchBrowser, startServer } from './server';

/** Signs a demo user in through the login page in a new browser context (zh-CN); the caller closes the context. */
export async function signIn(browser: Browser, baseURL: string, username: string, opts: { viewport?: { width: number; height: number }; acceptDownloads?: boolean } = {}): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: opts.viewport ?? { width: 1366, height: 900 }, baseURL, ...(opts.acceptDownloads ? { acceptDownloads: true } : {}) });
  const page = await ctx.newPage();
  await page.goto(baseURL + '/login');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
  return { ctx, page };
}

/** GET through the page's session; the status must be 200. */
export async function getJson<T>(page: Page, path: string, params?: Record<string, string | number>): Promise<T> {
  const res = await page.request.get(path, { params });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as T;
}

/** The text of an element by its test id, white space collapsed. */
export const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).textContent()) ?? '').replace(/\s+/g, ' ');

/**
 * A browser journey's server and browser: started before the file's tests (a fresh embedded database with demo data),
 * stopped after them with every context signed in meanwhile. `signIn` opens a page of a demo user.
 */
export function useJourney(opts: { acceptDownloads?: boolean } = {}) {
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });
  return {
    get url(): string {
      return server!.url;
    },
    async signIn(username: string): Promise<Page> {
      const { ctx, page } = await signIn(browser!, server!.url, username, opts);
      contexts.push(ctx);
      return page;
    },
  };
}
