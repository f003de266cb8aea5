import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shanghaiDate } from '../src/server/platform/dates';
import { formatYuan } from '../src/server/platform/money';
import { getJson, text, useJourney } from './session';

/**
 * The medical mutual-aid journey through the pages, on the demo's Zunyi scheme: the benefit calculator explains the
 * real worked case; the cadre finds a covered worker of a member unit and takes in a hospital stay with its bill —
 * the claim page shows the engine's payout and its step-by-step trace; the reviewer approves; finance pays it; the
 * ledger stays whole, the pool equal to the contributions less the payouts that stand; the statistics show it.
 */
const journey = useJourney();
const MA = '/api/v1/mutual-aid';
const signIn = (username: string): Promise<Page> => journey.signIn(username);

/** The <input> of a field whose test id sits on the input itself or on its wrapper (date pickers, selects). */
async function inputOf(page: Page, testId: string): Promise<Locator> {
  const el = page.getByTestId(testId);
  await el.waitFor({ timeout: 30_000 });
  return (await el.evaluate((e) => e.tagName)) === 'INPUT' ? el : el.locator('input').first();
}

async function typeDate(page: Page, testId: string, iso: string) {
  const input = await inputOf(page, testId);
  await input.click();
  await input.fill(iso);
  await input.press('Enter');
}

/** Opens a select, types to search, takes the first option containing the text. */
async function pick(page: Page, testId: string, search: string, optionText = search) {
  const input = await inputOf(page, testId);
  await input.click();
  if (search) await page.keyboard.type(search);
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: optionText }).first();
  await option.waitFor({ timeout: 30_000 });
  await option.click();
}

interface ClaimDetail {
  id: string;
  claimNo: string;
  status: string;
  enginePayoutFen: number | null;
  payoutFen: number | null;
  schemeVersion: number | null;
  trace: Array<{ step: string }>;
}

