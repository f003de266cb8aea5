/**
 * 抽查倒查、追责与动态管理 Oversight (spot checks, reverse audits, accountability, annual review, exit, follow-ups):
 * Chinese labels and their English twins, spread into the one dictionary in i18n.ts.
 */
export const OVERSIGHT_MESSAGES = {
  'menu.oversight': ['抽查与动态管理', 'Oversight'],
  'module.oversight.desc': ['按规则抽查、倒查签字人、追责整改；年审、解困脱困、回访与重新建档。', 'Spot checks, reverse audits and accountability; annual review, exit, follow-up calls.'],
  'perm.spotcheck.manage': ['抽查与追责', 'Spot checks and accountability'],
} as const satisfies Record<string, readonly [string, string]>;
