import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../../platform/db/client';
import { divisionsOf } from '../../orgs/division';
import { type ColumnSpec, columnLetter, GRADE_LABELS, HOUSEHOLD_SHEET, MEMBER_SHEET, type SheetSpec, YES_NO_LABELS } from './import.columns';
import type { ReportingOrg } from './import.service';

/**
 * Rows the drop-down lists cover. Beyond them a cell is typed (the import takes labels and codes alike); Excel
 * handles longer ranges, but tools that expand validations cell by cell (exceljs among them) would choke.
 */
const LAST_ROW = 20_001;
/** Unions listed in the drop-down; beyond this the code is typed. */
const MAX_UNIONS = 5000;
const LISTS = '代码表';

const FORMAT_NOTES: Partial<Record<ColumnSpec['kind'], string>> = {
  seq: '文本或整数',
  archiveNo: '如 520302-2026-000123',
  org: '下拉选择或填写代码',
  region: '下拉选择或填写 6 位代码',
  yesNo: '是 / 否',
  enum: '下拉选择',
  enumList: '下拉选择一个，或用逗号分隔填写多个',
  yuan: '元，最多两位小数；可带千分位和 ¥',
  area: '平方米，最多两位小数',
  idNumber: '18 位，文本格式',
  phone: '11 位手机号码',
  bankAccount: '10–30 位数字，文本格式',
  code: '文本',
  grade: '1–4 级',
  text: '文本',
};

/**
 * The import template (摸底上报表.xlsx): sheets 家庭 and 成员 with Chinese headers, drop-down lists (the Chinese
 * labels; the import also takes the codes) for every coded column, text format where Excel would mangle digits,
 * an instructions sheet, and a hidden sheet of lists — the unions of the reporting org and the counties it serves.
 */
