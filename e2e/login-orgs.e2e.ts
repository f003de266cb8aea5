import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/server/demo/seed';
import { launchBrowser, startServer } from './server';

let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('journey: sign in, see the union tree, sign out', () => {
  it('a province admin signs in, sees the federation tree and signs out', async () => {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1366, height: 860 } });
    await page.goto(server.url + '/');
    await page.locator('#username').fill('admin');
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
    // the header shows who is signed in and where
    await expect.poll(() => page.getByTestId('current-org').textContent(), { timeout: 30_000 }).toContain('贵州省总工会');

    await page.goto(server.url + '/orgs');
    const tree = page.getByTestId('org-tree');
    await expect.poll(() => tree.textContent(), { timeout: 30_000 }).toContain('贵州省总工会');
    // expand the root: the nine city/prefecture federations appear
    await tree.getByText('贵州省总工会').first().click();
    await page.locator('[data-testid="org-tree"] .ant-tree-switcher').first().click();
    await expect.poll(() => tree.textContent(), { timeout: 30_000 }).toContain('遵义市总工会');

    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.locator('#username').waitFor({ timeout: 30_000 });
    const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
    expect(me).toBe(401);
    await page.close();
  });

  it('a wrong password is refused with a message and no session', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    await page.goto(server.url + '/login');
    await page.locator('#username').fill('admin');
    await page.locator('#password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.textContent('body'), { timeout: 15_000 }).toContain('用户名或密码错误');
    const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
    expect(me).toBe(401);
    await page.close();
  });
});
