/**
 * 动态管理 Dynamic management (annual review, exit assessment 解困脱困, cancellation, follow-up calls, lists):
 * Chinese labels and their English twins, spread into the one dictionary in i18n.ts.
 */
export const DYNAMIC_MESSAGES = {} as const satisfies Record<string, readonly [string, string]>;
