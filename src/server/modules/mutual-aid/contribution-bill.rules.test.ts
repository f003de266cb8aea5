import { describe, expect, it } from 'vitest';
import type { Scheme } from '../../../contracts/mutual-aid';
import { memberGroups, mergeLines } from './contribution-bill.rules';
import { contributionBill } from './contribution.rules';
import { BUILT_IN_SCHEMES } from './scheme-data';

const scheme = (code: string) => ({ ...BUILT_IN_SCHEMES.find((s) => s.code === code)!, version: 1 }) as Scheme;

describe('memberGroups', () => {
  it.each([
    ['nobody', [], []],
    ['one member', [{ status: 'ordinary', planCodes: ['a'] }], [{ status: 'ordinary', count: 1, planCodes: ['a'] }]],
    [
      'same status and plans in any order form one group',
      [
        { status: 'ordinary', planCodes: ['b', 'a'] },
        { status: 'ordinary', planCodes: ['a', 'b', 'a'] },
      ],
      [{ status: 'ordinary', count: 2, planCodes: ['a', 'b'] }],
    ],
    [
      'another status or another choice is another group',
      [
        { status: 'ordinary', planCodes: ['a'] },
        { status: 'hardship', planCodes: ['a'] },
        { status: 'ordinary', planCodes: ['a', 'b'] },
        { status: 'hardship', planCodes: ['a'] },
      ],
      [
        { status: 'ordinary', count: 1, planCodes: ['a'] },
        { status: 'hardship', count: 2, planCodes: ['a'] },
        { status: 'ordinary', count: 1, planCodes: ['a', 'b'] },
      ],
    ],
  ] as const)('%s', (_, items, groups) => {
    expect(memberGroups(items)).toEqual(groups);
  });
});

describe('a unit’s bill from its members', () => {
  it.each([
    // LPS: 100 yuan per ordinary member (worker); a hardship member: worker 60, city union 20, county union 20
    ['LPS', [['ordinary', ['inpatient']], ['ordinary', ['inpatient', 'pharmacy_allowance']], ['hardship', ['inpatient']]], { worker: 26000, city_union: 2000, county_union: 2000 }, 30000],
    // SN: government 100, county union 60, worker 100 per member, whatever the status
    ['SN', [['ordinary', ['inpatient_secondary']], ['hardship', ['inpatient_secondary']]], { worker: 20000, government: 20000, county_union: 12000 }, 52000],
    // ZY: 10 yuan per plan chosen
    ['ZY', [['ordinary', ['inpatient']], ['ordinary', ['inpatient', 'critical_illness', 'accident_injury']], ['hardship', ['inpatient', 'critical_illness']]], { worker: 6000 }, 6000],
  ] as const)('%s', (code, members, byPayer, total) => {
    const bill = contributionBill(scheme(code), memberGroups(members.map(([status, planCodes]) => ({ status, planCodes }))));
    expect(bill.byPayer).toEqual(byPayer);
    expect(bill.totalFen).toBe(total);
    const lines = mergeLines(bill.lines);
    expect(lines.reduce((s, l) => s + l.subtotalFen, 0)).toBe(total);
    // one line per payer, basis, status and amount
    expect(new Set(lines.map((l) => `${l.payer}|${l.basis}|${l.memberStatus}|${l.amountFen}`)).size).toBe(lines.length);
  });

  it('merges the lines of several groups, payers in the canonical order', () => {
    const lines = mergeLines([
      { payer: 'county_union', basis: 'per_member', memberStatus: 'hardship', amountFen: 2000, quantity: 1, subtotalFen: 2000 },
      { payer: 'worker', basis: 'per_member', memberStatus: 'hardship', amountFen: 6000, quantity: 1, subtotalFen: 6000 },
      { payer: 'worker', basis: 'per_member', memberStatus: 'ordinary', amountFen: 10000, quantity: 2, subtotalFen: 20000 },
      { payer: 'worker', basis: 'per_member', memberStatus: 'ordinary', amountFen: 10000, quantity: 3, subtotalFen: 30000 },
      { payer: 'county_union', basis: 'per_member', memberStatus: 'hardship', amountFen: 2000, quantity: 4, subtotalFen: 8000 },
    ]);
    expect(lines.map((l) => [l.payer, l.memberStatus, l.quantity, l.subtotalFen])).toEqual([
      ['worker', 'ordinary', 5, 50000],
      ['worker', 'hardship', 1, 6000],
      ['county_union', 'hardship', 5, 10000],
    ]);
  });
});
