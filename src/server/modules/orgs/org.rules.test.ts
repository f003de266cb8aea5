import { describe, expect, it } from 'vitest';
import type { OrgKind } from '../../../contracts/orgs';
import { PLACEMENT_MESSAGES, childPath, isFederation, moveProblem, nextOrgCode, placementProblem } from './org.rules';

type Parent = { kind: OrgKind; regionCode: string | null };
const P = (kind: OrgKind, regionCode: string | null): Parent => ({ kind, regionCode });

describe('placementProblem', () => {
  it.each<[OrgKind, Parent, string, boolean, ReturnType<typeof placementProblem>]>([
    // grassroots: under county, city or industry
    ['grassroots', P('county', '520302'), '520302', true, null],
    ['grassroots', P('city', '5203'), '520303', true, null],
    ['grassroots', P('industry', '52'), '520303', true, null],
    ['grassroots', P('industry', '5202'), '520201', true, null],
    ['grassroots', P('province', '52'), '520302', true, 'parent_kind_not_allowed'],
    ['grassroots', P('grassroots', '520302'), '520302', true, 'parent_kind_not_allowed'],
    ['grassroots', P('third_party', '5203'), '520302', true, 'parent_kind_not_allowed'],
    // region must lie inside a federation parent's division
    ['grassroots', P('county', '520302'), '520303', true, 'region_outside_parent'],
    ['grassroots', P('city', '5203'), '520102', true, 'region_outside_parent'],
    // an industry union limits its grassroots unions to its province
    ['grassroots', P('industry', '52'), '530102', true, 'region_outside_parent'],
    ['grassroots', P('industry', '5202'), '520303', true, null],
    // unknown region
    ['grassroots', P('county', '520302'), '520399', false, 'region_unknown'],
    // industry: under province or city
    ['industry', P('province', '52'), '52', true, null],
    ['industry', P('city', '5202'), '520201', true, null],
    ['industry', P('city', '5202'), '520302', true, 'region_outside_parent'],
    ['industry', P('county', '520302'), '520302', true, 'parent_kind_not_allowed'],
    ['industry', P('industry', '52'), '52', true, 'parent_kind_not_allowed'],
    // third party: under any federation
    ['third_party', P('province', '52'), '5203', true, null],
    ['third_party', P('city', '5203'), '5203', true, null],
    ['third_party', P('county', '520302'), '520302', true, null],
    ['third_party', P('industry', '52'), '52', true, 'parent_kind_not_allowed'],
    ['third_party', P('grassroots', '520302'), '520302', true, 'parent_kind_not_allowed'],
    // federations are never placed by hand
    ['county', P('city', '5203'), '520302', true, null],
    ['city', P('county', '520302'), '5203', true, 'parent_kind_not_allowed'],
    ['province', P('province', '52'), '52', true, 'parent_kind_not_allowed'],
    // the kind is checked before the region
    ['grassroots', P('province', '52'), '999999', false, 'parent_kind_not_allowed'],
  ])('%s under %o in %s (known=%s) → %s', (kind, parent, region, known, expected) => {
    expect(placementProblem(kind, parent, region, known)).toBe(expected);
  });
});

describe('moveProblem', () => {
  it.each<[string, OrgKind, string, ReturnType<typeof moveProblem>]>([
    ['/52/5203/520302/520302-G0001/', 'grassroots', '/52/5203/520303/', null],
    ['/52/5203/520302/520302-G0001/', 'grassroots', '/52/GF/', null],
    // into itself
    ['/52/5203/520302/520302-G0001/', 'grassroots', '/52/5203/520302/520302-G0001/', 'move_into_own_subtree'],
    // into its own descendant
    ['/52/52-I0001/', 'industry', '/52/52-I0001/520303-G0001/', 'move_into_own_subtree'],
    // a sibling whose code starts with the same characters is not a descendant
    ['/52/52-I0001/', 'industry', '/52/52-I00011/', null],
    // federations follow the divisions
    ['/52/5203/520302/', 'county', '/52/5202/', 'federation_fixed'],
    ['/52/5203/', 'city', '/52/', 'federation_fixed'],
    ['/52/', 'province', '/53/', 'federation_fixed'],
  ])('%s (%s) → under %s: %s', (path, kind, newParent, expected) => {
    expect(moveProblem(path, kind, newParent)).toBe(expected);
  });
});

describe('nextOrgCode', () => {
  it.each<[string, OrgKind, string[], string]>([
    ['520302', 'grassroots', [], '520302-G0001'],
    ['520302', 'grassroots', ['520302-G0001', '520302-G0007', '520302-G0003'], '520302-G0008'],
    // other kinds and other regions do not count
    ['520302', 'grassroots', ['520302-I0009', '520302-T0012', '520303-G0100', '5203-G0050'], '520302-G0001'],
    ['520302', 'industry', ['520302-G0005', '520302-I0002'], '520302-I0003'],
    ['5203', 'third_party', ['5203-T0001', '520302-T0009'], '5203-T0002'],
    ['52', 'industry', ['52-I0009'], '52-I0010'],
    // hand-given codes that do not follow the pattern are ignored
    ['520302', 'grassroots', ['520302-Gabc', '520302-G00x1', 'FOO'], '520302-G0001'],
    // past 9999 the number grows a digit instead of wrapping
    ['520302', 'grassroots', ['520302-G9999'], '520302-G10000'],
  ])('%s %s after %j → %s', (region, kind, existing, expected) => {
    expect(nextOrgCode(region, kind, existing)).toBe(expected);
  });
});

describe('childPath and isFederation', () => {
  it('builds materialised paths', () => {
    expect(childPath(null, '52')).toBe('/52/');
    expect(childPath('/52/5203/', '520302')).toBe('/52/5203/520302/');
  });

  it.each([
    ['province', true],
    ['city', true],
    ['county', true],
    ['grassroots', false],
    ['industry', false],
    ['third_party', false],
  ])('%s federation=%s', (kind, fed) => {
    expect(isFederation(kind)).toBe(fed);
  });

  it('every placement problem has a Chinese and an English message', () => {
    for (const m of Object.values(PLACEMENT_MESSAGES)) {
      expect(m.zh.length).toBeGreaterThan(0);
      expect(m.en).toMatch(/[a-z]/);
    }
  });
});
