import { closeSync, openSync, readSync } from 'node:fs';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { type Cell, toCell } from './import.rules';

export type FileKind = 'xlsx' | 'xls' | 'empty' | 'other';

/** What the first bytes say: a zip (xlsx), an OLE compound file (old .xls), nothing, or something else. */
export function sniffFile(path: string): FileKind {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(8);
    const n = readSync(fd, b, 0, 8, 0);
    if (n === 0) return 'empty';
    if (n >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return 'xlsx';
    if (n >= 8 && b.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'xls';
    return 'other';
  } finally {
    closeSync(fd);
  }
}

/**
 * The workbook's shared-string table, kept as UTF-8 in one growing buffer with an offset per string. A province's
 * file holds well over a million distinct strings (names, addresses, ID numbers); as JavaScript strings they take
 * hundreds of megabytes, here a few tens.
 */
export class CompactStrings {
  private buf = Buffer.allocUnsafe(1 << 20);
  private used = 0;
  private offsets = new Float64Array(1 << 16);
  private n = 0;

  get size(): number {
    return this.n;
  }

  push(s: string): void {
    const need = Buffer.byteLength(s, 'utf8');
    if (this.used + need > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.used + need));
      this.buf.copy(next, 0, 0, this.used);
      this.buf = next;
    }
    if (this.n + 2 > this.offsets.length) {
      const next = new Float64Array(this.offsets.length * 2);
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
}

function sharedText(text: unknown): string {
  if (typeof text === 'string') return text;
  if (text && typeof text === 'object' && Array.isArray((text as { richText?: unknown }).richText)) {
    return ((text as { richText: Array<{ text?: string }> }).richText ?? []).map((r) => r.text ?? '').join('');
  }
  return '';
}

export interface SheetVisitor {
  row(rowNumber: number, cells: Cell[]): void | Promise<void>;
  end?(): void | Promise<void>;
}

interface WorksheetLike extends AsyncIterable<{ number: number; values: unknown[] }> {
  name: string;
}

/**
 * Streams a workbook sheet by sheet and row by row with exceljs's WorkbookReader: shared strings are received as
 * they are parsed and kept compactly (CompactStrings), styles are read so that date-formatted numbers arrive as
 * dates, nothing else is kept. `visit` chooses a visitor per sheet name or skips the sheet. Returns the names of
 * every sheet in the file.
 */
export async function readWorkbook(input: Readable, visit: (sheetName: string) => SheetVisitor | null, signal?: AbortSignal): Promise<string[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'emit',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const strings = new CompactStrings();
  const names: string[] = [];
  const parse = (reader as unknown as { parse(): AsyncIterable<{ eventType?: string; value?: unknown; index?: number; text?: unknown }> }).parse();
  for await (const item of parse) {
    if (item.eventType === undefined && typeof item.index === 'number') {
      strings.push(sharedText(item.text)); // in 'emit' mode shared strings arrive in index order
      continue;
    }
    if (item.eventType !== 'worksheet') continue;
    const sheet = item.value as WorksheetLike;
    names.push(sheet.name);
    const visitor = visit(sheet.name);
    for await (const row of sheet) {
      if (!visitor) continue; // a sheet must still be read through to reach the next one
      if (signal?.aborted) throw new Error('import aborted');
      const values = row.values;
      const cells: Cell[] = new Array(Math.max(0, values.length - 1));
      for (let i = 1; i < values.length; i++) {
        const v = values[i];
        cells[i - 1] = v !== null && typeof v === 'object' && 'sharedString' in v ? toCell(strings.get((v as { sharedString: number }).sharedString) ?? null) : toCell(v);
      }
      await visitor.row(row.number, cells);
    }
    await visitor?.end?.();
  }
  return names;
}
