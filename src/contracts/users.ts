import { z } from 'zod';
import { roleSchema } from './auth';

export const userDto = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  orgId: z.string(),
  orgCode: z.string(),
  orgName: z.string(),
  roles: z.array(roleSchema),
  status: z.enum(['active', 'disabled']),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  /** Masked unless revealed: 138****5678 */
  phone: z.string().nullable(),
  /** Masked unless revealed: 5203**********1234 */
  idNumber: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type UserDto = z.infer<typeof userDto>;

export const phoneSchema = z.string().trim().regex(/^1\d{10}$/, '11-digit mainland mobile number');
export const idNumberSchema = z.string().trim().regex(/^\d{17}[\dXx]$/, '18-character ID number');

export const createUserBody = z.strictObject({
  username: z.string().trim().regex(/^[A-Za-z0-9_.-]{3,64}$/, '3–64 letters, digits, _ . -'),
  displayName: z.string().trim().min(1).max(50),
  orgId: z.uuid(),
  roles: z.array(roleSchema).min(1).max(9),
  password: z.string().min(1).max(256),
  phone: phoneSchema.optional(),
  idNumber: idNumberSchema.optional(),
});
export type CreateUserBody = z.infer<typeof createUserBody>;

export const updateUserBody = z.strictObject({
  displayName: z.string().trim().min(1).max(50).optional(),
  orgId: z.uuid().optional(),
  roles: z.array(roleSchema).min(1).max(9).optional(),
  phone: phoneSchema.nullable().optional(),
  idNumber: idNumberSchema.nullable().optional(),
});

export const setStatusBody = z.strictObject({ status: z.enum(['active', 'disabled']) });
export const resetPasswordBody = z.strictObject({ newPassword: z.string().min(1).max(256), mustChange: z.boolean().default(true) });

export const userListQuery = z.strictObject({
  orgId: z.uuid().optional(),
  q: z.string().trim().max(50).optional(),
  role: roleSchema.optional(),
  status: z.enum(['active', 'disabled']).optional(),
  includeSubOrgs: z.enum(['true', 'false']).default('true'),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const revealBody = z.strictObject({
  fields: z.array(z.enum(['phone', 'idNumber'])).min(1),
  reason: z.string().trim().min(2).max(200),
});
export const revealResponse = z.object({ phone: z.string().nullable().optional(), idNumber: z.string().nullable().optional() });
