import { readFileSync } from 'node:fs';
import type { ClaimInput, MemberInput, MemberStatus, Reason } from '../../src/contracts/mutual-aid';

/** The reference mutual-aid vectors (mutual-aid.json beside this file), typed for the tests that must reproduce them. */
export interface VectorClaim extends ClaimInput {
  expectPayoutFen: number;
  expectReason?: Reason;
  expectFinalBurdenFen?: number;
}
export interface ClaimCase {
  id: string;
  scheme: string;
  plan: string;
  member: MemberInput;
  claims: VectorClaim[];
}
export interface ContributionCase {
  id: string;
  scheme: string;
  memberStatus?: MemberStatus;
  plans?: string[];
  plan?: string;
  households?: number;
  expect: Record<string, number>;
}

export const mutualAidVectors = JSON.parse(readFileSync(new URL('./mutual-aid.json', import.meta.url), 'utf8')) as { claimCases: ClaimCase[]; contributionCases: ContributionCase[] };
