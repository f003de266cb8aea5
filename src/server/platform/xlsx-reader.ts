/**
 * Streams the rows of an .xlsx workbook without holding it: the zip is read front to back (zip-stream), each part
 * inflated as it arrives, and the sheet XML scanned directly for rows and cells (SpreadsheetML's row/cell shape is
 * fixed, so a scanner over the text is exact and several times cheaper than a general XML parser building events and
 * objects per node). Shared strings are kept as UTF-8 in one buffer (CompactStrings); a sheet stored in the zip
 * before the shared strings or styles it refers to (Excel writes them last) is kept compressed in an encrypted
 * temporary file and read once they are known.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { inflateEntry, type ZipEntry, zipEntries } from './zip-stream';

export type Cell = { t: 'empty' } | { t: 'text'; s: string } | { t: 'number'; n: number } | { t: 'bool'; b: boolean } | { t: 'date'; d: Date } | { t: 'error'; e: string };

export const EMPTY_CELL: Cell = Object.freeze({ t: 'empty' }) as Cell;

export interface SheetVisitor {
  row(rowNumber: number, cells: Cell[]): void | Promise<void>;
  end?(): void | Promise<void>;
}

export class WorkbookFormatError extends Error {}

const damaged = () => new WorkbookFormatError('a sheet of the workbook is damaged (its XML is incomplete)');

/**
 * The workbook's shared-string table, kept as UTF-8 in one growing buffer with an offset per string. A province's
 * file holds well over a million distinct strings (names, addresses, ID numbers); as JavaScript strings they take
 * hundreds of megabytes, here a few tens.
 */
export class CompactStrings {
  // in shared memory from the start: another thread can then read the table where it is (share), without a copy
  private buf: Buffer<ArrayBufferLike> = Buffer.from(new SharedArrayBuffer(1 << 20));
  private used = 0;
  private offsets: Float64Array<ArrayBufferLike> = new Float64Array(new SharedArrayBuffer(8 << 16));
  private n = 0;
  private shared: SharedStrings | null = null;

  get size(): number {
    return this.n;
  }

  push(s: string): void {
    if (this.shared) throw new Error('a shared string table is read-only');
    const need = Buffer.byteLength(s, 'utf8');
    if (this.used + need > this.buf.length) {
      const next = Buffer.from(new SharedArrayBuffer(Math.max(this.buf.length * 2, this.used + need)));
      this.buf.copy(next, 0, 0, this.used);
      this.buf = next;
    }
    if (this.n + 2 > this.offsets.length) {
      const next = new Float64Array(new SharedArrayBuffer(16 * this.offsets.length));
      next.set(this.offsets);
      this.offsets = next;
    }
    this.offsets[this.n] = this.used;
    this.used += this.buf.write(s, this.used, 'utf8');
    this.n++;
    this.offsets[this.n] = this.used;
  }

  get(i: number): string | undefined {
    if (!(i >= 0 && i < this.n)) return undefined;
    return this.buf.toString('utf8', this.offsets[i], this.offsets[i + 1]);
  }

  /** The table as another thread can read it, where it is (CompactStrings.fromShared). Nothing may be pushed afterwards. */
  share(): SharedStrings {
    this.shared ??= { bytes: this.buf.buffer as SharedArrayBuffer, offsets: this.offsets.buffer as SharedArrayBuffer, n: this.n };
    return this.shared;
  }

  static fromShared(s: SharedStrings): CompactStrings {
    const t = new CompactStrings();
    t.buf = Buffer.from(s.bytes);
    t.offsets = new Float64Array(s.offsets);
    t.n = s.n;
    t.used = s.n > 0 ? t.offsets[s.n] : 0;
    t.shared = s;
    return t;
  }
}

/** A shared-string table as another thread of this process receives it (CompactStrings.share). */
export interface SharedStrings {
  bytes: SharedArrayBuffer;
  offsets: SharedArrayBuffer;
  n: number;
}

