import { sql } from 'drizzle-orm';
import { withTx } from '../../src/server/platform/db/tx';
import type { Deps } from '../../src/server/platform/deps';
import { systemActor } from '../../src/server/platform/http/actor';
import { uuidv7 } from '../../src/server/platform/ids';
import type { ZApp } from '../../src/server/platform/http/types';
import { putDibaoLine } from '../../src/server/modules/registry/dibao-line.service';
import { householdInput } from './registry';

/** Dibao line 560.00 yuan and near-dibao multiplier 1.5 (near line 840.00) for Guizhou, for the given years. */
export async function guizhouLines(deps: Deps, years = [2025, 2026, 2027], dibaoLineFen = 56000): Promise<void> {
  for (const year of years) {
    await withTx(deps.db, (tx) => putDibaoLine(tx, deps, systemActor('test'), { regionCode: '52', year, dibaoLineFen, nearDibaoMultiplierBp: 15000, rigidSpendingShareBp: 8000 }));
  }
}

let archiveSeq = 0;

/**
 * An approved file: registered by the cadre through the API, then signed (investigated, reviewed, responsible) and
 * given its plan straight in the registry's tables, with the lifecycle events a real file has — so these tests do not
 * depend on how verification visits and approval are carried out. Exit, cancellation and re-opening then go through
 * the registry's real transition.
 */
export async function approvedFile(
  app: ZApp,
  deps: Deps,
  cadre: { cookie: string; userId: string },
  orgId: string,
  signed: { investigatedBy: string; reviewedBy: string },
  regionCode = '520302',
): Promise<{ id: string; archiveNo: string; version: number }> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/registry/households', headers: { cookie: cadre.cookie }, payload: householdInput(orgId, { regionCode }) as unknown as Record<string, unknown> });
  if (res.statusCode !== 201) throw new Error(`create household: ${res.statusCode} ${res.body}`);
  const id = res.json().id as string;
  const now = deps.clock.now();
  const at = now.toISOString();
  const today = at.slice(0, 10);
  const archiveNo = `${regionCode}-${today.slice(0, 4)}-${String(800000 + ++archiveSeq).padStart(6, '0')}`;
  await deps.db.execute(sql`update households set status = 'approved', archive_no = ${archiveNo},
    investigated_by = ${signed.investigatedBy}, investigated_at = ${at}::timestamptz, reviewed_by = ${signed.reviewedBy}, reviewed_at = ${at}::timestamptz,
    responsible_by = ${cadre.userId}, responsible_at = ${at}::timestamptz, approved_on = ${today}, version = version + 3 where id = ${id}`);
  await deps.db.execute(sql`insert into household_plans (id, household_id, target_exit_date, created_by, created_at, updated_at)
    values (${uuidv7()}, ${id}, ${`${Number(today.slice(0, 4)) + 1}${today.slice(4)}`}, ${signed.reviewedBy}, ${at}::timestamptz, ${at}::timestamptz)`);
  for (const [from, to, role, uid] of [
    ['draft', 'submitted', 'registered', cadre.userId],
    ['submitted', 'verified', 'investigated', signed.investigatedBy],
    ['verified', 'approved', 'reviewed', signed.reviewedBy],
  ] as const) {
    await deps.db.execute(sql`insert into household_events (id, household_id, from_status, to_status, signer_role, actor_user_id, actor_name, reason, at)
      values (${uuidv7()}, ${id}, ${from}, ${to}, ${role}, ${uid}, 'test', 'test fixture', ${at}::timestamptz)`);
  }
  return { id, archiveNo, version: 4 };
}
