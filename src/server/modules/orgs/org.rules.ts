import { ALLOWED_PARENTS, FEDERATION_KINDS, type OrgKind } from '../../../contracts/orgs';

/** Materialised path of a child under a parent path: /52/5203/520302/ + CODE/. */
export function childPath(parentPath: string | null, code: string): string {
  return `${parentPath ?? '/'}${code}/`;
}

export function isFederation(kind: string): boolean {
  return (FEDERATION_KINDS as readonly string[]).includes(kind);
}

export type PlacementProblem =
  | 'parent_kind_not_allowed'
  | 'region_outside_parent'
  | 'region_unknown'
  | 'move_into_own_subtree'
  | 'federation_fixed';

/** Where an org may sit: allowed parent kind, and a region inside a federation parent's division. */
export function placementProblem(
  kind: OrgKind,
  parent: { kind: OrgKind; regionCode: string | null },
  regionCode: string,
  regionKnown: boolean,
): PlacementProblem | null {
  if (!ALLOWED_PARENTS[kind].includes(parent.kind)) return 'parent_kind_not_allowed';
  if (!regionKnown) return 'region_unknown';
  if (isFederation(parent.kind) && parent.regionCode && !regionCode.startsWith(parent.regionCode)) return 'region_outside_parent';
  if (parent.kind === 'industry' && parent.regionCode && !regionCode.startsWith(parent.regionCode.slice(0, 2))) return 'region_outside_parent';
  return null;
}

export function moveProblem(orgPath: string, kind: OrgKind, newParentPath: string): PlacementProblem | null {
  if (isFederation(kind)) return 'federation_fixed';
  if (newParentPath.startsWith(orgPath)) return 'move_into_own_subtree';
  return null;
}

export const PLACEMENT_MESSAGES: Record<PlacementProblem, { zh: string; en: string }> = {
  parent_kind_not_allowed: { zh: '上级组织类型不允许', en: 'this kind of org cannot sit under that parent' },
  region_outside_parent: { zh: '服务地区不在上级组织的行政区划内', en: 'the region is outside the parent’s division' },
  region_unknown: { zh: '未知的行政区划代码', en: 'unknown division code' },
  move_into_own_subtree: { zh: '不能移动到自身或下级组织之下', en: 'cannot move an org under itself or its descendants' },
  federation_fixed: { zh: '总工会按行政区划生成，不能移动', en: 'federations follow the divisions and cannot be moved' },
};

/** Next code for a manually created org: region + kind letter + 4-digit sequence, e.g. 520302-G0007. */
export function nextOrgCode(regionCode: string, kind: OrgKind, existingCodes: string[]): string {
  const letter = kind === 'grassroots' ? 'G' : kind === 'industry' ? 'I' : 'T';
  const prefix = `${regionCode}-${letter}`;
  let max = 0;
  for (const c of existingCodes) {
    if (c.startsWith(prefix)) {
      const n = Number(c.slice(prefix.length));
      if (Number.isInteger(n) && n > max) max = n;
    }
  }
  return `${prefix}${String(max + 1).padStart(4, '0')}`;
}