// ───────────────────────── XML text ─────────────────────────

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#(\d+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** OOXML's escape for characters XML cannot carry (_x000D_ is a carriage return; _x005F_ an underscore). */
const OOXML_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/** XML character data to text: entities, then OOXML's _xHHHH_ escapes. */
export function xmlText(s: string): string {
  if (s.indexOf('&') >= 0) s = s.replace(ENTITY, (_, hex: string | undefined, dec: string | undefined, name: string | undefined) => (name ? NAMED[name] : String.fromCodePoint(hex ? parseInt(hex, 16) : Number(dec))));
  if (s.indexOf('_x') >= 0) s = s.replace(OOXML_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return s;
}

/** The attributes of every element `tag` in a small XML part (workbook, relationships, content types, styles). */
function elements(xml: string, tag: string): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = [];
  const re = new RegExp(`<(?:\\w+:)?${tag}\\b([^>]*)>`, 'g');
  for (const m of xml.matchAll(re)) {
    const attrs: Record<string, string> = {};
    for (const a of m[1].matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[a[1]] = xmlText(a[2] ?? a[3] ?? '');
    out.push(attrs);
  }
  return out;
}

/**
 * The element names the scanners look for, with the namespace prefix the part uses (most writers use none; some
 * write <x:row>, <x:c>).
 */
interface Tags {
  row: string;
  rowEnd: string;
  c: string;
  cEnd: string;
  v: string;
  vEnd: string;
  is: string;
  si: string;
  siEnd: string;
  t: string;
  tEnd: string;
  rPh: string;
  rPhEnd: string;
}

function tagsOf(prefix: string): Tags {
  const o = (n: string) => `<${prefix}${n}`;
  const e = (n: string) => `</${prefix}${n}>`;
  return { row: o('row'), rowEnd: e('row'), c: o('c'), cEnd: e('c'), v: o('v'), vEnd: e('v'), is: o('is'), si: o('si'), siEnd: e('si'), t: o('t'), tEnd: e('t'), rPh: o('rPh'), rPhEnd: e('rPh') };
}

const PLAIN = tagsOf('');

/** The prefix of a part's root element (e.g. sst, worksheet), once its start has been read; null before. */
function prefixOf(text: string, root: string): string | null {
  const m = new RegExp(`<(\\w+:)?${root}\\b`).exec(text);
  return m ? (m[1] ?? '') : null;
}

const isTagEnd = (c: number) => c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13;

/**
 * Where the next phonetic run (<rPh>) of a piece of text starts, found once and moved forward only: looking it up
 * afresh for every string item would scan the rest of the piece each time (most files have none).
 */
class PhoneticCursor {
  private text = '';
  /** -2: not looked up yet in this text; -1: none left */
  private at = -2;

  constructor(private readonly tag: string) {}

  /** The first phonetic run at or after p in text, or -1. Calls on one text must not go backwards. */
  next(text: string, p: number): number {
    if (text !== this.text) {
      this.text = text;
      this.at = -2;
    }
    if (this.at === -2 || (this.at >= 0 && this.at < p)) this.at = text.indexOf(this.tag, p);
    return this.at;
  }
}

/**
 * The text of a string item (<si> or <is>) between from and to: the <t> runs joined, phonetic runs (<rPh>) left out.
 */
function itemText(text: string, from: number, to: number, tags: Tags, phonetic: PhoneticCursor): string {
  let out = '';
  let p = from;
  const tLen = tags.t.length;
  for (;;) {
    const t = text.indexOf(tags.t, p);
    if (t < 0 || t >= to) break;
    const ph = phonetic.next(text, p);
    if (ph >= 0 && ph < t) {
      const close = text.indexOf(tags.rPhEnd, ph);
      p = close < 0 ? to : close + tags.rPhEnd.length;
      continue;
    }
    if (!isTagEnd(text.charCodeAt(t + tLen))) {
      p = t + tLen;
      continue;
    }
    const open = text.indexOf('>', t);
    if (open < 0 || open > to) break;
    if (text.charCodeAt(open - 1) === 47) {
      p = open + 1; // <t/>
      continue;
    }
    const close = text.indexOf(tags.tEnd, open);
    if (close < 0 || close > to) break;
    out += text.slice(open + 1, close);
    p = close + tags.tEnd.length;
  }
  return out.indexOf('&') >= 0 || out.indexOf('_x') >= 0 ? xmlText(out) : out;
}

/** Decoded text of a part, a piece at a time, cut where `cutAt` says a complete item ends. */
async function* textPieces(chunks: AsyncIterable<Buffer>, cutAt: (text: string) => number, signal?: AbortSignal): AsyncGenerator<string> {
  const utf8 = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of chunks) {
    if (signal?.aborted) throw new Error('import aborted');
    const text = rest + utf8.write(chunk);
    const cut = cutAt(text);
    if (cut <= 0) {
      rest = text;
      continue;
    }
    rest = text.slice(cut);
    yield text.slice(0, cut);
  }
  const last = rest + utf8.end();
  if (last) yield last;
}

