import type { AccountabilityAction, FindingCause, SignerRole } from '../../../contracts/oversight';

/**
 * 倒查与追责: who is held to account by default for a 不符合 finding, by its cause. The auditor may adjust the list;
 * a role whose signer is missing on the file (e.g. never investigated) is skipped.
 */
export const DEFAULT_ACCOUNTABILITY: Record<FindingCause, Array<{ role: SignerRole; action: AccountabilityAction }>> = {
  // 调查人员造假: the investigator who signed the visit
  investigator_falsified: [{ role: 'investigated', action: 'rectification_order' }],
  // 登记错误: whoever registered it and whoever reviewed it
  registration_error: [
    { role: 'registered', action: 'written_self_criticism' },
    { role: 'reviewed', action: 'criticism' },
  ],
  // 申请人隐瞒: the investigator did not find it out
  applicant_concealed: [{ role: 'investigated', action: 'criticism' }],
  // 信息变更: the responsible person did not keep the file up to date (动态管理)
  information_changed: [{ role: 'responsible', action: 'criticism' }],
};

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

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

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
