import { describe, expect, it } from 'vitest';
import type { AwardStatus } from '../../../contracts/aid';
import { type LivePayment, type RecoveryAmounts, applyInstallment, checkWriteOffRequest, decideWriteOff, outstandingOf, pendingWriteOff, planRevoke, statusOf } from './recovery.rules';

const pending = (batchStatus: string, amountFen = 50000): LivePayment => ({ status: 'pending', amountFen, batchStatus });
const paid = (amountFen: number): LivePayment => ({ status: 'paid', amountFen, batchStatus: 'settled' });

describe('planRevoke', () => {
  type Expected = { release: boolean; cancelPayment: boolean; recoverFen: number | null } | string;
  const cases: Array<[string, AwardStatus, boolean, LivePayment | null, Expected]> = [
    ['submitted (nothing committed yet)', 'submitted', false, null, { release: false, cancelPayment: false, recoverFen: null }],
    ['approved', 'approved', true, null, { release: true, cancelPayment: false, recoverFen: null }],
    ['in notice', 'in_notice', true, null, { release: true, cancelPayment: false, recoverFen: null }],
    ['objected', 'objected', true, null, { release: true, cancelPayment: false, recoverFen: null }],
    ['confirmed', 'confirmed', true, null, { release: true, cancelPayment: false, recoverFen: null }],
    ['failed payment', 'failed', true, null, { release: true, cancelPayment: false, recoverFen: null }],
    ['batched in a draft batch', 'batched', true, pending('draft'), { release: true, cancelPayment: true, recoverFen: null }],
    ['batched in an exported batch', 'batched', true, pending('exported'), 'wait_bank'],
    ['batched without a pending payment', 'batched', true, null, 'inconsistent'],
    ['paid', 'paid', true, paid(123456), { release: false, cancelPayment: false, recoverFen: 123456 }],
    ['paid without a paid payment', 'paid', true, null, 'inconsistent'],
    ['confirmed but a payment is paid', 'confirmed', true, paid(1), 'inconsistent'],
    ['rejected', 'rejected', false, null, 'final'],
    ['withdrawn', 'withdrawn', false, null, 'final'],
    ['already revoked', 'revoked', true, null, 'final'],
  ];
  it.each(cases)('%s', (_name, status, hasCommit, payment, expected) => {
    const plan = planRevoke(status, hasCommit, payment);
    if (typeof expected === 'string') {
      expect(plan.ok).toBe(false);
      if (!plan.ok) {
        expect(plan.refusal.code).toBe(expected);
        expect(plan.refusal.zh.length).toBeGreaterThan(0);
        expect(plan.refusal.en.length).toBeGreaterThan(0);
      }
    } else {
      expect(plan).toEqual({ ok: true, ...expected });
    }
  });

  it('tells to wait for the bank in both languages', () => {
    const plan = planRevoke('batched', true, pending('exported'));
    expect(plan.ok ? null : plan.refusal).toMatchObject({ zh: expect.stringContaining('等待银行回盘'), en: expect.stringContaining("wait for the bank's result") });
  });
});

const rec = (amountDueFen: number, receivedFen = 0, writtenOffFen = 0): RecoveryAmounts => ({ amountDueFen, receivedFen, writtenOffFen, status: statusOf({ amountDueFen, receivedFen, writtenOffFen }) });

describe('recovery status', () => {
  const cases: Array<[number, number, number, string, number]> = [
    [10000, 0, 0, 'open', 10000],
    [10000, 3000, 0, 'open', 7000],
    [10000, 10000, 0, 'settled', 0],
    [10000, 6000, 4000, 'written_off', 0],
    [10000, 0, 10000, 'written_off', 0],
    [10000, 0, 4000, 'open', 6000],
  ];
  it.each(cases)('due %i, received %i, written off %i → %s', (due, received, off, status, outstanding) => {
    expect(statusOf({ amountDueFen: due, receivedFen: received, writtenOffFen: off })).toBe(status);
    expect(outstandingOf({ amountDueFen: due, receivedFen: received, writtenOffFen: off })).toBe(outstanding);
  });
});

