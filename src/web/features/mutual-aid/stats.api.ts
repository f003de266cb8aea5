import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { MutualAidStatsResponse, StatsGroup, StatsRowDto } from '../../../contracts/mutual-aid-stats';
import { api } from '../../app/api';
import { downloadFile } from '../registry/api';

export type { MutualAidStatsResponse, StatsGroup, StatsRowDto };

export interface StatsFilter {
  year?: number;
  schemeCode?: string;
  orgId?: string;
  groupBy: StatsGroup;
}

const P = '/api/v1/mutual-aid/stats';
const query = (f: StatsFilter) => ({ year: f.year, schemeCode: f.schemeCode, orgId: f.orgId, groupBy: f.groupBy });

export const statsKeys = {
  stats: (f: StatsFilter) => ['mutual-aid', 'stats', f.year ?? null, f.schemeCode ?? null, f.orgId ?? null, f.groupBy] as const,
};

/** 互助统计 for the filter (within the user's subtree). */
export function useMutualAidStats(f: StatsFilter) {
  return useQuery({
    queryKey: statsKeys.stats(f),
    queryFn: () => api<MutualAidStatsResponse>(P, { query: query(f) }),
    placeholderData: keepPreviousData,
  });
}

/** The same tables as an .xlsx file (the export is audited). */
export const exportMutualAidStats = (f: StatsFilter) => downloadFile(`${P}/export`, query(f), `mutual-aid-stats-${f.year ?? 'all'}.xlsx`);
