import type { Permission, Role } from '../../../contracts/auth';

/** Who is acting, from where. Services take it with the transaction. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  orgId: string;
  orgCode: string;
  orgName: string;
  orgKind: string;
  /** Materialised path of the actor's org: the org subtree is every org whose path starts with it. */
  orgPath: string;
  /** For a federation (province/city/county): its division code; records whose region lies inside are in scope. */
  divisionCode: string | null;
  roles: Role[];
  permissions: Set<Permission>;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/** The system itself (CLI, seeding, jobs): recorded in the audit chain as such. */
export function systemActor(name = 'system'): Actor {
  return {
    userId: '00000000-0000-0000-0000-000000000000',
    username: name,
    displayName: name,
    orgId: '00000000-0000-0000-0000-000000000000',
    orgCode: '',
    orgName: '',
    orgKind: 'system',
    orgPath: '/',
    divisionCode: null,
    roles: ['admin'],
    permissions: new Set(),
    ip: null,
    userAgent: 'cli',
    requestId: null,
  };
}

export function isSystem(actor: Actor): boolean {
  return actor.userId === '00000000-0000-0000-0000-000000000000';
}
