import { sql } from 'drizzle-orm';
import { mutualAidClaims } from '../../src/server/modules/mutual-aid/claim.table';
import { mutualAidEnrolments, mutualAidMembers } from '../../src/server/modules/mutual-aid/member.table';
import { MA_SOURCES, postMove, schemeAccounts } from '../../src/server/modules/mutual-aid/mutual-aid-ledger';
import { mutualAidUnits } from '../../src/server/modules/mutual-aid/unit.table';
import { getOrgById } from '../../src/server/modules/orgs/org.service';
import { bulkInsert } from '../../src/server/platform/db/bulk';
import { rowsOf } from '../../src/server/platform/db/client';
import { withTx } from '../../src/server/platform/db/tx';
import type { Deps } from '../../src/server/platform/deps';
import { systemActor } from '../../src/server/platform/http/actor';
import { uuidv7 } from '../../src/server/platform/ids';
import { validateIdNumber } from '../../src/server/platform/pii/idcard';
import type { TestContext } from './app';
import { loginAs } from './app';
import { PASSWORD, makeGrassroots, makeUser, orgByCode } from './factories';
import { type Client, client } from './http';
import { seedSchemes } from './mutual-aid';
import { uniqueId } from './registry';

/**
 * The claims' test world: the built-in schemes (published, in force 2016–2025), a county federation with a grassroots
 * union, the union's cadre (intake), the county's reviewer and finance officer. Units, members and their plan opt-ins
 * are written straight into the tables (as the enrolment module would), and contributions are posted to the scheme's
 * pool through the ledger (Dr ma-bank, Cr ma-pool).
 */
export interface ClaimsWorld {
  county: { id: string; code: string; path: string };
  union: { id: string; path: string };
  cadre: Client;
  cadreId: string;
  reviewer: Client;
  reviewerId: string;
  finance: Client;
  financeId: string;
}

export async function claimsWorld(t: TestContext, countyCode = '520302'): Promise<ClaimsWorld> {
  await seedSchemes(t.deps);
  const county = await orgByCode(t.deps, countyCode);
  const union = await makeGrassroots(t.deps, { countyCode });
  const cadre = await makeUser(t.deps, { orgId: union.id, roles: ['cadre'] });
  const reviewer = await makeUser(t.deps, { orgId: county.id, roles: ['reviewer'] });
  const finance = await makeUser(t.deps, { orgId: county.id, roles: ['finance'] });
  return {
    county: { id: county.id, code: county.code, path: county.path },
    union: { id: union.id, path: union.path },
    cadre: client(t.app, await loginAs(t.app, cadre.username, PASSWORD)),
    cadreId: cadre.id,
    reviewer: client(t.app, await loginAs(t.app, reviewer.username, PASSWORD)),
    reviewerId: reviewer.id,
    finance: client(t.app, await loginAs(t.app, finance.username, PASSWORD)),
    financeId: finance.id,
  };
}

let n = 0;

/** A member unit of a scheme attached to an org (default: the world's union). */
export async function makeUnit(deps: Deps, orgId: string, schemeCode: string, name?: string): Promise<{ id: string; orgPath: string; schemeCode: string }> {
  const org = await getOrgById(deps.db, orgId);
  if (!org) throw new Error(`no org ${orgId}`);
  const now = deps.clock.now();
  const id = uuidv7();
  await deps.db.insert(mutualAidUnits).values({ id, schemeCode, name: name ?? `测试单位${process.pid}-${++n}`, orgId, orgPath: org.path, status: 'active', createdBy: uuidv7(), createdByName: 'test', createdAt: now, updatedAt: now });
  return { id, orgPath: org.path, schemeCode };
}

export interface TestMember {
  id: string;
  unitId: string;
  schemeCode: string;
  idNumber: string;
  name: string;
}

/** A member of the unit, the ID number encrypted with its blind index as the registry keeps it. */
export async function makeMember(deps: Deps, unit: { id: string; orgPath: string; schemeCode: string }, over: { name?: string; idNumber?: string } = {}): Promise<TestMember> {
  const idNumber = over.idNumber ?? uniqueId('520302', 1978);
  const v = validateIdNumber(idNumber);
  if (!v.ok) throw new Error(`bad id ${idNumber}`);
  const now = deps.clock.now();
  const id = uuidv7();
  const name = over.name ?? `会员${++n}`;
  await deps.db.insert(mutualAidMembers).values({
    id,
    schemeCode: unit.schemeCode,
    unitId: unit.id,
    orgPath: unit.orgPath,
    name,
    idNumberEnc: deps.cipher.encrypt(v.info.normalized),
    idNumberBidx: deps.cipher.blindIndex('id', v.info.normalized),
    sex: v.info.sex,
    birthDate: v.info.birthDate,
    createdBy: uuidv7(),
    createdAt: now,
    updatedAt: now,
  });
  return { id, unitId: unit.id, schemeCode: unit.schemeCode, idNumber: v.info.normalized, name };
}