async function wholeText(chunks: AsyncIterable<Buffer>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts).toString('utf8');
}

// ───────────────────────── shared strings and styles ─────────────────────────

async function readSharedStrings(chunks: AsyncIterable<Buffer>, strings: CompactStrings, signal?: AbortSignal): Promise<void> {
  let tags: Tags | null = null;
  const cut = (text: string) => {
    if (!tags) {
      const prefix = prefixOf(text, 'sst');
      if (prefix === null) return 0;
      tags = tagsOf(prefix);
    }
    const i = text.lastIndexOf(tags.siEnd);
    return i < 0 ? 0 : i + tags.siEnd.length;
  };
  let phonetic: PhoneticCursor | null = null;
  for await (const text of textPieces(chunks, cut, signal)) {
    const tg: Tags = tags ?? PLAIN;
    phonetic ??= new PhoneticCursor(tg.rPh);
    const siLen = tg.si.length;
    let p = 0;
    for (;;) {
      const si = text.indexOf(tg.si, p);
      if (si < 0) break;
      if (!isTagEnd(text.charCodeAt(si + siLen))) {
        p = si + siLen;
        continue;
      }
      const open = text.indexOf('>', si);
      if (open < 0) throw damaged();
      if (text.charCodeAt(open - 1) === 47) {
        strings.push('');
        p = open + 1;
        continue;
      }
      const close = text.indexOf(tg.siEnd, open);
      if (close < 0) throw damaged();
      strings.push(itemText(text, open + 1, close, tg, phonetic));
      p = close + tg.siEnd.length;
    }
  }
}

/** Built-in number formats that show a date or time (14–22; 27–36 and 50–58 in the Chinese, Japanese and Korean locales; 45–47). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a custom number format shows a date or time: date letters outside quoted text and [...] sections. */
export function isDateFormat(code: string): boolean {
  const bare = code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '').replace(/\\./g, '');
  return /[ymdhsb]/i.test(bare.replace(/General/gi, ''));
}

/** Per cell style index: whether numbers in it are dates. */
function dateStyles(xml: string): boolean[] {
  const custom = new Map<number, string>();
  for (const f of elements(xml, 'numFmt')) custom.set(Number(f.numFmtId), f.formatCode ?? '');
  const start = xml.indexOf('<cellXfs');
  if (start < 0) return [];
  const end = xml.indexOf('</cellXfs>', start);
  return elements(xml.slice(start, end < 0 ? undefined : end), 'xf').map((xf) => {
    const id = Number(xf.numFmtId ?? 0);
    const code = custom.get(id);
    return code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id);
  });
}

// ───────────────────────── sheets ─────────────────────────

interface SheetContext {
  strings: CompactStrings;
  phonetic: PhoneticCursor | null;
  dateStyle: boolean[];
  date1904: boolean;
}

function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

function textCell(s: string): Cell {
  return s.trim() === '' ? EMPTY_CELL : { t: 'text', s };
}

