import type { Deps } from '../../platform/deps';
import type { ZApp } from '../../platform/http/types';

/** 会员单位、会员、参加计划（含 .xlsx 批量入会）/ member units, members, plan opt-ins (with .xlsx bulk enrolment). */
export function registerEnrolmentRoutes(_app: ZApp, _deps: Deps): void {}
