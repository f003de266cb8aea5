import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatYuan } from '../src/server/platform/money';
import { getJson, text, useJourney } from './session';

/**
 * The aid journey through the pages, as the issue checks it: a 金秋助学 program → an eligible household applies (✓ lines,
 * amount) and an ineligible one is refused (✗ reasons) → approval and the public notice (masked names) → an objection
 * pauses an award → confirmation only after the notice period → finance batches, takes the bank file (complete account)
 * and uploads the bank's result → the household money view shows the payment → a revocation after payment opens a
 * recovery → the ledger verifies.
 *
 * The test server runs on the system clock, and a notice can neither start in the past nor be confirmed before it
 * ends; so the new program's notice is checked to be refused, and the journey continues from the demo program whose
 * notice has ended (its failed transfer, back among the confirmed awards when the draft retry batch is cancelled).
 */
const journey = useJourney({ acceptDownloads: true });
const A = '/api/v1/aid';
const signIn = (username: string): Promise<Page> => journey.signIn(username);


/** Types into the household picker of the apply page and takes the option with the archive number. */
async function pickHousehold(page: Page, archiveNo: string) {
  await page.getByTestId('apply-household').click();
  await page.keyboard.type(archiveNo);
  const option = page.locator('.ant-select-item-option', { hasText: archiveNo }).first();
  await option.waitFor({ timeout: 30_000 });
  await option.click();
}

interface Award {
  id: string;
  awardNo: string;
  householdId: string;
  workerName: string;
  status: string;
  amountFen: number;
  programId: string;
}
interface Household {
  id: string;
  archiveNo: string | null;
  workerName: string;
}

