/**
 * A zip archive read front to back from a stream, entry by entry, without seeking: what an uploaded workbook
 * (.xlsx) needs, whose bytes arrive once (decrypted from the upload store) and may be large. Only what xlsx writers
 * produce is supported: stored or deflated entries, sizes in the local header or in a data descriptor (with its
 * signature, as every common writer writes it), zip64 sizes. Anything else is a clear error, never a guess.
 */
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
const DESCRIPTOR = 0x08074b50;
const DESCRIPTOR_SIG = Buffer.from([0x50, 0x4b, 0x07, 0x08]);
const EMPTY = Buffer.alloc(0);

export class ZipFormatError extends Error {}

/** Bytes pulled from a stream on demand. */
class ByteSource {
  private buf: Buffer = EMPTY;
  private ended = false;
  private readonly it: AsyncIterator<Buffer>;

  constructor(input: AsyncIterable<Buffer>) {
    this.it = input[Symbol.asyncIterator]();
  }

  get buffered(): number {
    return this.buf.length;
  }

  /** At least n bytes buffered; false when the stream ends first. */
  async fill(n: number): Promise<boolean> {
    while (this.buf.length < n) {
      if (this.ended) return false;
      const r = await this.it.next();
      if (r.done) {
        this.ended = true;
        return this.buf.length >= n;
      }
      const chunk = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
      this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    }
    return true;
  }

  async take(n: number): Promise<Buffer> {
    if (!(await this.fill(n))) throw new ZipFormatError('the file ends in the middle of an entry');
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  peek(): Buffer {
    return this.buf;
  }

  /** n bytes, a chunk at a time. */
  async *stream(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.buf.length === 0 && !(await this.fill(1))) throw new ZipFormatError('the file ends in the middle of an entry');
      const k = Math.min(left, this.buf.length);
      const out = this.buf.subarray(0, k);
      this.buf = this.buf.subarray(k);
      left -= k;
      yield out;
    }
  }

  /**
   * The bytes up to the entry's data descriptor, a chunk at a time: the descriptor is the first signature whose
   * compressed-size field equals the number of bytes before it (32- or 64-bit), which random data cannot fake in
   * practice. Leaves the descriptor unread.
   */
  async *streamToDescriptor(): AsyncGenerator<Buffer> {
    let emitted = 0;
    for (;;) {
      const buf = this.buf;
      let pending = -1; // a candidate whose fields are not all buffered yet
      for (let p = buf.indexOf(DESCRIPTOR_SIG); p >= 0; p = buf.indexOf(DESCRIPTOR_SIG, p + 1)) {
        if (buf.length < p + 24 && !this.ended) {
          pending = p;
          break;
        }
        const size = emitted + p;
        const small = buf.length >= p + 16 && buf.readUInt32LE(p + 8) === size;
        const large = buf.length >= p + 24 && Number(buf.readBigUInt64LE(p + 8)) === size;
        if (small || large) {
          if (p > 0) yield buf.subarray(0, p);
          this.buf = buf.subarray(p);
          return;
        }
      }
      // safe to pass on: everything before a pending candidate, else all but the last 3 bytes (a signature may start there)
      const cut = pending >= 0 ? pending : Math.max(0, buf.length - 3);
      if (cut > 0) {
        yield buf.subarray(0, cut);
        emitted += cut;
        this.buf = buf.subarray(cut);
      }
      if (this.ended) throw new ZipFormatError('the file ends in the middle of an entry');
      await this.fill(this.buf.length + 1);
    }
  }
}

export interface ZipEntry {
  name: string;
  /** the entry's uncompressed bytes, a chunk at a time; must be read through or skipped (`skip`) before the next entry */
  chunks(): AsyncGenerator<Buffer>;
  /** the entry's raw (still compressed) bytes, to keep and inflate later with `inflateRaw` */
  raw(): AsyncGenerator<Buffer>;
  method: number;
}

