import type { Role } from '../../../contracts/auth';
import type { UserDto } from '../../../contracts/users';
import { api, type Page } from '../../app/api';

export interface UserFilters {
  orgId?: string;
  includeSubOrgs: boolean;
  role?: Role;
  status?: 'active' | 'disabled';
  q?: string;
}

export const userKeys = {
  all: ['users'] as const,
  list: (f: UserFilters) => ['users', 'list', f] as const,
};

export const PAGE_SIZE = 50;

export function listUsers(f: UserFilters, cursor?: string | null): Promise<Page<UserDto>> {
  return api<Page<UserDto>>('/api/v1/auth/users', {
    query: { orgId: f.orgId, includeSubOrgs: f.includeSubOrgs ? 'true' : 'false', role: f.role, status: f.status, q: f.q, cursor: cursor ?? undefined, limit: PAGE_SIZE },
  });
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  orgId: string;
  roles: Role[];
  password: string;
  phone?: string;
  idNumber?: string;
}

export interface UpdateUserInput {
  displayName?: string;
  orgId?: string;
  roles?: Role[];
  phone?: string | null;
  idNumber?: string | null;
}

export const createUser = (body: CreateUserInput) => api<UserDto>('/api/v1/auth/users', { method: 'POST', body });
export const updateUser = (id: string, body: UpdateUserInput) => api<UserDto>(`/api/v1/auth/users/${id}`, { method: 'PATCH', body });
export const setUserStatus = (id: string, status: 'active' | 'disabled') => api<UserDto>(`/api/v1/auth/users/${id}/status`, { method: 'POST', body: { status } });
export const resetUserPassword = (id: string, newPassword: string, mustChange: boolean) =>
  api<void>(`/api/v1/auth/users/${id}/reset-password`, { method: 'POST', body: { newPassword, mustChange } });
export const revealUser = (id: string, fields: Array<'phone' | 'idNumber'>, reason: string) =>
  api<{ phone?: string | null; idNumber?: string | null }>(`/api/v1/auth/users/${id}/reveal`, { method: 'POST', body: { fields, reason } });
