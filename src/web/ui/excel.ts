import { fileStamp } from './format';

export interface ExportColumn<T> {
  header: string;
  /** Cell value of a row; strings, numbers, booleans and dates are written as they are. */
  value: (row: T) => string | number | boolean | Date | null | undefined;
  width?: number;
}

export interface ExportOptions<T> {
  /** File name without extension; a Beijing-time stamp and .xlsx are appended. */
  fileName: string;
  sheetName: string;
  columns: ExportColumn<T>[];
  rows: T[];
  /** Optional first line above the header, e.g. the filters that produced the rows. */
  title?: string;
}

/**
 * Writes the rows to an .xlsx workbook in the browser and downloads it. exceljs is loaded on
 * first use, so pages that never export do not carry it.
 */
export async function exportXlsx<T>(opts: ExportOptions<T>): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Precision Aid';
  wb.created = new Date();
  const ws = wb.addWorksheet(opts.sheetName.slice(0, 31) || 'Sheet1');
  let headerRowNo = 1;
  if (opts.title) {
    ws.addRow([opts.title]).font = { bold: true, size: 12 };
    ws.mergeCells(1, 1, 1, Math.max(1, opts.columns.length));
    headerRowNo = 2;
  }
  const header = ws.addRow(opts.columns.map((c) => c.header));
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF8C9BB5' } } };
  });
  for (const r of opts.rows) ws.addRow(opts.columns.map((c) => c.value(r) ?? ''));
  opts.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    const longest = Math.max(
      displayWidth(c.header),
      ...opts.rows.slice(0, 500).map((r) => displayWidth(String(c.value(r) ?? ''))),
    );
    col.width = c.width ?? Math.min(60, Math.max(8, longest + 2));
  });
  ws.views = [{ state: 'frozen', ySplit: headerRowNo }];
  ws.autoFilter = { from: { row: headerRowNo, column: 1 }, to: { row: headerRowNo, column: opts.columns.length } };
  const buf = await wb.xlsx.writeBuffer();
  const blob = new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${opts.fileName}_${fileStamp()}.xlsx`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Column width in Excel units: CJK characters count double. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2E80-\u9FFF\uFF00-\uFFEF]/.test(ch) ? 2 : 1;
  return w;
}
