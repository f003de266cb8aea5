import { useQuery } from '@tanstack/react-query';
import type {
  BillDetailDto,
  BillDto,
  BillListQuery,
  BillListResponse,
  EnrolInput,
  EnrolmentDto,
  EnrolmentImportMode,
  EnrolmentImportResultDto,
  EnrolResultDto,
  MemberDto,
  MemberInput,
  MemberUpdateInput,
  PaymentInput,
  UnitBillResponse,
  UnitDto,
  UnitInput,
  UnitListQuery,
  UnitUpdateInput,
} from '../../../contracts/mutual-aid-enrolment';
import { XLSX_MIME } from '../../../contracts/mutual-aid-enrolment';
import { ApiError, api, type Page } from '../../app/api';
import { getLang, translate } from '../../app/i18n';
import { downloadFile } from '../registry/api';

export type { BillDetailDto, BillDto, EnrolmentDto, EnrolmentImportResultDto, MemberDto, UnitBillResponse, UnitDto };

const P = '/api/v1/mutual-aid';
export const UNIT_PAGE_SIZE = 50;
export const MEMBER_PAGE_SIZE = 200;

export type UnitFilters = Omit<UnitListQuery, 'cursor' | 'limit'>;
export type BillFilters = Omit<BillListQuery, 'cursor' | 'limit'>;

export const enrolmentKeys = {
  all: ['mutual-aid', 'enrolment'] as const,
  units: (f: UnitFilters) => ['mutual-aid', 'enrolment', 'units', f] as const,
  unit: (id: string) => ['mutual-aid', 'enrolment', 'unit', id] as const,
  members: (unitId: string, period: number, q: string) => ['mutual-aid', 'enrolment', 'unit', unitId, 'members', period, q] as const,
  unitBill: (unitId: string, period: number) => ['mutual-aid', 'enrolment', 'unit', unitId, 'bill', period] as const,
  bills: (f: BillFilters) => ['mutual-aid', 'enrolment', 'bills', f] as const,
};

// ───── units ─────
export const listUnits = (f: UnitFilters, cursor?: string | null) => api<Page<UnitDto>>(`${P}/units`, { query: { ...f, cursor: cursor ?? undefined, limit: UNIT_PAGE_SIZE } });
export const getUnit = (id: string) => api<UnitDto>(`${P}/units/${id}`);
export const createUnit = (body: UnitInput) => api<UnitDto>(`${P}/units`, { method: 'POST', body });
export const updateUnit = (id: string, body: UnitUpdateInput) => api<UnitDto>(`${P}/units/${id}`, { method: 'PATCH', body });
export const exportUnits = (f: UnitFilters, name: string) => downloadFile(`${P}/units/export`, { ...f }, name);

export function useUnit(id: string) {
  return useQuery({ queryKey: enrolmentKeys.unit(id), queryFn: () => getUnit(id) });
}

// ───── members and opt-ins ─────
export const listMembers = (unitId: string, period: number, q: string, cursor?: string | null) =>
  api<Page<MemberDto> & { period: number }>(`${P}/units/${unitId}/members`, { query: { period, q: q || undefined, cursor: cursor ?? undefined, limit: MEMBER_PAGE_SIZE } });
export const addMember = (unitId: string, body: MemberInput) => api<MemberDto>(`${P}/units/${unitId}/members`, { method: 'POST', body });
export const updateMember = (id: string, body: MemberUpdateInput) => api<MemberDto>(`${P}/members/${id}`, { method: 'PATCH', body });
export const enrolPlans = (memberId: string, body: EnrolInput) => api<EnrolResultDto>(`${P}/members/${memberId}/enrolments`, { method: 'POST', body });
export const cancelEnrolment = (id: string) => api<EnrolmentDto>(`${P}/enrolments/${id}/cancel`, { method: 'POST', body: {} });

// ───── bulk enrolment ─────
export const downloadTemplate = (unitId: string, period: number, name: string) => downloadFile(`${P}/units/${unitId}/import/template`, { period }, name);
export const downloadReport = (unitId: string, reportId: string, name: string) => downloadFile(`${P}/units/${unitId}/import/reports/${reportId}`, {}, name);

/** Uploads the workbook (multipart form) with upload progress; answers the import's result with its per-row issues. */
export function importMembers(unitId: string, file: File, mode: EnrolmentImportMode, period: number, onProgress?: (percent: number) => void): Promise<EnrolmentImportResultDto> {
  const qs = new URLSearchParams({ mode, period: String(period), filename: file.name });
  const form = new FormData();
  form.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${P}/units/${unitId}/import?${qs}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', getLang() === 'en' ? 'en' : 'zh-CN,zh;q=0.9');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.(Math.round((100 * e.loaded) / e.total));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', translate('error.network')));
    xhr.onload = () => {
      let json: unknown;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        json = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300 && json) return resolve(json as EnrolmentImportResultDto);
      const err = (json as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
      reject(new ApiError(xhr.status, err?.code ?? `HTTP_${xhr.status}`, err?.message ?? translate('error.unexpected', { status: xhr.status }), err?.details));
    };
    xhr.send(form);
  });
}
export { XLSX_MIME };

// ───── bills and payments ─────
export const getUnitBill = (unitId: string, period: number) => api<UnitBillResponse>(`${P}/units/${unitId}/bills/${period}`);
export const issueBill = (unitId: string, period: number) => api<BillDetailDto>(`${P}/units/${unitId}/bills/${period}`, { method: 'POST', body: {} });
export const listBills = (f: BillFilters, cursor?: string | null) => api<BillListResponse>(`${P}/bills`, { query: { ...f, cursor: cursor ?? undefined, limit: 100 } });
export const exportBills = (f: BillFilters, name: string) => downloadFile(`${P}/bills/export`, { ...f }, name);

/** A fresh key for one payment form: a retried submit of the same form posts once. */
export function newPaymentKey(): string {
  const c = globalThis.crypto;
  return `ma-pay-${c?.randomUUID ? c.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`}`;
}

/** Records a payment with an Idempotency-Key. */
export async function recordPayment(billId: string, body: PaymentInput, key: string): Promise<BillDetailDto> {
  let res: Response;
  try {
    res = await fetch(`${P}/bills/${billId}/payments`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Accept-Language': getLang() === 'en' ? 'en' : 'zh-CN,zh;q=0.9', 'Idempotency-Key': key },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', translate('error.network'));
  }
  const json = (await res.json().catch(() => undefined)) as ({ error?: { code?: string; message?: string; details?: unknown } } & BillDetailDto) | undefined;
  if (!res.ok) throw new ApiError(res.status, json?.error?.code ?? `HTTP_${res.status}`, json?.error?.message ?? translate('error.unexpected', { status: res.status }), json?.error?.details);
  return json as BillDetailDto;
}
