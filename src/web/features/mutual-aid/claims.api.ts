import { useQuery } from '@tanstack/react-query';
import type {
  BatchAdjudicateResult,
  ClaimDetailDto,
  ClaimDocumentDto,
  ClaimDocumentKind,
  ClaimDto,
  ClaimIntakeInput,
  ClaimMemberOption,
  ClaimStatus,
  MemberAccumulatorsDto,
} from '../../../contracts/mutual-aid-claims';
import { ApiError, api, type Page } from '../../app/api';
import { getLang, translate } from '../../app/i18n';
import { downloadFile } from '../registry/api';

export type { BatchAdjudicateResult, ClaimDetailDto, ClaimDocumentDto, ClaimDocumentKind, ClaimDto, ClaimIntakeInput, ClaimMemberOption, ClaimStatus, MemberAccumulatorsDto };

const P = '/api/v1/mutual-aid';
export const CLAIMS_PAGE_SIZE = 50;

export interface ClaimFilters {
  status?: ClaimStatus;
  schemeCode?: string;
  planCode?: string;
  unitId?: string;
  q?: string;
  period?: number;
}

export const claimKeys = {
  all: ['mutual-aid', 'claims'] as const,
  list: (f: ClaimFilters) => ['mutual-aid', 'claims', 'list', f] as const,
  one: (id: string) => ['mutual-aid', 'claims', 'one', id] as const,
  accumulators: (memberId: string) => ['mutual-aid', 'claims', 'accumulators', memberId] as const,
  units: (q: string) => ['mutual-aid', 'claims', 'units', q] as const,
  members: (unitId: string, q: string) => ['mutual-aid', 'claims', 'members', unitId, q] as const,
};

const langHeader = () => (getLang() === 'en' ? 'en' : 'zh-CN,zh;q=0.9');

/** A POST whose body is JSON or a form, with an optional Idempotency-Key; errors as ApiError. */
async function post<T>(path: string, body: unknown, key?: string): Promise<T> {
  const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': langHeader() };
  if (key) headers['Idempotency-Key'] = key;
  if (!isForm) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers, body: isForm ? body : JSON.stringify(body ?? {}), credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', translate('error.network'));
  }
  const json = (await res.json().catch(() => undefined)) as (T & { error?: { code?: string; message?: string; details?: unknown } }) | undefined;
  if (!res.ok) throw new ApiError(res.status, json?.error?.code ?? `HTTP_${res.status}`, json?.error?.message ?? translate('error.unexpected', { status: res.status }), json?.error?.details);
  return json as T;
}

export const listClaims = (f: ClaimFilters, cursor: string | null) => api<Page<ClaimDto>>(`${P}/claims`, { query: { ...f, cursor: cursor ?? undefined, limit: CLAIMS_PAGE_SIZE } });
export const getClaim = (id: string) => api<ClaimDetailDto>(`${P}/claims/${id}`);
export const exportClaims = (f: ClaimFilters, name: string) => downloadFile(`${P}/claims/export`, { ...f }, `${name}.xlsx`);

export function useClaim(id: string) {
  return useQuery({ queryKey: claimKeys.one(id), queryFn: () => getClaim(id), enabled: Boolean(id) });
}

export function useAccumulators(memberId: string | undefined) {
  return useQuery({ queryKey: claimKeys.accumulators(memberId ?? ''), queryFn: () => api<MemberAccumulatorsDto>(`${P}/members/${memberId}/accumulators`), enabled: Boolean(memberId) });
}

export function useClaimUnits(q: string) {
  return useQuery({ queryKey: claimKeys.units(q), queryFn: () => api<{ items: Array<{ id: string; name: string; schemeCode: string }> }>(`${P}/claims/units`, { query: { q } }).then((r) => r.items) });
}

export function useClaimMembers(unitId: string | undefined, q: string) {
  return useQuery({
    queryKey: claimKeys.members(unitId ?? '', q),
    queryFn: () => api<{ items: ClaimMemberOption[] }>(`${P}/claims/members`, { query: { unitId, q } }).then((r) => r.items),
    enabled: Boolean(unitId),
  });
}

export const intakeClaim = (body: ClaimIntakeInput) => api<ClaimDetailDto>(`${P}/claims`, { method: 'POST', body });
/** Approval commits pool money: like payment it carries an Idempotency-Key, so a repeated click commits once. */
export const approveClaim = (id: string, key: string, note?: string) => post<ClaimDetailDto>(`${P}/claims/${id}/approve`, note ? { note } : {}, key);
export const overrideClaim = (id: string, payoutFen: number, reason: string, key: string) => post<ClaimDetailDto>(`${P}/claims/${id}/override`, { payoutFen, reason }, key);
export const rejectClaim = (id: string, reason: string) => api<ClaimDetailDto>(`${P}/claims/${id}/reject`, { method: 'POST', body: { reason } });
/** Payment moves money: one Idempotency-Key per click, so a repeated request pays once. */
export const payClaim = (id: string, key: string) => post<ClaimDetailDto>(`${P}/claims/${id}/pay`, {}, key);
export const reverseClaim = (id: string, reason: string, key: string) => post<ClaimDetailDto>(`${P}/claims/${id}/reverse`, { reason }, key);
export const adjudicateBatch = (limit?: number) => api<BatchAdjudicateResult>(`${P}/claims/adjudicate`, { method: 'POST', body: limit ? { limit } : {} });

/** Claims per request of the batch run, so that the page can show progress between slices. */
export const BATCH_SLICE = 10_000;

/** Adjudicates every received claim in scope slice by slice, reporting progress after each; the sums of all slices. */
export async function adjudicateAll(onProgress: (done: number, total: number) => void) {
  const sum = { adjudicated: 0, withPayout: 0, totalPayoutFen: 0, skipped: 0 };
  for (;;) {
    const r = await adjudicateBatch(BATCH_SLICE);
    sum.adjudicated += r.adjudicated;
    sum.withPayout += r.withPayout;
    sum.totalPayoutFen += r.totalPayoutFen;
    sum.skipped = r.skipped;
    onProgress(sum.adjudicated, sum.adjudicated + r.remaining);
    // what is left is only what no version covers (skipped again each time), or nothing moved
    if (r.adjudicated === 0 || r.remaining <= r.skipped) return sum;
  }
}

export const documentUrl = (claimId: string, documentId: string) => `${P}/claims/${claimId}/documents/${documentId}`;
export function uploadDocument(claimId: string, kind: ClaimDocumentKind, file: File): Promise<ClaimDocumentDto> {
  const form = new FormData();
  form.append('file', file, file.name);
  return post<ClaimDocumentDto>(`${P}/claims/${claimId}/documents?kind=${encodeURIComponent(kind)}`, form);
}

/** A random key for one money-moving action (pay, reverse); kept while the same action is retried. */
export function newClaimActionKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `mac-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
