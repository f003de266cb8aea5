/**
 * 入户核查 Verification (tasks, home visits, signed findings, review): Chinese labels and their English twins,
 * spread into the one dictionary in i18n.ts.
 */
export const VERIFICATION_MESSAGES = {
  'perm.verification.assign': ['分派核查任务', 'Assign verification tasks'],
  'perm.verification.visit': ['入户核查', 'Carry out home visits'],
} as const satisfies Record<string, readonly [string, string]>;