/** The member's opt-in to a plan for a calendar year; paid (covered) unless said otherwise. */
export async function optIn(deps: Deps, m: TestMember, planCode: string, year: number, opts: { paid?: boolean; from?: string; to?: string } = {}): Promise<string> {
  const now = deps.clock.now();
  const id = uuidv7();
  await deps.db.insert(mutualAidEnrolments).values({
    id,
    memberId: m.id,
    unitId: m.unitId,
    schemeCode: m.schemeCode,
    planCode,
    period: year,
    validFrom: opts.from ?? `${year}-01-01`,
    validTo: opts.to ?? `${year}-12-31`,
    status: 'active',
    paidAt: opts.paid === false ? null : now,
    createdBy: uuidv7(),
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

/** A contribution received into the scheme's pool: Dr ma-bank, Cr ma-pool. */
export async function contribute(deps: Deps, schemeCode: string, amountFen: number): Promise<void> {
  await withTx(deps.db, async (tx) => {
    const actor = systemActor('test');
    const acc = await schemeAccounts(tx, deps, actor, schemeCode);
    await postMove(tx, deps, actor, { debit: acc.bank, credit: acc.pool, amountFen, memo: '测试缴费 / test contribution', source: { type: MA_SOURCES.contribution, id: uuidv7() } });
  });
}

/** The balances of the scheme's four accounts (0 when an account does not exist yet). */
export async function schemeBalances(deps: Deps, schemeCode: string): Promise<{ bank: number; pool: number; payable: number; receivable: number }> {
  const rows = rowsOf<{ code: string; balance_fen: string | number }>(await deps.db.execute(sql`select code, balance_fen from ledger_accounts where code like ${'ma-%:' + schemeCode}`));
  const get = (p: string) => Number(rows.find((r) => r.code === `${p}:${schemeCode}`)?.balance_fen ?? 0);
  return { bank: get('ma-bank'), pool: get('ma-pool'), payable: get('ma-payable'), receivable: get('ma-receivable') };
}

/** Number of ledger entries whose source is this claim, by source type. */
export async function entriesOf(deps: Deps, claimId: string): Promise<Record<string, number>> {
  const rows = rowsOf<{ source_type: string; n: number }>(await deps.db.execute(sql`select source_type, count(*)::int as n from ledger_entries where source_id = ${claimId} group by source_type`));
  return Object.fromEntries(rows.map((r) => [r.source_type, r.n]));
}

export interface StoredClaim {
  memberId: string;
  unitId: string;
  orgPath: string;
  schemeCode: string;
  planCode: string;
  eventDate: string;
  totalCostFen?: number;
  insurancePaidFen?: number;
  hospitalDays?: number;
  diagnosisIcd10?: string;
}

/** Claims stored in status received (as an import would leave them), for batch adjudication. Returns their ids. */
export async function storeReceivedClaims(deps: Deps, claims: readonly StoredClaim[], prefix = 'HZT'): Promise<string[]> {
  const now = deps.clock.now();
  const rows = claims.map((c, i) => ({
    id: uuidv7(),
    claimNo: `${prefix}${String(++n).padStart(4, '0')}${String(i).padStart(7, '0')}`,
    schemeCode: c.schemeCode,
    planCode: c.planCode,
    memberId: c.memberId,
    unitId: c.unitId,
    orgPath: c.orgPath,
    eventDate: c.eventDate,
    totalCostFen: c.totalCostFen ?? null,
    insurancePaidFen: c.insurancePaidFen ?? null,
    hospitalDays: c.hospitalDays ?? null,
    diagnosisIcd10: c.diagnosisIcd10 ?? null,
    status: 'received',
    createdBy: uuidv7(),
    createdByName: 'import',
    createdAt: now,
    updatedAt: now,
  }));
  await bulkInsert(deps.db, mutualAidClaims, rows);
  return rows.map((r) => r.id);
}
