import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { randomBytesView } from '../random';

/**
 * Personal data at rest: AES-256-GCM ciphertext ("v1." + base64url(iv | tag | ciphertext)) and a keyed
 * HMAC-SHA256 blind index for exact lookup and de-duplication. Both keys are derived (HKDF) from one
 * master key given by configuration.
 */
export class PiiCipher {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length < 32) throw new Error('PII key must be at least 32 bytes');
    this.encKey = Buffer.from(hkdfSync('sha256', masterKey, 'precision-aid', 'pii-encryption-v1', 32));
    this.macKey = Buffer.from(hkdfSync('sha256', masterKey, 'precision-aid', 'pii-blind-index-v1', 32));
  }

  static fromConfig(key: string): PiiCipher {
    const trimmed = key.trim();
    const buf = /^[0-9a-f]{64,}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
    return new PiiCipher(buf);
  }

  /** The derived keys, for a worker thread of this process that must encrypt the same way (never stored or sent out). */
  keysForThread(): { encKey: Uint8Array; macKey: Uint8Array } {
    return { encKey: new Uint8Array(this.encKey), macKey: new Uint8Array(this.macKey) };
  }

  /** A cipher from keysForThread() (in the worker thread). */
  static fromThreadKeys(keys: { encKey: Uint8Array; macKey: Uint8Array }): PiiCipher {
    const c = Object.create(PiiCipher.prototype) as { encKey: Buffer; macKey: Buffer };
    c.encKey = Buffer.from(keys.encKey);
    c.macKey = Buffer.from(keys.macKey);
    return c as unknown as PiiCipher;
  }

  static generateKey(): string {
    return randomBytes(32).toString('hex');
  }

  encrypt(plain: string): string {
    const iv = randomBytesView(12); // used at once: copied into the cipher and into the token
    const c = createCipheriv('aes-256-gcm', this.encKey, iv);
    const ct = c.update(plain, 'utf8');
    c.final(); // GCM is a stream mode: final() adds no bytes, it computes the tag
    return 'v1.' + Buffer.concat([iv, c.getAuthTag(), ct], 28 + ct.length).toString('base64url');
  }

  decrypt(token: string): string {
    if (!token.startsWith('v1.')) throw new Error('unknown ciphertext version');
    const raw = Buffer.from(token.slice(3), 'base64url');
    const d = createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
  }

  /** Deterministic keyed index of a normalized value; `kind` separates domains (an ID and a phone never collide). */
  blindIndex(kind: 'id' | 'phone' | 'bank', normalized: string): string {
    return createHmac('sha256', this.macKey).update(`${kind}:${normalized}`).digest('hex');
  }

  encryptNullable(v: string | null | undefined): string | null {
    return v ? this.encrypt(v) : null;
  }
}

/** A fingerprint of the key (not the key): lets the system notice it was started with the wrong key. */
export function keyFingerprint(cipher: PiiCipher): string {
  return cipher.blindIndex('id', '__precision-aid-key-check__').slice(0, 16);
}
