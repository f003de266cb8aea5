import type { AccountabilityDto, AccountabilityQuery, DrawBody, FindingDto, OutcomeBody, SpotCheckDto, SpotCheckListItem } from '../../../contracts/oversight';
import type { UserDto } from '../../../contracts/users';
import { ApiError, api, buildUrl, type Page } from '../../app/api';
import { getLang, translate } from '../../app/i18n';

export type { AccountabilityDto, FindingDto, SpotCheckDto, SpotCheckListItem };
export type AccountabilityFilters = Omit<AccountabilityQuery, 'cursor' | 'limit'>;

const P = '/api/v1/oversight';
export const PAGE_SIZE = 50;

export const oversightKeys = {
  all: ['oversight'] as const,
  checks: () => ['oversight', 'spot-checks'] as const,
  check: (id: string) => ['oversight', 'spot-check', id] as const,
  finding: (id: string) => ['oversight', 'finding', id] as const,
  accountability: (f: AccountabilityFilters) => ['oversight', 'accountability', f] as const,
  investigators: (q: string) => ['oversight', 'investigators', q] as const,
};

export const listSpotChecks = (cursor?: string | null) => api<Page<SpotCheckListItem>>(`${P}/spot-checks`, { query: { cursor: cursor ?? undefined, limit: PAGE_SIZE } });
export const getSpotCheck = (id: string) => api<SpotCheckDto>(`${P}/spot-checks/${id}`);
export const drawSpotCheck = (body: DrawBody) => api<SpotCheckDto>(`${P}/spot-checks`, { method: 'POST', body });
export const recordOutcome = (itemId: string, body: OutcomeBody) => api<FindingDto>(`${P}/items/${itemId}/outcome`, { method: 'POST', body });
export const getFinding = (itemId: string) => api<FindingDto>(`${P}/items/${itemId}/finding`);
export const listAccountability = (f: AccountabilityFilters, cursor?: string | null) =>
  api<Page<AccountabilityDto>>(`${P}/accountability`, { query: { ...f, cursor: cursor ?? undefined, limit: PAGE_SIZE } });
export const closeAccountability = (id: string, closingNote: string) => api<AccountabilityDto>(`${P}/accountability/${id}/close`, { method: 'POST', body: { closingNote } });
export const searchInvestigators = (q: string) => api<Page<UserDto>>('/api/v1/auth/users', { query: { role: 'investigator', q: q || undefined, limit: 50 } });

/** Downloads the server's .xlsx of the filtered accountability records (audited on the server). */
export async function downloadAccountability(f: AccountabilityFilters): Promise<void> {
  const res = await fetch(buildUrl(`${P}/accountability/export`, { ...f }), {
    credentials: 'same-origin',
    headers: { 'Accept-Language': getLang() === 'en' ? 'en' : 'zh-CN,zh;q=0.9' },
  });
  if (!res.ok) {
    let msg = translate('error.unexpected', { status: res.status });
    let code = `HTTP_${res.status}`;
    try {
      const j = (await res.json()) as { error?: { code?: string; message?: string } };
      msg = j.error?.message ?? msg;
      code = j.error?.code ?? code;
    } catch {
      /* keep the generic message */
    }
    throw new ApiError(res.status, code, msg);
  }
  const blob = await res.blob();
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'accountability.xlsx';
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** A fresh random seed for the draw form (shown and editable; the seed drawn with is recorded). */
export function randomSeed(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  const d = new Date();
  const ymd = `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
  return `${ymd}-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
