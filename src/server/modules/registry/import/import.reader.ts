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

export interface SheetVisitor {
  row(rowNumber: number, cells: Cell[]): void | Promise<void>;
  end?(): void | Promise<void>;
}

/**
 * Streams a workbook sheet by sheet and row by row (exceljs WorkbookReader: shared strings cached, styles read so
 * that date-formatted numbers arrive as dates, nothing else kept). `visit` chooses a visitor per sheet name or
 * skips the sheet. Returns the names of every sheet in the file.
 */
export async function readWorkbook(input: Readable, visit: (sheetName: string) => SheetVisitor | null, signal?: AbortSignal): Promise<string[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const names: string[] = [];
  for await (const ws of reader) {
    const sheet = ws as unknown as { name: string } & AsyncIterable<{ number: number; values: unknown[] }>;
    names.push(sheet.name);
    const visitor = visit(sheet.name);
    for await (const row of sheet) {
      if (!visitor) continue; // a sheet must still be read through to reach the next one
      if (signal?.aborted) throw new Error('import aborted');
      const values = row.values;
      const cells: Cell[] = new Array(Math.max(0, values.length - 1));
      for (let i = 1; i < values.length; i++) cells[i - 1] = toCell(values[i]);
      await visitor.row(row.number, cells);
    }
    await visitor?.end?.();
  }
  return names;
}