/** The cell between `open` (after the tag's '>') and `close` (at '</c>') of the given type and style. */
function cellValue(text: string, open: number, close: number, type: string, style: number, ctx: SheetContext, tags: Tags): Cell {
  if (type === 'inlineStr') {
    const is = text.indexOf(tags.is, open);
    return is < 0 || is >= close ? EMPTY_CELL : textCell(itemText(text, is, close, tags, (ctx.phonetic ??= new PhoneticCursor(tags.rPh))));
  }
  let v = text.indexOf(tags.v, open);
  if (v < 0 || v >= close) return EMPTY_CELL; // a formula without a cached value
  v = text.indexOf('>', v);
  if (v < 0 || v >= close) throw damaged();
  if (text.charCodeAt(v - 1) === 47) return EMPTY_CELL;
  const vEnd = text.indexOf(tags.vEnd, v);
  if (vEnd < 0 || vEnd > close) throw damaged();
  const raw = text.slice(v + 1, vEnd);
  switch (type) {
    case 's': {
      const s = ctx.strings.get(Number(raw));
      return s === undefined ? { t: 'error', e: `shared string ${raw} missing` } : textCell(s);
    }
    case 'str':
      return textCell(xmlText(raw));
    case 'b':
      return { t: 'bool', b: raw === '1' || raw === 'true' };
    case 'e':
      return { t: 'error', e: xmlText(raw) };
    case 'd': {
      const d = new Date(raw);
      return Number.isNaN(d.getTime()) ? { t: 'error', e: 'invalid date' } : { t: 'date', d };
    }
    default: {
      const n = Number(raw);
      if (!Number.isFinite(n) || raw === '') return raw.trim() === '' ? EMPTY_CELL : { t: 'error', e: raw };
      if (style > 0 && ctx.dateStyle[style]) {
        const d = excelDate(n, ctx.date1904);
        return Number.isNaN(d.getTime()) ? { t: 'error', e: 'invalid date' } : { t: 'date', d };
      }
      return { t: 'number', n };
    }
  }
}

/** The number of the row whose tag is at r (its r attribute, or the one after the previous row). */
function rowNumber(text: string, r: number, tagEnd: number, lastRow: number): number {
  let rowNo = 0;
  const ra = text.indexOf(' r="', r);
  if (ra >= 0 && ra < tagEnd)
    for (let k = ra + 4; ; k++) {
      const c = text.charCodeAt(k);
      if (c < 48 || c > 57) break;
      rowNo = rowNo * 10 + (c - 48);
    }
  return rowNo === 0 ? lastRow + 1 : rowNo;
}

/** The last row number in text (complete rows only), found as scanRows finds it without reading any cell. */
function lastRowIn(text: string, lastRow: number, tags: Tags): number {
  const rowLen = tags.row.length;
  let pos = 0;
  for (;;) {
    const r = text.indexOf(tags.row, pos);
    if (r < 0) return lastRow;
    if (!isTagEnd(text.charCodeAt(r + rowLen))) {
      pos = r + rowLen;
      continue;
    }
    const tagEnd = text.indexOf('>', r);
    if (tagEnd < 0) throw damaged();
    lastRow = rowNumber(text, r, tagEnd, lastRow);
    if (text.charCodeAt(tagEnd - 1) === 47) {
      pos = tagEnd + 1;
      continue;
    }
    const rowEnd = text.indexOf(tags.rowEnd, tagEnd);
    if (rowEnd < 0) throw damaged();
    pos = rowEnd + tags.rowEnd.length;
  }
}

