import { describe, expect, it } from 'vitest';
import { contentHash, type SignedContent } from './signature.rules';

const base: SignedContent = {
  visitId: 'v1',
  taskId: 't1',
  householdId: 'h1',
  signerUserId: 'u1',
  statement: '本人承诺所填信息真实',
  visitDate: '2026-11-29',
  checklist: { housing: { type: 'rented' }, income: { level: 'near_dibao', annualIncomeFen: 100 } },
  found: { size: 3, annualIncomeFen: 100, housing: 'rented' },
  fourLooks: { housing: 'poor', food: 'tight' },
  findings: '属实',
  recommendation: { category: 'near_dibao', level: null, measures: ['medical_aid'], aidFen: 300000, note: null },
  attachments: [
    { id: 'a', sha256: '1' },
    { id: 'b', sha256: '2' },
  ],
};

describe('content hash of a signed visit', () => {
  it('is SHA-256 hex, independent of key order and of the order of attachments', () => {
    const h = contentHash(base);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    const reordered = { ...base, checklist: { income: { annualIncomeFen: 100, level: 'near_dibao' }, housing: { type: 'rented' } }, attachments: [...base.attachments].reverse() };
    expect(contentHash(reordered)).toBe(h);
  });
  it.each([
    ['the signer', { signerUserId: 'u2' }],
    ['the statement', { statement: '本人承诺' }],
    ['the income found', { found: { ...base.found, annualIncomeFen: 101 } }],
    ['the findings', { findings: '不属实' }],
    ['the aid recommended', { recommendation: { ...base.recommendation, aidFen: 300001 } }],
    ['a photo', { attachments: [{ id: 'a', sha256: '9' }, base.attachments[1]] }],
    ['a dropped photo', { attachments: [base.attachments[0]] }],
  ])('changes with %s', (_n, over) => expect(contentHash({ ...base, ...over } as SignedContent)).not.toBe(contentHash(base)));
});
