import { assertKey, type FileStore } from './file-store';
import { awsEncode, sha256Hex, signV4 } from './sigv4';

export interface S3Options {
  /** e.g. https://s3.cn-southwest-2.amazonaws.com.cn or http://127.0.0.1:9000 (MinIO); path-style addressing */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** An S3-compatible bucket, path-style, signed with SigV4 on fetch (no SDK). */
export class S3Store implements FileStore {
  readonly kind = 's3' as const;
  constructor(
    private readonly o: S3Options,
    private readonly fetchFn: typeof fetch = fetch,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private url(key: string): URL {
    assertKey(key);
    const base = this.o.endpoint.replace(/\/+$/, '');
    return new URL(`${base}/${awsEncode(this.o.bucket)}/${awsEncode(key, true)}`);
  }

  private async send(method: string, key: string, body?: Buffer, contentType?: string): Promise<Response> {
    const url = this.url(key);
    const payloadHash = sha256Hex(body ?? '');
    const headers: Record<string, string> = { 'x-amz-content-sha256': payloadHash };
    if (contentType) headers['content-type'] = contentType;
    const signed = signV4({ method, url, headers, payloadHash }, { accessKeyId: this.o.accessKeyId, secretAccessKey: this.o.secretAccessKey }, { region: this.o.region, service: 's3' }, this.now());
    // fetch sets Host itself (from the URL signed above)
    const send: Record<string, string> = { ...signed.headers };
    delete send.host;
    return this.fetchFn(url, { method, headers: send, body: body ? new Uint8Array(body) : undefined });
  }

  async put(key: string, data: Buffer, contentType: string): Promise<void> {
    const r = await this.send('PUT', key, data, contentType);
    if (!r.ok) throw new Error(`S3 PUT ${key} failed: ${r.status}`);
  }
  async get(key: string): Promise<Buffer> {
    const r = await this.send('GET', key);
    if (!r.ok) throw new Error(`S3 GET ${key} failed: ${r.status}`);
    return Buffer.from(await r.arrayBuffer());
  }
  async delete(key: string): Promise<void> {
    const r = await this.send('DELETE', key);
    if (!r.ok && r.status !== 404) throw new Error(`S3 DELETE ${key} failed: ${r.status}`);
  }
}
