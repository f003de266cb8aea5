import { useQuery } from '@tanstack/react-query';
import type { OrgDto, OrgKind } from '../../../contracts/orgs';
import { api, fetchAll, type Page } from '../../app/api';

export interface Region {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county' | string;
  parentCode: string | null;
}

export const orgKeys = {
  all: ['orgs'] as const,
  root: () => ['orgs', 'root'] as const,
  children: (parentId: string) => ['orgs', 'children', parentId] as const,
  one: (id: string) => ['orgs', 'one', id] as const,
  ancestors: (id: string) => ['orgs', 'ancestors', id] as const,
  search: (q: string, kind?: string) => ['orgs', 'search', q, kind ?? ''] as const,
  regions: (within: string) => ['orgs', 'regions', within] as const,
};

/** The actor's own org: the root of everything it may see as a tree. */
export async function fetchRootOrg(): Promise<OrgDto | null> {
  const page = await api<Page<OrgDto>>('/api/v1/orgs');
  return page.items[0] ?? null;
}

export function fetchChildren(parentId: string): Promise<OrgDto[]> {
  return fetchAll<OrgDto>('/api/v1/orgs', { parentId, limit: 500 });
}

export async function searchOrgs(q: string, kind?: OrgKind, limit = 50): Promise<Page<OrgDto>> {
  return api<Page<OrgDto>>('/api/v1/orgs', { query: { q: q || undefined, kind, limit } });
}

export function useRootOrg() {
  return useQuery({ queryKey: orgKeys.root(), queryFn: fetchRootOrg, staleTime: 5 * 60_000 });
}

export function useOrg(id: string | null | undefined) {
  return useQuery({ queryKey: orgKeys.one(id ?? ''), queryFn: () => api<OrgDto>(`/api/v1/orgs/${id}`), enabled: !!id });
}

export function useOrgAncestors(id: string | null | undefined) {
  return useQuery({
    queryKey: orgKeys.ancestors(id ?? ''),
    queryFn: async () => (await api<{ items: OrgDto[] }>(`/api/v1/orgs/${id}/ancestors`)).items,
    enabled: !!id,
  });
}

/** GB/T 2260 divisions inside a code (province 2, city 4, county 6 digits). */
export function useRegions(within: string | null | undefined) {
  return useQuery({
    queryKey: orgKeys.regions(within ?? ''),
    queryFn: async () => (await api<{ items: Region[] }>('/api/v1/orgs/regions', { query: { within: within ?? undefined } })).items,
    enabled: !!within && /^\d{2,6}$/.test(within),
    staleTime: Infinity,
  });
}

export interface CreateOrgInput {
  name: string;
  kind: 'grassroots' | 'industry' | 'third_party';
  subtype?: string;
  parentId: string;
  regionCode: string;
  code?: string;
}

export const createOrg = (body: CreateOrgInput) => api<OrgDto>('/api/v1/orgs', { method: 'POST', body });
export const updateOrg = (id: string, body: { name?: string; subtype?: string | null; regionCode?: string; active?: boolean }) =>
  api<OrgDto>(`/api/v1/orgs/${id}`, { method: 'PATCH', body });
export const moveOrg = (id: string, parentId: string) => api<OrgDto>(`/api/v1/orgs/${id}/move`, { method: 'POST', body: { parentId } });
