import { describe, expect, it } from 'vitest';
import { maskBankAccount, maskIdNumber, maskName, maskPhone, maskRecord } from './mask';

describe('maskIdNumber', () => {
  it.each([
    ['520302198005171234', '5203**********1234'],
    ['11010519491231002X', '1101**********002X'],
    ['520302800517123', '5203*******7123'],
    ['1234567', '*******'],
    ['12345678', '12345678'.slice(0, 4) + '5678'],
    ['', null],
    [null, null],
    [undefined, null],
  ])('%s → %s', (input, expected) => {
    expect(maskIdNumber(input)).toBe(expected);
  });
});

describe('maskPhone', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['085128123456', '085*****3456'],
    ['123456', '******'],
    ['', null],
    [null, null],
  ])('%s → %s', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });
});

describe('maskName', () => {
  it.each([
    ['陈小明', '陈**'],
    ['陈明', '陈*'],
    ['陈', '陈*'],
    ['欧阳娜娜', '欧***'],
    ['𠮷野家', '𠮷**'],
    ['', null],
    [null, null],
  ])('%s → %s', (input, expected) => {
    expect(maskName(input)).toBe(expected);
  });
});

describe('maskBankAccount', () => {
  it.each([
    ['6222021234567890123', '***************0123'],
    ['1234', '****'],
    [null, null],
  ])('%s → %s', (input, expected) => {
    expect(maskBankAccount(input)).toBe(expected);
  });
});

describe('maskRecord', () => {
  it('drops ciphertext, blind-index and hash columns', () => {
    const out = maskRecord({ username: 'u1', phoneEnc: 'v1.abc', phoneBidx: 'ff00', idNumberEnc: 'v1.def', idNumberBidx: '00ff', passwordHash: 'scrypt$…' });
    expect(out).toEqual({ username: 'u1' });
  });

  it('masks idNumber / phone / bank / idCard keys at any depth, in arrays too', () => {
    const input = {
      idNumber: '520302198005171234',
      phone: '13812345678',
      contactPhone: '13987654321',
      bankAccount: '6222021234567890123',
      household: {
        members: [
          { name: '陈小明', idNumber: '11010519491231002X', mobilePhone: '13712345678' },
          { name: '陈小红', idCardNo: '520302200002290070' },
        ],
        meta: { nested: { spousePhone: '13612345678', createdAt: '2026-01-01' } },
      },
      count: 3,
      nothing: null,
    };
    expect(maskRecord(input)).toEqual({
      idNumber: '5203**********1234',
      phone: '138****5678',
      contactPhone: '139****4321',
      bankAccount: '***************0123',
      household: {
        members: [
          { name: '陈小明', idNumber: '1101**********002X', mobilePhone: '137****5678' },
          { name: '陈小红', idCardNo: '5203**********0070' },
        ],
        meta: { nested: { spousePhone: '136****5678', createdAt: '2026-01-01' } },
      },
      count: 3,
      nothing: null,
    });
  });

  it('leaves scalars, dates and nulls alone and does not modify its input', () => {
    const d = new Date('2026-01-01T00:00:00Z');
    expect(maskRecord(null)).toBeNull();
    expect(maskRecord('13812345678')).toBe('13812345678');
    expect(maskRecord(d)).toBe(d);
    const input = { phone: '13812345678' };
    maskRecord(input);
    expect(input.phone).toBe('13812345678');
  });

  it('no plain phone or ID number survives anywhere under a personal key', () => {
    const plain = ['13812345678', '520302198005171234'];
    const out = JSON.stringify(maskRecord({ a: [{ b: { phone: plain[0] } }], idNumber: plain[1], list: [{ x: [{ idNumber: plain[1] }] }] }));
    for (const p of plain) expect(out).not.toContain(p);
  });
});

describe('maskRecord on lists under a personal key', () => {
  it('masks every string of a list of phones or ID numbers', () => {
    expect(maskRecord({ phones: ['13812345678', '13987654321'], idNumbers: [['520302198005171234']] })).toEqual({
      phones: ['138****5678', '139****4321'],
      idNumbers: [['5203**********1234']],
    });
  });
});
