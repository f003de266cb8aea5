import type { Role } from '../../contracts/auth';
import { recordAudit } from '../platform/audit/audit.service';
import { withTx } from '../platform/db/tx';
import type { Deps } from '../platform/deps';
import { systemActor } from '../platform/http/actor';
import { makeIdNumber } from '../platform/pii/idcard';
import { createUser, findUserByUsername } from '../modules/auth/user.service';
import { listDibaoLines, putDibaoLine } from '../modules/registry/dibao-line.service';
import { DEMO_DIBAO_LINES, DEMO_LINE_YEARS, DEMO_RIGID_SPENDING_SHARE_BP } from './dibao-lines';
import { createOrg, findChildOrgByName, generateFederations, getOrgByCode } from '../modules/orgs/org.service';

/** Password of every demo account. Demo accounts exist only when demo data is seeded (DEMO=1, the embedded default). */
export const DEMO_PASSWORD = 'PrecisionAid@2026';

export interface DemoUser {
  username: string;
  displayName: string;
  orgCode: string;
  roles: Role[];
  note: string;
}

interface DemoOrg {
  key: string;
  name: string;
  kind: 'grassroots' | 'industry' | 'third_party';
  subtype?: string;
  parent: string; // org code or key of another demo org
  regionCode: string;
}

const DEMO_ORGS: DemoOrg[] = [
  { key: 'gf', name: '贵州省国防工会', kind: 'industry', subtype: '国防', parent: '52', regionCode: '52' },
  { key: 'dz', name: '贵州省地质工会', kind: 'industry', subtype: '地质', parent: '52', regionCode: '52' },
  { key: 'sg', name: '水钢工会', kind: 'industry', subtype: '冶金', parent: '5202', regionCode: '520201' },
  { key: 'hhg-zhonghua', name: '红花岗区中华路街道工会', kind: 'grassroots', subtype: 'township', parent: '520302', regionCode: '520302' },
  { key: 'hhg-laocheng', name: '红花岗区老城社区工会', kind: 'grassroots', subtype: 'community', parent: '520302', regionCode: '520302' },
  { key: 'hhg-tyre', name: '遵义轮胎厂工会', kind: 'grassroots', subtype: 'enterprise', parent: '520302', regionCode: '520302' },
  { key: 'hc-community', name: '汇川区洗马路社区工会', kind: 'grassroots', subtype: 'community', parent: '520303', regionCode: '520303' },
  { key: 'gf-zunyi', name: '国防某厂工会（遵义）', kind: 'grassroots', subtype: 'enterprise', parent: 'gf', regionCode: '520303' },
  { key: 'yy-nanming', name: '南明区花果园社区工会', kind: 'grassroots', subtype: 'community', parent: '520102', regionCode: '520102' },
  { key: 'zy-yigong', name: '遵义市义工联合会', kind: 'third_party', subtype: '义工联合会', parent: '5203', regionCode: '5203' },
  { key: 'bj-qixingguan', name: '七星关区碧阳社区工会', kind: 'grassroots', subtype: 'community', parent: '520502', regionCode: '520502' },
];

