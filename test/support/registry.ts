import type { HouseholdInput } from '../../src/contracts/registry';
import { makeIdNumber } from '../../src/server/platform/pii/idcard';

let seq = 0;
/** A unique, valid ID number in a county: sequence numbers and birthdays vary so no two tests collide. */
export function uniqueId(region = '520302', birthYear = 1975): string {
  seq++;
  const n = process.pid * 7919 + seq;
  const day = String((n % 28) + 1).padStart(2, '0');
  const month = String((Math.floor(n / 28) % 12) + 1).padStart(2, '0');
  return makeIdNumber(region, `${birthYear + (Math.floor(n / 336) % 3)}-${month}-${day}`, n % 1000);
}

/**
 * A household of three in 红花岗区 that the rule finds near-dibao (800 yuan per person-month vs 1.5 × 560). The child
 * is born 2005–2007 (uniqueId varies the year), so on the tests' date (2026-11-30) always at least 18.
 */
export function householdInput(orgId: string, over: Partial<HouseholdInput> = {}): HouseholdInput {
  return {
    orgId,
    regionCode: '520302',
    address: '遵义市红花岗区老城街道 1 号',
    employer: '遵义轮胎厂',
    unionMember: true,
    housing: 'rented',
    housingArea: '42.5',
    receivesDibao: false,
    otherAnnualIncomeFen: 0,
    medicalOutOfPocketFen: 400000,
    schoolingSpendingFen: 200000,
    disasterLossFen: 0,
    primaryCause: 'illness',
    secondaryCauses: ['schooling'],
    flags: [],
    bankName: '贵州银行',
    bankAccount: '6214830012345678',
    members: [
      { name: '张三', relation: 'self', idNumber: uniqueId('520302', 1975), phone: '13985001234', health: 'serious_illness', schoolingStage: 'none', employment: 'laid_off', monthlyIncomeFen: { unemployment_benefit: 120000 } },
      { name: '李四', relation: 'spouse', idNumber: uniqueId('520302', 1977), health: 'healthy', schoolingStage: 'none', employment: 'flexible', monthlyIncomeFen: { wage: 120000 } },
      { name: '张小华', relation: 'child', idNumber: uniqueId('520302', 2005), health: 'healthy', schoolingStage: 'university', employment: 'not_working', monthlyIncomeFen: {} },
    ],
    ...over,
  };
}
