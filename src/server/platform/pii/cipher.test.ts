import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PiiCipher } from './cipher';

const KEY_A = 'a'.repeat(64);
const KEY_B = 'b'.repeat(64);
const a = PiiCipher.fromConfig(KEY_A);
const b = PiiCipher.fromConfig(KEY_B);

function flip(token: string, index: number): string {
  const raw = Buffer.from(token.slice(3), 'base64url');
  raw[index] ^= 0x01;
  return 'v1.' + raw.toString('base64url');
}

describe('PiiCipher encryption', () => {
  it.each(['520302198005171234', '13812345678', '', '陈小明 🏠', 'x'.repeat(5000)])('round-trips %j', (plain) => {
    const token = a.encrypt(plain);
    expect(token.startsWith('v1.')).toBe(true);
    expect(a.decrypt(token)).toBe(plain);
  });

  it('round-trips any string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(a.decrypt(a.encrypt(s))).toBe(s);
      }),
      { numRuns: 200 },
    );
  });

  it('uses a random IV: the same plain text encrypts differently each time', () => {
    const t1 = a.encrypt('13812345678');
    const t2 = a.encrypt('13812345678');
    expect(t1).not.toBe(t2);
    expect(Buffer.from(t1.slice(3), 'base64url').subarray(0, 12)).not.toEqual(Buffer.from(t2.slice(3), 'base64url').subarray(0, 12));
    expect(a.decrypt(t1)).toBe(a.decrypt(t2));
  });

  it('the ciphertext does not contain the plain text', () => {
    const token = a.encrypt('520302198005171234');
    expect(token).not.toContain('520302198005171234');
    expect(Buffer.from(token.slice(3), 'base64url').toString('latin1')).not.toContain('520302198005171234');
  });

  it.each([
    ['iv', 0],
    ['tag', 15],
    ['ciphertext', 30],
  ])('a flipped bit in the %s fails authentication', (_part, index) => {
    const token = a.encrypt('520302198005171234');
    expect(() => a.decrypt(flip(token, index))).toThrow();
  });

  it('refuses a truncated token, an unknown version and another key', () => {
    const token = a.encrypt('13812345678');
    expect(() => a.decrypt(token.slice(0, -4))).toThrow();
    expect(() => a.decrypt('v2.' + token.slice(3))).toThrow(/version/);
    expect(() => b.decrypt(token)).toThrow();
  });

  it('encryptNullable keeps null for empty values', () => {
    expect(a.encryptNullable(null)).toBeNull();
    expect(a.encryptNullable(undefined)).toBeNull();
    expect(a.encryptNullable('')).toBeNull();
    expect(a.decrypt(a.encryptNullable('13812345678')!)).toBe('13812345678');
  });
});

describe('PiiCipher blind index', () => {
  it('is deterministic for the same key, kind and value', () => {
    expect(a.blindIndex('id', '520302198005171234')).toBe(a.blindIndex('id', '520302198005171234'));
    expect(PiiCipher.fromConfig(KEY_A).blindIndex('phone', '13812345678')).toBe(a.blindIndex('phone', '13812345678'));
    expect(a.blindIndex('id', '520302198005171234')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('separates kinds: the same text as id, phone and bank gives three indexes', () => {
    const v = '13812345678';
    const set = new Set([a.blindIndex('id', v), a.blindIndex('phone', v), a.blindIndex('bank', v)]);
    expect(set.size).toBe(3);
  });

  it('differs between values and between keys', () => {
    expect(a.blindIndex('phone', '13812345678')).not.toBe(a.blindIndex('phone', '13812345679'));
    expect(a.blindIndex('phone', '13812345678')).not.toBe(b.blindIndex('phone', '13812345678'));
  });

  it('does not contain the value', () => {
    expect(a.blindIndex('phone', '13812345678')).not.toContain('13812345678');
  });
});

describe('PiiCipher keys', () => {
  it('accepts 64 hex characters or base64 of at least 32 bytes, and gives the same cipher for the same bytes', () => {
    const hex = PiiCipher.generateKey();
    expect(hex).toMatch(/^[0-9a-f]{64}$/);
    const b64 = Buffer.from(hex, 'hex').toString('base64');
    expect(PiiCipher.fromConfig(b64).blindIndex('id', 'x')).toBe(PiiCipher.fromConfig(hex).blindIndex('id', 'x'));
    expect(PiiCipher.fromConfig(b64).decrypt(PiiCipher.fromConfig(hex).encrypt('x'))).toBe('x');
  });

  it('refuses a key shorter than 32 bytes', () => {
    expect(() => new PiiCipher(Buffer.alloc(31))).toThrow(/32 bytes/);
    expect(() => PiiCipher.fromConfig(Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
