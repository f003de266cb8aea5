import type { z } from 'zod';
import type {
  CancelBody,
  DynamicListItem,
  ExitAssessmentDto,
  ExitCandidateDto,
  ExitRuleDto,
  FollowUpCallDto,
  FollowUpDueDto,
  IncomeRecordDto,
  RecordFollowUpBody,
  RecordReviewBody,
  ReviewCampaignDto,
  ReviewItemDto,
  reviewProgressDto,
} from '../../../contracts/dynamic';
import { api, type Page } from '../../app/api';
import { downloadFile } from '../registry/api';

export type { DynamicListItem, ExitAssessmentDto, ExitCandidateDto, ExitRuleDto, FollowUpCallDto, FollowUpDueDto, IncomeRecordDto, ReviewCampaignDto, ReviewItemDto };
export type ReviewProgress = z.infer<typeof reviewProgressDto>;
export type ListKind = 'untouched' | 'never-assisted';
export interface ListFilters {
  orgId?: string;
  regionCode?: string;
  category?: 'dibao' | 'near_dibao' | 'accident';
}

const D = '/api/v1/dynamic';

export const dynamicKeys = {
  all: ['dynamic'] as const,
  campaigns: () => ['dynamic', 'campaigns'] as const,
  progress: (id: string) => ['dynamic', 'progress', id] as const,
  items: (q: Record<string, unknown>) => ['dynamic', 'items', q] as const,
  candidates: () => ['dynamic', 'candidates'] as const,
  proposals: () => ['dynamic', 'proposals'] as const,
  due: () => ['dynamic', 'due'] as const,
  calls: (q: Record<string, unknown>) => ['dynamic', 'calls', q] as const,
  list: (kind: ListKind, f: ListFilters) => ['dynamic', 'list', kind, f] as const,
  rules: () => ['dynamic', 'rules'] as const,
};

export const listCampaigns = () => api<{ items: ReviewCampaignDto[] }>(`${D}/annual-reviews`);
export const startReview = (body: { orgId: string; year: number; dueDate?: string }) => api<ReviewCampaignDto>(`${D}/annual-reviews`, { method: 'POST', body });
export const getProgress = (id: string) => api<ReviewProgress>(`${D}/annual-reviews/${id}/progress`);
export const listReviewItems = (q: { campaignId?: string; status?: string; outcome?: string; resolution?: string; mine?: string }, cursor?: string | null) =>
  api<Page<ReviewItemDto>>(`${D}/review-items`, { query: { ...q, cursor, limit: 50 } });
export const recordReview = (id: string, body: RecordReviewBody) => api<ReviewItemDto>(`${D}/review-items/${id}/record`, { method: 'POST', body });
export const declineProposal = (id: string, reason: string) => api<ReviewItemDto>(`${D}/review-items/${id}/decline`, { method: 'POST', body: { reason } });

export const listCandidates = (cursor?: string | null) => api<Page<ExitCandidateDto>>(`${D}/exit-candidates`, { query: { cursor, limit: 50 } });
export const signOffExit = (id: string, body: { version: number; reason: string }) => api<{ status: string }>(`${D}/households/${id}/exit`, { method: 'POST', body });
export const cancelFile = (id: string, body: CancelBody) => api<{ status: string }>(`${D}/households/${id}/cancel`, { method: 'POST', body });
export const getIncome = (id: string) => api<{ items: IncomeRecordDto[]; assessment: ExitAssessmentDto }>(`${D}/households/${id}/income`);
export const addIncome = (id: string, body: { month: string; perCapitaIncomeFen: number; note?: string }) => api<IncomeRecordDto>(`${D}/households/${id}/income`, { method: 'POST', body });

export const listRules = () => api<{ items: ExitRuleDto[]; defaultMonths: number }>(`${D}/exit-rules`);
export const putRule = (body: { regionCode: string; consecutiveMonths: number }) => api<ExitRuleDto>(`${D}/exit-rules`, { method: 'PUT', body });

export const listDue = (withinDays: number, cursor?: string | null) => api<Page<FollowUpDueDto>>(`${D}/follow-ups/due`, { query: { withinDays, cursor, limit: 50 } });
export const listCalls = (q: { outcome?: string; reopenStatus?: string }, cursor?: string | null) => api<Page<FollowUpCallDto>>(`${D}/follow-ups/calls`, { query: { ...q, cursor, limit: 50 } });
export const recordCall = (body: RecordFollowUpBody) => api<FollowUpCallDto>(`${D}/follow-ups/calls`, { method: 'POST', body });
export const reopenFromCall = (id: string, body: { version: number; reason: string }) => api<FollowUpCallDto>(`${D}/follow-ups/calls/${id}/reopen`, { method: 'POST', body });

export const listFiles = (kind: ListKind, f: ListFilters, cursor?: string | null) => api<Page<DynamicListItem>>(`${D}/lists/${kind}`, { query: { ...f, cursor, limit: 50 } });
export const exportFiles = (kind: ListKind, f: ListFilters) => downloadFile(`${D}/lists/${kind}/export`, { ...f }, `${kind}.xlsx`);
