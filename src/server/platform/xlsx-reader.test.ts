import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { type Cell, isDateFormat, type KeptSheet, readKeptSheet, readWorkbook, type SheetPiece, SheetPieces, WorkbookFormatError, xmlText } from './xlsx-reader';
import { ZipFormatError } from './zip-stream';

// ───────────── helpers: a stream in small pieces, a minimal zip writer ─────────────

/** The bytes as a stream of pieces of `size` bytes (every boundary case of the zip and XML scanners gets hit). */
function pieces(buf: Buffer, size: number): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
    })(),
  );
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

interface ZipPart {
  name: string;
  text: string;
  /** 0 stored, 8 deflated */
  method?: 0 | 8;
  /** sizes in a data descriptor after the data (32- or 64-bit) instead of the local header */
  descriptor?: false | 32 | 64;
  encrypted?: boolean;
}

function zip(parts: ZipPart[]): Buffer {
  const out: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const data = Buffer.from(p.text, 'utf8');
    const method = p.method ?? 8;
    const body = method === 8 ? deflateRawSync(data) : data;
    const name = Buffer.from(p.name, 'utf8');
    const crc = crc32(data);
    const described = p.descriptor ?? false;
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE((described ? 0x8 : 0) | 0x800 | (p.encrypted ? 1 : 0), 6);
    h.writeUInt16LE(method, 8);
    h.writeUInt32LE(described ? 0 : crc, 14);
    h.writeUInt32LE(described ? 0 : body.length, 18);
    h.writeUInt32LE(described ? 0 : data.length, 22);
    h.writeUInt16LE(name.length, 26);
    const local = [h, name, body];
    if (described === 32) {
      const d = Buffer.alloc(16);
      d.writeUInt32LE(0x08074b50, 0);
      d.writeUInt32LE(crc, 4);
      d.writeUInt32LE(body.length, 8);
      d.writeUInt32LE(data.length, 12);
      local.push(d);
    } else if (described === 64) {
      const d = Buffer.alloc(24);
      d.writeUInt32LE(0x08074b50, 0);
      d.writeUInt32LE(crc, 4);
      d.writeBigUInt64LE(BigInt(body.length), 8);
      d.writeBigUInt64LE(BigInt(data.length), 16);
      local.push(d);
    }
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x800, 8);
    c.writeUInt16LE(method, 10);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(body.length, 20);
    c.writeUInt32LE(data.length, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    const all = Buffer.concat(local);
    out.push(all);
    offset += all.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...out, dir, end]);
}

async function readAll(input: Readable, only?: string[]) {
  const rows: Record<string, Array<[number, Cell[]]>> = {};
  const ended: string[] = [];
  const names = await readWorkbook(input, (name) => {
    if (only && !only.includes(name)) return null;
    rows[name] = [];
    return { row: (n, cells) => void rows[name].push([n, cells]), end: () => void ended.push(name) };
  });
  return { names, rows, ended };
}

const text = (s: string): Cell => ({ t: 'text', s });
const num = (n: number): Cell => ({ t: 'number', n });
const E: Cell = { t: 'empty' };

