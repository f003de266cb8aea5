import type { Role } from '../../src/contracts/auth';
import { withTx } from '../../src/server/platform/db/tx';
import type { Deps } from '../../src/server/platform/deps';
import { systemActor } from '../../src/server/platform/http/actor';
import { makeIdNumber } from '../../src/server/platform/pii/idcard';
import { createUser } from '../../src/server/modules/auth/user.service';
import { createOrg, generateFederations, getOrgByCode } from '../../src/server/modules/orgs/org.service';
import type { UserDto } from '../../src/contracts/users';
import type { OrgDto } from '../../src/contracts/orgs';

export const PASSWORD = 'Test-Passw0rd!';
let counter = 0;
const uniq = () => `${process.pid.toString(36)}${(++counter).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** The Guizhou federation tree (idempotent). */
export async function federations(deps: Deps): Promise<void> {
  await withTx(deps.db, (tx) => generateFederations(tx, systemActor('test'), deps.clock, '52'));
}

export async function orgByCode(deps: Deps, code: string) {
  await federations(deps);
  const o = await getOrgByCode(deps.db, code);
  if (!o) throw new Error(`no org ${code}`);
  return o;
}

/** A grassroots union under a county (default 红花岗区 520302), creating the federations if missing. */
export async function makeGrassroots(deps: Deps, over: { countyCode?: string; parentCode?: string; name?: string; regionCode?: string; kind?: 'grassroots' | 'industry' | 'third_party' } = {}): Promise<OrgDto> {
  await federations(deps);
  const parent = await orgByCode(deps, over.parentCode ?? over.countyCode ?? '520302');
  return withTx(deps.db, (tx) =>
    createOrg(tx, systemActor('test'), deps.clock, {
      name: over.name ?? `测试工会${uniq()}`,
      kind: over.kind ?? 'grassroots',
      parentId: parent.id,
      regionCode: over.regionCode ?? over.countyCode ?? parent.regionCode ?? '520302',
    }),
  );
}

export async function makeUser(deps: Deps, over: { orgId?: string; orgCode?: string; roles?: Role[]; username?: string; idNumber?: string; phone?: string } = {}): Promise<UserDto & { password: string }> {
  let orgId = over.orgId;
  if (!orgId) orgId = over.orgCode ? (await orgByCode(deps, over.orgCode)).id : (await makeGrassroots(deps)).id;
  const n = ++counter;
  const user = await withTx(deps.db, (tx) =>
    createUser(tx, deps, systemActor('test'), {
      username: over.username ?? `u_${uniq()}`,
      displayName: `测试用户${n}`,
      orgId: orgId!,
      roles: over.roles ?? ['cadre'],
      password: PASSWORD,
      phone: over.phone,
      idNumber: over.idNumber,
      mustChangePassword: false,
    }),
  );
  return { ...user, password: PASSWORD };
}

export function testIdNumber(seq: number, region = '520302', birth = '1980-05-17'): string {
  return makeIdNumber(region, birth, seq);
}
