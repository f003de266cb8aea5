import type { AssignBody, AssignmentDto, CampaignBody, CampaignDto, CampaignListItem, CampaignReport, Question, ResponseDto, TeamBody } from '../../../contracts/survey';
import { api, type Page } from '../../app/api';

export type { AssignmentDto, CampaignDto, CampaignListItem, CampaignReport, Question, ResponseDto };

const C = '/api/v1/survey/campaigns';

export const surveyKeys = {
  all: ['survey'] as const,
  list: (status?: string) => ['survey', 'list', status ?? ''] as const,
  campaign: (id: string) => ['survey', 'campaign', id] as const,
  assignments: (id: string, f: object) => ['survey', 'assignments', id, f] as const,
  assignment: (id: string, aid: string) => ['survey', 'assignment', id, aid] as const,
  response: (id: string) => ['survey', 'response', id] as const,
  report: (id: string) => ['survey', 'report', id] as const,
};

export const listCampaigns = (status?: string, cursor?: string | null) => api<Page<CampaignListItem>>(C, { query: { status, cursor: cursor ?? undefined, limit: 50 } });
export const getCampaign = (id: string) => api<CampaignDto>(`${C}/${id}`);
export const createCampaign = (body: CampaignBody) => api<CampaignDto>(C, { method: 'POST', body });
export const updateCampaign = (id: string, body: CampaignBody & { version: number }) => api<CampaignDto>(`${C}/${id}`, { method: 'PUT', body });
export const putQuestionnaire = (id: string, questions: Question[], version: number) => api<CampaignDto>(`${C}/${id}/questionnaire`, { method: 'PUT', body: { questions, version } });
export const transitionCampaign = (id: string, to: 'open' | 'closed', version: number) => api<CampaignDto>(`${C}/${id}/transition`, { method: 'POST', body: { to, version } });
export const addTeam = (id: string, body: TeamBody) => api<CampaignDto>(`${C}/${id}/teams`, { method: 'POST', body });
export const updateTeam = (id: string, teamId: string, body: TeamBody) => api<CampaignDto>(`${C}/${id}/teams/${teamId}`, { method: 'PUT', body });
export const deleteTeam = (id: string, teamId: string) => api<CampaignDto>(`${C}/${id}/teams/${teamId}`, { method: 'DELETE' });
export const assign = (id: string, body: Partial<AssignBody> & { teamId: string }) => api<{ added: number; skipped: number; outsideScope: number }>(`${C}/${id}/assignments`, { method: 'POST', body });
export const unassign = (id: string, aid: string) => api<{ ok: boolean }>(`${C}/${id}/assignments/${aid}`, { method: 'DELETE' });
export const listAssignments = (id: string, f: { teamId?: string; answered?: string; mine?: string }, cursor?: string | null) =>
  api<Page<AssignmentDto>>(`${C}/${id}/assignments`, { query: { ...f, cursor: cursor ?? undefined, limit: 50 } });
export const getAssignment = (id: string, aid: string) => api<AssignmentDto>(`${C}/${id}/assignments/${aid}`);
export const submitResponse = (id: string, body: { id: string; assignmentId: string; answers: Record<string, unknown> }) => api<ResponseDto>(`${C}/${id}/responses`, { method: 'POST', body });
export const getResponse = (rid: string) => api<ResponseDto>(`/api/v1/survey/responses/${rid}`);
export const updateResponse = (rid: string, answers: Record<string, unknown>, version: number) => api<ResponseDto>(`/api/v1/survey/responses/${rid}`, { method: 'PUT', body: { answers, version } });
export const getReport = (id: string) => api<CampaignReport>(`${C}/${id}/report`);
export const reportXlsxUrl = (id: string) => `${C}/${id}/report.xlsx`;

/** 1780 → "17.80%" */
export const pct = (bp: number) => `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`;
