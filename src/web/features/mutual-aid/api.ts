import { useQuery } from '@tanstack/react-query';
import type { NewDraftInput, SchemeDraftInput, SchemeListResponse, SchemeSummaryDto, SchemeVersionDto, SchemeVersionSummaryDto, SimulateBody, SimulateResponse } from '../../../contracts/mutual-aid';
import { api } from '../../app/api';

export type { SchemeSummaryDto, SchemeVersionDto, SchemeVersionSummaryDto, SimulateBody, SimulateResponse };

export const mutualAidKeys = {
  all: ['mutual-aid'] as const,
  schemes: ['mutual-aid', 'schemes'] as const,
  schemesWithDrafts: ['mutual-aid', 'schemes', 'with-drafts'] as const,
  version: (id: string) => ['mutual-aid', 'scheme-version', id] as const,
};

/** The published schemes with their plans (latest published version of each), for the calculator. */
export function useSchemes() {
  return useQuery({
    queryKey: mutualAidKeys.schemes,
    queryFn: () => api<SchemeListResponse>('/api/v1/mutual-aid/schemes'),
    staleTime: 60_000,
  });
}

/** Every scheme the user sees with all its versions, drafts of the user's federations included. */
export function useSchemesWithDrafts() {
  return useQuery({
    queryKey: mutualAidKeys.schemesWithDrafts,
    queryFn: () => api<SchemeListResponse>('/api/v1/mutual-aid/schemes', { query: { withDrafts: 'true' } }),
  });
}

/** One version with its whole scheme. */
export function useSchemeVersion(id: string | null) {
  return useQuery({
    queryKey: mutualAidKeys.version(id ?? ''),
    queryFn: () => api<SchemeVersionDto>(`/api/v1/mutual-aid/scheme-versions/${id}`),
    enabled: Boolean(id),
  });
}

export const createScheme = (body: SchemeDraftInput) => api<SchemeVersionDto>('/api/v1/mutual-aid/schemes', { method: 'POST', body });
export const updateDraft = (id: string, body: SchemeDraftInput) => api<SchemeVersionDto>(`/api/v1/mutual-aid/scheme-versions/${id}`, { method: 'PUT', body });
export const publishVersion = (id: string) => api<SchemeVersionDto>(`/api/v1/mutual-aid/scheme-versions/${id}/publish`, { method: 'POST', body: {} });
export const newDraftFrom = (id: string, body: NewDraftInput = {}) => api<SchemeVersionDto>(`/api/v1/mutual-aid/scheme-versions/${id}/new-draft`, { method: 'POST', body });

/** What-if: the payout, reason and trace per claim. Saves nothing. */
export const simulate = (body: SimulateBody) => api<SimulateResponse>('/api/v1/mutual-aid/simulate', { method: 'POST', body });
