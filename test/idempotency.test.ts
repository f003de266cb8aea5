import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { recordAudit } from '../src/server/platform/audit/audit.service';
import { auditEvents } from '../src/server/platform/audit/audit.table';
import { rowsOf } from '../src/server/platform/db/client';
import { systemActor } from '../src/server/platform/http/actor';
import { AppError } from '../src/server/platform/http/errors';
import { idempotent } from '../src/server/platform/http/idempotency';
import { useTestApp } from './support/app';

const t = useTestApp();
const actor = systemActor('idem-test');

async function pay(key: string | undefined, amountFen: number, entityId: string) {
  return idempotent(t.deps.db, actor, key, 'POST /test/pay', { amountFen }, t.deps.clock.now(), async (tx) => {
    await recordAudit(tx, actor, t.deps.clock, { action: 'test.pay', entityType: 'test', entityId, after: { amountFen } });
    return { status: 201, body: { paidFen: amountFen } };
  });
}

async function payments(entityId: string): Promise<number> {
  const [r] = rowsOf<{ n: number }>(
    await t.deps.db.execute(sql`select count(*)::int as n from ${auditEvents} where ${and(eq(auditEvents.action, 'test.pay'), eq(auditEvents.entityId, entityId))}`),
  );
  return r.n;
}

describe('idempotency keys', () => {
  it('a repeated key answers the stored response and does the work once', async () => {
    const a = await pay('pay-key-0001', 50000, 'e1');
    const b = await pay('pay-key-0001', 50000, 'e1');
    expect(a).toEqual({ status: 201, body: { paidFen: 50000 }, replayed: false });
    expect(b).toEqual({ status: 201, body: { paidFen: 50000 }, replayed: true });
    expect(await payments('e1')).toBe(1);
  });

  it('the same key with a different request is refused and changes nothing', async () => {
    await pay('pay-key-0002', 100, 'e2');
    await expect(pay('pay-key-0002', 999, 'e2')).rejects.toMatchObject({ status: 422, code: 'IDEMPOTENCY_MISMATCH' });
    expect(await payments('e2')).toBe(1);
  });

  it('without a key every call runs; a malformed key is a 400', async () => {
    await pay(undefined, 1, 'e3');
    await pay(undefined, 1, 'e3');
    expect(await payments('e3')).toBe(2);
    await expect(pay('bad key!', 1, 'e3')).rejects.toBeInstanceOf(AppError);
    expect(await payments('e3')).toBe(2);
  });

  it('concurrent repeats of one key pay once', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => pay('pay-key-0004', 700, 'e4')));
    expect(await payments('e4')).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    for (const r of results) expect(r.body).toEqual({ paidFen: 700 });
  });

  it('a failure inside the work stores nothing, so a retry runs', async () => {
    await expect(
      idempotent(t.deps.db, actor, 'pay-key-0005', 'POST /test/pay', { amountFen: 5 }, t.deps.clock.now(), async (tx) => {
        await recordAudit(tx, actor, t.deps.clock, { action: 'test.pay', entityType: 'test', entityId: 'e5' });
        throw new Error('bank link down');
      }),
    ).rejects.toThrow('bank link down');
    expect(await payments('e5')).toBe(0);
    await pay('pay-key-0005', 5, 'e5');
    expect(await payments('e5')).toBe(1);
  });
});
