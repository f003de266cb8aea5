import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AssessBody,
  AssessResponse,
  CancelReason,
  Category,
  Cause,
  DibaoLineDto,
  FourLooksBody,
  HouseholdDto,
  HouseholdInput,
  HouseholdUpdateInput,
  HouseholdListItem,
  HouseholdStatus,
  Level,
  MeasureStatus,
  MeasureType,
  PutDibaoLineBody,
  fourLooksDto,
  measureDto,
  planDto,
} from '../../../contracts/registry';
import type { UserDto } from '../../../contracts/users';
import { ApiError, api, buildUrl, type Page } from '../../app/api';
import { getLang, translate } from '../../app/i18n';

export type FourLooksDto = z.infer<typeof fourLooksDto>;
export type MeasureDto = z.infer<typeof measureDto>;
export type PlanDto = z.infer<typeof planDto>;
export type MemberDto = HouseholdDto['members'][number];
export type OverdueMeasure = MeasureDto & { householdId: string; archiveNo: string | null; workerName: string };
export type { AssessResponse, DibaoLineDto, HouseholdDto, HouseholdListItem };

export interface HouseholdFilters {
  q?: string;
  orgId?: string;
  regionCode?: string;
  status?: HouseholdStatus;
  category?: Category;
  level?: Level;
  cause?: Cause;
  flag?: string;
  hasStudents?: 'true' | 'false';
  seriousIllness?: 'true' | 'false';
  sort?: 'relevance' | 'archiveNo' | 'updatedAt' | 'workerName';
  order?: 'asc' | 'desc';
}

export interface HistoryEvent {
  fromStatus: HouseholdStatus | null;
  toStatus: HouseholdStatus;
  signerRole: string;
  actorName: string;
  reason: string | null;
  at: string;
}
export interface HistoryAudit {
  seq: number;
  at: string;
  actorUsername: string | null;
  action: string;
  before: unknown;
  after: unknown;
}
export interface HistoryResponse {
  items: HistoryEvent[];
  audit: HistoryAudit[];
}

export interface TransitionInput {
  to: HouseholdStatus;
  reason: string;
  cancelReason?: CancelReason;
  responsibleUserId?: string;
  version: number;
}

export interface MeasureInput {
  type: MeasureType;
  description: string;
  responsibleUserId: string;
  dueDate: string;
}
export interface MeasureUpdateInput {
  status?: MeasureStatus;
  outcome?: string;
  dueDate?: string;
  responsibleUserId?: string;
  description?: string;
}

export const registryKeys = {
  all: ['registry'] as const,
  lists: () => ['registry', 'list'] as const,
  list: (f: HouseholdFilters) => ['registry', 'list', f] as const,
  one: (id: string) => ['registry', 'household', id] as const,
  history: (id: string) => ['registry', 'household', id, 'history'] as const,
  fourLooks: (id: string) => ['registry', 'household', id, 'four-looks'] as const,
  plan: (id: string) => ['registry', 'household', id, 'plan'] as const,
  overdue: () => ['registry', 'overdue'] as const,
  dibaoLines: (year?: number) => ['registry', 'dibao-lines', year ?? 'all'] as const,
  assess: (b: AssessBody | null) => ['registry', 'assess', b] as const,
  stats: (orgId?: string, regionCode?: string) => ['registry', 'stats', orgId ?? '', regionCode ?? ''] as const,
  users: (q: string) => ['registry', 'users', q] as const,
};

export const PAGE_SIZE = 50;
const H = '/api/v1/registry/households';

export const listHouseholds = (f: HouseholdFilters, cursor?: string | null) =>
  api<Page<HouseholdListItem>>(H, { query: { ...f, cursor: cursor ?? undefined, limit: PAGE_SIZE } });
