import type { MemberStatus } from '../../../contracts/mutual-aid';
import { PAYERS } from '../../../contracts/mutual-aid';
import type { BillLineDto } from '../../../contracts/mutual-aid-enrolment';
import type { BillLine, MemberGroup } from './contribution.rules';

/**
 * Pure pieces of a unit's bill: members grouped for contribution.rules (one group per status and plan choice), and
 * the rules' lines of several groups merged into one line per payer, basis, status and amount, in a fixed order.
 */

const STATUS_ORDER = ['any', 'ordinary', 'hardship'];
const BASIS_ORDER = ['per_member', 'per_plan', 'per_household'];

/** Lines of several member groups that say the same thing (payer, basis, status, amount) added into one. */
export function mergeLines(lines: readonly BillLine[]): BillLineDto[] {
  const m = new Map<string, BillLineDto>();
  for (const l of lines) {
    const k = `${l.payer}|${l.basis}|${l.memberStatus}|${l.amountFen}`;
    const x = m.get(k);
    if (x) {
      x.quantity += l.quantity;
      x.subtotalFen += l.subtotalFen;
    } else m.set(k, { payer: l.payer, basis: l.basis, memberStatus: l.memberStatus, amountFen: l.amountFen, quantity: l.quantity, subtotalFen: l.subtotalFen });
  }
  return [...m.values()].sort(
    (a, b) =>
      PAYERS.indexOf(a.payer) - PAYERS.indexOf(b.payer) ||
      STATUS_ORDER.indexOf(a.memberStatus) - STATUS_ORDER.indexOf(b.memberStatus) ||
      BASIS_ORDER.indexOf(a.basis) - BASIS_ORDER.indexOf(b.basis) ||
      a.amountFen - b.amountFen,
  );
}

/** Members of one status with the same plans form one group of the rules' MemberGroup. */
export function memberGroups(items: ReadonlyArray<{ status: MemberStatus; planCodes: readonly string[] }>): MemberGroup[] {
  const groups = new Map<string, MemberGroup>();
  for (const it of items) {
    const plans = [...new Set(it.planCodes)].sort();
    const k = `${it.status}|${plans.join(',')}`;
    const g = groups.get(k);
    if (g) g.count++;
    else groups.set(k, { status: it.status, count: 1, planCodes: plans });
  }
  return [...groups.values()];
}

