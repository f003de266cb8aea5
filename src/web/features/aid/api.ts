import type { z } from 'zod';
import type {
  AmountRule,
  ApplyInput,
  AwardDto,
  AwardStatus,
  BatchDto,
  BatchStatus,
  EligibilityResult,
  FundFlowDto,
  HouseholdMoneyDto,
  NoticeDto,
  ObjectionDto,
  PaymentDto,
  ProgramDto,
  ProgramInput,
  ProgramPatch,
  ProgramStatus,
  ProgramType,
  RecoveryDto,
  RecoveriesReportDto,
  RecoveryStatus,
  RevokeResultDto,
  RulesVersionDto,
  RulesVersionInput,
  batchDetailDto,
  batchResultsInput,
  budgetReportDto,
  confirmResult,
  paidReportDto,
  recoverySummaryDto,
  resultsSummary,
} from '../../../contracts/aid';
import type { AccountDto, StatementDto, VerifyLedgerDto } from '../../../contracts/ledger';
import { ApiError, api, type Page } from '../../app/api';
import { getLang, translate } from '../../app/i18n';
import { downloadFile } from '../registry/api';

export type {
  AmountRule,
  ApplyInput,
  AwardDto,
  AwardStatus,
  BatchDto,
  BatchStatus,
  EligibilityResult,
  FundFlowDto,
  HouseholdMoneyDto,
  NoticeDto,
  ObjectionDto,
  PaymentDto,
  ProgramDto,
  ProgramInput,
  ProgramPatch,
  RecoveryDto,
  RecoveriesReportDto,
  RevokeResultDto,
  RulesVersionDto,
  RulesVersionInput,
  AccountDto,
  StatementDto,
  VerifyLedgerDto,
};
export type BatchDetailDto = z.infer<typeof batchDetailDto>;
export type BatchResultsInput = z.infer<typeof batchResultsInput>;
export type ResultsSummary = z.infer<typeof resultsSummary>;
export type ConfirmResult = z.infer<typeof confirmResult>;
export type RecoverySummaryDto = z.infer<typeof recoverySummaryDto>;
export type PaidReportDto = z.infer<typeof paidReportDto>;
export type BudgetReportDto = z.infer<typeof budgetReportDto>;
export type ReportGroup = PaidReportDto['groupBy'];
export type NoticeItem = NoticeDto['items'][number];

const P = '/api/v1/aid';
const L = '/api/v1/ledger';
export const PAGE_SIZE = 50;

export interface ProgramFilters {
  year?: number;
  type?: ProgramType;
  status?: ProgramStatus;
}
export interface AwardFilters {
  programId?: string;
  householdId?: string;
  status?: AwardStatus;
  q?: string;
}
export interface BatchFilters {
  programId?: string;
  status?: BatchStatus;
}
export interface RecoveryFilters {
  status?: RecoveryStatus;
  programId?: string;
  householdId?: string;
}

export const aidKeys = {
  all: ['aid'] as const,
  programs: (f: ProgramFilters) => ['aid', 'programs', f] as const,
  program: (id: string) => ['aid', 'program', id] as const,
  rules: (id: string) => ['aid', 'program', id, 'rules'] as const,
  check: (programId: string, householdId: string, studentMemberId?: string) => ['aid', 'check', programId, householdId, studentMemberId ?? ''] as const,
  awards: (f: AwardFilters) => ['aid', 'awards', f] as const,
  award: (id: string) => ['aid', 'award', id] as const,
  objections: (awardId: string) => ['aid', 'award', awardId, 'objections'] as const,
  notices: (programId?: string) => ['aid', 'notices', programId ?? ''] as const,
  notice: (id: string) => ['aid', 'notice', id] as const,
  batches: (f: BatchFilters) => ['aid', 'batches', f] as const,
  batch: (id: string) => ['aid', 'batch', id] as const,
  recoveries: (f: RecoveryFilters) => ['aid', 'recoveries', f] as const,
  recoverySummary: () => ['aid', 'recoveries', 'summary'] as const,
  recovery: (id: string) => ['aid', 'recovery', id] as const,
  money: (householdId: string) => ['aid', 'money', householdId] as const,
  paidReport: (from: string, to: string, groupBy: ReportGroup) => ['aid', 'reports', 'paid', from, to, groupBy] as const,
  budgetReport: () => ['aid', 'reports', 'budget'] as const,
  recoveryReport: () => ['aid', 'reports', 'recoveries'] as const,
  fundFlow: (from: string, to: string) => ['aid', 'reports', 'fund-flow', from, to] as const,
  accounts: () => ['aid', 'ledger', 'accounts'] as const,
  statement: (accountId: string, from: string, to: string) => ['aid', 'ledger', 'statement', accountId, from, to] as const,
};