/** Scans the rows in text (complete rows only) and hands each to the visitor, in order. Returns the last row number. */
async function scanRows(text: string, ctx: SheetContext, visitor: SheetVisitor, lastRow: number, tags: Tags): Promise<number> {
  const rowLen = tags.row.length;
  const cLen = tags.c.length;
  let pos = 0;
  for (;;) {
    const r = text.indexOf(tags.row, pos);
    if (r < 0) break;
    if (!isTagEnd(text.charCodeAt(r + rowLen))) {
      pos = r + rowLen;
      continue;
    }
    const tagEnd = text.indexOf('>', r);
    if (tagEnd < 0) throw damaged();
    const rowNo = rowNumber(text, r, tagEnd, lastRow);
    lastRow = rowNo;
    const cells: Cell[] = [];
    if (text.charCodeAt(tagEnd - 1) === 47) {
      pos = tagEnd + 1;
      const done = visitor.row(rowNo, cells);
      if (done) await done;
      continue;
    }
    const rowEnd = text.indexOf(tags.rowEnd, tagEnd);
    if (rowEnd < 0) throw damaged();
    const limit = rowEnd;
    let col = 0;
    let p = tagEnd + 1;
    for (;;) {
      const c0 = text.indexOf(tags.c, p);
      if (c0 < 0 || c0 >= limit) break;
      if (!isTagEnd(text.charCodeAt(c0 + cLen))) {
        p = c0 + cLen;
        continue;
      }
      const cEnd = text.indexOf('>', c0);
      if (cEnd < 0 || cEnd > limit) throw damaged();
      // attributes: r (reference), s (style), t (type)
      let refCol = 0;
      let style = 0;
      let type = '';
      for (let k = c0 + cLen; k < cEnd; ) {
        const ch = text.charCodeAt(k);
        if (ch <= 32 || ch === 47) {
          k++;
          continue;
        }
        const eq = text.indexOf('=', k);
        if (eq < 0 || eq > cEnd) break;
        const quote = text.charCodeAt(eq + 1) === 39 ? "'" : '"';
        const vStart = eq + 2;
        const vEnd = text.indexOf(quote, vStart);
        if (vEnd < 0 || vEnd > cEnd) throw damaged();
        if (eq - k === 1) {
          const name = text.charCodeAt(k);
          if (name === 114) {
            for (let j = vStart; j < vEnd; j++) {
              const cc = text.charCodeAt(j);
              if (cc < 65 || cc > 90) break;
              refCol = refCol * 26 + (cc - 64);
            }
          } else if (name === 115) {
            for (let j = vStart; j < vEnd; j++) style = style * 10 + (text.charCodeAt(j) - 48);
          } else if (name === 116) type = text.slice(vStart, vEnd);
        }
        k = vEnd + 1;
      }
      col = refCol > 0 ? refCol : col + 1;
      if (text.charCodeAt(cEnd - 1) === 47) {
        p = cEnd + 1;
        continue; // no value
      }
      const close = text.indexOf(tags.cEnd, cEnd);
      if (close < 0 || close > limit) throw damaged();
      const cell = cellValue(text, cEnd + 1, close, type, style, ctx, tags);
      p = close + tags.cEnd.length;
      if (cell !== EMPTY_CELL) cells[col - 1] = cell;
    }
    for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = EMPTY_CELL;
    pos = rowEnd + tags.rowEnd.length;
    const done = visitor.row(rowNo, cells);
    if (done) await done;
  }
  return lastRow;
}

/**
 * A piece of a sheet's XML (complete rows), handed to another thread to scan there (SheetPieces): its text, the
 * namespace prefix of the sheet's elements and the number of the row before it.
 */
export interface SheetPiece {
  text: string;
  prefix: string;
  lastRow: number;
}

/** Asked before each piece of a sheet is scanned: true when another thread takes it (and this one skips it). */
export type ShareRows = (piece: SheetPiece) => boolean;

async function readSheet(chunks: AsyncIterable<Buffer>, ctx: SheetContext, visitor: SheetVisitor, signal?: AbortSignal, share?: ShareRows): Promise<void> {
  // a piece ends where the last row begins: every row before it is complete
  let tags: Tags | null = null;
  let prefix: string | null = null;
  const cut = (text: string) => {
    if (!tags) {
      prefix = prefixOf(text, 'worksheet') ?? prefixOf(text, 'chartsheet') ?? prefixOf(text, 'dialogsheet');
      if (prefix === null) return 0;
      tags = tagsOf(prefix);
    }
    const i = text.lastIndexOf(tags.row);
    return i < 0 ? 0 : i;
  };
  let lastRow = 0;
  for await (const text of textPieces(chunks, cut, signal)) {
    const tg: Tags = tags ?? PLAIN;
    if (share && prefix !== null && share({ text, prefix, lastRow })) {
      lastRow = lastRowIn(text, lastRow, tg);
      continue;
    }
    ctx.phonetic ??= new PhoneticCursor(tg.rPh);
    lastRow = await scanRows(text, ctx, visitor, lastRow, tg);
  }
  await visitor.end?.();
}

