import { createCipheriv, createDecipheriv, type Cipher, randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';

const FLUSH_BYTES = 16 * 1024;

export interface SpoolState {
  dir: string;
  name: string;
  count: number;
  key: Uint8Array;
  ivs: Uint8Array[];
  /** spools adopted by this one (Spool.adopt) */
  also?: SpoolState[];
}

/**
 * Lines appended to numbered partition files in a private temporary folder and read back one partition at a time:
 * how the import joins members to households without holding the file in memory (a partitioned hash join on the
 * household's 序号). The files hold personal data, so they are encrypted with a key that exists only in this
 * process's memory (AES-256-CTR, one IV per file) and deleted when the import ends.
 */
export class Spool {
  private readonly key: Buffer;
  private readonly parts: Array<{ fd: number | null; iv: Buffer; cipher: Cipher | null; buf: string[]; bytes: number }>;
  private readonly also: Spool[] = [];

  constructor(
    private readonly dir: string,
    private readonly name: string,
    readonly count: number,
    /** an existing spool's key and IVs (SpoolState): to read it from another thread */
    state?: { key: Uint8Array; ivs: Uint8Array[] },
  ) {
    this.key = state ? Buffer.from(state.key) : randomBytes(32);
    this.parts = Array.from({ length: count }, (_, p) => {
      const iv = state ? Buffer.from(state.ivs[p]) : randomBytes(16);
      return { fd: null, iv, cipher: state ? null : createCipheriv('aes-256-ctr', this.key, iv), buf: [], bytes: 0 };
    });
  }

  /** What another thread of this process needs to read the partitions (after flush()): never leaves the process. */
  stateForThread(): SpoolState {
    return { dir: this.dir, name: this.name, count: this.count, key: new Uint8Array(this.key), ivs: this.parts.map((p) => new Uint8Array(p.iv)), also: this.also.map((a) => a.stateForThread()) };
  }

  static forReading(s: SpoolState): Spool {
    const spool = new Spool(s.dir, s.name, s.count, s);
    for (const a of s.also ?? []) spool.adopt(a);
    return spool;
  }

  /**
   * Takes in a spool another thread wrote with as many partitions (its state, after it flushed and closed it): reading
   * a partition then gives this spool's lines followed by the other's.
   */
  adopt(other: SpoolState): void {
    if (other.count !== this.count) throw new Error(`a spool of ${other.count} partitions cannot join one of ${this.count}`);
    this.also.push(Spool.forReading(other));
  }

  private file(p: number): string {
    return path.join(this.dir, `${this.name}-${p}.bin`);
  }

  /** The partition of a key (FNV-1a). */
  partitionOf(key: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) {
      h ^= key.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    return (h >>> 0) % this.count;
  }

  append(p: number, line: string): void {
    const part = this.parts[p];
    part.buf.push(line, '\n');
    part.bytes += line.length + 1;
    if (part.bytes >= FLUSH_BYTES) this.flushPart(p);
  }

  private flushPart(p: number): void {
    const part = this.parts[p];
    if (part.buf.length === 0) return;
    if (!part.cipher) throw new Error('this spool is open for reading only');
    if (part.fd === null) part.fd = openSync(this.file(p), 'a', 0o600);
    const enc = part.cipher.update(Buffer.from(part.buf.join(''), 'utf8'));
    writeSync(part.fd, enc);
    part.buf = [];
    part.bytes = 0;
  }

  flush(): void {
    for (let p = 0; p < this.count; p++) this.flushPart(p);
  }

  /** Every line of a partition (flushes it first), then those of the adopted spools. */
  read(p: number): string[] {
    this.flushPart(p);
    const f = this.file(p);
    let lines: string[] = [];
    if (existsSync(f)) {
      const d = createDecipheriv('aes-256-ctr', this.key, this.parts[p].iv);
      const text = Buffer.concat([d.update(readFileSync(f)), d.final()]).toString('utf8');
      lines = text.split('\n');
      lines.pop();
    }
    for (const a of this.also) for (const l of a.read(p)) lines.push(l);
    return lines;
  }

  /** The lines of a partition, a megabyte at a time (flushes it first), then those of the adopted spools. */
  *lines(p: number): Generator<string> {
    this.flushPart(p);
    const f = this.file(p);
    if (existsSync(f)) yield* this.fileLines(f, this.parts[p].iv);
    for (const a of this.also) yield* a.lines(p);
  }

  private *fileLines(f: string, iv: Buffer): Generator<string> {
    const d = createDecipheriv('aes-256-ctr', this.key, iv);
    const fd = openSync(f, 'r');
    try {
      const chunk = Buffer.alloc(1024 * 1024);
      const utf8 = new StringDecoder('utf8');
      let rest = '';
      for (;;) {
        const n = readSync(fd, chunk, 0, chunk.length, null);
        if (n === 0) break;
        const text = rest + utf8.write(d.update(chunk.subarray(0, n)));
        const parts = text.split('\n');
        rest = parts.pop()!;
        yield* parts;
      }
      if (rest) yield rest;
    } finally {
      closeSync(fd);
    }
  }

  close(): void {
    for (const part of this.parts) {
      if (part.fd !== null) closeSync(part.fd);
      part.fd = null;
      part.buf = [];
    }
  }
}
