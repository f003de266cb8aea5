import { createReadStream, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Deps } from '../../src/server/platform/deps';
import { HOUSEHOLD_COLUMNS, MEMBER_COLUMNS } from '../../src/server/modules/registry/import/import.columns';
import { type ImportRequest, type ImportResult, runImport, sha256File } from '../../src/server/modules/registry/import/import.service';
import type { OrgDto } from '../../src/contracts/orgs';
import { uniqueId } from './registry';

/** Chinese headers of the template, in order. */
export const HOUSEHOLD_HEADERS = HOUSEHOLD_COLUMNS.map((c) => c.zh);
export const MEMBER_HEADERS = MEMBER_COLUMNS.map((c) => c.zh);

type Values = Record<string, unknown>;

/** A households-sheet row from values by column key (missing keys are blank cells). */
export function householdRow(v: Values, headers = HOUSEHOLD_COLUMNS.map((c) => c.key)): unknown[] {
  return headers.map((k) => v[k] ?? null);
}
export function memberRow(v: Values, headers = MEMBER_COLUMNS.map((c) => c.key)): unknown[] {
  return headers.map((k) => v[k] ?? null);
}

export interface SheetDef {
  name: string;
  /** rows, header included; a cell may be an exceljs value or { value, numFmt } */
  rows: unknown[][];
}

/** An .xlsx built in memory with exceljs (the in-memory writer, as Excel itself would: shared strings, styles). */
export async function workbook(sheets: SheetDef[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    s.rows.forEach((r, i) => {
      const row = ws.getRow(i + 1);
      r.forEach((cell, j) => {
        if (cell === null || cell === undefined) return;
        const c = row.getCell(j + 1);
        if (typeof cell === 'object' && cell !== null && 'numFmt' in (cell as object)) {
          const x = cell as { value: ExcelJS.CellValue; numFmt: string };
          c.value = x.value;
          c.numFmt = x.numFmt;
        } else c.value = cell as ExcelJS.CellValue;
      });
      row.commit();
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The usual two sheets from households and members given by column key. */
export function templateWorkbook(households: Values[], members: Values[]): Promise<Buffer> {
  return workbook([
    { name: '家庭', rows: [HOUSEHOLD_HEADERS, ...households.map((h) => householdRow(h))] },
    { name: '成员', rows: [MEMBER_HEADERS, ...members.map((m) => memberRow(m))] },
  ]);
}

/** Reads every sheet of an .xlsx into arrays of cell values (row 1 first). */
export async function readSheets(buf: Buffer): Promise<Record<string, unknown[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const out: Record<string, unknown[][]> = {};
  wb.eachSheet((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      rows[n - 1] = (row.values as unknown[]).slice(1);
    });
    out[ws.name] = rows;
  });
  return out;
}

/** A household of three in 红花岗区 (near-dibao, relative, as in the households test) as sheet rows. */
export function family(seq: string | number, org: OrgDto, over: Record<string, unknown> = {}, ids = [uniqueId('520302', 1975), uniqueId('520302', 1977), uniqueId('520302', 2006)]) {
  return {
    h: {
      seq,
      orgCode: org.code,
      regionCode: '520302',
      address: '遵义市红花岗区老城街道 1 号',
      employer: '遵义轮胎厂',
      unionMember: '是',
      housing: '租房',
      housingArea: 42.5,
      receivesDibao: '否',
      medicalOutOfPocketFen: 4000,
      schoolingSpendingFen: '2,000.00',
      primaryCause: '因病',
      secondaryCauses: '子女就学',
      bankName: '贵州银行',
      bankAccount: '6214830012345678',
      ...over,
    },
    ms: [
      { householdSeq: seq, name: '张三', relation: '户主(职工)', idNumber: ids[0], phone: '13985001234', health: '大病/重病', employment: '下岗', 'income.unemployment_benefit': 1200 },
      { householdSeq: seq, name: '李四', relation: '配偶', idNumber: ids[1], health: '健康', employment: '灵活就业', 'income.wage': '1,200' },
      { householdSeq: seq, name: '张小华', relation: '子女', idNumber: ids[2], schoolingStage: '本科', employment: 'not_working' },
    ],
    ids,
  };
}

export function fileOf(fams: Array<ReturnType<typeof family>>) {
  return templateWorkbook(
    fams.map((f) => f.h),
    fams.flatMap((f) => f.ms),
  );
}

let fileNo = 0;
/** Writes a workbook to a new file in `dir` and imports it as the command does (the file sniffed, its digest taken). */
export async function importWorkbook(deps: Deps, dir: string, buf: Buffer, req: Omit<ImportRequest, 'open' | 'sniffPath' | 'fileName' | 'fileBytes' | 'fileSha256' | 'org'> & { org: Pick<OrgDto, 'id' | 'code' | 'name' | 'path' | 'regionCode'> }): Promise<ImportResult> {
  const fileName = `f${++fileNo}.xlsx`;
  const file = path.join(dir, fileName);
  writeFileSync(file, buf);
  const { sha256, bytes } = await sha256File(file);
  const o = req.org;
  return runImport(deps, { ...req, open: () => createReadStream(file), sniffPath: file, fileName, fileBytes: bytes, fileSha256: sha256, org: { id: o.id, code: o.code, name: o.name, path: o.path, regionCode: o.regionCode } });
}
