import { sql } from 'drizzle-orm';
import type { HouseholdInput } from '../../src/contracts/registry';
import type { Deps } from '../../src/server/platform/deps';
import { rowsOf } from '../../src/server/platform/db/client';
import { uuidv7 } from '../../src/server/platform/ids';
import type { ZApp } from '../../src/server/platform/http/types';
import { householdInput } from './registry';

export interface Signed {
  investigatedBy: string;
  reviewedBy: string;
  responsibleBy?: string;
}

let archiveSeq = 0;

/**
 * An approved file registered by the cadre (through the API) and then signed by the given investigator and reviewer.
 * The signing is written straight into the registry's tables, with the lifecycle events a real file would have, so
 * oversight tests do not depend on how verification and approval are carried out.
 */
export async function approvedHousehold(app: ZApp, deps: Deps, cadreCookie: string, orgId: string, signed: Signed, regionCode = '520302', over: Partial<HouseholdInput> = {}): Promise<{ id: string; archiveNo: string }> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/registry/households', headers: { cookie: cadreCookie }, payload: householdInput(orgId, { regionCode, ...over }) as unknown as Record<string, unknown> });
  if (res.statusCode !== 201) throw new Error(`create household: ${res.statusCode} ${res.body}`);
  const id = res.json().id as string;
  const archiveNo = `${regionCode}-2026-${String(900000 + ++archiveSeq).padStart(6, '0')}`;
  const responsible = signed.responsibleBy ?? signed.reviewedBy;
  const at = deps.clock.now().toISOString();
  await deps.db.execute(sql`update households set status = 'approved', archive_no = ${archiveNo}, investigated_by = ${signed.investigatedBy}, investigated_at = ${at}::timestamptz,
    reviewed_by = ${signed.reviewedBy}, reviewed_at = ${at}::timestamptz, responsible_by = ${responsible}, responsible_at = ${at}::timestamptz, approved_on = '2026-11-30', version = version + 3 where id = ${id}`);
  const names = async (uid: string) => rowsOf<{ display_name: string }>(await deps.db.execute(sql`select display_name from users where id = ${uid}`))[0]?.display_name ?? '';
  for (const [from, to, role, uid] of [
    ['draft', 'submitted', 'registered', null],
    ['submitted', 'verified', 'investigated', signed.investigatedBy],
    ['verified', 'approved', 'reviewed', signed.reviewedBy],
  ] as const) {
    const actor = uid ?? rowsOf<{ registered_by: string }>(await deps.db.execute(sql`select registered_by from households where id = ${id}`))[0].registered_by;
    await deps.db.execute(sql`insert into household_events (id, household_id, from_status, to_status, signer_role, actor_user_id, actor_name, reason, at)
      values (${uuidv7()}, ${id}, ${from}, ${to}, ${role}, ${actor}, ${await names(actor)}, 'test fixture', ${at}::timestamptz)`);
  }
  return { id, archiveNo };
}