/** Inflates a deflated entry's raw bytes (method 8) or passes a stored one (method 0) through. */
export async function* inflateEntry(method: number, raw: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  if (method === 0) {
    yield* raw;
    return;
  }
  const inflater = createInflateRaw({ chunkSize: 128 * 1024 });
  let failed: unknown = null;
  const feed = (async () => {
    try {
      for await (const c of raw) {
        if (!inflater.write(c)) await once(inflater, 'drain');
      }
      inflater.end();
    } catch (e) {
      failed = e;
      inflater.destroy(e instanceof Error ? e : new Error(String(e)));
    }
  })();
  try {
    for await (const out of inflater) yield out as Buffer;
  } catch (e) {
    if (failed) throw failed;
    throw new ZipFormatError(`a part of the file cannot be decompressed (${e instanceof Error ? e.message : String(e)})`);
  } finally {
    if (!inflater.destroyed) inflater.destroy();
  }
  await feed;
  if (failed) throw failed;
}

/**
 * The entries of a zip stream in the order they are stored. The consumer must finish each entry (read its
 * chunks or raw bytes, or do neither and let the reader skip it) before asking for the next.
 */
export async function* zipEntries(input: Readable | AsyncIterable<Buffer>): AsyncGenerator<ZipEntry> {
  const src = new ByteSource(input as AsyncIterable<Buffer>);
  for (;;) {
    if (!(await src.fill(4))) {
      if (src.buffered === 0) throw new ZipFormatError('the file ends before the zip directory');
      throw new ZipFormatError('the file ends in the middle of a zip header');
    }
    const sig = src.peek().readUInt32LE(0);
    if (sig === CENTRAL_HEADER || sig === END_OF_CENTRAL) return; // the directory: every entry has been read
    if (sig !== LOCAL_HEADER) throw new ZipFormatError('not a zip entry where one was expected');
    const h = await src.take(30);
    const flags = h.readUInt16LE(6);
    const method = h.readUInt16LE(8);
    let compressed = h.readUInt32LE(18);
    const nameLen = h.readUInt16LE(26);
    const extraLen = h.readUInt16LE(28);
    const name = (await src.take(nameLen)).toString(flags & 0x800 ? 'utf8' : 'latin1');
    const extra = await src.take(extraLen);
    if (flags & 0x1) throw new ZipFormatError('the workbook is encrypted (password-protected)');
    if (method !== 0 && method !== 8) throw new ZipFormatError(`unsupported compression method ${method}`);
    if (compressed === 0xffffffff) {
      // zip64: the sizes are in the extra field 0x0001 (uncompressed first, then compressed)
      for (let i = 0; i + 4 <= extra.length; ) {
        const id = extra.readUInt16LE(i);
        const len = extra.readUInt16LE(i + 2);
        if (id === 0x0001 && len >= 16) compressed = Number(extra.readBigUInt64LE(i + 12));
        i += 4 + len;
      }
    }
    const described = (flags & 0x8) !== 0;
    let state: 'fresh' | 'reading' | 'done' = 'fresh';
    const rawBytes = async function* (): AsyncGenerator<Buffer> {
      if (state !== 'fresh') throw new Error('a zip entry is read once');
      state = 'reading';
      if (described) yield* src.streamToDescriptor();
      else yield* src.stream(compressed);
      if (described) {
        await src.fill(28); // the descriptor and the signature after it, where the file has them
        const d = src.peek();
        if (d.length < 16 || d.readUInt32LE(0) !== DESCRIPTOR) throw new ZipFormatError('a data descriptor is missing');
        // 32-bit sizes (16 bytes) or 64-bit (24): whichever the next header follows
        const isHeader = (at: number) => d.length >= at + 4 && [LOCAL_HEADER, CENTRAL_HEADER, END_OF_CENTRAL].includes(d.readUInt32LE(at));
        await src.take(isHeader(16) || !isHeader(24) ? 16 : 24);
      }
      state = 'done';
    };
    yield {
      name,
      method,
      raw: rawBytes,
      chunks: () => inflateEntry(method, rawBytes()),
    };
    if (state === 'fresh') for await (const _ of rawBytes()) void _;
    else if (state === 'reading') throw new Error('a zip entry was left half read');
  }
}
