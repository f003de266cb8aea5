import { describe, expect, it } from 'vitest';
import { diffReportAndVisit, type Found, type Reported } from './review.rules';

const reported: Reported = { size: 3, annualIncomeFen: 2_880_000, housing: 'rented', category: 'near_dibao', level: 'relative', seriousIllness: true, employment: 'laid_off', fourLooksTotal: 75 };
const found: Found = { size: 3, annualIncomeFen: 2_880_000, housing: 'rented', category: 'near_dibao', level: 'relative', illness: true, workSituation: 'laid_off', fourLooksTotal: 75 };

const differing = (r: Partial<Reported>, f: Partial<Found>) =>
  diffReportAndVisit({ ...reported, ...r }, { ...found, ...f })
    .filter((d) => d.differs)
    .map((d) => d.field);

describe('report against visit, field by field', () => {
  it('nothing differs when the visit confirms the report', () => {
    const rows = diffReportAndVisit(reported, found);
    expect(rows.map((r) => r.field)).toEqual(['size', 'annualIncomeFen', 'housing', 'category', 'level', 'illness', 'work', 'fourLooks']);
    expect(rows.every((r) => !r.differs && r.zh && r.en)).toBe(true);
  });
  it.each([
    ['more people found', {}, { size: 4 }, ['size']],
    ['income within 10% is not flagged', {}, { annualIncomeFen: 3_100_000 }, []],
    ['income 10% off is not flagged (boundary)', {}, { annualIncomeFen: 3_168_000 }, []],
    ['income beyond 10% is flagged', {}, { annualIncomeFen: 3_200_000 }, ['annualIncomeFen']],
    ['income lower than reported is flagged too', {}, { annualIncomeFen: 1_000_000 }, ['annualIncomeFen']],
    ['zero income reported, some found', { annualIncomeFen: 0 }, { annualIncomeFen: 1 }, ['annualIncomeFen']],
    ['owns the home after all', {}, { housing: 'owned' }, ['housing']],
    ['category recommended differs', {}, { category: 'dibao' }, ['category']],
    ['no level reported, one recommended', { level: null }, { level: 'deep' }, ['level']],
    ['illness not found', {}, { illness: false }, ['illness']],
    ['worker found employed', {}, { workSituation: 'employed' }, ['work']],
    ['no four-looks on file is no difference', { fourLooksTotal: null }, { fourLooksTotal: 40 }, []],
    ['four-looks total differs', {}, { fourLooksTotal: 40 }, ['fourLooks']],
  ])('%s', (_n, r, f, want) => expect(differing(r, f)).toEqual(want));
});