describe('applyInstallment', () => {
  const cases: Array<[string, RecoveryAmounts, number, { receivedFen: number; status: string } | string]> = [
    ['part', rec(10000), 2500, { receivedFen: 2500, status: 'open' }],
    ['the rest', rec(10000, 7500), 2500, { receivedFen: 10000, status: 'settled' }],
    ['all at once', rec(10000), 10000, { receivedFen: 10000, status: 'settled' }],
    ['one fen too much', rec(10000, 7500), 2501, 'over_outstanding'],
    ['more than due', rec(10000), 10001, 'over_outstanding'],
    ['rest after a write-off', rec(10000, 0, 4000), 6000, { receivedFen: 6000, status: 'written_off' }],
    ['over after a write-off', rec(10000, 0, 4000), 6001, 'over_outstanding'],
    ['closed', rec(10000, 10000), 1, 'not_open'],
  ];
  it.each(cases)('%s', (_n, r, amount, expected) => {
    const res = applyInstallment(r, amount);
    if (typeof expected === 'string') expect(res.ok ? null : res.refusal.code).toBe(expected);
    else expect(res.ok ? { receivedFen: res.next.receivedFen, status: res.next.status } : res.refusal.code).toEqual(expected);
  });
});

describe('write-off', () => {
  it.each([
    ['within outstanding', rec(10000, 3000), 7000, null, null],
    ['part of it', rec(10000, 3000), 1000, null, null],
    ['over outstanding', rec(10000, 3000), 7001, null, 'over_outstanding'],
    ['another waits', rec(10000), 100, 500, 'pending_write_off'],
    ['closed', rec(10000, 10000), 1, null, 'not_open'],
  ] as Array<[string, RecoveryAmounts, number, number | null, string | null]>)('request: %s', (_n, r, amount, pend, expected) => {
    expect(checkWriteOffRequest(r, amount, pend)?.code ?? null).toBe(expected);
  });

  it('is decided by another person: the requester is refused', () => {
    const res = decideWriteOff(rec(10000), { amountFen: 4000, requestedBy: 'u1' }, 'u1', true);
    expect(res.ok ? null : res.refusal.code).toBe('same_person');
    expect(decideWriteOff(rec(10000), { amountFen: 4000, requestedBy: 'u1' }, 'u1', false).ok).toBe(false);
  });

  it('approved: written off, closed when nothing is left', () => {
    const part = decideWriteOff(rec(10000), { amountFen: 4000, requestedBy: 'u1' }, 'u2', true);
    expect(part.ok && part.next).toMatchObject({ writtenOffFen: 4000, status: 'open' });
    const all = decideWriteOff(rec(10000, 6000), { amountFen: 4000, requestedBy: 'u1' }, 'u2', true);
    expect(all.ok && all.next).toMatchObject({ receivedFen: 6000, writtenOffFen: 4000, status: 'written_off' });
  });

  it('approval re-checks what is outstanding now', () => {
    const res = decideWriteOff(rec(10000, 8000), { amountFen: 4000, requestedBy: 'u1' }, 'u2', true);
    expect(res.ok ? null : res.refusal.code).toBe('over_outstanding');
  });

  it('rejected: nothing changes', () => {
    const r = rec(10000);
    const res = decideWriteOff(r, { amountFen: 4000, requestedBy: 'u1' }, 'u2', false);
    expect(res.ok && res.next).toEqual(r);
  });

  it('no request waits', () => {
    const res = decideWriteOff(rec(10000), null, 'u2', true);
    expect(res.ok ? null : res.refusal.code).toBe('no_pending_write_off');
  });

  it('pendingWriteOff reads the events in order', () => {
    expect(pendingWriteOff([])).toBeNull();
    expect(pendingWriteOff([{ kind: 'installment', amountFen: 100, byUserId: 'a' }])).toBeNull();
    expect(pendingWriteOff([{ kind: 'write_off_request', amountFen: 100, byUserId: 'a' }])).toEqual({ amountFen: 100, requestedBy: 'a' });
    expect(
      pendingWriteOff([
        { kind: 'write_off_request', amountFen: 100, byUserId: 'a' },
        { kind: 'write_off_rejected', amountFen: 100, byUserId: 'b' },
      ]),
    ).toBeNull();
    expect(
      pendingWriteOff([
        { kind: 'write_off_request', amountFen: 100, byUserId: 'a' },
        { kind: 'write_off_approved', amountFen: 100, byUserId: 'b' },
        { kind: 'write_off_request', amountFen: 50, byUserId: 'c' },
      ]),
    ).toEqual({ amountFen: 50, requestedBy: 'c' });
  });
});
