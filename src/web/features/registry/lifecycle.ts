import type { Category, HouseholdStatus } from '../../../contracts/registry';
import type { MsgKey } from '../../app/i18n';

/**
 * The lifecycle as the server enforces it (摸底 → 上报 → 核查 → 建档 → 解困脱困 | 注销, with send-backs and
 * re-opening). The page offers only these moves; the server still decides.
 */
export interface TransitionDef {
  to: HouseholdStatus;
  needs: 'write' | 'review';
  label: MsgKey;
  hint: MsgKey;
  danger?: boolean;
  primary?: boolean;
}

const cancel: TransitionDef = { to: 'cancelled', needs: 'review', label: 'hh.tr.cancel', hint: 'hh.tr.cancel.hint', danger: true };

export const TRANSITIONS: Record<HouseholdStatus, TransitionDef[]> = {
  draft: [{ to: 'submitted', needs: 'write', label: 'hh.tr.submit', hint: 'hh.tr.submit.hint', primary: true }, cancel],
  submitted: [
    { to: 'verified', needs: 'review', label: 'hh.tr.verify', hint: 'hh.tr.verify.hint', primary: true },
    { to: 'draft', needs: 'review', label: 'hh.tr.sendBack', hint: 'hh.tr.sendBack.hint' },
    cancel,
  ],
  verified: [
    { to: 'approved', needs: 'review', label: 'hh.tr.approve', hint: 'hh.tr.approve.hint', primary: true },
    { to: 'submitted', needs: 'review', label: 'hh.tr.revisit', hint: 'hh.tr.revisit.hint' },
    cancel,
  ],
  approved: [{ to: 'exited', needs: 'review', label: 'hh.tr.exit', hint: 'hh.tr.exit.hint', primary: true }, cancel],
  exited: [{ to: 'approved', needs: 'review', label: 'hh.tr.reopen', hint: 'hh.tr.reopen.hint' }],
  cancelled: [],
};

export interface TransitionContext {
  from: HouseholdStatus;
  canWrite: boolean;
  canReview: boolean;
  userId: string;
  registeredBy: string | null | undefined;
  investigatedBy: string | null | undefined;
  category: Category | null;
}

/** Why the actor cannot make this move (a message key), or null when the page may offer it. */
export function blockedBy(d: TransitionDef, c: TransitionContext): MsgKey | null {
  if (d.to === 'verified' && c.registeredBy && c.registeredBy === c.userId) return 'hh.tr.registrarCannotVerify';
  if (c.from === 'verified' && d.to === 'approved' && c.investigatedBy && c.investigatedBy === c.userId) return 'hh.tr.verifierCannotApprove';
  if (d.to === 'approved' && (!c.category || c.category === 'not_eligible')) return 'hh.tr.notEligible';
  return null;
}

/** The moves this actor's permissions allow from the current state. */
export function transitionsFor(c: TransitionContext): TransitionDef[] {
  return TRANSITIONS[c.from].filter((d) => (d.needs === 'review' ? c.canReview : c.canWrite || c.canReview));
}

/** Files a cadre may still edit (not closed). */
export const EDITABLE: readonly HouseholdStatus[] = ['draft', 'submitted', 'verified', 'approved'];

/** 谁登记、谁调查、谁审核、谁负责 and the other signer roles the history names. */
export const SIGNER_ROLE_KEYS: Record<string, MsgKey> = {
  registered: 'hh.signer.registered',
  investigated: 'hh.signer.investigated',
  reviewed: 'hh.signer.reviewed',
  responsible: 'hh.signer.responsible',
  returned: 'hh.signer.returned',
  cancelled: 'hh.signer.cancelled',
  exited: 'hh.signer.exited',
  reopened: 'hh.signer.reopened',
  created: 'hh.signer.created',
};
