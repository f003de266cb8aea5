import type { Deps } from '../../platform/deps';
import type { ZApp } from '../../platform/http/types';

/** 缴费通知、缴费记录、欠费 / contribution bills, payments, arrears. */
export function registerContributionRoutes(_app: ZApp, _deps: Deps): void {}