export async function buildTemplate(db: Db, org: ReportingOrg): Promise<Buffer> {
  const unions = rowsOf<{ code: string; name: string }>(
    await db.execute(
      sql`select code, name from orgs where kind = 'grassroots' and active and path like ${org.path.replace(/[\\%_]/g, '\\$&') + '%'} order by code limit ${MAX_UNIONS}`,
    ),
  );
  const division = org.regionCode ?? '52';
  const counties = divisionsOf(division.slice(0, 2)).filter((d) => d.level === 'county' && d.code.startsWith(division));

  const wb = new ExcelJS.Workbook();
  wb.creator = '精准帮扶 Precision Aid';

  const help = wb.addWorksheet('说明');
  const lists = wb.addWorksheet(LISTS, { state: 'hidden' });
  // list columns of the hidden sheet: one per coded column, labels in Chinese
  const listRanges = new Map<string, string>();
  let listCol = 0;
  const addList = (key: string, title: string, values: string[]) => {
    if (values.length === 0) return;
    listCol++;
    const letter = columnLetter(listCol);
    lists.getCell(`${letter}1`).value = title;
    values.forEach((v, i) => (lists.getCell(`${letter}${i + 2}`).value = v));
    listRanges.set(key, `'${LISTS}'!$${letter}$2:$${letter}$${values.length + 1}`);
  };
  addList('org', '所属工会', unions.map((u) => `${u.code} ${u.name}`));
  addList('region', '县区', counties.map((c) => `${c.code} ${c.name}`));
  addList('yesNo', '是否', Object.values(YES_NO_LABELS).map((l) => l.zh));
  addList('grade', '残疾等级', Object.values(GRADE_LABELS).map((l) => l.zh));
  for (const spec of [HOUSEHOLD_SHEET, MEMBER_SHEET]) {
    for (const col of spec.columns) {
      if ((col.kind === 'enum' || col.kind === 'enumList') && col.labels && !listRanges.has(col.key)) {
        addList(col.key, col.zh, Object.values(col.labels).map((l) => l.zh));
      }
    }
  }

  for (const spec of [HOUSEHOLD_SHEET, MEMBER_SHEET]) addDataSheet(wb, spec, listRanges);

  // instructions
  help.columns = [
    { header: '', key: 'a', width: 16 },
    { header: '', key: 'b', width: 18 },
    { header: '', key: 'c', width: 8 },
    { header: '', key: 'd', width: 30 },
    { header: '', key: 'e', width: 70 },
  ];
  const lines = [
    ['困难职工家庭摸底上报表 填写说明 / How to fill in the household report'],
    [`上报单位 Reporting org：${org.code} ${org.name}`],
    ['1. “家庭”表每行一户；“成员”表每行一人（含户主本人），用“家庭序号”对应“家庭”表的“序号”。成员行顺序不限。'],
    ['2. 带 * 的列必填。下拉列可选择，也可直接填写代码（如 rented、illness）。金额单位为元，最多两位小数。'],
    ['3. 身份证号、电话、银行账号请保持“文本”格式，避免 Excel 改成科学计数或丢失末位。'],
    ['4. 已有档案：填写“档案编号”，或不填编号但户主身份证号与本单位在档家庭相同，导入时更新该档案；内容无变化的不做修改。'],
    ['5. 同一身份证号在全省只能属于一个有效档案。家庭类别与困难程度由系统按识别规则计算，无需填写。'],
    ['6. 导入模式：仅检查；全部正确才导入；导入正确的家庭并报告其余。错误报告列出工作表、行、列和原因。'],
    [],
    ['工作表 Sheet', '列 Column', '必填', '格式 Format', '说明 Notes'],
  ];
  for (const l of lines) help.addRow(l);
  help.getRow(1).font = { bold: true, size: 14 };
  help.getRow(lines.length).font = { bold: true };
  for (const spec of [HOUSEHOLD_SHEET, MEMBER_SHEET]) {
    for (const col of spec.columns) {
      const options = col.labels && (col.kind === 'enum' || col.kind === 'enumList') ? '可选：' + Object.values(col.labels).map((l) => l.zh).join('、') : '';
      help.addRow([spec.name, col.zh, col.required ? '是' : '', FORMAT_NOTES[col.kind] ?? '', [col.help, options].filter(Boolean).join('；')]);
    }
  }
  help.addRow([]);
  help.addRow(['示例 Example']);
  help.addRow(['家庭', '序号 1；所属工会代码 520302-G0001；县区代码 520302；地址 遵义市红花岗区老城街道 1 号；住房 租房；是否低保 否；主要致困原因 因病；医疗自付(元) 4,000']);
  help.addRow(['成员', '家庭序号 1；姓名 张三；关系 户主(职工)；身份证号 52030219750517xxxx；健康 大病/重病；就业状况 下岗；失业金(元/月) 1200']);

  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 1, visibility: 'visible' }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function addDataSheet(wb: ExcelJS.Workbook, spec: SheetSpec, listRanges: Map<string, string>) {
  const ws = wb.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = spec.columns.map((c) => ({ header: (c.required ? '*' : '') + c.zh, key: c.key, width: c.width ?? 14 }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  spec.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: c.required ? 'FFFCE4D6' : 'FFE2EFDA' } };
    const note = [c.help, FORMAT_NOTES[c.kind]].filter(Boolean).join('；');
    if (note) cell.note = `${c.zh}（${c.en}）：${note}`;
    const letter = columnLetter(i + 1);
    const range = `${letter}2:${letter}${LAST_ROW}`;
    if (['seq', 'archiveNo', 'idNumber', 'phone', 'bankAccount', 'code', 'org'].includes(c.kind)) ws.getColumn(i + 1).numFmt = '@';
    const listKey = c.kind === 'enum' || c.kind === 'enumList' ? c.key : c.kind === 'org' || c.kind === 'region' || c.kind === 'yesNo' || c.kind === 'grade' ? c.kind : null;
    const list = listKey ? listRanges.get(listKey) : undefined;
    if (list) {
      (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(range, {
        type: 'list',
        allowBlank: true,
        formulae: [list],
        // several causes or flags may be typed with commas; codes may be typed instead of labels
        showErrorMessage: false,
        showInputMessage: true,
        promptTitle: c.zh,
        prompt: c.kind === 'enumList' ? '可选择一个，或用逗号分隔填写多个' : '请从下拉列表选择',
      });
    }
  });
}