/** Scans pieces of a kept sheet that the thread reading it handed over (readKeptSheet's `share`). */
export class SheetPieces {
  private readonly ctx: SheetContext;
  private readonly tags = new Map<string, Tags>();

  constructor(sheet: KeptSheet) {
    this.ctx = keptContext(sheet);
  }

  /** The piece's rows to the visitor, in order (its `end` is not called: the sheet ends where it is read). */
  async scan(piece: SheetPiece, visitor: SheetVisitor): Promise<void> {
    let tags = this.tags.get(piece.prefix);
    if (!tags) this.tags.set(piece.prefix, (tags = tagsOf(piece.prefix)));
    this.ctx.phonetic = new PhoneticCursor(tags.rPh);
    await scanRows(piece.text, this.ctx, visitor, piece.lastRow, tags);
  }
}

// ───────────────────────── the workbook ─────────────────────────

const CT_SHEET = /spreadsheetml\.(?:worksheet|chartsheet|dialogsheet)\+xml$/;
const CT_STRINGS = /spreadsheetml\.sharedStrings\+xml$/;
const CT_STYLES = /spreadsheetml\.styles\+xml$/;
const CT_WORKBOOK = /(?:spreadsheetml\.(?:sheet|template)\.main|ms-excel\.(?:sheet|template)\.macroEnabled\.main)\+xml$/;

/** A part kept for later: its compressed bytes in an encrypted temporary file. */
class KeptPart {
  readonly key = randomBytes(32);
  readonly iv = randomBytes(16);
  constructor(
    readonly file: string,
    readonly method: number,
  ) {}

  async write(raw: AsyncIterable<Buffer>): Promise<void> {
    // a pipeline closes the file on every outcome (a file cut short must not leave it open or half-written)
    await pipeline(raw, createCipheriv('aes-256-ctr', this.key, this.iv), createWriteStream(this.file, { mode: 0o600 }));
  }

  chunks(): AsyncGenerator<Buffer> {
    return keptChunks(this);
  }
}

function keptChunks(k: { file: string; method: number; key: Uint8Array; iv: Uint8Array }): AsyncGenerator<Buffer> {
  return inflateEntry(k.method, createReadStream(k.file).pipe(createDecipheriv('aes-256-ctr', k.key, k.iv)));
}

/**
 * A sheet kept for later, as another thread of this process receives it to read it there (readKeptSheet): where its
 * encrypted bytes are and their key (never leaves the process), and what its cells refer to.
 */
export interface KeptSheet {
  part: { file: string; method: number; key: Uint8Array; iv: Uint8Array };
  strings: SharedStrings;
  dateStyle: boolean[];
  date1904: boolean;
}

/** What a kept sheet's cells refer to, as another thread reads them (the strings where they are). */
function keptContext(sheet: KeptSheet): SheetContext {
  return { strings: CompactStrings.fromShared(sheet.strings), dateStyle: sheet.dateStyle, date1904: sheet.date1904, phonetic: null };
}

/**
 * Reads a sheet handed over by readWorkbook's `elsewhere`, row by row like readWorkbook's visitors. `share` may hand
 * pieces of it (whole rows, in order) to yet another thread, which scans them with SheetPieces.
 */
export async function readKeptSheet(sheet: KeptSheet, visitor: SheetVisitor, signal?: AbortSignal, share?: ShareRows): Promise<void> {
  await readSheet(keptChunks(sheet.part), keptContext(sheet), visitor, signal, share);
}

