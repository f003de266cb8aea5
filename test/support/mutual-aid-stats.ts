import { mutualAidClaims } from '../../src/server/modules/mutual-aid/claim.table';
import { mutualAidBills, mutualAidContributionPayments } from '../../src/server/modules/mutual-aid/contribution.table';
import { mutualAidEnrolments, mutualAidMembers } from '../../src/server/modules/mutual-aid/member.table';
import { mutualAidUnits } from '../../src/server/modules/mutual-aid/unit.table';
import type { Deps } from '../../src/server/platform/deps';
import { uuidv7 } from '../../src/server/platform/ids';
import { testIdNumber } from './factories';

/**
 * Rows of the mutual-aid tables written directly, for the statistics tests: the services that write them belong to
 * other parts of the module, and the statistics only read the tables.
 */

const SYSTEM = '00000000-0000-0000-0000-000000000000';
let seq = 0;
const at = () => new Date('2026-11-30T02:00:00Z');

export interface UnitRef {
  id: string;
  schemeCode: string;
  orgPath: string;
}
export interface MemberRef {
  id: string;
  unit: UnitRef;
}
export interface BillRef {
  id: string;
  unit: UnitRef;
  period: number;
}

export async function insertUnit(deps: Deps, org: { id: string; path: string }, schemeCode: string): Promise<UnitRef> {
  const id = uuidv7();
  await deps.db.insert(mutualAidUnits).values({
    id,
    schemeCode,
    name: `测试单位${process.pid}-${++seq}`,
    orgId: org.id,
    orgPath: org.path,
    status: 'active',
    createdBy: SYSTEM,
    createdByName: 'test',
    createdAt: at(),
    updatedAt: at(),
  });
  return { id, schemeCode, orgPath: org.path };
}

export async function insertMember(deps: Deps, unit: UnitRef): Promise<MemberRef> {
  const id = uuidv7();
  const idNumber = testIdNumber(++seq);
  await deps.db.insert(mutualAidMembers).values({
    id,
    schemeCode: unit.schemeCode,
    unitId: unit.id,
    orgPath: unit.orgPath,
    name: `会员${seq}`,
    idNumberEnc: deps.cipher.encrypt(idNumber),
    idNumberBidx: deps.cipher.blindIndex('id', idNumber),
    sex: 'M',
    birthDate: '1980-01-01',
    createdBy: SYSTEM,
    createdAt: at(),
    updatedAt: at(),
  });
  return { id, unit };
}

/** An opt-in of a member to a plan for a period; paid: covered. */
export async function insertEnrolment(deps: Deps, m: MemberRef, o: { period: number; planCode?: string; paid?: boolean; status?: 'active' | 'cancelled' }): Promise<void> {
  await deps.db.insert(mutualAidEnrolments).values({
    id: uuidv7(),
    memberId: m.id,
    unitId: m.unit.id,
    schemeCode: m.unit.schemeCode,
    planCode: o.planCode ?? 'P1',
    period: o.period,
    validFrom: `${o.period}-01-01`,
    validTo: `${o.period}-12-31`,
    status: o.status ?? 'active',
    paidAt: o.paid ? at() : null,
    createdBy: SYSTEM,
    createdAt: at(),
    updatedAt: at(),
  });
}

export async function insertBill(deps: Deps, unit: UnitRef, o: { period: number; totalFen: number; paidFen: number }): Promise<BillRef> {
  const id = uuidv7();
  await deps.db.insert(mutualAidBills).values({
    id,
    unitId: unit.id,
    schemeCode: unit.schemeCode,
    schemeVersion: 1,
    period: o.period,
    orgPath: unit.orgPath,
    lines: [],
    byPayer: {},
    totalFen: o.totalFen,
    paidFen: o.paidFen,
    memberCount: 0,
    enrolmentCount: 0,
    status: o.paidFen >= o.totalFen ? 'paid' : 'open',
    issuedBy: SYSTEM,
    issuedAt: at(),
    updatedAt: at(),
  });
  return { id, unit, period: o.period };
}

export async function insertPayment(deps: Deps, bill: BillRef, o: { amountFen: number; payer?: string; paidOn?: string }): Promise<void> {
  await deps.db.insert(mutualAidContributionPayments).values({
    id: uuidv7(),
    billId: bill.id,
    unitId: bill.unit.id,
    schemeCode: bill.unit.schemeCode,
    period: bill.period,
    orgPath: bill.unit.orgPath,
    payer: o.payer ?? 'worker',
    amountFen: o.amountFen,
    paidOn: o.paidOn ?? `${bill.period}-03-01`,
    reference: `REF${++seq}`,
    ledgerEntryId: uuidv7(),
    createdBy: SYSTEM,
    createdByName: 'test',
    createdAt: at(),
  });
}

export async function insertClaim(
  deps: Deps,
  m: MemberRef,
  o: { eventDate: string; status: 'received' | 'adjudicated' | 'approved' | 'paid' | 'rejected' | 'reversed'; payoutFen?: number | null; planCode?: string },
): Promise<void> {
  await deps.db.insert(mutualAidClaims).values({
    id: uuidv7(),
    claimNo: `HZT${process.pid}${++seq}`,
    schemeCode: m.unit.schemeCode,
    planCode: o.planCode ?? 'P1',
    memberId: m.id,
    unitId: m.unit.id,
    orgPath: m.unit.orgPath,
    eventDate: o.eventDate,
    status: o.status,
    payoutFen: o.payoutFen ?? null,
    paidAt: o.status === 'paid' || o.status === 'reversed' ? at() : null,
    createdBy: SYSTEM,
    createdByName: 'test',
    createdAt: at(),
    updatedAt: at(),
  });
}
