import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/server/demo/seed';
import { launchBrowser, startServer } from './server';
import { signIn } from './session';

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

describe('journey: a county cadre finds a household file and reads why it is in hardship', () => {
  it('lists only the county’s files, opens one, sees the identification reasons and masked members', async () => {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    await page.goto(server.url + '/login');
    await page.locator('#username').fill('honghuagang_reviewer');
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });

    await page.goto(server.url + '/registry');
    const table = page.getByTestId('registry-table');
    await expect.poll(() => table.locator('tbody tr a').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // every listed file is in 红花岗区, the reviewer's county
    const text = (await table.textContent()) ?? '';
    expect(text).toContain('红花岗区');
    expect(text).not.toContain('南明区');

    await table.locator('tbody tr a').first().click();
    await page.waitForURL(/\/registry\/households\//, { timeout: 30_000 });
    await expect.poll(() => page.getByTestId('identification-reasons').textContent(), { timeout: 30_000 }).toMatch(/人均月收入|低保/);
    await expect.poll(() => page.getByTestId('hh-header').textContent(), { timeout: 10_000 }).toMatch(/520302-\d{4}-\d{6}|摸底|已上报/);

    await page.getByTestId('tab-members').click();
    const members = page.getByTestId('members-table');
    await expect.poll(() => members.textContent(), { timeout: 15_000 }).toMatch(/\*{6,}/);
    // no ID number in clear anywhere on the page
    expect((await page.textContent('body')) ?? '').not.toMatch(/\b52\d{15}[\dX]\b/);
    await page.close();
  });
});

describe('journey: a cadre chooses a large file to import on the embedded database', () => {
  it('is advised to have it imported by the command line; a small file is not', async () => {
    const { ctx, page } = await signIn(browser, server.url, 'honghuagang_cadre');
    await page.goto(server.url + '/registry/import');
    const input = page.locator('input[type=file]');
    const xlsx = (name: string, bytes: number) => ({ name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.alloc(bytes) });
    // the demo server runs on the embedded database: a file of 12 MB gets the advice before anything is sent
    await input.setInputFiles(xlsx('摸底大.xlsx', 12 * 1024 * 1024));
    await expect.poll(() => page.getByTestId('import-large').textContent(), { timeout: 30_000 }).toMatch(/嵌入式数据库.*import-households/);
    await expect.poll(() => page.getByTestId('import-start').isEnabled(), { timeout: 10_000 }).toBe(true);
    // a small file chosen instead: no advice
    await input.setInputFiles(xlsx('摸底小.xlsx', 64 * 1024));
    await expect.poll(() => page.getByTestId('import-large').count(), { timeout: 10_000 }).toBe(0);
    await ctx.close();
  }, 120_000);
});