describe('journey: 金秋助学 from the program to the ledger', () => {
  it('goes through the reviewer, the cadre, finance and the auditor', { timeout: 240_000 }, async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10); // Asia/Shanghai
    const year = Number(today.slice(0, 4));
    const name = `${year}年金秋助学（第二批）`;

    // 1. the county reviewer sets up the program: student aid for university and vocational college, amounts in yuan by stage
    const reviewer = await signIn('honghuagang_reviewer');
    await reviewer.goto('/aid/programs/new');
    await reviewer.getByTestId('program-form').waitFor({ timeout: 30_000 });
    await reviewer.getByTestId('program-name').fill(name);
    expect(await text(reviewer, 'program-type')).toContain('金秋助学');
    await reviewer.getByTestId('program-budget').fill('20000');
    await reviewer.getByTestId('program-notice-days').fill('7');
    const stages = await text(reviewer, 'elig-stages');
    expect(stages).toContain('本科');
    expect(stages).toContain('高职');
    await reviewer.getByTestId('amount-university').fill('5000');
    await reviewer.getByTestId('amount-vocational_college').fill('3000');
    await reviewer.getByTestId('program-save').click();
    await reviewer.waitForURL(/\/aid\/programs\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    await expect.poll(() => text(reviewer, 'program-title'), { timeout: 30_000 }).toBe(name);
    const programId = new URL(reviewer.url()).pathname.split('/').pop()!;
    expect(await text(reviewer, 'program-rules-amount')).toContain('5,000');

    // 2. the cadre applies for an eligible family (a vocational-college student: ¥3,000) …
    const cadre = await signIn('honghuagang_cadre');
    const demoAwards = (await getJson<{ items: Award[] }>(cadre, `${A}/awards`, { limit: 100 })).items;
    const pendingDemo = demoAwards.find((a) => a.status === 'submitted' && a.amountFen === 300000)!;
    expect(pendingDemo, 'the demo data has a vocational-college family awaiting review').toBeTruthy();
    const eligible = await getJson<Household>(cadre, `/api/v1/registry/households/${pendingDemo.householdId}`);
    await cadre.goto(`/aid/apply?programId=${programId}`);
    await pickHousehold(cadre, eligible.archiveNo!);
    await expect.poll(() => cadre.getByTestId('apply-eligible').getAttribute('data-eligible'), { timeout: 30_000 }).toBe('true');
    expect(await cadre.locator('[data-testid="eligibility-checks"] [data-ok="false"]').count()).toBe(0);
    expect(await cadre.locator('[data-testid="eligibility-checks"] [data-ok="true"]').count()).toBeGreaterThan(0);
    expect(await text(cadre, 'apply-amount')).toContain('¥3,000.00');
    await cadre.getByTestId('apply-submit').click();
    await cadre.waitForURL(/\/aid\/awards\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    const awardId = new URL(cadre.url()).pathname.split('/').pop()!;
    await expect.poll(() => text(cadre, 'award-status'), { timeout: 30_000 }).toContain('待审核');
    const awardNo = await text(cadre, 'award-no');

    // … and is refused for a family of the registry with no student at those stages, with the reasons
    const approved = (await getJson<{ items: Household[] }>(cadre, '/api/v1/registry/households', { status: 'approved', limit: 100 })).items;
    let ineligible: Household | undefined;
    for (let i = 0; i < approved.length && !ineligible; i += 10) {
      const some = approved.slice(i, i + 10).filter((h) => h.archiveNo);
      const checks = await Promise.all(some.map((h) => cadre.request.post(`${A}/programs/${programId}/check`, { data: { householdId: h.id } }).then(async (c) => c.status() === 200 && !(await c.json()).eligible)));
      ineligible = some.find((_h, k) => checks[k]);
    }
    expect(ineligible, 'an approved family that the program does not fit').toBeTruthy();
    await cadre.goto(`/aid/apply?programId=${programId}`);
    await pickHousehold(cadre, ineligible!.archiveNo!);
    await expect.poll(() => cadre.getByTestId('apply-eligible').getAttribute('data-eligible'), { timeout: 30_000 }).toBe('false');
    const refused = cadre.locator('[data-testid="eligibility-checks"] [data-ok="false"]');
    expect(await refused.count()).toBeGreaterThan(0);
    expect(((await refused.first().textContent()) ?? '').length).toBeGreaterThan(2);
    expect(await cadre.getByTestId('apply-submit').count()).toBe(0);
    const refusedByServer = await cadre.request.post(`${A}/programs/${programId}/applications`, { data: { householdId: ineligible!.id } });
    expect(refusedByServer.status()).toBe(422);

    // 3. the reviewer approves and publishes the notice; names are masked
    await reviewer.goto(`/aid/awards/${awardId}`);
    await reviewer.getByTestId('award-approve').click();
    await reviewer.getByTestId('award-approve-submit').click();
    await expect.poll(() => text(reviewer, 'award-status'), { timeout: 30_000 }).toContain('已审核待公示');
    // a notice cannot start in the past
    const past = await reviewer.request.post(`${A}/programs/${programId}/notices`, { data: { startsOn: `${year - 1}-12-31` } });
    expect(past.status()).toBeGreaterThanOrEqual(400);
    await reviewer.goto(`/aid/programs/${programId}`);
    await reviewer.getByTestId('program-publish-notice').click();
    expect(await reviewer.getByTestId('notice-starts-on').inputValue()).toBe(today);
    await reviewer.getByTestId('notice-publish-submit').click();
    await reviewer.waitForURL(/\/aid\/notices\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    const noticeId = new URL(reviewer.url()).pathname.split('/').pop()!;
    const row = reviewer.getByTestId(`notice-row-${awardNo}`);
    await row.waitFor({ timeout: 30_000 });
    const masked = eligible.workerName[0] + '*'.repeat(eligible.workerName.length - 1);
    expect(await row.textContent()).toContain(masked);
    expect(await reviewer.getByTestId('notice-items').textContent()).not.toContain(eligible.workerName);
    expect(await text(reviewer, 'notice-days-left')).toMatch(/\d/);

    // 4. an objection during the notice pauses the award
    await cadre.goto(`/aid/notices/${noticeId}`);
    await cadre.getByTestId(`notice-object-${awardNo}`).click();
    await cadre.getByTestId('objection-raised-by').fill('同社区居民');
    await cadre.getByTestId('objection-text').fill('反映该户子女已退学，请核实。');
    await cadre.getByTestId('objection-submit').click();
    await expect.poll(() => text(cadre, `notice-item-status-${awardNo}`), { timeout: 30_000 }).toContain('有异议');

    // 5. confirmation waits for the end of the notice: the button is disabled and the server refuses
    await reviewer.reload();
    await reviewer.getByTestId('notice-confirm-all').waitFor({ timeout: 30_000 });
    expect(await reviewer.getByTestId('notice-confirm-all').isDisabled()).toBe(true);
    const early = await reviewer.request.post(`${A}/notices/${noticeId}/confirm`, { data: {} });
    expect(early.status()).toBeGreaterThanOrEqual(400);
    // the demo program's notice has ended and was confirmed once its period was over: the page says so, and a
    // second confirmation is refused
    const notices = await getJson<Array<{ id: string; programId: string; ended: boolean; status: string; noticeNo: string }>>(reviewer, `${A}/notices`);
    const ended = notices.find((n) => n.ended && n.status === 'closed')!;
    expect(ended, 'the demo data has a notice whose period has ended').toBeTruthy();
    await reviewer.goto(`/aid/notices/${ended.id}`);
    await reviewer.getByTestId('notice-ended').waitFor({ timeout: 30_000 });
    expect(await text(reviewer, 'notice-closed')).toContain('已确认');
    expect(await reviewer.getByTestId('notice-confirm-all').isDisabled()).toBe(true);
    expect((await reviewer.request.post(`${A}/notices/${ended.id}/confirm`, { data: {} })).status()).toBe(409);

    // 6. finance: the failed transfer's retry batch (a draft) is cancelled, so its award is confirmed again; a new batch
    const finance = await signIn('honghuagang_finance');
    const batches = (await getJson<{ items: Array<{ id: string; status: string; programId: string; retryOf: string | null }> }>(finance, `${A}/batches`)).items;
    const draft = batches.find((b) => b.status === 'draft' && b.programId === ended.programId)!;
    expect(draft, 'the demo data has a draft retry batch').toBeTruthy();
    await finance.goto(`/aid/batches/${draft.id}`);
    await finance.getByTestId('batch-cancel').click();
    await finance.locator('.ant-modal-confirm .ant-btn-dangerous').click();
    await expect.poll(() => finance.getByTestId('batch-cancel').count(), { timeout: 30_000 }).toBe(0);

    const demoProgram = await getJson<{ code: string; name: string }>(finance, `${A}/programs/${ended.programId}`);
    await finance.goto('/aid/batches');
    await finance.getByTestId('batch-new').click();
    await finance.getByTestId('batch-create-program').click();
    await finance.locator('.ant-select-item-option', { hasText: demoProgram.code }).first().click();
    await expect.poll(() => text(finance, 'batch-create-total'), { timeout: 30_000 }).toContain('1 笔');
    await finance.getByTestId('batch-create-submit').click();
    await finance.waitForURL(/\/aid\/batches\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    const batchId = new URL(finance.url()).pathname.split('/').pop()!;
    await finance.getByTestId('payment-row-1').waitFor({ timeout: 30_000 });
    const line = (await finance.getByTestId('payment-row-1').textContent()) ?? '';
    const reference = /AB-\d{4}-\d{6}-\d{4}/.exec(line)![0];
    const maskedAccount = /\*+(\d{4})/.exec(line)!;

    // the bank file holds the complete account (the screen shows it masked)
    const download = finance.waitForEvent('download', { timeout: 30_000 });
    await finance.getByTestId('batch-bank-xlsx').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readAll(await file.createReadStream())) as unknown as ArrayBuffer);
    const cells = wb.worksheets[0].getSheetValues().flat().map((v) => String(v ?? ''));
    const account = cells.find((c) => /^\d{12,}$/.test(c) && c.endsWith(maskedAccount[1]));
    expect(account, `a complete account ending ${maskedAccount[1]} in the bank file`).toBeTruthy();
    expect(cells.some((c) => c.includes('*'))).toBe(false);
    expect(cells).toContain(reference);

    // the bank's result file: 参考号, 金额（元）, 结果, 失败原因
    await expect.poll(() => finance.getByTestId('batch-upload-results').count(), { timeout: 30_000 }).toBe(1);
    const fen = amountFenOf(line);
    const amountYuan = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`; // integer fen to yuan text
    const csv = `参考号,金额（元）,结果,失败原因\n${reference},${amountYuan},成功,\n`;
    await finance.locator('input[type=file]').setInputFiles({ name: '回盘结果.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await expect.poll(() => text(finance, 'batch-upload-summary'), { timeout: 30_000 }).toContain('成功 1');
    await expect.poll(() => text(finance, 'payment-status-1'), { timeout: 30_000 }).toContain('成功');
    const batch = await getJson<{ status: string; items: Array<{ awardId: string; householdId: string }> }>(finance, `${A}/batches/${batchId}`);
    expect(batch.status).toBe('settled');
    const paid = batch.items[0];

    // 7. the household money view on the family's page shows what it received, from the ledger
    await cadre.goto(`/registry/households/${paid.householdId}`);
    await expect.poll(() => text(cadre, 'hh-money-received'), { timeout: 30_000 }).toContain(`¥${formatYuan(fen)}`);
    expect(await cadre.getByTestId(`hh-money-${year}`).textContent()).toMatch(/LE-\d{4}-\d+/);

    // 8. revoked after payment: a recovery is opened and listed
    await reviewer.goto(`/aid/awards/${paid.awardId}`);
    await reviewer.getByTestId('award-revoke').click();
    await reviewer.getByTestId('award-revoke-reason').fill('复核发现该户已不符合条件');
    await reviewer.getByTestId('award-revoke-submit').click();
    await expect.poll(() => text(reviewer, 'award-status'), { timeout: 30_000 }).toContain('已撤销');
    await reviewer.getByTestId('award-recovery-link').waitFor({ timeout: 30_000 });
    const recoveryNo = await text(reviewer, 'award-recovery-link');
    await finance.goto('/aid/recoveries');
    const recRow = finance.getByTestId(`recovery-row-${recoveryNo}`);
    await recRow.waitFor({ timeout: 30_000 });
    expect(await recRow.textContent()).toContain('追回中');
    await cadre.reload();
    await expect.poll(() => text(cadre, 'hh-money-owed'), { timeout: 30_000 }).not.toBe('¥0.00');

    // 9. the auditor checks the ledger: balanced
    const auditor = await signIn('province_auditor');
    await auditor.goto('/aid/ledger');
    await auditor.getByTestId('ledger-verify').click();
    await expect.poll(() => text(auditor, 'ledger-verify-result'), { timeout: 30_000 }).toContain('无误');
    expect(await auditor.locator('[data-testid="ledger-verify-result"].ant-alert-success').count()).toBe(1);
  });
});

/** The amount (fen) of a payment line as the batch page shows it (¥3,000.00). */
function amountFenOf(line: string): number {
  const m = /¥([\d,]+\.\d{2})/.exec(line)!;
  return Math.round(Number(m[1].replace(/,/g, '')) * 100);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}
