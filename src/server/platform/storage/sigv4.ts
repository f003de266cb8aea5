import { createHash, createHmac } from 'node:crypto';

/** AWS Signature Version 4 (header form), on plain fetch: enough for S3-compatible PUT/GET/DELETE. */
export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SigV4Request {
  method: string;
  url: URL;
  /** lower-case names; host and x-amz-date are added */
  headers: Record<string, string>;
  /** hex SHA-256 of the payload, or 'UNSIGNED-PAYLOAD' */
  payloadHash: string;
}

export const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 encoding as AWS wants it (unreserved characters kept; `/` kept in paths when asked). */
export function awsEncode(s: string, keepSlash = false): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(keepSlash ? /%2F/g : /$^/g, '/');
}

export function amzDate(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac('AWS4' + secret, date), region), service), 'aws4_request');
}

export function canonicalRequest(req: SigV4Request & { headers: Record<string, string> }, opts: { doubleEncodePath?: boolean } = {}): { text: string; signedHeaders: string } {
  const path = req.url.pathname || '/';
  const canonicalPath = opts.doubleEncodePath ? path.split('/').map((seg) => awsEncode(decodeURIComponent(seg))).join('/') : path;
  const params = [...req.url.searchParams.entries()].map(([k, v]) => [awsEncode(k), awsEncode(v)] as const).sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1));
  const query = params.map(([k, v]) => `${k}=${v}`).join('&');
  const names = Object.keys(req.headers)
    .map((h) => h.toLowerCase())
    .sort();
  const lower = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const headerText = names.map((n) => `${n}:${lower[n].trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.join(';');
  return { text: [req.method.toUpperCase(), canonicalPath, query, headerText, signedHeaders, req.payloadHash].join('\n'), signedHeaders };
}

/**
 * Signs a request: returns the headers to send (host, x-amz-date, optional x-amz-security-token, and authorization).
 * `doubleEncodePath` is for services other than S3 (S3 uses the path as sent).
 */
export function signV4(req: SigV4Request, creds: SigV4Credentials, scope: { region: string; service: string }, at: Date, opts: { doubleEncodePath?: boolean } = {}) {
  const date = amzDate(at);
  const day = date.slice(0, 8);
  const headers: Record<string, string> = { ...req.headers, host: req.url.host, 'x-amz-date': date };
  if (creds.sessionToken) headers['x-amz-security-token'] = creds.sessionToken;
  const { text, signedHeaders } = canonicalRequest({ ...req, headers }, opts);
  const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', date, credentialScope, sha256Hex(text)].join('\n');
  const signature = createHmac('sha256', signingKey(creds.secretAccessKey, day, scope.region, scope.service)).update(stringToSign, 'utf8').digest('hex');
  return {
    headers: { ...headers, authorization: `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${credentialScope}, SignedHeaders=${signedHeaders}, Signature=${signature}` },
    canonicalRequest: text,
    stringToSign,
    signature,
  };
}
