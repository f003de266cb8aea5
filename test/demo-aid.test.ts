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

  it('writes each file\'s lifecycle events in time order (each starts where the one before it ended)', async () => {
    const rows = rowsOf<{ household_id: string; from_status: string | null; to_status: string }>(
      await t.deps.db.execute(sql`select household_id, from_status, to_status from household_events order by household_id, at, id`),
    );
    expect(rows.length).toBeGreaterThan(0);
    const broken = rows.filter((r, i) => i > 0 && rows[i - 1]!.household_id === r.household_id && r.from_status !== rows[i - 1]!.to_status);
    expect(broken).toEqual([]);
    const approved = rowsOf<{ n: number }>(await t.deps.db.execute(sql`select count(*)::int as n from households h where h.status = 'approved'
      and (select e.to_status from household_events e where e.household_id = h.id order by e.at desc, e.id desc limit 1) = 'approved'`));
    const all = rowsOf<{ n: number }>(await t.deps.db.execute(sql`select count(*)::int as n from households where status = 'approved'`));
    expect(Number(approved[0]!.n)).toBe(Number(all[0]!.n));
  });

  it('runs once', async () => {
    expect(await seedDemoAid(t.deps)).toEqual({ programs: 0, awards: 0 });
  });
});
