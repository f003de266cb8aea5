import { closeSync, openSync, readSync } from 'node:fs';

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