export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', displayName: '省总系统管理员', orgCode: '52', roles: ['admin'], note: '省总工会 管理员 / province admin' },
  { username: 'province_reviewer', displayName: '王审核', orgCode: '52', roles: ['reviewer'], note: '省总工会 审核人 / province reviewer' },
  { username: 'province_finance', displayName: '李财务', orgCode: '52', roles: ['finance'], note: '省总工会 财务 / province finance' },
  { username: 'province_auditor', displayName: '赵审计', orgCode: '52', roles: ['auditor'], note: '省总工会 审计 / province auditor' },
  { username: 'zunyi_admin', displayName: '遵义市总管理员', orgCode: '5203', roles: ['admin'], note: '遵义市总工会 管理员 / Zunyi city admin' },
  { username: 'honghuagang_reviewer', displayName: '陈主席', orgCode: '520302', roles: ['reviewer'], note: '红花岗区总工会 审核人 / county reviewer' },
  { username: 'honghuagang_finance', displayName: '黄会计', orgCode: '520302', roles: ['finance'], note: '红花岗区总工会 财务 / county finance' },
  { username: 'honghuagang_cadre', displayName: '刘干事', orgCode: 'hhg-laocheng', roles: ['cadre'], note: '红花岗区老城社区工会 干部 / grassroots cadre' },
  { username: 'huichuan_cadre', displayName: '周干事', orgCode: 'hc-community', roles: ['cadre'], note: '汇川区社区工会 干部 / cadre of another county' },
  { username: 'zunyi_investigator', displayName: '吴义工', orgCode: 'zy-yigong', roles: ['investigator'], note: '遵义市义工联合会 调查员 / volunteer investigator' },
  { username: 'guofang_admin', displayName: '国防工会管理员', orgCode: 'gf', roles: ['admin'], note: '省国防工会 管理员 / industry union admin' },
];

/** Seeds the federation tree, demo orgs and demo users. Idempotent: existing rows are kept. */
export async function seedDemo(deps: Deps, log: (s: string) => void = () => {}): Promise<{ orgs: number; users: number }> {
  const actor = systemActor('seed-demo');
  return withTx(deps.db, async (tx) => {
    const fed = await generateFederations(tx, actor, deps.clock, '52');
    const codes = new Map<string, string>();
    let orgCount = fed;
    for (const o of DEMO_ORGS) {
      const parentCode = codes.get(o.parent) ?? o.parent;
      const parent = await getOrgByCode(tx, parentCode);
      if (!parent) throw new Error(`demo parent ${o.parent} missing`);
      const found = await findChildOrgByName(tx, parent.id, o.name);
      if (found) {
        codes.set(o.key, found.code);
        continue;
      }
      const created = await createOrg(tx, actor, deps.clock, { name: o.name, kind: o.kind, subtype: o.subtype, parentId: parent.id, regionCode: o.regionCode });
      codes.set(o.key, created.code);
      orgCount++;
    }
    let userCount = 0;
    let seq = 1;
    for (const u of DEMO_USERS) {
      seq++;
      if (await findUserByUsername(tx, u.username)) continue;
      const org = await getOrgByCode(tx, codes.get(u.orgCode) ?? u.orgCode);
      if (!org) throw new Error(`demo org ${u.orgCode} missing`);
      const region = (org.regionCode ?? '520302').padEnd(6, '0').slice(0, 6);
      const regionForId = region.endsWith('00') ? '520302' : region;
      await createUser(tx, deps, actor, {
        username: u.username,
        displayName: u.displayName,
        orgId: org.id,
        roles: u.roles,
        password: DEMO_PASSWORD,
        phone: `139${String(8500_0000 + seq * 1379).padStart(8, '0')}`,
        idNumber: makeIdNumber(regionForId, `19${70 + seq}-0${(seq % 9) + 1}-1${seq % 10}`, 100 + seq),
        mustChangePassword: false,
      });
      userCount++;
    }
    const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(deps.clock.now()));
    let lineCount = 0;
    for (const y of [...new Set([...DEMO_LINE_YEARS, year])]) {
      const existing = await listDibaoLines(tx, y);
      for (const l of DEMO_DIBAO_LINES) {
        if (existing.some((e) => e.regionCode === l.regionCode)) continue;
        await putDibaoLine(tx, deps, actor, { ...l, year: y, rigidSpendingShareBp: DEMO_RIGID_SPENDING_SHARE_BP });
        lineCount++;
      }
    }
    log(`demo data: ${lineCount} dibao lines set`);
    await recordAudit(tx, actor, deps.clock, { action: 'demo.seed', entityType: 'system', after: { orgs: orgCount, users: userCount } });
    log(`demo data: ${orgCount} orgs and ${userCount} users created`);
    return { orgs: orgCount, users: userCount };
  });
}
