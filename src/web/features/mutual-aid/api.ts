import { useQuery } from '@tanstack/react-query';
import type { SchemeListResponse, SchemeSummaryDto, SimulateBody, SimulateResponse } from '../../../contracts/mutual-aid';
import { api } from '../../app/api';

export type { SchemeSummaryDto, SimulateBody, SimulateResponse };

export const mutualAidKeys = {
  schemes: ['mutual-aid', 'schemes'] as const,
};

/** The schemes with their plans (built-in for now; they change only with a release). */
export function useSchemes() {
  return useQuery({
    queryKey: mutualAidKeys.schemes,
    queryFn: () => api<SchemeListResponse>('/api/v1/mutual-aid/schemes'),
    staleTime: 10 * 60_000,
  });
}

/** What-if: the payout, reason and trace per claim. Saves nothing. */
export const simulate = (body: SimulateBody) => api<SimulateResponse>('/api/v1/mutual-aid/simulate', { method: 'POST', body });
