import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoAid } from '../src/server/demo/aid';
import { seedDemo } from '../src/server/demo/seed';
import { seedDemoWorkflow } from '../src/server/demo/workflow';
import { verifyLedger } from '../src/server/modules/ledger/ledger.service';
import { rowsOf } from '../src/server/platform/db/client';
import { useTestApp } from './support/app';
import { demoWorklist, sectionTotal } from './support/demo';

const t = useTestApp();
let first: { programs: number; awards: number };

beforeAll(async () => {
  await seedDemo(t.deps);
  await seedDemoWorkflow(t.deps);
  first = await seedDemoAid(t.deps);
}, 300_000);

const worklistOf = (username: string) => demoWorklist(t, username);
const total = sectionTotal;

describe('demo aid data', () => {
  it('puts awards at every step of aid', async () => {
    expect(first.programs).toBe(2);
    const byStatus = Object.fromEntries(rowsOf<{ status: string; n: number }>(await t.deps.db.execute(sql`select status, count(*)::int as n from aid_awards group by status`)).map((r) => [r.status, Number(r.n)]));
    expect(byStatus).toEqual({ paid: 3, batched: 1, revoked: 1, objected: 1, submitted: 4 });
    const batches = rowsOf<{ status: string }>(await t.deps.db.execute(sql`select status from aid_batches order by created_at`));
    expect(batches.map((b) => b.status)).toEqual(['settled', 'draft']);
    const [rec] = rowsOf<{ amount_due_fen: string; received_fen: string; status: string }>(await t.deps.db.execute(sql`select amount_due_fen::text, received_fen::text, status from aid_recoveries`));
    expect(rec).toEqual({ amount_due_fen: '500000', received_fen: '200000', status: 'open' });
    expect((await verifyLedger(t.deps.db)).ok).toBe(true);
  });

  it('each aid login opens on a queue', async () => {
    const reviewer = await worklistOf('honghuagang_reviewer');
    expect(total(reviewer, 'aid.to_review')).toBe(4);
    expect(total(reviewer, 'aid.objections')).toBe(1);
    const finance = await worklistOf('honghuagang_finance');
    expect(total(finance, 'aid.to_pay')).toBeUndefined(); // the failed transfer is already in the retry batch
    expect(total(finance, 'aid.batches_to_export')).toBe(1);
    expect(total(await worklistOf('honghuagang_cadre'), 'aid.to_review')).toBeUndefined();
  });

  it('runs once', async () => {
    expect(await seedDemoAid(t.deps)).toEqual({ programs: 0, awards: 0 });
  });
});
