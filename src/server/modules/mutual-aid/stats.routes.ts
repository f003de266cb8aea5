import type { Deps } from '../../platform/deps';
import type { ZApp } from '../../platform/http/types';

/** 互助统计 / mutual-aid statistics. */
export function registerMutualAidStatsRoutes(_app: ZApp, _deps: Deps): void {}
