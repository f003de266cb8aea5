import { type AccountabilityAction, DEFAULT_ACCOUNTABILITY, type FindingCause, type SignerRole } from '../../../contracts/oversight';
import { addDays } from '../../platform/dates';

export { DEFAULT_ACCOUNTABILITY };

export type Signers = Partial<Record<SignerRole, { userId: string; name: string } | null>>;

export interface AccountabilityPlanItem {
  role: SignerRole;
  action: AccountabilityAction;
  userId: string;
  name: string;
  deadline: string;
}

/** Days from the re-check to the deadline of an accountability record, unless the auditor sets one. */
export const DEFAULT_DEADLINE_DAYS = 30;

export { addDays };


/**
 * The accountability records a finding opens: the auditor's list when given, else the default for the cause; one per
 * signer implicated (the same person in two roles is held once, under the first role); roles without a signer skipped.
 */
export function planAccountability(
  cause: FindingCause,
  signers: Signers,
  recheckedOn: string,
  override?: Array<{ role: SignerRole; action: AccountabilityAction; deadline?: string }>,
): AccountabilityPlanItem[] {
  const wanted: Array<{ role: SignerRole; action: AccountabilityAction; deadline?: string }> = override ?? DEFAULT_ACCOUNTABILITY[cause];
  const out: AccountabilityPlanItem[] = [];
  const seen = new Set<string>();
  for (const w of wanted) {
    const s = signers[w.role];
    if (!s || seen.has(s.userId)) continue;
    seen.add(s.userId);
    out.push({ role: w.role, action: w.action, userId: s.userId, name: s.name, deadline: w.deadline ?? addDays(recheckedOn, DEFAULT_DEADLINE_DAYS) });
  }
  return out;
}

export function isAccountabilityOverdue(r: { status: string; deadline: string }, today: string): boolean {
  return r.status === 'open' && r.deadline < today;
}

/** What a 不符合 finding obliges the aid module to do (recorded until that module exists and fills the amounts). */
export const OBLIGATION_KINDS = ['revoke_pending_aid', 'recover_paid_aid'] as const;
