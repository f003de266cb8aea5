import {
  type Category,
  type HouseholdStatus,
  type MemberInput,
  OPEN_STATUSES,
  STUDENT_STAGES,
} from '../../../contracts/registry';
import { validateIdNumber } from '../../platform/pii/idcard';

/** Who signs a transition: 谁登记 (registered), 谁调查 (investigated), 谁审核 (reviewed), 谁负责 (responsible). */
export type SignerRole = 'registered' | 'investigated' | 'reviewed' | 'responsible' | 'returned' | 'cancelled' | 'exited' | 'reopened';

interface TransitionRule {
  signer: SignerRole;
  /** 'write' = cadre (registry.write); 'review' = reviewer (registry.review) */
  needs: 'write' | 'review';
}

/** The lifecycle: 摸底 → 上报 → 核查 → 建档 → 解困脱困 | 注销, with send-backs and re-opening. */
export const TRANSITIONS: Record<HouseholdStatus, Partial<Record<HouseholdStatus, TransitionRule>>> = {
  draft: { submitted: { signer: 'registered', needs: 'write' }, cancelled: { signer: 'cancelled', needs: 'review' } },
  submitted: {
    verified: { signer: 'investigated', needs: 'review' },
    draft: { signer: 'returned', needs: 'review' },
    cancelled: { signer: 'cancelled', needs: 'review' },
  },
  verified: {
    approved: { signer: 'reviewed', needs: 'review' },
    submitted: { signer: 'returned', needs: 'review' },
    cancelled: { signer: 'cancelled', needs: 'review' },
  },
  approved: { exited: { signer: 'exited', needs: 'review' }, cancelled: { signer: 'cancelled', needs: 'review' } },
  exited: { approved: { signer: 'reopened', needs: 'review' } },
  cancelled: {},
};

export type TransitionProblem =
  | 'not_allowed'
  | 'needs_review_permission'
  | 'needs_write_permission'
  | 'registrar_cannot_verify'
  | 'verifier_cannot_approve'
  | 'not_eligible'
  | 'cancel_reason_required';

export interface TransitionCheck {
  from: HouseholdStatus;
  to: HouseholdStatus;
  actorUserId: string;
  canWrite: boolean;
  canReview: boolean;
  registeredBy: string | null;
  investigatedBy: string | null;
  category: Category | null;
  cancelReason?: string;
}

export function checkTransition(c: TransitionCheck): { ok: true; signer: SignerRole } | { ok: false; problem: TransitionProblem } {
  const rule = TRANSITIONS[c.from][c.to];
  if (!rule) return { ok: false, problem: 'not_allowed' };
  if (rule.needs === 'review' && !c.canReview) return { ok: false, problem: 'needs_review_permission' };
  if (rule.needs === 'write' && !c.canWrite && !c.canReview) return { ok: false, problem: 'needs_write_permission' };
  // separation of duties: whoever registered cannot verify; whoever verified cannot approve
  if (c.to === 'verified' && c.registeredBy === c.actorUserId) return { ok: false, problem: 'registrar_cannot_verify' };
  if (c.from === 'verified' && c.to === 'approved' && c.investigatedBy === c.actorUserId) return { ok: false, problem: 'verifier_cannot_approve' };
  if (c.to === 'approved' && (!c.category || c.category === 'not_eligible')) return { ok: false, problem: 'not_eligible' };
  if (c.to === 'cancelled' && !c.cancelReason) return { ok: false, problem: 'cancel_reason_required' };
  return { ok: true, signer: rule.signer };
}

export const TRANSITION_MESSAGES: Record<TransitionProblem, { zh: string; en: string }> = {
  not_allowed: { zh: '当前状态不允许这样流转', en: 'this transition is not allowed from the current state' },
  needs_review_permission: { zh: '需要审核权限', en: 'a reviewer must do this' },
  needs_write_permission: { zh: '需要建档权限', en: 'a cadre must do this' },
  registrar_cannot_verify: { zh: '登记人不能核查自己登记的家庭', en: 'whoever registered a household cannot verify it' },
  verifier_cannot_approve: { zh: '核查人不能审批自己核查的家庭', en: 'whoever verified a household cannot approve it' },
  not_eligible: { zh: '按识别规则不符合建档条件', en: 'the identification rule finds the household not eligible' },
  cancel_reason_required: { zh: '注销须选择原因', en: 'cancelling needs a reason (ineligible, duplicate, moved away, deceased)' },
};

