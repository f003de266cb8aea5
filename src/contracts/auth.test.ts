import { describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS, PASSWORD_MIN, Permission, ROLES, ROLE_LABELS, ROLE_PERMISSIONS, type Role, passwordProblems, permissionsOf } from './auth';

describe('passwordProblems', () => {
  it.each<[string, string | undefined, string[]]>([
    ['Abcdefgh1!', undefined, []],
    ['abcdefgh1!', undefined, []], // lower, digit, symbol
    ['ABCDEFGH1!', undefined, []],
    ['Abcdefghij1', undefined, []], // upper, lower, digit
    ['Abcdefghij!', undefined, []],
    ['Abcdefghij', undefined, ['too_simple']], // two classes
    ['abcdefghijklmnop', undefined, ['too_simple']],
    ['1234567890', undefined, ['too_simple']],
    ['Ab1!', undefined, ['too_short']],
    ['Abcdefgh1', undefined, ['too_short']], // 9 characters
    ['abc', undefined, ['too_short', 'too_simple']],
    ['', undefined, ['too_short', 'too_simple']],
    ['Aa1!'.repeat(32) + 'A', undefined, ['too_long']], // 129
    ['Aa1!'.repeat(32), undefined, []], // 128
    ['Zhangsan-2026!', 'zhangsan', ['contains_username']],
    ['xxZHANGSANxx1!', 'ZhangSan', ['contains_username']],
    ['Secret-2026!', 'zhangsan', []],
    ['Secret-2026!', '', []],
    ['zhangsan', 'zhangsan', ['too_short', 'too_simple', 'contains_username']],
  ])('%j (username %j) → %j', (password, username, problems) => {
    expect(passwordProblems(password, username)).toEqual(problems);
  });

  it('the minimum length is 10', () => {
    expect(PASSWORD_MIN).toBe(10);
    expect(passwordProblems('Aa1!Aa1!Aa')).toEqual([]);
    expect(passwordProblems('Aa1!Aa1!A')).toEqual(['too_short']);
  });
});

describe('permissionsOf', () => {
  // Later modules add permissions to roles; these are the foundation's separations that must keep holding.
  it.each<[Role[], string[], string[]]>([
    [['cadre'], ['org.read'], ['org.manage', 'user.read', 'user.manage', 'audit.read', 'pii.reveal']],
    [['investigator'], ['org.read'], ['org.manage', 'user.manage', 'audit.read', 'pii.reveal']],
    [['finance'], ['org.read'], ['org.manage', 'user.manage', 'audit.read', 'pii.reveal']],
    [['auditor'], ['audit.read', 'org.read', 'user.read'], ['org.manage', 'user.manage', 'pii.reveal']],
    [['reviewer'], ['org.read', 'pii.reveal', 'user.read'], ['org.manage', 'user.manage', 'audit.read']],
    [['cadre', 'auditor', 'cadre'], ['audit.read', 'org.read', 'user.read'], ['org.manage', 'user.manage', 'pii.reveal']],
    [['admin'], ['audit.read', 'org.manage', 'org.read', 'pii.reveal', 'user.manage', 'user.read'], []],
  ])('%j includes %j and lacks %j', (roles, has, lacks) => {
    const perms = permissionsOf(roles);
    expect(perms).toEqual(expect.arrayContaining(has));
    for (const p of lacks) expect(perms).not.toContain(p);
  });

  it.each<[Role[]]>([[[]], [['worker']], [['donor', 'employer']], [['worker', 'donor', 'employer']]])('%j has no permissions', (roles) => {
    expect(permissionsOf(roles)).toEqual([]);
  });

  it('the admin holds every administration permission but does not sign household files', () => {
    const admin = permissionsOf(['admin']);
    expect(admin).toEqual(expect.arrayContaining(['audit.read', 'org.manage', 'org.read', 'pii.reveal', 'user.manage', 'user.read', 'registry.configure']));
    // separation of duties: registering, verifying and approving files is the cadres' and reviewers' work
    expect(admin).not.toContain('registry.write');
    expect(admin).not.toContain('registry.review');
  });

  it('answers a sorted list without duplicates', () => {
    const perms = permissionsOf([...ROLES, ...ROLES]);
    expect(perms).toEqual([...new Set(perms)].sort());
    expect(perms).toEqual([...ALL_PERMISSIONS].sort());
  });

  it('is the sorted union of the roles’ permissions', () => {
    for (const a of ROLES) {
      for (const b of ROLES) {
        const expected = [...new Set([...ROLE_PERMISSIONS[a], ...ROLE_PERMISSIONS[b]])].sort();
        expect(permissionsOf([a, b])).toEqual(expected);
      }
    }
  });

  it('ignores an unknown role instead of failing', () => {
    expect(permissionsOf(['nobody' as Role, 'cadre'])).toEqual(permissionsOf(['cadre']));
    expect(permissionsOf(['nobody' as Role])).toEqual([]);
  });

  it('only the admin manages orgs and users; portal roles have no staff permissions', () => {
    for (const r of ROLES) {
      expect(permissionsOf([r]).includes(Permission.UserManage), r).toBe(r === 'admin');
      expect(permissionsOf([r]).includes(Permission.OrgManage), r).toBe(r === 'admin');
    }
    expect(permissionsOf(['worker', 'donor', 'employer'])).toEqual([]);
  });

  it('every role has labels in both languages and every permission a role grants is known', () => {
    for (const r of ROLES) {
      expect(ROLE_LABELS[r].zh).toBeTruthy();
      expect(ROLE_LABELS[r].en).toBeTruthy();
      for (const p of ROLE_PERMISSIONS[r]) expect(ALL_PERMISSIONS).toContain(p);
    }
  });
});
