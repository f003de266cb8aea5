/** 职工医疗互助 (Stats): Chinese labels and their English twins, spread into the one dictionary in i18n.ts. */
export const MUTUAL_AID_STATS_MESSAGES = {} as const satisfies Record<string, readonly [string, string]>;
