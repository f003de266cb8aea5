import type ExcelJS from 'exceljs';
import { type Fen, formatYuan } from './money';

/** One column of a table sheet: its header (row 1), the key rows are given by, and its width. */
export interface SheetColumn {
  header: string;
  key: string;
  width: number;
}

/**
 * A sheet holding a table: the columns with their headers in row 1, in bold; with `freezeHeader`, the header row stays
 * in view while scrolling. Works for an in-memory workbook and for a streamed one (WorkbookWriter).
 */
export function addTableSheet(wb: ExcelJS.Workbook, name: string, columns: SheetColumn[], options: { freezeHeader?: boolean } = {}): ExcelJS.Worksheet {
  const ws = options.freezeHeader ? wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] }) : wb.addWorksheet(name);
  ws.columns = columns;
  ws.getRow(1).font = { bold: true };
  return ws;
}

/** The sheet's last row (its totals) in bold. */
export function boldLastRow(ws: ExcelJS.Worksheet): void {
  ws.lastRow!.font = { bold: true };
}

/** An amount as two columns: yuan as text with two decimals (key `<key>Yuan`), then the integer fen (key `<key>`). */
export function moneyColumns(key: string, zh: string, widths: { yuan: number; fen: number } = { yuan: 16, fen: 14 }): SheetColumn[] {
  return [
    { header: `${zh}（元）`, key: `${key}Yuan`, width: widths.yuan },
    { header: `${zh}（分）`, key, width: widths.fen },
  ];
}

/** The cells of `moneyColumns` for each amount given: the fen as they are and the yuan text (null stays null). */
export function moneyCells<K extends string>(amounts: Record<K, Fen | null>): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (const [k, v] of Object.entries(amounts) as Array<[K, Fen | null]>) {
    out[k] = v;
    out[`${k}Yuan`] = v === null ? null : formatYuan(v);
  }
  return out;
}

/**
 * An amount as a number of yuan for a numeric spreadsheet cell (formatted `#,##0.00`, so the sheet can add it up).
 * Display only: a cell holds a double, which is exact to the fen for any amount below 2^53 fen; the stored and
 * computed amounts stay integer fen.
 */
export function yuanCell(fen: Fen): number {
  return fen / 100;
}
