import { describe, expect, it } from 'vitest';
import type { FindingCause } from '../../../contracts/oversight';
import { addDays, isAccountabilityOverdue, planAccountability, type Signers } from './accountability.rules';

const all: Signers = {
  investigated: { userId: 'inv', name: '调查员' },
  registered: { userId: 'reg', name: '登记人' },
  reviewed: { userId: 'rev', name: '审核人' },
  responsible: { userId: 'rev', name: '审核人' },
};

describe('planAccountability', () => {
  it.each<[FindingCause, Array<[string, string]>]>([
    ['investigator_falsified', [['inv', 'rectification_order']]],
    ['registration_error', [['reg', 'written_self_criticism'], ['rev', 'criticism']]],
    ['applicant_concealed', [['inv', 'criticism']]],
    ['information_changed', [['rev', 'criticism']]],
  ])('%s → the default signers and actions', (cause, want) => {
    expect(planAccountability(cause, all, '2026-11-30').map((p) => [p.userId, p.action])).toEqual(want);
  });

  it('defaults the deadline to 30 days after the re-check', () => {
    expect(planAccountability('investigator_falsified', all, '2026-11-30')[0].deadline).toBe('2026-12-30');
  });

  it('skips roles nobody signed and holds one person once', () => {
    expect(planAccountability('investigator_falsified', { registered: all.registered }, '2026-11-30')).toEqual([]);
    const p = planAccountability('information_changed', all, '2026-11-30', [
      { role: 'reviewed', action: 'criticism' },
      { role: 'responsible', action: 'rectification_order' },
      { role: 'registered', action: 'written_self_criticism', deadline: '2027-01-15' },
    ]);
    expect(p.map((x) => [x.role, x.userId, x.deadline])).toEqual([
      ['reviewed', 'rev', '2026-12-30'],
      ['registered', 'reg', '2027-01-15'],
    ]);
  });

  it('the auditor’s list replaces the default', () => {
    expect(planAccountability('registration_error', all, '2026-11-30', [{ role: 'investigated', action: 'criticism' }]).map((x) => x.userId)).toEqual(['inv']);
  });
});

describe('dates', () => {
  it.each([
    ['2026-11-30', 30, '2026-12-30'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
  ])('%s + %i = %s', (d, n, want) => expect(addDays(d, n)).toBe(want));
  it.each([
    [{ status: 'open', deadline: '2026-11-29' }, true],
    [{ status: 'open', deadline: '2026-11-30' }, false],
    [{ status: 'closed', deadline: '2026-01-01' }, false],
  ])('%o overdue on 2026-11-30: %s', (r, want) => expect(isAccountabilityOverdue(r, '2026-11-30')).toBe(want));
});