describe('journey: a worker’s hospital stay from intake to payment', () => {
  it('goes through the calculator, the cadre, the reviewer and finance', { timeout: 240_000 }, async () => {
    // 1. the calculator explains the real worked case of the provincial scheme
    const cadre = await signIn('honghuagang_cadre');
    await cadre.goto(journey.url + '/mutual-aid/simulate');
    await cadre.getByTestId('ma-example').click();
    await cadre.getByTestId('ma-run').click();
    await cadre.getByTestId('ma-result-0-payout').waitFor({ timeout: 30_000 });
    expect(await text(cadre, 'ma-result-0-payout')).toContain('88,400.00');

    // 2. a covered worker of the demo's first unit (its bill is settled)
    const units = await getJson<{ items: Array<{ id: string; name: string }> }>(cadre, `${MA}/units`, { q: '环境卫生' });
    const unit = units.items[0]!;
    await cadre.goto(journey.url + '/mutual-aid/units');
    await cadre.getByTestId(`unit-link-${unit.id}`).click();
    await cadre.getByTestId('unit-members').waitFor({ timeout: 30_000 });
    const { items: members } = await getJson<{ items: Array<{ id: string; name: string; plans: Array<{ planCode: string; period: number; paid: boolean }> }> }>(cadre, `${MA}/claims/members`, { unitId: unit.id });
    const year = Number(shanghaiDate(new Date()).slice(0, 4));
    const worker = members.find((m) => m.plans.some((p) => p.planCode === 'inpatient' && p.period === year && p.paid))!;
    expect(worker).toBeDefined();

    // 3. the stay taken in with its bill: 30% of the out-of-pocket 6,400.00 yuan
    await cadre.goto(journey.url + '/mutual-aid/claims/new');
    await pick(cadre, 'intake-unit', '环境卫生');
    await pick(cadre, 'intake-member', worker.name);
    await pick(cadre, 'intake-plan', '', '住院医疗互助');
    await cadre.getByTestId('intake-hospital').fill('遵义市第一人民医院');
    const admission = new Date(Date.now() - 12 * 86_400_000).toISOString().slice(0, 10);
    const discharge = new Date(Date.now() - 4 * 86_400_000).toISOString().slice(0, 10);
    await typeDate(cadre, 'intake-admission', admission);
    await typeDate(cadre, 'intake-discharge', discharge);
    await cadre.getByTestId('intake-diagnosis').fill('社区获得性肺炎');
    await cadre.getByTestId('intake-icd10').fill('J18.9');
    await cadre.getByTestId('intake-bill').fill('E2E-ZSRMYY-0001');
    await cadre.getByTestId('intake-total').fill('15800.00');
    await cadre.getByTestId('intake-insurance').fill('9400.00');
    await cadre.getByTestId('intake-submit').click();
    await cadre.waitForURL(/\/mutual-aid\/claims\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    const claimId = cadre.url().split('/').pop()!;
    await cadre.getByTestId('claim-trace').waitFor({ timeout: 30_000 });
    expect(await text(cadre, 'claim-engine-payout')).toContain(formatYuan(192_000));
    let claim = await getJson<ClaimDetail>(cadre, `${MA}/claims/${claimId}`);
    expect(claim).toMatchObject({ status: 'adjudicated', enginePayoutFen: 192_000, schemeVersion: 1 });
    expect(claim.trace.map((s) => s.step)).toContain('amount');
    // the clerk who took it in has no approve button
    expect(await cadre.getByTestId('claim-approve').count()).toBe(0);

    // 4. the county's reviewer approves
    const reviewer = await signIn('honghuagang_reviewer');
    await reviewer.goto(journey.url + `/mutual-aid/claims/${claimId}`);
    await reviewer.getByTestId('claim-approve').click();
    await reviewer.locator('.ant-modal-confirm .ant-btn-primary').click();
    await reviewer.getByTestId('claim-status-approved').first().waitFor({ timeout: 30_000 });

    // 5. finance pays it
    const finance = await signIn('honghuagang_finance');
    await finance.goto(journey.url + `/mutual-aid/claims/${claimId}`);
    await finance.getByTestId('claim-pay').click();
    await finance.locator('.ant-modal-confirm .ant-btn-primary').click();
    await finance.getByTestId('claim-status-paid').first().waitFor({ timeout: 30_000 });
    claim = await getJson<ClaimDetail>(finance, `${MA}/claims/${claimId}`);
    expect(claim).toMatchObject({ status: 'paid', payoutFen: 192_000 });

    // 6. the ledger verifies, and the scheme's pool (kept by the Zunyi federation: read at the province) is the
    //    contributions received less the payouts that stand; the statistics count the paid claim
    expect((await getJson<{ ok: boolean }>(finance, '/api/v1/ledger/verify')).ok).toBe(true);
    const province = await signIn('province_finance');
    const accounts: Array<{ code: string; balanceFen: number }> = [];
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const page: { items: Array<{ code: string; balanceFen: number }>; nextCursor: string | null } = await getJson(province, '/api/v1/ledger/accounts', { limit: 100, ...(cursor ? { cursor } : {}) });
      accounts.push(...page.items);
      cursor = page.nextCursor;
    }
    const pool = accounts.find((a) => a.code === 'ma-pool:ZY')!;
    const stats = await getJson<{ totals: { paidCount: number; paidFen: number; raisedFen: number } }>(reviewer, `${MA}/stats`);
    expect(stats.totals.paidCount).toBe(4);
    const approved = await getJson<{ items: Array<{ payoutFen: number | null }> }>(reviewer, `${MA}/claims`, { status: 'approved' });
    const standing = stats.totals.paidFen + approved.items.reduce((s, c) => s + (c.payoutFen ?? 0), 0);
    expect(pool.balanceFen).toBe(stats.totals.raisedFen - standing);
    await reviewer.goto(journey.url + '/mutual-aid/stats');
    await reviewer.getByTestId('ma-stats-summary').waitFor({ timeout: 30_000 });
    // every claim of the demo is of this year, so the page's year and the all-years totals pay the same
    await expect.poll(() => text(reviewer, 'ma-stats-summary'), { timeout: 30_000 }).toContain(formatYuan(stats.totals.paidFen));
  });
});
