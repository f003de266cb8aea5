import { describe, expect, it } from 'vitest';
import { deriveFigures, fitsMask, serverPathToName, toInput, type FormValues } from './formModel';

const values: FormValues = {
  orgId: '01a22a63-5aff-712e-a4fc-e2efe9f141f5',
  regionCode: '520302',
  address: ' 幸福巷 12 号 ',
  unionMember: true,
  housing: 'rented',
  receivesDibao: false,
  dibaoCertificateNo: 'ignored when not on dibao',
  otherAnnualIncome: '1200',
  medicalOutOfPocket: '30000',
  schoolingSpending: '1,500.50',
  disasterLoss: '',
  primaryCause: 'illness',
  secondaryCauses: ['illness', 'schooling'],
  flags: [],
  members: [
    { name: '张三', relation: 'self', idNumber: '52030219800512123x', health: 'healthy', schoolingStage: 'none', employment: 'employed', income: { wage: '1200', allowance: '100.5' } },
    { name: '李四', relation: 'spouse', idNumber: '520302198203052247', health: 'disability', disabilityGrade: 2, schoolingStage: 'none', employment: 'not_working', income: { pension: '0' } },
  ],
};

describe('household form model', () => {
  it('derives annual income and rigid spending as the server does', () => {
    const d = deriveFigures(values);
    expect(d).toEqual({ size: 2, monthlyFen: 130050, annualIncomeFen: 12 * 130050 + 120000, rigidSpendingFen: 3000000 + 150050, complete: true });
  });
  it('marks the figures incomplete while an amount cannot be read', () => {
    expect(deriveFigures({ ...values, disasterLoss: '12.345' }).complete).toBe(false);
  });
  it('builds the request: fen, upper-case X, no zero incomes, no primary cause twice, no certificate without dibao', () => {
    const body = toInput(values, false);
    expect(body.address).toBe('幸福巷 12 号');
    expect(body.schoolingSpendingFen).toBe(150050);
    expect(body.disasterLossFen).toBe(0);
    expect(body.secondaryCauses).toEqual(['schooling']);
    expect(body.dibaoCertificateNo).toBeUndefined();
    expect(body.members[0].idNumber).toBe('52030219800512123X');
    expect(body.members[0].monthlyIncomeFen).toEqual({ wage: 120000, allowance: 10050 });
    expect(body.members[1].monthlyIncomeFen).toEqual({});
    expect(body.members[1].disabilityGrade).toBe(2);
    expect(body.members[0].disabilityGrade).toBeNull();
  });
  it('does not send the archive number when editing', () => {
    expect(toInput({ ...values, archiveNo: '520302-2026-000001' }, true).archiveNo).toBeUndefined();
    expect(toInput({ ...values, archiveNo: '520302-2026-000001' }, false).archiveNo).toBe('520302-2026-000001');
  });
  it('checks a retyped ID number against the saved mask', () => {
    expect(fitsMask('52030219800512123X', '5203**********123X')).toBe(true);
    expect(fitsMask('52030219800512123x', '5203**********123X')).toBe(true);
    expect(fitsMask('520302198005121248', '5203**********123X')).toBe(false);
    expect(fitsMask('anything', undefined)).toBe(true);
  });
  it('puts server field paths on the form fields', () => {
    expect(serverPathToName('members.0.idNumber')).toEqual(['members', 0, 'idNumber']);
    expect(serverPathToName('members.1.monthlyIncomeFen.wage')).toEqual(['members', 1, 'income', 'wage']);
    expect(serverPathToName('otherAnnualIncomeFen')).toBe('otherAnnualIncome');
    expect(serverPathToName('members.2', 'duplicate_id')).toEqual(['members', 2, 'idNumber']);
    expect(serverPathToName('members.2', 'disability_grade_missing')).toEqual(['members', 2, 'disabilityGrade']);
    expect(serverPathToName('members')).toBeNull();
    expect(serverPathToName('(root)')).toBeNull();
    expect(serverPathToName('version')).toBeNull();
  });
});
