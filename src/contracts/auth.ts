import { z } from 'zod';

/** Every permission a route may require. Later modules add theirs here. */
export const Permission = {
  OrgRead: 'org.read',
  OrgManage: 'org.manage',
  UserRead: 'user.read',
  UserManage: 'user.manage',
  AuditRead: 'audit.read',
  PiiReveal: 'pii.reveal',
  /** Registry: read household files, statistics, the identification pre-screen. */
  RegistryRead: 'registry.read',
  /** Registry: create and edit household files, submit them, keep four-looks, plans and measures. */
  RegistryWrite: 'registry.write',
  /** Registry: move files through review (verify, approve, exit, cancel, re-open). */
  RegistryReview: 'registry.review',
  /** Registry: export lists to Excel (audited). */
  RegistryExport: 'registry.export',
  /** Registry: maintain dibao lines and near-dibao multipliers per region and year. */
  RegistryConfigure: 'registry.configure',
  /** Verification: assign verification tasks to investigators (own or third-party orgs), see their progress. */
  VerificationAssign: 'verification.assign',
  /** Verification: carry out assigned home visits and sign the findings (入户核查). */
  VerificationVisit: 'verification.visit',
  /** Spot checks and reverse audits: draw samples, record findings, open accountability records (抽查、倒查、追责). */
  SpotCheckManage: 'spotcheck.manage',
  /** Survey campaigns: create campaigns, teams, questionnaires and assignments; read their reports (精准调研). */
  SurveyManage: 'survey.manage',
  /** Survey campaigns: capture responses for assigned households. */
  SurveyRespond: 'survey.respond',
  /** Ledger: read accounts, balances, statements and entries; verify the ledger (台账). */
  LedgerRead: 'ledger.read',
  /** Ledger: post entries — internal, through business services only (no route posts arbitrary entries). */
  LedgerPost: 'ledger.post',
  /** Aid: read programs, awards, notices, batches, recoveries, a household's money and the aid reports. */
  AidRead: 'aid.read',
  /** Aid: apply on a household's behalf; record objections to a public notice. */
  AidApply: 'aid.apply',
  /** Aid: keep programs and their rules (funding org), review applications, publish notices, resolve objections, confirm, revoke. */
  AidReview: 'aid.review',
  /** Aid: disbursement batches, the bank file (export is audited), bank results, recovery installments and write-off requests. */
  AidDisburse: 'aid.disburse',
  /** Mutual aid: read schemes and plans, run the what-if benefit calculator (互助测算). */
  MutualAidRead: 'mutualaid.read',
  /** Mutual aid: keep the schemes of one's own federation — drafts, edits, publishing a version (reviewer). */
  MutualAidManage: 'mutualaid.manage',
  /** Mutual aid: keep member units, enrol members (one by one or from .xlsx), opt them into plans, take in claims with their documents. */
  MutualAidEnrol: 'mutualaid.enrol',
  /** Mutual aid: adjudicate claims in batch, approve or override a claim's payout with a reason, reject or reverse a claim. */
  MutualAidReview: 'mutualaid.review',
  /** Mutual aid: issue contribution bills, record contributions received, pay approved claims (through the ledger). */
  MutualAidFinance: 'mutualaid.finance',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];
export const ALL_PERMISSIONS = Object.values(Permission) as Permission[];

export const STAFF_ROLES = ['admin', 'reviewer', 'cadre', 'investigator', 'finance', 'auditor'] as const;
/** Portal roles come with the worker and donor portal; the type leaves room for them. */
export const PORTAL_ROLES = ['worker', 'donor', 'employer'] as const;
export const ROLES = [...STAFF_ROLES, ...PORTAL_ROLES] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [
    Permission.OrgRead,
    Permission.OrgManage,
    Permission.UserRead,
    Permission.UserManage,
    Permission.AuditRead,
    Permission.PiiReveal,
    Permission.RegistryRead,
    Permission.RegistryExport,
    Permission.RegistryConfigure,
    Permission.AidRead,
    Permission.MutualAidRead,
  ],
  reviewer: [
    Permission.OrgRead,
    Permission.UserRead,
    Permission.PiiReveal,
    Permission.RegistryRead,
    Permission.RegistryWrite,
    Permission.RegistryReview,
    Permission.RegistryExport,
    Permission.VerificationAssign,
    Permission.SurveyManage,
    Permission.SurveyRespond,
    Permission.LedgerRead,
    Permission.AidRead,
    Permission.AidApply,
    Permission.AidReview,
    Permission.MutualAidRead,
    Permission.MutualAidManage,
    Permission.MutualAidEnrol,
    Permission.MutualAidReview,
  ],
  cadre: [Permission.OrgRead, Permission.RegistryRead, Permission.RegistryWrite, Permission.RegistryExport, Permission.VerificationAssign, Permission.SurveyRespond, Permission.AidRead, Permission.AidApply, Permission.MutualAidRead, Permission.MutualAidEnrol],
  investigator: [Permission.OrgRead, Permission.RegistryRead, Permission.VerificationVisit, Permission.SurveyRespond],
  finance: [Permission.OrgRead, Permission.RegistryRead, Permission.LedgerRead, Permission.LedgerPost, Permission.AidRead, Permission.AidDisburse, Permission.MutualAidRead, Permission.MutualAidFinance],
  auditor: [Permission.OrgRead, Permission.UserRead, Permission.AuditRead, Permission.RegistryRead, Permission.RegistryExport, Permission.SpotCheckManage, Permission.LedgerRead, Permission.AidRead, Permission.MutualAidRead],
  worker: [],
  donor: [],
  employer: [],
};

export function permissionsOf(roles: readonly Role[]): Permission[] {
  const set = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r] ?? []) set.add(p);
  return [...set].sort();
}

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '系统管理员', en: 'Administrator' },
  reviewer: { zh: '审核人/负责人', en: 'Reviewer' },
  cadre: { zh: '工会干部', en: 'Union cadre' },
  investigator: { zh: '调查员/义工', en: 'Investigator' },
  finance: { zh: '财务', en: 'Finance' },
  auditor: { zh: '审计/纪检', en: 'Auditor' },
  worker: { zh: '困难职工', en: 'Worker' },
  donor: { zh: '捐赠人', en: 'Donor' },
  employer: { zh: '用人单位', en: 'Employer' },
};

/** Password policy: 10–128 characters, at least three of lower, upper, digit, symbol; not the username. */
export const PASSWORD_MIN = 10;
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN) problems.push('too_short');
  if (password.length > 128) problems.push('too_long');
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (classes < 3) problems.push('too_simple');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('contains_username');
  return problems;
}

export const loginBody = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const meResponse = z.object({
  user: z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    roles: z.array(roleSchema),
    mustChangePassword: z.boolean(),
  }),
  org: z.object({ id: z.string(), code: z.string(), name: z.string(), kind: z.string(), regionCode: z.string().nullable() }),
  permissions: z.array(z.string()),
  scope: z.object({ orgPath: z.string(), regionCode: z.string().nullable(), description: z.string() }),
  sessionExpiresAt: z.string(),
});
export type MeResponse = z.infer<typeof meResponse>;

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});