const dir = mkdtempSync(path.join(tmpdir(), 'xlsx-reader-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// ───────────── round trips through the writer the template and the tests use ─────────────

describe('workbooks written by exceljs', () => {
  const longText = (i: number) => `第${i}户 遵义市红花岗区老城街道${'贵州省'.repeat(i % 7)} ${i} 号`;

  it('the streaming writer (sizes after the data): every value back as written, however the bytes arrive', async () => {
    const file = path.join(dir, 'stream.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
    const notes = wb.addWorksheet('说明');
    notes.addRow(['不读的说明页']).commit();
    const ws = wb.addWorksheet('家庭');
    ws.getColumn(3).numFmt = 'yyyy-mm-dd';
    ws.addRow(['序号', '地址', '日期', '是否', '公式', '空']).commit();
    for (let i = 1; i <= 3000; i++) {
      const row = ws.addRow([i, longText(i), new Date(Date.UTC(2020, 0, 1 + (i % 365))), i % 2 === 0, { formula: `A${i + 1}*2`, result: i * 2 }, null, i % 10 === 0 ? 12.5 : null]);
      row.commit();
    }
    ws.commit();
    await wb.commit();
    const buf = readFileSync(file);
    for (const size of [65_536, 1000, 13]) {
      const { names, rows, ended } = await readAll(pieces(buf, size), ['家庭']);
      expect(names).toEqual(['说明', '家庭']);
      expect(ended).toEqual(['家庭']);
      const got = rows['家庭'];
      expect(got).toHaveLength(3001);
      expect(got[0]).toEqual([1, ['序号', '地址', '日期', '是否', '公式', '空'].map(text)]);
      for (let i = 1; i <= 3000; i++) {
        const expected: Cell[] = [num(i), text(longText(i)), { t: 'date', d: new Date(Date.UTC(2020, 0, 1 + (i % 365))) }, { t: 'bool', b: i % 2 === 0 }, num(i * 2)];
        if (i % 10 === 0) expected.push(E, num(12.5));
        expect(got[i], `row ${i + 1} in pieces of ${size}`).toEqual([i + 1, expected]);
      }
    }
  });

  it('the in-memory writer (shared strings, rich text, errors, gaps)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('成员');
    ws.getCell('A1').value = '姓名';
    ws.getCell('C1').value = { richText: [{ text: '张', font: { bold: true } }, { text: '三丰' }] };
    ws.getCell('A2').value = '李四 & <王五> "x"';
    ws.getCell('B2').value = { error: '#N/A' } as ExcelJS.CellErrorValue;
    ws.getCell('D2').value = '   ';
    ws.getCell('A4').value = 0.1 + 0.2;
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const { rows } = await readAll(pieces(buf, 97));
    expect(rows['成员']).toEqual([
      [1, [text('姓名'), E, text('张三丰')]],
      [2, [text('李四 & <王五> "x"'), { t: 'error', e: '#N/A' }]],
      [4, [num(0.1 + 0.2)]],
    ]);
  });
});

// ───────────── what other writers do (Excel, WPS, the OpenXML SDK) ─────────────

const CT = (extra = '') =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>` +
  `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
  `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
  `<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
  `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
  `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>${extra}</Types>`;
const WORKBOOK = (pr = '') =>
  `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${pr}<sheets>` +
  `<sheet name="家庭 &amp; 成员" sheetId="1" r:id="rId1"/><sheet name="第二页" sheetId="2" r:id="rId2"/></sheets></workbook>`;
const RELS =
  `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/>` +
  `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;
const STYLES =
  `<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2">` +
  `<numFmt numFmtId="176" formatCode="[$-804]yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="177" formatCode="0.00_ ;[Red]\\-0.00\\ "/></numFmts>` +
  `<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="31"/><xf numFmtId="176"/><xf numFmtId="177"/></cellXfs></styleSheet>`;
const STRINGS =
  `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">` +
  `<si><t>序号</t></si><si><r><rPr><b/></rPr><t>张</t></r><r><t xml:space="preserve"> 三</t></r><rPh sb="0" eb="1"><t>ちょう</t></rPh><phoneticPr fontId="1"/></si>` +
  `<si><t>a&amp;b&#x4E2D;&#25991;_x000D_c</t></si><si/></sst>`;
const SHEET1 =
  `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:H6"/><sheetData>` +
  `<row r="1" spans="1:8"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c><c r="D1" t="s"><v>2</v></c><c r="E1" t="s"><v>3</v></c></row>` +
  `<row r="2"><c r="A2" s="1"><v>45292</v></c><c r="B2" s="2"><v>45292.5</v></c><c r="C2" s="3"><v>45658</v></c><c r="D2" s="4"><v>12.5</v></c><c r="E2" s="1"/></row>` +
  `<row r="3"/>` +
  `<row r="5"><c t="inlineStr"><is><t>内联</t></is></c><c t="str"><f>"x"&amp;"y"</f><v>xy</v></c><c t="b"><v>0</v></c><c t="e"><v>#DIV/0!</v></c><c t="d"><v>2024-02-29T00:00:00Z</v></c><c><f>1+1</f></c><c r="H5"><v>-3</v></c></row>` +
  `<row><c r="B6"><v>7</v></c></row>` +
  `</sheetData><rowBreaks count="1"><brk id="3"/></rowBreaks></worksheet>`;
/** The OpenXML SDK's style: every element with a namespace prefix. */
const SHEET2 =
  `<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
  `<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>前缀</x:t></x:is></x:c><x:c r="B1"><x:v>42</x:v></x:c></x:row></x:sheetData></x:worksheet>`;

/** Every part in the conventional order, sizes in the headers, deflated (the first sheet's text may be given). */
const inOrder = (sheet1 = SHEET1) =>
  zip([
    { name: '[Content_Types].xml', text: CT() },
    { name: 'xl/workbook.xml', text: WORKBOOK() },
    { name: 'xl/_rels/workbook.xml.rels', text: RELS },
    { name: 'xl/worksheets/sheet1.xml', text: sheet1 },
    { name: 'xl/worksheets/sheet2.xml', text: SHEET2 },
    { name: 'xl/styles.xml', text: STYLES },
    { name: 'xl/sharedStrings.xml', text: STRINGS },
  ]);

describe('workbooks as other writers store them', () => {
  const expectedSheet1 = [
    [1, [text('序号'), E, text('张 三'), text('a&b中文\rc')]],
    [
      2,
      [
        { t: 'date', d: new Date('2024-01-01T00:00:00Z') },
        { t: 'date', d: new Date('2024-01-01T12:00:00Z') },
        { t: 'date', d: new Date('2025-01-01T00:00:00Z') },
        num(12.5),
      ],
    ],
    [3, []],
    [5, [text('内联'), text('xy'), { t: 'bool', b: false }, { t: 'error', e: '#DIV/0!' }, { t: 'date', d: new Date('2024-02-29T00:00:00Z') }, E, E, num(-3)]],
    [6, [E, num(7)]],
  ];

  it('shared strings and styles stored after the sheets (as Excel writes them), relative and absolute targets, prefixes', async () => {
    const buf = zip([
      { name: '[Content_Types].xml', text: CT() },
      { name: 'xl/workbook.xml', text: WORKBOOK() },
      { name: 'xl/_rels/workbook.xml.rels', text: RELS },
      { name: 'xl/worksheets/sheet1.xml', text: SHEET1, descriptor: 32 },
      { name: 'xl/worksheets/sheet2.xml', text: SHEET2, method: 0 },
      { name: 'xl/styles.xml', text: STYLES, descriptor: 64 },
      { name: 'xl/sharedStrings.xml', text: STRINGS },
    ]);
    for (const size of [1 << 16, 5]) {
      const { names, rows } = await readAll(pieces(buf, size));
      expect(names).toEqual(['家庭 & 成员', '第二页']);
      expect(rows['家庭 & 成员']).toEqual(expectedSheet1);
      expect(rows['第二页']).toEqual([[1, [text('前缀'), num(42)]]]);
    }
  });

  it('a kept sheet handed to `elsewhere` is read there with the same cells, while the rest is read here', async () => {
    const asked: string[] = [];
    const got: Array<[number, Cell[]]> = [];
    const here: Record<string, Array<[number, Cell[]]>> = {};
    let shared: unknown = null;
    const names = await readWorkbook(
      pieces(inOrder(), 100),
      (name) => {
        here[name] = [];
        return { row: (n, cells) => void here[name].push([n, cells]) };
      },
      undefined,
      {
        elsewhere: (name) => {
          asked.push(name);
          if (name !== '家庭 & 成员') return null;
          return async (sheet) => {
            shared = sheet.strings.bytes;
            // what a second thread does with it (the sheet comes as plain data and shared memory)
            await readKeptSheet(structuredClone(sheet), { row: (n, cells) => void got.push([n, cells]) });
          };
        },
      },
    );
    expect(names).toEqual(['家庭 & 成员', '第二页']);
    expect(asked).toEqual(['家庭 & 成员', '第二页']);
    expect(got).toEqual(expectedSheet1);
    expect(shared).toBeInstanceOf(SharedArrayBuffer);
    expect(here).toEqual({ 第二页: [[1, [text('前缀'), num(42)]]] });
  });

  it('pieces of a kept sheet handed to yet another thread: every row once, numbered as when read in one place', async () => {
    // ~800 kB of rows (several pieces); every seventh row without its number, a gap every hundred rows
    let xml = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
    let r = 0;
    for (let i = 1; i <= 6000; i++) {
      r += i % 100 === 0 ? 2 : 1;
      const cells = `<c t="s"><v>${i % 3}</v></c><c><v>${i}</v></c><c t="inlineStr"><is><t>第${i}行 遵义市红花岗区老城街道 ${i} 号</t></is></c><c s="1"><v>45292</v></c>`;
      xml += i % 7 === 0 ? `<row>${cells}</row>` : `<row r="${r}">${cells}</row>`;
    }
    xml += '</sheetData></worksheet>';
    const buf = inOrder(xml);
    const whole = (await readAll(pieces(buf, 4096), ['家庭 & 成员'])).rows['家庭 & 成员'];
    expect(whole).toHaveLength(6000);
    const here: Array<[number, Cell[]]> = [];
    const handed: SheetPiece[] = [];
    let kept: KeptSheet | null = null;
    await readWorkbook(pieces(buf, 4096), () => null, undefined, {
      elsewhere: (name) =>
        name !== '家庭 & 成员'
          ? null
          : async (sheet) => {
              kept = structuredClone(sheet);
              let n = 0;
              await readKeptSheet(kept, { row: (no, cells) => void here.push([no, cells]) }, undefined, (piece) => {
                if (n++ % 2 === 0) return false;
                handed.push(structuredClone(piece));
                return true;
              });
            },
    });
    expect(handed.length).toBeGreaterThan(1);
    expect(handed.some((p) => p.text.includes('<row>'))).toBe(true);
    const there: Array<[number, Cell[]]> = [];
    const elsewhere = new SheetPieces(kept!);
    for (const p of handed) await elsewhere.scan(p, { row: (no, cells) => void there.push([no, cells]) });
    expect(here.length).toBeGreaterThan(0);
    expect(there.length).toBeGreaterThan(0);
    expect([...here, ...there].sort((a, b) => a[0] - b[0])).toEqual(whole);
  });

  it('a failure elsewhere is thrown; a failure here stops the reading elsewhere', async () => {
    const away = readWorkbook(pieces(inOrder(), 100), () => ({ row: () => undefined }), undefined, {
      elsewhere: (name) => (name === '第二页' ? () => Promise.reject(new WorkbookFormatError('the sheet elsewhere is damaged')) : null),
    });
    await expect(away).rejects.toThrow('the sheet elsewhere is damaged');
    let stopped = false;
    const here = readWorkbook(
      pieces(inOrder(), 100),
      () => ({
        row: () => {
          throw new WorkbookFormatError('a sheet here is damaged');
        },
      }),
      undefined,
      {
        elsewhere: (name) =>
          name === '第二页'
            ? (_sheet, stop) =>
                new Promise<void>((_resolve, reject) =>
                  stop.addEventListener('abort', () => {
                    stopped = true;
                    reject(new Error('stopped'));
                  }),
                )
            : null,
      },
    );
    // this thread's failure comes first, once the reading elsewhere has ended
    await expect(here).rejects.toThrow('a sheet here is damaged');
    expect(stopped).toBe(true);
  });

  it('sheets stored after what they refer to are read as they come, never handed elsewhere', async () => {
    const buf = zip([
      { name: '[Content_Types].xml', text: CT() },
      { name: 'xl/workbook.xml', text: WORKBOOK() },
      { name: 'xl/_rels/workbook.xml.rels', text: RELS },
      { name: 'xl/styles.xml', text: STYLES },
      { name: 'xl/sharedStrings.xml', text: STRINGS },
      { name: 'xl/worksheets/sheet1.xml', text: SHEET1 },
      { name: 'xl/worksheets/sheet2.xml', text: SHEET2 },
    ]);
    const asked: string[] = [];
    const rows: Array<[number, Cell[]]> = [];
    await readWorkbook(pieces(buf, 100), (name) => (name === '家庭 & 成员' ? { row: (n, cells) => void rows.push([n, cells]) } : null), undefined, {
      elsewhere: (name) => (asked.push(name), () => Promise.resolve()),
    });
    expect(asked).toEqual([]);
    expect(rows).toEqual(expectedSheet1);
  });

  it('everything before the sheets, and dates counted from 1904', async () => {
    const buf = zip([
      { name: '[Content_Types].xml', text: CT() },
      { name: 'xl/workbook.xml', text: WORKBOOK('<workbookPr date1904="1"/>') },
      { name: 'xl/_rels/workbook.xml.rels', text: RELS },
      { name: 'xl/styles.xml', text: STYLES },
      { name: 'xl/sharedStrings.xml', text: STRINGS, descriptor: 32 },
      { name: 'xl/worksheets/sheet1.xml', text: SHEET1, method: 0, descriptor: 32 },
      { name: 'xl/worksheets/sheet2.xml', text: SHEET2 },
    ]);
    const { rows } = await readAll(pieces(buf, 333));
    expect(rows['家庭 & 成员'][1][1][0]).toEqual({ t: 'date', d: new Date('2028-01-02T00:00:00Z') });
  });

  it('reads only the sheets asked for', async () => {
    const buf = inOrder();
    const { names, rows, ended } = await readAll(pieces(buf, 64), ['第二页']);
    expect(names).toEqual(['家庭 & 成员', '第二页']);
    expect(Object.keys(rows)).toEqual(['第二页']);
    expect(ended).toEqual(['第二页']);
  });
});

describe('files that are not readable workbooks', () => {
  const good = inOrder();
  it.each<[string, () => Buffer, RegExp]>([
    ['cut short in the middle', () => good.subarray(0, Math.floor(good.length / 2)), /ends/],
    ['cut short after an entry', () => {
      const one = zip([{ name: '[Content_Types].xml', text: CT() }]);
      return one.subarray(0, one.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])));
    }, /ends before the zip directory/],
    ['damaged compressed data', () => Buffer.concat([good.subarray(0, 60), Buffer.alloc(400, 0xff), good.subarray(460)]), /./],
    ['a zip without a workbook', () => zip([{ name: 'word/document.xml', text: '<w:document/>' }]), /no workbook/],
    ['a password-protected entry', () => zip([{ name: 'xl/workbook.xml', text: WORKBOOK(), encrypted: true }]), /encrypted/],
  ])('%s: a clear error', async (_l, bytes, message) => {
    const err = await readAll(pieces(bytes(), 100)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err, String(err)).toBeInstanceOf(Error);
    expect(err instanceof ZipFormatError || err instanceof WorkbookFormatError).toBe(true);
    expect((err as Error).message).toMatch(message);
  });
});

describe('xml text and number formats', () => {
  it.each([
    ['plain', 'plain'],
    ['a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;', `a <b> & "c" 'd'`],
    ['&#20013;&#x6587;', '中文'],
    ['line_x000D__x000A_two', 'line\r\ntwo'],
    ['_x005F_x000D_', '_x000D_'],
  ])('%s', (raw, expected) => expect(xmlText(raw)).toBe(expected));

  it.each<[string, boolean]>([
    ['yyyy-mm-dd', true],
    ['[$-804]yyyy"年"m"月"d"日"', true],
    ['m/d/yy h:mm', true],
    ['0.00_ ;[Red]\\-0.00\\ ', false],
    ['"days" 0', false],
    ['#,##0.00', false],
    ['General', false],
    ['[h]:mm:ss', true],
  ])('%s is a date format: %s', (code, expected) => expect(isDateFormat(code)).toBe(expected));
});
