import { describe, expect, it } from 'vitest';
import { MemoryStore } from './file-store';
import { sniffType } from './file-type';
import { S3Store } from './s3-store';
import { sha256Hex, signV4, signingKey } from './sigv4';

// AWS's published example: Amazon S3 API reference, "Signature calculations for the Authorization header", GET Object
describe('SigV4 against AWS example values', () => {
  const creds = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
  const empty = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

  it('GET Object (range, empty payload) gives the documented canonical request, string to sign and signature', () => {
    expect(sha256Hex('')).toBe(empty);
    const s = signV4(
      { method: 'GET', url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'), headers: { range: 'bytes=0-9', 'x-amz-content-sha256': empty }, payloadHash: empty },
      creds,
      { region: 'us-east-1', service: 's3' },
      new Date('2013-05-24T00:00:00Z'),
    );
    expect(s.canonicalRequest).toBe(
      ['GET', '/test.txt', '', 'host:examplebucket.s3.amazonaws.com', 'range:bytes=0-9', `x-amz-content-sha256:${empty}`, 'x-amz-date:20130524T000000Z', '', 'host;range;x-amz-content-sha256;x-amz-date', empty].join('\n'),
    );
    expect(s.stringToSign).toBe(['AWS4-HMAC-SHA256', '20130524T000000Z', '20130524/us-east-1/s3/aws4_request', '7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972'].join('\n'));
    expect(s.signature).toBe('f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
    expect(s.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('derives the documented signing key (IAM example, 20120215)', () => {
    expect(signingKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20120215', 'us-east-1', 'iam').toString('hex')).toBe('f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d');
  });
});

describe('S3Store', () => {
  it('sends signed path-style requests through fetch', async () => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const fake = (async (url: URL | string, init?: RequestInit) => {
      calls.push({ url: String(url), init: init! });
      return new Response(init?.method === 'GET' ? 'hello' : null, { status: 200 });
    }) as typeof fetch;
    const s = new S3Store({ endpoint: 'http://127.0.0.1:9000/', bucket: 'pa-files', region: 'us-east-1', accessKeyId: 'AK', secretAccessKey: 'SK' }, fake, () => new Date('2026-11-30T00:00:00Z'));
    await s.put('visits/a.jpg', Buffer.from('hello'), 'image/jpeg');
    expect((await s.get('visits/a.jpg')).toString()).toBe('hello');
    await s.delete('visits/a.jpg');
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual(['PUT http://127.0.0.1:9000/pa-files/visits/a.jpg', 'GET http://127.0.0.1:9000/pa-files/visits/a.jpg', 'DELETE http://127.0.0.1:9000/pa-files/visits/a.jpg']);
    const h = calls[0].init.headers as Record<string, string>;
    expect(h['x-amz-content-sha256']).toBe(sha256Hex('hello'));
    expect(h.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AK\/20261130\/us-east-1\/s3\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/);
    await expect(s.put('../etc/passwd', Buffer.from('x'), 'text/plain')).rejects.toThrow(/invalid storage key/);
  });
});

describe('file types by magic bytes', () => {
  it.each([
    ['jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]), 'image/jpeg'],
    ['png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'image/png'],
    ['webp', Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]), 'image/webp'],
    ['pdf', Buffer.from('%PDF-1.7\n'), 'application/pdf'],
    ['exe', Buffer.from('MZ\x90\x00'), null],
    ['html named .jpg', Buffer.from('<html>'), null],
    ['empty', Buffer.alloc(0), null],
  ])('%s', (_n, bytes, type) => expect(sniffType(bytes)).toBe(type));

  it('the memory store keeps what was put', async () => {
    const m = new MemoryStore();
    await m.put('a/b', Buffer.from('x'), 'image/png');
    expect((await m.get('a/b')).toString()).toBe('x');
    await m.delete('a/b');
    await expect(m.get('a/b')).rejects.toThrow();
  });
});
