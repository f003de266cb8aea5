import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { householdInput } from '../test/support/registry';
import { launchBrowser, startServer } from './server';
import { signIn as signInAs } from './session';

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

// a 1×1 PNG, as a phone camera would send a (much larger) one
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const signIn = (username: string, viewport = { width: 1366, height: 900 }): Promise<{ ctx: BrowserContext; page: Page }> => signInAs(browser, server.url, username, { viewport });

/** A draft reported by the signed-in user's union (made through the API, as the registry journey covers the form). */
async function reportDraft(page: Page): Promise<{ id: string; version: number }> {
  const me = await (await page.request.get('/api/v1/auth/me')).json();
  const orgId = me.org.kind === 'grassroots' ? me.org.id : (await (await page.request.get('/api/v1/orgs', { params: { parentId: me.org.id, limit: 50 } })).json()).items.find((o: { kind: string }) => o.kind === 'grassroots').id;
  const res = await page.request.post('/api/v1/registry/households', { data: householdInput(orgId) });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

describe('journey: report → assign → visit with photo and signature → approve → archive number', () => {
  it('goes through the hands of four people and keeps every signer', async () => {
    // 1. the grassroots cadre reports the household (摸底上报)
    const cadre = await signIn('honghuagang_cadre');
    const h = await reportDraft(cadre.page);
    await cadre.page.goto(`/registry/households/${h.id}`);
    await cadre.page.getByTestId('transition-submitted').click();
    await cadre.page.getByTestId('transition-reason').fill('社区摸底上报');
    await cadre.page.getByTestId('transition-submit').click();
    await expect.poll(() => cadre.page.getByTestId('hh-header').textContent(), { timeout: 30_000 }).toContain('已上报');

    // 2. the cadre, as coordinator, assigns the task to the volunteer federation's investigator
    await cadre.page.goto('/verification?status=pending');
    const row = cadre.page.getByTestId(`vf-task-${h.id}`);
    await row.waitFor({ timeout: 30_000 });
    await row.locator('[data-testid^="vf-assign-"]').click();
    await cadre.page.getByTestId('vf-investigator-select').click();
    await cadre.page.keyboard.type('吴义工');
    await cadre.page.locator('.ant-select-item-option', { hasText: '吴义工' }).first().click();
    await cadre.page.getByTestId('vf-assign-ok').click();
    await cadre.page.goto('/verification?status=assigned');
    await expect.poll(() => cadre.page.getByTestId(`vf-task-${h.id}`).textContent(), { timeout: 30_000 }).toContain('吴义工');

    // 3. the investigator visits at phone width, uploads a photo and signs
    const inv = await signIn('zunyi_investigator', { width: 390, height: 844 });
    await inv.page.goto('/verification');
    const mine = inv.page.getByTestId(`vf-task-${h.id}`);
    await mine.waitFor({ timeout: 30_000 });
    await mine.locator('[data-testid^="vf-visit-link-"]').click();
    await inv.page.getByTestId('vf-visit-household').waitFor({ timeout: 30_000 });
    // the page fits the phone: no horizontal scrolling
    expect(await inv.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390 + 1);
    await inv.page.getByTestId('vf-income-near_dibao').click();
    for (const [k, v] of [['housing', 'poor'], ['food', 'tight'], ['labour', 'weak'], ['students', 'college']]) await inv.page.getByTestId(`vf-fl-${k}-${v}`).click();
    const uploaded = inv.page.waitForResponse((r) => r.url().includes('/files') && r.request().method() === 'POST', { timeout: 30_000 });
    await inv.page.getByTestId('vf-upload').locator('input[type=file]').setInputFiles({ name: '住房.png', mimeType: 'image/png', buffer: PHOTO });
    expect((await uploaded).status()).toBe(201);
    await inv.page.getByTestId('vf-findings').fill('入户核实：租住老旧住房，户主重病下岗，子女在读大学，情况属实');
    await inv.page.getByTestId('vf-rec-aid').fill('3000');
    await inv.page.getByTestId('vf-commit').click();
    await inv.page.getByTestId('vf-sign-submit').click();
    await expect.poll(() => inv.page.getByTestId('vf-signed-hash').textContent(), { timeout: 30_000 }).toMatch(/[0-9a-f]{64}/);
    // from the signed visit the investigator can recommend a household found nearby: a draft of the same union
    await inv.page.getByTestId('vf-recommend').click();
    await expect.poll(() => inv.page.getByTestId('hh-org-fixed').inputValue(), { timeout: 30_000 }).toContain('老城社区工会');
    expect(await inv.page.getByTestId('hh-recommend-note').count()).toBe(1);

    // 4. the county reviewer compares report and visit and approves: the archive number is issued
    const rev = await signIn('honghuagang_reviewer');
    await rev.page.goto(`/verification/review/${h.id}`);
    await rev.page.getByTestId('vf-diff').waitFor({ timeout: 30_000 });
    expect(await rev.page.getByTestId('vf-hash-valid').count()).toBe(1);
    expect(await rev.page.getByTestId('vf-attachments').locator('img').count()).toBe(1);
    await rev.page.getByTestId('vf-approve').click();
    await rev.page.getByTestId('vf-decision-ok').click();
    await expect.poll(() => rev.page.getByTestId('vf-review-archive-no').textContent(), { timeout: 30_000 }).toMatch(/^520302-\d{4}-\d{6}$/);

    // the household's history shows 谁调查、谁登记、谁审核、谁负责
    await rev.page.goto(`/registry/households/${h.id}?tab=history`);
    await expect.poll(() => rev.page.getByTestId('vf-chain-investigated').textContent(), { timeout: 30_000 }).toContain('吴义工');
    expect(await rev.page.getByTestId('vf-chain-registered').textContent()).toContain('刘干事');
    expect(await rev.page.getByTestId('vf-chain-reviewed').textContent()).toContain('陈主席');
    expect(await rev.page.getByTestId('vf-chain-responsible').textContent()).toContain('陈主席');

    // and the audit log holds the signed visit
    const auditor = await signIn('province_auditor');
    const events = await (await auditor.page.request.get('/api/v1/audit/events', { params: { action: 'verification.visit.sign' } })).json();
    expect(events.items.some((e: { entityId: string }) => e.entityId === h.id)).toBe(true);
    for (const c of [cadre, inv, rev, auditor]) await c.ctx.close();
  });
});

describe('journey: a registrar cannot verify their own household', () => {
  it('the verify button is refused on the page and by the server', async () => {
    const rev = await signIn('honghuagang_reviewer');
    const h = await reportDraft(rev.page);
    const s = await rev.page.request.post(`/api/v1/registry/households/${h.id}/transition`, { data: { to: 'submitted', reason: '上报', version: h.version } });
    expect(s.status()).toBe(200);
    const submitted = await s.json();
    await rev.page.goto(`/registry/households/${h.id}`);
    const verify = rev.page.getByTestId('transition-verified');
    await verify.waitFor({ timeout: 30_000 });
    expect(await verify.isDisabled()).toBe(true);
    await verify.hover({ force: true });
    await expect.poll(() => rev.page.locator('.ant-tooltip').textContent(), { timeout: 10_000 }).toContain('登记人不能核查');
    const refused = await rev.page.request.post(`/api/v1/registry/households/${h.id}/transition`, { data: { to: 'verified', reason: '自己核查', version: submitted.version } });
    expect(refused.status()).toBe(400);
    expect((await refused.json()).error.message).toContain('登记人不能核查');
    await rev.ctx.close();
  });
});
