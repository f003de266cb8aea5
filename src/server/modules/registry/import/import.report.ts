import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { addTableSheet } from '../../../platform/xlsx';
import { IMPORT_MODE_LABELS, type ImportIssueDto } from '../../../../contracts/registry-import';
import { columnLetter, columnSpec } from './import.columns';
import { renderIssue } from './import.messages';
import type { Issue } from './import.rules';
import type { ImportResult } from './import.service';

const SHEET_LABEL = { file: { zh: '文件', en: 'File' }, households: { zh: '家庭', en: 'Households' }, members: { zh: '成员', en: 'Members' } } as const;

const OUTCOME_LABEL = {
  written: { zh: '已写入', en: 'written' },
  nothing_written: { zh: '未写入任何数据', en: 'nothing written' },
  dry_run: { zh: '仅检查，未写入', en: 'checked only, nothing written' },
} as const;

/** An issue as the page and the report show it: sheet name, row, column letter and header, both languages. */
export function issueDto(result: Pick<ImportResult, 'headers' | 'sheetNames'>, i: Issue): ImportIssueDto {
  const sheetName = i.sheet === 'file' ? null : (result.sheetNames[i.sheet] ?? (i.sheet === 'households' ? '家庭' : '成员'));
  let columnLetterText: string | null = null;
  let columnLabel: string | null = null;
  if (i.column && i.sheet !== 'file') {
    const header = result.headers[i.sheet];
    const at = header?.byKey.get(i.column);
    columnLetterText = at ? columnLetter(at) : null;
    columnLabel = header?.labels.get(i.column) ?? columnSpec(i.sheet, i.column)?.zh ?? i.column;
  }
  const m = renderIssue(i.code, i.params);
  return { sheet: i.sheet, sheetName, row: i.row, column: i.column, columnLetter: columnLetterText, columnLabel, seq: i.seq ?? null, code: i.code, zh: m.zh, en: m.en, value: i.value ?? null };
}

/** The summary sheet of an import report (streamed): one row per item, its value beside it. */
export function writeSummarySheet(wb: ExcelJS.Workbook, rows: Array<[string, string | number]>, itemWidth: number): void {
  const summary = addTableSheet(wb, '汇总 Summary', [
    { header: '项目 Item', key: 'k', width: itemWidth },
    { header: '值 Value', key: 'v', width: 70 },
  ]);
  for (const [k, v] of rows) summary.addRow({ k, v }).commit();
  summary.commit();
}

/** An issue's column in a report: the letter and the header (e.g. "C 身份证号"), or empty when the issue has none. */
export function issueColumnText(letter: string | null | undefined, label: string | null | undefined): string {
  return label ? `${letter ?? ''} ${label}`.trim() : '';
}

/** The per-row report (.xlsx, streamed): every issue with sheet, row, column and reason, and a summary. */
export async function writeImportReport(result: ImportResult, out: Writable): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const c = result.counts;
  const outcome = OUTCOME_LABEL[result.outcome];
  const rows: Array<[string, string | number]> = [
    ['文件 File', result.fileName],
    ['文件 SHA-256', result.fileSha256],
    ['大小（字节）Bytes', result.fileBytes],
    ['上报单位 Reporting org', `${result.org.code} ${result.org.name}`],
    ['模式 Mode', `${IMPORT_MODE_LABELS[result.mode].zh} / ${IMPORT_MODE_LABELS[result.mode].en}`],
    ['结果 Outcome', `${outcome.zh} / ${outcome.en}`],
    ...(result.message ? ([['说明 Note', `${result.message.zh} / ${result.message.en}`]] as Array<[string, string]>) : []),
    ['家庭行 Household rows', c.householdRows],
    ['成员行 Member rows', c.memberRows],
    ['跳过的空行 Blank rows skipped', c.blankRows],
    [result.outcome === 'dry_run' ? '将新建 Would create' : '新建 Created', c.created],
    [result.outcome === 'dry_run' ? '将更新 Would update' : '更新 Updated', c.updated],
    ['无变化 Unchanged', c.unchanged],
    ['有错误的家庭 Households with issues', c.invalid],
    ['问题数 Issues', c.issues],
    ...(c.issues > result.issues.length ? ([['仅列出 Listed', `前 ${result.issues.length} 条 / the first ${result.issues.length}`]] as Array<[string, string]>) : []),
    ['开始 Started', result.startedAt.toISOString()],
    ['结束 Finished', result.finishedAt.toISOString()],
  ];
  writeSummarySheet(wb, rows, 34);

  const ws = addTableSheet(wb, '问题 Issues', [
    { header: '工作表 Sheet', key: 'sheet', width: 12 },
    { header: '行 Row', key: 'row', width: 8 },
    { header: '列 Column', key: 'column', width: 18 },
    { header: '家庭序号 Seq', key: 'seq', width: 12 },
    { header: '原因', key: 'zh', width: 60 },
    { header: 'Reason', key: 'en', width: 60 },
    { header: '值 Value', key: 'value', width: 24 },
    { header: '代码 Code', key: 'code', width: 24 },
  ]);
  for (const i of result.issues) {
    const d = issueDto(result, i);
    ws.addRow({
      sheet: d.sheetName ?? SHEET_LABEL[d.sheet].zh,
      row: d.row ?? '',
      column: issueColumnText(d.columnLetter, d.columnLabel),
      seq: d.seq ?? '',
      zh: d.zh,
      en: d.en,
      value: d.value ?? '',
      code: d.code,
    }).commit();
  }
  ws.commit();
  await wb.commit();
}