export function isOpen(status: HouseholdStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

export function transitionsFrom(from: HouseholdStatus): HouseholdStatus[] {
  return Object.keys(TRANSITIONS[from]) as HouseholdStatus[];
}

// ───────────── members and derived figures ─────────────

export type MemberProblem =
  | { code: 'no_worker' | 'several_workers'; index: null }
  | { code: 'invalid_id' | 'duplicate_id' | 'disability_grade_missing' | 'disability_grade_unexpected'; index: number };

export function memberProblems(members: MemberInput[]): MemberProblem[] {
  const out: MemberProblem[] = [];
  const workers = members.filter((m) => m.relation === 'self').length;
  if (workers === 0) out.push({ code: 'no_worker', index: null });
  if (workers > 1) out.push({ code: 'several_workers', index: null });
  const seen = new Set<string>();
  members.forEach((m, i) => {
    const v = validateIdNumber(m.idNumber);
    if (!v.ok) out.push({ code: 'invalid_id', index: i });
    else if (seen.has(v.info.normalized)) out.push({ code: 'duplicate_id', index: i });
    else seen.add(v.info.normalized);
    if (m.health === 'disability' && !m.disabilityGrade) out.push({ code: 'disability_grade_missing', index: i });
    if (m.health !== 'disability' && m.disabilityGrade) out.push({ code: 'disability_grade_unexpected', index: i });
  });
  return out;
}

export const MEMBER_MESSAGES: Record<MemberProblem['code'], { zh: string; en: string }> = {
  no_worker: { zh: '须有一名户主(职工)', en: 'one member must be the worker (relation self)' },
  several_workers: { zh: '只能有一名户主(职工)', en: 'only one member can be the worker' },
  invalid_id: { zh: '身份证号码无效', en: 'invalid ID number' },
  duplicate_id: { zh: '同一家庭内身份证号码重复', en: 'the same ID number twice in one household' },
  disability_grade_missing: { zh: '残疾须填写等级', en: 'a disability needs its grade' },
  disability_grade_unexpected: { zh: '非残疾不应填写残疾等级', en: 'a disability grade without a disability' },
};

export interface Derived {
  size: number;
  annualIncomeFen: number;
  rigidSpendingFen: number;
  students: number;
  seriousIllness: boolean;
}

/** Annual income = 12 × Σ members' monthly income (every source) + other annual income; rigid = medical + schooling + disaster. */
export function derive(h: {
  members: Array<Pick<MemberInput, 'monthlyIncomeFen' | 'schoolingStage' | 'health'>>;
  otherAnnualIncomeFen: number;
  medicalOutOfPocketFen: number;
  schoolingSpendingFen: number;
  disasterLossFen: number;
}): Derived {
  let monthly = 0;
  for (const m of h.members) for (const v of Object.values(m.monthlyIncomeFen ?? {})) monthly += v ?? 0;
  return {
    size: h.members.length,
    annualIncomeFen: 12 * monthly + h.otherAnnualIncomeFen,
    rigidSpendingFen: h.medicalOutOfPocketFen + h.schoolingSpendingFen + h.disasterLossFen,
    students: h.members.filter((m) => STUDENT_STAGES.includes(m.schoolingStage)).length,
    seriousIllness: h.members.some((m) => m.health === 'serious_illness'),
  };
}

/** Age in whole years on a date (YYYY-MM-DD). */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Business date in Asia/Shanghai (the platform's; kept here for the registry's many callers). */
export { shanghaiDate } from '../../platform/dates';

export function isOverdue(m: { status: string; dueDate: string }, today: string): boolean {
  return (m.status === 'planned' || m.status === 'in_progress') && m.dueDate < today;
}
