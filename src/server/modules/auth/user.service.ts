import { and, asc, eq, gt, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { type Role, passwordProblems } from '../../../contracts/auth';
import type { CreateUserBody, UserDto } from '../../../contracts/users';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/db/client';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { AppError, conflict, notFound } from '../../platform/http/errors';
import { decodeCursor, page } from '../../platform/http/pagination';
import { likePrefix, scopeWhere } from '../../platform/http/scope';
import { uuidv7 } from '../../platform/ids';
import { validateIdNumber } from '../../platform/pii/idcard';
import { maskIdNumber, maskPhone } from '../../platform/pii/mask';
import type { PiiCipher } from '../../platform/pii/cipher';
import { orgInManageScope } from '../orgs/org.service';
import { orgs } from '../orgs/org.table';
import { hashPassword } from './password';
import { sessions } from './session.table';
import { type UserRow, users } from './user.table';

type Row = { u: UserRow; orgCode: string; orgName: string; orgPath: string; orgRegion: string | null };

/** Users the actor may see and manage: those of orgs in its subtree. */
const userScope = (actor: Actor) => scopeWhere(actor, { orgPath: orgs.path }, { includeRegion: false });

function toDto(r: Row, cipher: PiiCipher, now: Date): UserDto {
  const { u } = r;
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    orgId: u.orgId,
    orgCode: r.orgCode,
    orgName: r.orgName,
    roles: u.roles as Role[],
    status: u.status,
    locked: !!u.lockedUntil && u.lockedUntil > now,
    mustChangePassword: u.mustChangePassword,
    phone: u.phoneEnc ? maskPhone(cipher.decrypt(u.phoneEnc)) : null,
    idNumber: u.idNumberEnc ? maskIdNumber(cipher.decrypt(u.idNumberEnc)) : null,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

const selection = { u: users, orgCode: orgs.code, orgName: orgs.name, orgPath: orgs.path, orgRegion: orgs.regionCode };

async function load(db: Db, actor: Actor, id: string): Promise<Row> {
  const [row] = await db
    .select(selection)
    .from(users)
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .where(and(eq(users.id, id), userScope(actor)));
  if (!row) throw notFound('user');
  return row;
}

function checkPassword(password: string, username: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length) throw new AppError(400, 'WEAK_PASSWORD', {}, { field: 'password', problems });
}

function idNumberOrThrow(raw: string): string {
  const v = validateIdNumber(raw);
  if (!v.ok) {
    const zh = { format: '格式不对', birth_date: '出生日期无效', checksum: '校验码不符' }[v.problem];
    throw new AppError(400, 'INVALID_ID_NUMBER', { problem: zh, problemEn: v.problem }, [{ path: 'idNumber', message: v.problem }]);
  }
  return v.info.normalized;
}

/** Encrypted columns and blind indexes for personal fields; `undefined` leaves a field alone, `null` clears it. */
function piiColumns(cipher: PiiCipher, phone: string | null | undefined, idNumber: string | null | undefined) {
  const out: Partial<Pick<UserRow, 'phoneEnc' | 'phoneBidx' | 'idNumberEnc' | 'idNumberBidx'>> = {};
  if (phone !== undefined) {
    out.phoneEnc = phone ? cipher.encrypt(phone) : null;
    out.phoneBidx = phone ? cipher.blindIndex('phone', phone) : null;
  }
  if (idNumber !== undefined) {
    const norm = idNumber ? idNumberOrThrow(idNumber) : null;
    out.idNumberEnc = norm ? cipher.encrypt(norm) : null;
    out.idNumberBidx = norm ? cipher.blindIndex('id', norm) : null;
  }
  return out;
}

/** A plain view for the audit trail (masked by the audit writer). */
function auditView(u: Partial<UserRow>, phone?: string | null, idNumber?: string | null) {
  return {
    username: u.username,
    displayName: u.displayName,
    orgId: u.orgId,
    roles: u.roles,
    status: u.status,
    ...(phone !== undefined ? { phone } : {}),
    ...(idNumber !== undefined ? { idNumber } : {}),
  };
}

export interface UserListFilter {
  orgId?: string;
  q?: string;
  role?: Role;
  status?: 'active' | 'disabled';
  includeSubOrgs: boolean;
  cursor?: string;
  limit: number;
}

export async function listUsers(deps: Deps, actor: Actor, f: UserListFilter) {
  const conds: SQL[] = [userScope(actor)];
  if (f.orgId) {
    const org = await orgInManageScope(deps.db, actor, f.orgId);
    if (!org) throw notFound('org');
    conds.push(f.includeSubOrgs ? sql`${orgs.path} like ${likePrefix(org.path)}` : eq(users.orgId, f.orgId));
  }
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, '\\$&')}%`;
    conds.push(or(ilike(users.username, like), ilike(users.displayName, like))!);
  }
  if (f.role) conds.push(sql`${f.role} = any(${users.roles})`);
  if (f.status) conds.push(eq(users.status, f.status));
  const c = decodeCursor<{ username: string }>(f.cursor);
  if (c) {
    if (typeof c.username !== 'string') throw new AppError(400, 'VALIDATION_FAILED', { fields: 'cursor' });
    conds.push(gt(users.username, c.username));
  }
  const rows = await deps.db
    .select(selection)
    .from(users)
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .where(and(...conds))
    .orderBy(asc(users.username))
    .limit(f.limit + 1);
  const now = deps.clock.now();
  const res = page(rows, f.limit, (r) => ({ username: r.u.username }));
  return { items: res.items.map((r) => toDto(r, deps.cipher, now)), nextCursor: res.nextCursor };
}

export async function getUser(deps: Deps, actor: Actor, id: string): Promise<UserDto> {
  return toDto(await load(deps.db, actor, id), deps.cipher, deps.clock.now());
}

export async function createUser(tx: Tx, deps: Deps, actor: Actor, body: CreateUserBody & { mustChangePassword?: boolean }): Promise<UserDto> {
  const org = await orgInManageScope(tx, actor, body.orgId);
  if (!org) throw notFound('org');
  checkPassword(body.password, body.username);
  const pii = piiColumns(deps.cipher, body.phone, body.idNumber);
  const [dup] = await tx.select({ id: users.id }).from(users).where(eq(users.username, body.username));
  if (dup) throw conflict(`用户名 ${body.username} 已存在`, `username ${body.username} is taken`, { field: 'username' });
  const now = deps.clock.now();
  const row = {
    id: uuidv7(),
    username: body.username,
    displayName: body.displayName,
    orgId: org.id,
    roles: [...new Set(body.roles)],
    passwordHash: await hashPassword(body.password),
    status: 'active' as const,
    mustChangePassword: body.mustChangePassword ?? true,
    ...pii,
    createdAt: now,
    updatedAt: now,
  };
  await tx.insert(users).values(row);
  await recordAudit(tx, actor, deps.clock, {
    action: 'user.create',
    entityType: 'user',
    entityId: row.id,
    orgPath: org.path,
    regionCode: org.regionCode,
    after: auditView(row, body.phone ?? null, body.idNumber ?? null),
  });
  return getUser({ ...deps, db: tx }, actor, row.id);
}

export async function updateUser(
  tx: Tx,
  deps: Deps,
  actor: Actor,
  id: string,
  body: { displayName?: string; orgId?: string; roles?: Role[]; phone?: string | null; idNumber?: string | null },
): Promise<UserDto> {
  const before = await load(tx, actor, id);
  let orgPath = before.orgPath;
  let regionCode = before.orgRegion;
  if (body.orgId && body.orgId !== before.u.orgId) {
    const org = await orgInManageScope(tx, actor, body.orgId);
    if (!org) throw notFound('org');
    orgPath = org.path;
    regionCode = org.regionCode;
  }
  if (id === actor.userId && body.roles && !body.roles.includes('admin') && actor.roles.includes('admin')) {
    throw conflict('不能撤销自己的管理员角色', 'you cannot remove your own admin role');
  }
  const patch = {
    ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
    ...(body.orgId !== undefined ? { orgId: body.orgId } : {}),
    ...(body.roles !== undefined ? { roles: [...new Set(body.roles)] } : {}),
    ...piiColumns(deps.cipher, body.phone, body.idNumber),
    updatedAt: deps.clock.now(),
  };
  const [after] = await tx.update(users).set(patch).where(eq(users.id, id)).returning();
  await recordAudit(tx, actor, deps.clock, {
    action: 'user.update',
    entityType: 'user',
    entityId: id,
    orgPath,
    regionCode,
    before: auditView(before.u, body.phone !== undefined && before.u.phoneEnc ? deps.cipher.decrypt(before.u.phoneEnc) : undefined),
    after: auditView(after, body.phone, body.idNumber),
  });
  return getUser({ ...deps, db: tx }, actor, id);
}

export async function setUserStatus(tx: Tx, deps: Deps, actor: Actor, id: string, status: 'active' | 'disabled'): Promise<UserDto> {
  const before = await load(tx, actor, id);
  if (id === actor.userId && status === 'disabled') throw conflict('不能停用自己的账号', 'you cannot disable your own account');
  await tx.update(users).set({ status, updatedAt: deps.clock.now(), ...(status === 'active' ? { failedLogins: 0, lockedUntil: null } : {}) }).where(eq(users.id, id));
  if (status === 'disabled') await tx.delete(sessions).where(eq(sessions.userId, id));
  await recordAudit(tx, actor, deps.clock, {
    action: status === 'disabled' ? 'user.disable' : 'user.enable',
    entityType: 'user',
    entityId: id,
    orgPath: before.orgPath,
    regionCode: before.orgRegion,
    before: { status: before.u.status },
    after: { status },
  });
  return getUser({ ...deps, db: tx }, actor, id);
}

export async function resetPassword(tx: Tx, deps: Deps, actor: Actor, id: string, newPassword: string, mustChange: boolean): Promise<void> {
  const before = await load(tx, actor, id);
  checkPassword(newPassword, before.u.username);
  await tx
    .update(users)
    .set({ passwordHash: await hashPassword(newPassword), mustChangePassword: mustChange, failedLogins: 0, lockedUntil: null, updatedAt: deps.clock.now() })
    .where(eq(users.id, id));
  await tx.delete(sessions).where(eq(sessions.userId, id));
  await recordAudit(tx, actor, deps.clock, { action: 'user.password_reset', entityType: 'user', entityId: id, orgPath: before.orgPath, regionCode: before.orgRegion });
}

/** Shows personal data in clear to a holder of pii.reveal; the reveal (who, which fields, why) is an audit event. */
export async function revealUserPii(tx: Tx, deps: Deps, actor: Actor, id: string, fields: Array<'phone' | 'idNumber'>, reason: string) {
  const row = await load(tx, actor, id);
  const out: { phone?: string | null; idNumber?: string | null } = {};
  if (fields.includes('phone')) out.phone = row.u.phoneEnc ? deps.cipher.decrypt(row.u.phoneEnc) : null;
  if (fields.includes('idNumber')) out.idNumber = row.u.idNumberEnc ? deps.cipher.decrypt(row.u.idNumberEnc) : null;
  await recordAudit(tx, actor, deps.clock, {
    action: 'pii.reveal',
    entityType: 'user',
    entityId: id,
    orgPath: row.orgPath,
    regionCode: row.orgRegion,
    after: { fields, reason },
  });
  return out;
}

/** For the CLI and demo seeding: find a user by username (no scope). */
export async function findUserByUsername(db: Db, username: string) {
  const [u] = await db.select().from(users).where(eq(users.username, username));
  return u;
}

/** Display names of users by id (for signers and responsible persons shown on records of other modules). */
export async function userNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const uniq = [...new Set(ids.filter(Boolean))];
  if (uniq.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, uniq));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** An active user, with the path of their org, or undefined. */
export async function findActiveUser(db: Db, id: string): Promise<{ id: string; displayName: string; orgPath: string } | undefined> {
  const [row] = await db
    .select({ id: users.id, displayName: users.displayName, orgPath: orgs.path, status: users.status })
    .from(users)
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .where(eq(users.id, id));
  return row && row.status === 'active' ? { id: row.id, displayName: row.displayName, orgPath: row.orgPath } : undefined;
}