/** A random key for one user action that moves money; kept while the same action is retried. */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `aid-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

const langHeader = () => (getLang() === 'en' ? 'en' : 'zh-CN,zh;q=0.9');

async function failure(res: Response): Promise<ApiError> {
  let err: { code?: string; message?: string; details?: unknown } | undefined;
  try {
    err = ((await res.json()) as { error?: typeof err }).error;
  } catch {
    err = undefined;
  }
  const e = new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? translate('error.unexpected', { status: res.status }), err?.details);
  // let the shared client notice an ended session (it forgets the session and shows the login page)
  if (res.status === 401) void api('/api/v1/auth/me').catch(() => undefined);
  return e;
}

/** A write that moves money: JSON (or a multipart form) with an Idempotency-Key header. */
async function moneyPost<T>(path: string, key: string, body: unknown): Promise<T> {
  const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': langHeader(), 'Idempotency-Key': key };
  if (!isForm) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers, body: isForm ? body : JSON.stringify(body ?? {}), credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', translate('error.network'));
  }
  if (!res.ok) throw await failure(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

// ───── programs ─────
export const listPrograms = (f: ProgramFilters, cursor?: string | null) => api<Page<ProgramDto>>(`${P}/programs`, { query: { ...f, cursor: cursor ?? undefined, limit: PAGE_SIZE } });
export const getProgram = (id: string) => api<ProgramDto>(`${P}/programs/${id}`);
export const createProgram = (body: ProgramInput) => api<ProgramDto>(`${P}/programs`, { method: 'POST', body });
export const patchProgram = (id: string, body: ProgramPatch) => api<ProgramDto>(`${P}/programs/${id}`, { method: 'PATCH', body });
export const newRulesVersion = (id: string, body: RulesVersionInput & { version: number }) => api<ProgramDto>(`${P}/programs/${id}/rules`, { method: 'POST', body });
export const listRuleVersions = (id: string) => api<RulesVersionDto[]>(`${P}/programs/${id}/rules`);

// ───── eligibility and awards ─────
export const checkEligibility = (programId: string, householdId: string, studentMemberId?: string) =>
  api<EligibilityResult>(`${P}/programs/${programId}/check`, { method: 'POST', body: { householdId, ...(studentMemberId ? { studentMemberId } : {}) } });
export const applyForAid = (programId: string, body: ApplyInput) => api<AwardDto>(`${P}/programs/${programId}/applications`, { method: 'POST', body });
export const listAwards = (f: AwardFilters, cursor?: string | null, limit = PAGE_SIZE) => api<Page<AwardDto>>(`${P}/awards`, { query: { ...f, cursor: cursor ?? undefined, limit } });
export const getAward = (id: string) => api<AwardDto>(`${P}/awards/${id}`);
export const approveAward = (id: string, version: number, note: string | undefined, key: string) => moneyPost<AwardDto>(`${P}/awards/${id}/approve`, key, { version, ...(note ? { note } : {}) });
export const rejectAward = (id: string, version: number, reason: string) => api<AwardDto>(`${P}/awards/${id}/reject`, { method: 'POST', body: { version, reason } });
export const withdrawAward = (id: string) => api<AwardDto>(`${P}/awards/${id}/withdraw`, { method: 'POST', body: {} });
export const confirmAward = (id: string) => api<AwardDto>(`${P}/awards/${id}/confirm`, { method: 'POST', body: {} });
export const revokeAward = (id: string, body: { reason: string; causeType: 'finding' | 'objection' | 'manual'; causeId?: string }, key: string) =>
  moneyPost<RevokeResultDto>(`${P}/awards/${id}/revoke`, key, body);

// ───── notices and objections ─────
export const publishNotice = (programId: string, startsOn?: string) => api<NoticeDto>(`${P}/programs/${programId}/notices`, { method: 'POST', body: startsOn ? { startsOn } : {} });
export const listNotices = (programId?: string) => api<NoticeDto[] | Page<NoticeDto>>(`${P}/notices`, { query: { programId } }).then((r) => (Array.isArray(r) ? r : r.items));
export const getNotice = (id: string) => api<NoticeDto>(`${P}/notices/${id}`);
export const exportNotice = (id: string, name: string) => downloadFile(`${P}/notices/${id}/export`, {}, `${name}.xlsx`);
export const confirmNotice = (id: string) => api<ConfirmResult>(`${P}/notices/${id}/confirm`, { method: 'POST', body: {} });
export const listObjections = (awardId: string) => api<ObjectionDto[] | Page<ObjectionDto>>(`${P}/awards/${awardId}/objections`).then((r) => (Array.isArray(r) ? r : r.items));
export const raiseObjection = (awardId: string, body: { raisedBy?: string; text: string }) => api<ObjectionDto>(`${P}/awards/${awardId}/objections`, { method: 'POST', body });
export const resolveObjection = (id: string, body: { outcome: 'upheld' | 'dismissed'; resolution: string }) => api<ObjectionDto>(`${P}/objections/${id}/resolve`, { method: 'POST', body });

// ───── disbursement ─────
export const listBatches = (f: BatchFilters, cursor?: string | null) =>
  api<BatchDto[] | Page<BatchDto>>(`${P}/batches`, { query: { ...f, cursor: cursor ?? undefined, limit: PAGE_SIZE } }).then((r) => (Array.isArray(r) ? { items: r, nextCursor: null } : r));
export const getBatch = (id: string) => api<BatchDetailDto>(`${P}/batches/${id}`);
export const createBatch = (programId: string, awardIds: string[] | undefined, key: string) => moneyPost<BatchDto>(`${P}/programs/${programId}/batches`, key, awardIds?.length ? { awardIds } : {});
export const cancelBatch = (id: string, key: string) => moneyPost<BatchDto>(`${P}/batches/${id}/cancel`, key, {});
export const downloadBankFile = (b: BatchDto, format: 'xlsx' | 'csv') => downloadFile(`${P}/batches/${b.id}/bank-file`, { format }, `${b.batchNo}.${format}`);
export const postResults = (id: string, body: BatchResultsInput, key: string) => moneyPost<ResultsSummary>(`${P}/batches/${id}/results`, key, body);
export function uploadResultsFile(id: string, file: File, key: string): Promise<ResultsSummary> {
  const form = new FormData();
  form.append('file', file, file.name);
  return moneyPost<ResultsSummary>(`${P}/batches/${id}/results/file`, key, form);
}
export const postPaymentResult = (paymentId: string, body: { result: 'paid' | 'failed'; reason?: string }, key: string) => moneyPost<unknown>(`${P}/payments/${paymentId}/result`, key, body);
export const retryBatch = (id: string, key: string) => moneyPost<BatchDto>(`${P}/batches/${id}/retry`, key, {});

// ───── revocation and recovery ─────
export const listRecoveries = (f: RecoveryFilters, cursor?: string | null) => api<Page<RecoveryDto>>(`${P}/recoveries`, { query: { ...f, cursor: cursor ?? undefined, limit: PAGE_SIZE } });
export const getRecoverySummary = () => api<RecoverySummaryDto>(`${P}/recoveries/summary`);
export const exportRecoveries = (f: RecoveryFilters, name: string) => downloadFile(`${P}/recoveries/export`, { ...f }, `${name}.xlsx`);
export const getRecovery = (id: string) => api<RecoveryDto>(`${P}/recoveries/${id}`);
export const addInstallment = (id: string, body: { amountFen: number; note?: string }, key: string) => moneyPost<RecoveryDto>(`${P}/recoveries/${id}/installments`, key, body);
export const requestWriteOff = (id: string, body: { amountFen: number; note: string }, key: string) => moneyPost<RecoveryDto>(`${P}/recoveries/${id}/write-off`, key, body);
export const decideWriteOff = (id: string, body: { approve: boolean; note?: string }, key: string) => moneyPost<RecoveryDto>(`${P}/recoveries/${id}/write-off/decision`, key, body);

// ───── household money view ─────
export const getHouseholdMoney = (householdId: string) => api<HouseholdMoneyDto>(`${P}/households/${householdId}/money`);

// ───── reports ─────
export const getPaidReport = (from: string, to: string, groupBy: ReportGroup) => api<PaidReportDto>(`${P}/reports/paid`, { query: { from, to, groupBy } });
export const getBudgetReport = () => api<BudgetReportDto>(`${P}/reports/budget`);
/** 追回统计 per program, with totals. */
export const getRecoveryReport = () => api<RecoveriesReportDto>(`${P}/reports/recoveries`);
export const getFundFlow = (from: string, to: string) => api<FundFlowDto>(`${P}/reports/fund-flow`, { query: { from, to } });
export type ReportKind = 'paid' | 'budget' | 'recoveries' | 'fund-flow';
export const exportReport = (kind: ReportKind, from: string, to: string, groupBy?: ReportGroup) =>
  downloadFile(`${P}/reports/export`, { kind, from, to, groupBy }, `aid-${kind}-${from}-${to}.xlsx`);

// ───── ledger ─────
export const listAccounts = (cursor?: string | null) => api<Page<AccountDto>>(`${L}/accounts`, { query: { cursor: cursor ?? undefined, limit: 200 } });
export const getStatement = (accountId: string, from: string, to: string, cursor?: string | null) =>
  api<StatementDto>(`${L}/accounts/${accountId}/statement`, { query: { from, to, cursor: cursor ?? undefined, limit: 200 } });
export const verifyLedger = () => api<VerifyLedgerDto>(`${L}/verify`);
