import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Scheme } from '../../../contracts/mutual-aid';
import { ENROLMENT_COLUMNS, ENROLMENT_IMPORT_MODE_LABELS, ENROLMENT_IMPORT_OUTCOME_LABELS } from '../../../contracts/mutual-aid-enrolment';
import { addTableSheet } from '../../platform/xlsx';
import { columnLetter } from '../registry/import/import.columns';
import { issueColumnText, writeSummarySheet } from '../registry/import/import.report';
import type { PeriodBounds } from './enrolment.rules';
import type { EnrolmentImportResult } from './enrolment-import.service';
import { MEMBER_SHEET_NAME } from './enrolment-import.rules';

/** The per-row report (.xlsx, streamed): a summary, then every issue with row, column and reason in both languages. */
export async function writeEnrolmentReport(result: EnrolmentImportResult, out: Writable): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const c = result.counts;
  const dry = result.outcome === 'dry_run';
  const o = ENROLMENT_IMPORT_OUTCOME_LABELS[result.outcome];
  const m = ENROLMENT_IMPORT_MODE_LABELS[result.mode];
  const rows: Array<[string, string | number]> = [
    ['会员单位 Unit', result.unitName],
    ['年度 Period', result.period],
    ['文件 File', result.fileName],
    ['文件 SHA-256', result.fileSha256],
    ['工作表 Sheet', result.sheetName ?? '—'],
    ['模式 Mode', `${m.zh} / ${m.en}`],
    ['结果 Outcome', `${o.zh} / ${o.en}`],
    ...(result.message ? ([['说明 Note', `${result.message.zh} / ${result.message.en}`]] as Array<[string, string]>) : []),
    ['数据行 Rows', c.rows],
    ['跳过的空行 Blank rows skipped', c.blankRows],
    [dry ? '将新增会员 Would add members' : '新增会员 Members added', c.created],
    [dry ? '将更新 Would update' : '更新 Updated', c.updated],
    ['无变化 Unchanged', c.unchanged],
    [dry ? '将新增参加计划 Would add opt-ins' : '新增参加计划 Opt-ins added', c.enrolments],
    ['有问题的行 Rows with issues', c.invalid],
    ['问题数 Issues', c.issues],
    ...(c.issues > result.issues.length ? ([['仅列出 Listed', `前 ${result.issues.length} 条 / the first ${result.issues.length}`]] as Array<[string, string]>) : []),
    ['开始 Started', result.startedAt],
    ['结束 Finished', result.finishedAt],
  ];
  writeSummarySheet(wb, rows, 30);

  const ws = addTableSheet(wb, '问题 Issues', [
    { header: '行 Row', key: 'row', width: 8 },
    { header: '列 Column', key: 'column', width: 16 },
    { header: '原因', key: 'zh', width: 60 },
    { header: 'Reason', key: 'en', width: 60 },
    { header: '值 Value', key: 'value', width: 24 },
    { header: '代码 Code', key: 'code', width: 22 },
  ]);
  for (const i of result.issues) {
    ws.addRow({
      row: i.row ?? '',
      column: issueColumnText(i.columnLetter, i.columnLabel),
      zh: i.zh,
      en: i.en,
      value: i.value ?? '',
      code: i.code,
    }).commit();
  }
  ws.commit();
  await wb.commit();
}

/** Rows the drop-down of 参加计划 covers. */
const LAST_ROW = 5001;
const LISTS = '计划';

/**
 * The bulk enrolment template of a unit and period: sheet 会员 with the Chinese headers (姓名, 身份证号, 手机号,
 * 参加计划), the ID and phone columns formatted as text, a drop-down of the period's plans (several may be typed,
 * separated by 、), an instructions sheet with the plans and the rules, and the hidden list sheet.
 */
export async function buildEnrolmentTemplate(unit: { name: string; schemeCode: string }, scheme: Scheme, bounds: PeriodBounds & { version: number }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '精准帮扶 Precision Aid';
  const help = wb.addWorksheet('说明');
  const ws = wb.addWorksheet(MEMBER_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  const lists = wb.addWorksheet(LISTS, { state: 'hidden' });

  lists.getCell('A1').value = '计划';
  scheme.plans.forEach((p, i) => (lists.getCell(`A${i + 2}`).value = p.name.zh));
  const listRange = `'${LISTS}'!$A$2:$A$${scheme.plans.length + 1}`;

  const widths: Record<string, number> = { name: 14, idNumber: 24, phone: 16, plans: 40 };
  ws.columns = ENROLMENT_COLUMNS.map((c) => ({ header: (c.required ? '*' : '') + c.zh, key: c.key, width: widths[c.key] ?? 16 }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center' };
  const notes: Record<string, string> = {
    name: '职工本人姓名',
    idNumber: '18 位居民身份证号码，请保持文本格式',
    phone: '11 位手机号码，可不填',
    plans: `下拉选择一个计划，或填写多个计划（用“、”或“,”分隔）；可填计划名称或代码${scheme.maxPlansPerMember ? `；每人最多 ${scheme.maxPlansPerMember} 个` : ''}`,
  };
  ENROLMENT_COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: c.required ? 'FFFCE4D6' : 'FFE2EFDA' } };
    cell.note = `${c.zh}（${c.en}）：${notes[c.key]}`;
    if (c.key === 'idNumber' || c.key === 'phone') ws.getColumn(i + 1).numFmt = '@';
    if (c.key === 'plans') {
      const letter = columnLetter(i + 1);
      (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(`${letter}2:${letter}${LAST_ROW}`, {
        type: 'list',
        allowBlank: true,
        formulae: [listRange],
        // several plans are typed with 、 — a list validation would refuse them
        showErrorMessage: false,
        showInputMessage: true,
        promptTitle: '参加计划',
        prompt: '选择一个，或用“、”分隔填写多个',
      });
    }
  });

  help.columns = [
    { header: '', key: 'a', width: 22 },
    { header: '', key: 'b', width: 40 },
    { header: '', key: 'c', width: 60 },
  ];
  const lines: Array<Array<string | number>> = [
    ['职工医疗互助 批量入会名单 填写说明 / Bulk enrolment: how to fill in'],
    [`会员单位 Unit：${unit.name}`],
    [`方案 Scheme：${unit.schemeCode} ${scheme.name.zh}（第 ${bounds.version} 版）`],
    [`年度 Period：${bounds.period}（${bounds.validFrom} 至 ${bounds.validTo}）`],
    ['1. 在“会员”表每行填写一名职工；带 * 的列必填。空行会被跳过。'],
    ['2. 身份证号按 GB 11643 校验；全角数字、前后空格可自动处理。请把身份证号、手机号列保持“文本”格式，避免 Excel 改成科学计数。'],
    ['3. 参加计划可填计划名称或代码，多个用“、”或“,”分隔。'],
    ['4. 同一人在一个方案中只能参加一次：已是其他单位会员的，该行不导入。已是本单位会员的，更新姓名、手机号，并加入尚未参加的计划；重复导入同一文件不会产生重复数据。'],
    ['5. 参加计划在单位缴清本年度互助金后才生效（保障）。'],
    [],
    ['计划代码 Code', '计划名称 Plan', 'Name'],
    ...scheme.plans.map((p) => [p.code, p.name.zh, p.name.en]),
  ];
  for (const l of lines) help.addRow(l);
  help.getRow(1).font = { bold: true, size: 14 };
  help.getRow(11).font = { bold: true };
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 1, visibility: 'visible' }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