const partName = (p: string) => p.replace(/^\//, '');

/**
 * Streams a workbook sheet by sheet and row by row. `visit` chooses a visitor per sheet name or skips the sheet (a
 * skipped sheet is not even decompressed). Rows arrive in order with their 1-based number and cells (index 0 is
 * column A; cells between are empty), numbers in a date format as dates. Returns the names of every sheet in the
 * workbook's order. A file that is not a readable workbook throws WorkbookFormatError (or ZipFormatError).
 *
 * A sheet stored before what it refers to is kept and read at the end. `elsewhere` may take such a sheet to read it
 * in another thread (readKeptSheet) while this one reads the rest: it is asked first, in the workbook's order, and
 * returns the reading's promise (or null to leave the sheet to `visit`); `stop` tells it to give up (a reading here
 * failed, or `signal` aborted). readWorkbook returns when every reading has ended, and throws the first failure.
 */
export async function readWorkbook(
  input: Readable,
  visit: (sheetName: string) => SheetVisitor | null,
  signal?: AbortSignal,
  opts: { elsewhere?: (sheetName: string) => ((sheet: KeptSheet, stop: AbortSignal) => Promise<void>) | null } = {},
): Promise<string[]> {
  let contentTypes: Map<string, string> | null = null;
  let workbookPath: string | null = null;
  let sheetsOfWorkbook: Array<{ name: string; rid: string }> | null = null;
  let date1904 = false;
  let rels: Map<string, string> | null = null;
  let dateStyle: boolean[] | null = null;
  const strings = new CompactStrings();
  let stringsRead = false;
  const kept = new Map<string, KeptPart>();
  const done = new Set<string>();
  let dir: string | null = null;

  const typeOf = (name: string): string | undefined => contentTypes?.get(name);
  const isWorkbook = (name: string) => (contentTypes ? CT_WORKBOOK.test(typeOf(name) ?? '') : name === 'xl/workbook.xml');
  const isRels = (name: string) => workbookPath !== null && name === path.posix.join(path.posix.dirname(workbookPath), '_rels', `${path.posix.basename(workbookPath)}.rels`);
  const isStrings = (name: string) => (contentTypes ? CT_STRINGS.test(typeOf(name) ?? '') : name === 'xl/sharedStrings.xml');
  const isStyles = (name: string) => (contentTypes ? CT_STYLES.test(typeOf(name) ?? '') : name === 'xl/styles.xml');
  const isSheet = (name: string) => (contentTypes ? CT_SHEET.test(typeOf(name) ?? '') : /^xl\/(?:worksheets|chartsheets|dialogsheets)\/[^/]+\.xml$/.test(name));
  const hasPart = (re: RegExp) => contentTypes !== null && [...contentTypes.values()].some((t) => re.test(t));
  /** Whether a sheet can be read as it arrives: everything it refers to has been read (or the file has none). */
  const ready = () => sheetsOfWorkbook !== null && rels !== null && contentTypes !== null && (stringsRead || !hasPart(CT_STRINGS)) && (dateStyle !== null || !hasPart(CT_STYLES));
  /** The sheet name of a part, from the workbook and its relationships. */
  const nameOfPart = (part: string): string | null => {
    if (!sheetsOfWorkbook || !rels || !workbookPath) return null;
    for (const s of sheetsOfWorkbook) {
      const target = rels.get(s.rid);
      if (!target) continue;
      const full = target.startsWith('/') ? partName(target) : path.posix.normalize(path.posix.join(path.posix.dirname(workbookPath), target));
      if (full === part) return s.name;
    }
    return null;
  };
  const ctx = (): SheetContext => ({ strings, dateStyle: dateStyle ?? [], date1904, phonetic: null });
  const readPart = async (part: string, chunks: () => AsyncIterable<Buffer>) => {
    const name = nameOfPart(part);
    done.add(part);
    if (name === null) return; // a part no sheet of the workbook refers to
    const visitor = visit(name);
    if (visitor) await readSheet(chunks(), ctx(), visitor, signal);
  };

  try {
    for await (const entry of zipEntries(input) as AsyncGenerator<ZipEntry>) {
      if (signal?.aborted) throw new Error('import aborted');
      const name = entry.name;
      if (name === '[Content_Types].xml') {
        const xml = await wholeText(entry.chunks());
        contentTypes = new Map();
        for (const o of elements(xml, 'Override')) if (o.PartName) contentTypes.set(partName(o.PartName), o.ContentType ?? '');
        if (!workbookPath) workbookPath = [...contentTypes].find(([, t]) => CT_WORKBOOK.test(t))?.[0] ?? null;
      } else if (isWorkbook(name)) {
        const xml = await wholeText(entry.chunks());
        workbookPath = name;
        // the relationship id's attribute is r:id, whatever prefix the writer gave the namespace
        sheetsOfWorkbook = elements(xml, 'sheet').map((s) => ({ name: s.name ?? '', rid: Object.entries(s).find(([k]) => k.endsWith(':id'))?.[1] ?? s.id ?? '' }));
        const pr = elements(xml, 'workbookPr')[0];
        date1904 = pr?.date1904 === '1' || pr?.date1904 === 'true';
      } else if (name.endsWith('.rels') && (isRels(name) || (!workbookPath && name === 'xl/_rels/workbook.xml.rels'))) {
        const xml = await wholeText(entry.chunks());
        rels = new Map(elements(xml, 'Relationship').map((r) => [r.Id ?? '', r.Target ?? '']));
        if (!workbookPath) workbookPath = 'xl/workbook.xml';
      } else if (isStrings(name)) {
        await readSharedStrings(entry.chunks(), strings, signal);
        stringsRead = true;
      } else if (isStyles(name)) {
        dateStyle = dateStyles(await wholeText(entry.chunks()));
      } else if (isSheet(name)) {
        if (ready()) await readPart(name, () => entry.chunks());
        else {
          dir ??= mkdtempSync(path.join(tmpdir(), 'pa-xlsx-'));
          const part = new KeptPart(path.join(dir, `part-${kept.size}.bin`), entry.method);
          await part.write(entry.raw());
          kept.set(name, part);
        }
      }
    }
    if (!sheetsOfWorkbook || !rels) throw new WorkbookFormatError('no workbook in the file (not an Excel workbook)');
    // the sheets kept for later, in the workbook's order: first those read elsewhere are handed over, then the rest
    // are read here meanwhile
    const later: Array<[string, KeptPart]> = [];
    for (const s of sheetsOfWorkbook) for (const [part, k] of kept) if (!done.has(part) && nameOfPart(part) === s.name) later.push([part, k]);
    const away: Array<Promise<void>> = [];
    // tells the readings elsewhere to stop: this one failed, or the caller gave up
    const stop = new AbortController();
    const giveUp = () => stop.abort();
    signal?.addEventListener('abort', giveUp, { once: true });
    let failure: { e: unknown } | null = null;
    try {
      for (const [part, k] of later) {
        const handler = opts.elsewhere?.(nameOfPart(part)!);
        if (!handler) continue;
        done.add(part);
        const sheet: KeptSheet = { part: { file: k.file, method: k.method, key: k.key, iv: k.iv }, strings: strings.share(), dateStyle: dateStyle ?? [], date1904 };
        const reading = handler(sheet, stop.signal);
        reading.catch(() => undefined); // taken below (allSettled); until then a failure must not count as unhandled
        away.push(reading);
      }
      for (const [part, k] of later) if (!done.has(part)) await readPart(part, () => k.chunks());
    } catch (e) {
      failure = { e };
      stop.abort();
    }
    // the kept files stay until every reading has ended (they are removed below); this thread's failure comes first
    const ends = await Promise.allSettled(away);
    signal?.removeEventListener('abort', giveUp);
    if (failure) throw failure.e;
    const failed = ends.find((e) => e.status === 'rejected');
    if (failed) throw failed.reason;
    return sheetsOfWorkbook.map((s) => s.name);
  } finally {
    if (!input.destroyed) input.destroy(); // a file stopped early (an error, an abort) is closed, not left open
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
