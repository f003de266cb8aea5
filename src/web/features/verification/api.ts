import type { z } from 'zod';
import type { HouseholdListItem } from '../../../contracts/registry';
import type { AssignBody, ChainDto, SubmitBatchBody, DecisionBody, FileDto, ReviewDto, TaskDto, TaskStatus, VisitBody, VisitDto, investigatorDto } from '../../../contracts/verification';
import { ApiError, api, type Page } from '../../app/api';
import { getLang, translate } from '../../app/i18n';

export type { ChainDto, FileDto, ReviewDto, TaskDto, TaskStatus, VisitBody, VisitDto };
export type InvestigatorDto = z.infer<typeof investigatorDto>;

const P = '/api/v1/verification';
export const PAGE_SIZE = 50;

export const verificationKeys = {
  all: ['verification'] as const,
  tasks: (f: { status?: TaskStatus; mine?: boolean }) => ['verification', 'tasks', f] as const,
  task: (id: string) => ['verification', 'task', id] as const,
  investigators: () => ['verification', 'investigators'] as const,
  review: (id: string) => ['verification', 'review', id] as const,
  reviews: () => ['verification', 'reviews'] as const,
  visit: (id: string) => ['verification', 'visit', id] as const,
  chain: (id: string) => ['verification', 'chain', id] as const,
};

export const listTasks = (f: { status?: TaskStatus; mine?: boolean }, cursor?: string | null) =>
  api<Page<TaskDto>>(`${P}/tasks`, { query: { status: f.status, mine: f.mine ? 'true' : undefined, cursor: cursor ?? undefined, limit: PAGE_SIZE } });
export const getTask = (id: string) => api<TaskDto>(`${P}/tasks/${id}`);
export const listInvestigators = () => api<{ items: InvestigatorDto[] }>(`${P}/investigators`);
export const assignTasks = (body: AssignBody) => api<{ items: TaskDto[] }>(`${P}/tasks/assign`, { method: 'POST', body });
export const submitVisit = (taskId: string, body: VisitBody) => api<VisitDto>(`${P}/tasks/${taskId}/visit`, { method: 'POST', body });
export const getVisit = (id: string) => api<VisitDto>(`${P}/visits/${id}`);
export const getReview = (householdId: string) => api<ReviewDto>(`${P}/households/${householdId}/review`);
export const decide = (householdId: string, body: DecisionBody) => api<ReviewDto>(`${P}/households/${householdId}/decision`, { method: 'POST', body });
export const getChain = (householdId: string) => api<ChainDto>(`${P}/households/${householdId}/chain`);
export const listAwaitingApproval = (cursor?: string | null) =>
  api<Page<HouseholdListItem>>('/api/v1/registry/households', { query: { status: 'verified', sort: 'updatedAt', order: 'asc', cursor: cursor ?? undefined, limit: PAGE_SIZE } });
export const listDrafts = () => api<Page<HouseholdListItem>>('/api/v1/registry/households', { query: { status: 'draft', sort: 'updatedAt', order: 'asc', limit: 200 } });
export const submitBatch = (body: SubmitBatchBody) => api<{ items: TaskDto[] }>(`${P}/submit-batch`, { method: 'POST', body });
export const fileUrl = (id: string) => `${P}/files/${id}`;

/** Uploads one photo or document of the visit (multipart); the server checks its type by its bytes and its size. */
export async function uploadFile(taskId: string, file: File): Promise<FileDto> {
  const form = new FormData();
  form.append('file', file, file.name);
  let res: Response;
  try {
    res = await fetch(`${P}/tasks/${taskId}/files`, { method: 'POST', body: form, credentials: 'same-origin', headers: { Accept: 'application/json', 'Accept-Language': getLang() === 'en' ? 'en' : 'zh-CN,zh;q=0.9' } });
  } catch {
    throw new ApiError(0, 'NETWORK', translate('error.network'));
  }
  const json = (await res.json().catch(() => undefined)) as (FileDto & { error?: { code?: string; message?: string; details?: unknown } }) | undefined;
  if (!res.ok) throw new ApiError(res.status, json?.error?.code ?? `HTTP_${res.status}`, json?.error?.message ?? translate('error.unexpected', { status: res.status }), json?.error?.details);
  return json as FileDto;
}