export const getHousehold = (id: string) => api<HouseholdDto>(`${H}/${id}`);
export const createHousehold = (body: HouseholdInput) => api<HouseholdDto>(H, { method: 'POST', body });
export const updateHousehold = (id: string, body: HouseholdUpdateInput) => api<HouseholdDto>(`${H}/${id}`, { method: 'PUT', body });
export const transitionHousehold = (id: string, body: TransitionInput) => api<HouseholdDto>(`${H}/${id}/transition`, { method: 'POST', body });
export const getHistory = (id: string) => api<HistoryResponse>(`${H}/${id}/history`);
export const revealMember = (id: string, memberId: string, fields: Array<'idNumber' | 'phone'>, reason: string) =>
  api<{ idNumber?: string | null; phone?: string | null }>(`${H}/${id}/members/${memberId}/reveal`, { method: 'POST', body: { fields, reason } });
export const listFourLooks = (id: string) => api<{ items: FourLooksDto[] }>(`${H}/${id}/four-looks`);
export const createFourLooks = (id: string, body: FourLooksBody) => api<FourLooksDto>(`${H}/${id}/four-looks`, { method: 'POST', body });
export const getPlan = (id: string) => api<{ plan: PlanDto | null }>(`${H}/${id}/plan`);
export const putPlan = (id: string, body: { targetExitDate: string; goal?: string }) => api<PlanDto>(`${H}/${id}/plan`, { method: 'PUT', body });
export const addMeasure = (id: string, body: MeasureInput) => api<PlanDto>(`${H}/${id}/plan/measures`, { method: 'POST', body });
export const updateMeasure = (measureId: string, body: MeasureUpdateInput) => api<PlanDto>(`/api/v1/registry/measures/${measureId}`, { method: 'PATCH', body });
export const listOverdue = () => api<{ items: OverdueMeasure[] }>('/api/v1/registry/measures/overdue');

export const assess = (body: AssessBody) => api<AssessResponse>('/api/v1/registry/assess', { method: 'POST', body });
export const listDibaoLines = (year?: number) => api<{ items: DibaoLineDto[] }>('/api/v1/registry/dibao-lines', { query: { year } });
export const putDibaoLine = (body: PutDibaoLineBody) => api<DibaoLineDto>('/api/v1/registry/dibao-lines', { method: 'PUT', body });

/**
 * Downloads a file the server builds (an .xlsx export): same cookie and language as `api`, the
 * server's error shape on failure, the file name from Content-Disposition.
 */
export async function downloadFile(path: string, query: Record<string, string | number | boolean | null | undefined>, fallbackName: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(buildUrl(path, query), {
      credentials: 'same-origin',
      headers: { Accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, application/json', 'Accept-Language': getLang() === 'en' ? 'en' : 'zh-CN,zh;q=0.9' },
    });
  } catch {
    throw new ApiError(0, 'NETWORK', translate('error.network'));
  }
  if (!res.ok) {
    let err: { code?: string; message?: string; details?: unknown } | undefined;
    try {
      err = ((await res.json()) as { error?: typeof err }).error;
    } catch {
      err = undefined;
    }
    throw new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? translate('error.unexpected', { status: res.status }), err?.details);
  }
  const blob = await res.blob();
  const cd = res.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  let name = fallbackName;
  try {
    if (star) name = decodeURIComponent(star[1]);
    else if (plain) name = plain[1];
  } catch {
    /* keep the fallback */
  }
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const exportHouseholds = (f: HouseholdFilters, fallbackName: string) => downloadFile(`${H}/export`, { ...f }, fallbackName);

/**
 * People who may be named responsible (负责人) or own a measure: users in the actor's subtree. Cadres
 * lack user.read: the query then answers `forbidden: true` and pickers offer only "me".
 */
export function useAssignableUsers(orgId: string, q: string, enabled = true) {
  return useQuery({
    queryKey: registryKeys.users(`${orgId}|${q}`),
    meta: { quiet: true },
    enabled,
    staleTime: 60_000,
    retry: false,
    queryFn: async (): Promise<{ forbidden: boolean; items: UserDto[] }> => {
      try {
        const page = await api<Page<UserDto>>('/api/v1/auth/users', { query: { orgId, includeSubOrgs: 'true', status: 'active', q: q || undefined, limit: 50 } });
        return { forbidden: false, items: page.items };
      } catch (e) {
        if (e instanceof ApiError && e.status === 403) return { forbidden: true, items: [] };
        throw e;
      }
    },
  });
}
