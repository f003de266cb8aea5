import { api, type Page } from '../../app/api';

export interface AuditEvent {
  seq: number;
  id: string;
  at: string;
  actorUserId: string | null;
  actorUsername: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  userAgent: string | null;
  hash: string;
}

export interface AuditFilters {
  actorUsername?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  /** ISO instants with offset */
  from?: string;
  to?: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  headSeq: number;
  message: string;
  problem: unknown;
}

export const auditKeys = {
  all: ['audit'] as const,
  list: (f: AuditFilters) => ['audit', 'list', f] as const,
};

export const listAudit = (f: AuditFilters, cursor?: string | null) =>
  api<Page<AuditEvent>>('/api/v1/audit/events', { query: { ...f, cursor: cursor ?? undefined, limit: 50 } });

export const verifyAudit = () => api<VerifyResult>('/api/v1/audit/verify');

/** Actions the server records today, for the filter's suggestions (free text works too). */
export const KNOWN_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.password_change',
  'user.create',
  'user.update',
  'user.disable',
  'user.enable',
  'user.password_reset',
  'pii.reveal',
  'org.create',
  'org.update',
  'org.move',
  'org.generate',
  'demo.seed',
  'registry.household.create',
  'registry.household.update',
  'registry.household.submitted',
  'registry.household.verified',
  'registry.household.approved',
  'registry.household.exited',
  'registry.household.cancelled',
  'registry.household.reopen',
  'registry.household.export',
  'registry.four_looks.create',
  'registry.plan.create',
  'registry.plan.update',
  'registry.measure.create',
  'registry.measure.update',
  'registry.dibao_line.create',
  'registry.dibao_line.update',
  'registry.household.cancelled_by_finding',
  'verification.task.create',
  'verification.task.assign',
  'verification.task.close',
  'verification.task.cancel',
  'verification.file.upload',
  'verification.visit.sign',
  'verification.household.recommend',
  'oversight.spot_check.draw',
  'oversight.finding.record',
  'oversight.finding.nonconforming',
  'oversight.accountability.open',
  'oversight.accountability.close',
  'oversight.accountability.export',
  'oversight.obligation.record',
  'dynamic.annual_review.start',
  'dynamic.annual_review.record',
  'dynamic.annual_review.decline',
  'dynamic.exit.sign_off',
  'dynamic.cancel.sign_off',
  'dynamic.follow_up.record',
  'dynamic.list.export',
  'survey.campaign.create',
  'survey.campaign.update',
  'survey.campaign.open',
  'survey.campaign.closed',
  'survey.questionnaire.update',
  'survey.team.create',
  'survey.team.update',
  'survey.team.delete',
  'survey.assignment.create',
  'survey.assignment.delete',
  'survey.response.create',
  'survey.response.update',
  'survey.report.export',
  'aid.program.create',
  'aid.program.update',
  'aid.program.rules',
  'aid.award.apply',
  'aid.award.approve',
  'aid.award.reject',
  'aid.award.withdraw',
  'aid.award.confirm',
  'aid.award.revoke',
  'aid.notice.publish',
  'aid.notice.confirm',
  'aid.objection.raise',
  'aid.objection.resolve',
  'aid.batch.create',
  'aid.batch.retry',
  'aid.batch.cancel',
  'aid.batch.export',
  'aid.batch.results',
  'aid.payment.paid',
  'aid.payment.failed',
  'aid.payment.cancel',
  'aid.recovery.open',
  'aid.recovery.installment',
  'aid.recovery.write_off_request',
  'aid.recovery.write_off_approve',
  'aid.recovery.write_off_reject',
  'aid.recovery.export',
  'aid.obligation.fulfil',
  'aid.report.export',
  'ledger.account.create',
  'ledger.entry.post',
  'ledger.entry.reverse',
  'mutual_aid.scheme.create',
  'mutual_aid.scheme.update',
  'mutual_aid.scheme.publish',
  'mutual_aid.scheme.new_draft',
  'mutual_aid.scheme.seed',
  'mutual_aid.unit.create',
  'mutual_aid.unit.update',
  'mutual_aid.unit.export',
  'mutual_aid.member.create',
  'mutual_aid.member.update',
  'mutual_aid.member.import',
  'mutual_aid.enrolment.create',
  'mutual_aid.enrolment.cancel',
  'mutual_aid.bill.issue',
  'mutual_aid.bill.recompute',
  'mutual_aid.payment.record',
  'mutual_aid.arrears.export',
  'mutual_aid.claim.intake',
  'mutual_aid.claim.adjudicate',
  'mutual_aid.claim.adjudicate_batch',
  'mutual_aid.claim.approve',
  'mutual_aid.claim.override',
  'mutual_aid.claim.reject',
  'mutual_aid.claim.pay',
  'mutual_aid.claim.reverse',
  'mutual_aid.claim.document.upload',
  'mutual_aid.claim.document.download',
  'mutual_aid.claim.export',
  'mutual_aid.stats.export',
];
export const ACTION_GROUPS = ['auth', 'user', 'org', 'pii', 'registry', 'verification', 'oversight', 'dynamic', 'survey', 'aid', 'ledger', 'mutual_aid'];
export const ENTITY_TYPES = [
  'user',
  'org',
  'household',
  'household_list',
  'dibao_line',
  'verification_task',
  'spot_check',
  'spot_check_item',
  'accountability_record',
  'accountability_list',
  'aid_obligation',
  'annual_review',
  'exit_rule',
  'survey_campaign',
  'survey_team',
  'survey_assignment',
  'survey_response',
  'aid_program',
  'aid_award',
  'aid_notice',
  'aid_objection',
  'aid_batch',
  'aid_payment',
  'aid_recovery',
  'aid_recovery_list',
  'aid_report',
  'ledger_account',
  'ledger_entry',
  'mutual_aid_scheme_version',
  'mutual_aid_unit',
  'mutual_aid_unit_list',
  'mutual_aid_member',
  'mutual_aid_bill',
  'mutual_aid_bill_list',
  'mutual_aid_claim',
  'mutual_aid_stats',
  'system',
];
