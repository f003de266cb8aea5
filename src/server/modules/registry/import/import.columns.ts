import {
  CAUSE_LABELS,
  EMPLOYMENT_LABELS,
  FLAG_LABELS,
  HEALTH_LABELS,
  HOUSING_LABELS,
  INCOME_SOURCES,
  INCOME_SOURCE_LABELS,
  RELATION_LABELS,
  SCHOOLING_LABELS,
} from '../../../../contracts/registry';

/**
 * The columns of the import template (摸底上报表): one sheet of households, one of members, joined by the household's
 * 序号. The template, the parser and the report all read these definitions.
 */
export type Labels = Record<string, { zh: string; en: string }>;

export type ColumnKind =
  | 'seq' // row key: text or whole number
  | 'text'
  | 'archiveNo'
  | 'org' // union code (or "code name" as the drop-down shows it)
  | 'region' // county code (or "code name", or the county's name)
  | 'yesNo'
  | 'enum'
  | 'enumList' // comma list of enum labels
  | 'yuan' // amount in yuan → fen
  | 'area' // square metres, two decimals
  | 'idNumber'
  | 'phone'
  | 'bankAccount'
  | 'code' // short identifier text (certificate number)
  | 'grade'; // disability grade 1–4

export interface ColumnSpec {
  key: string;
  zh: string;
  en: string;
  kind: ColumnKind;
  required?: boolean;
  /** text length limit */
  max?: number;
  labels?: Labels;
  /** default when blank */
  defaultValue?: unknown;
  width?: number;
  /** help shown in the instructions sheet */
  help?: string;
}

export const YES_NO_LABELS: Labels = { yes: { zh: '是', en: 'Yes' }, no: { zh: '否', en: 'No' } };
export const GRADE_LABELS: Labels = {
  '1': { zh: '一级', en: 'Grade 1' },
  '2': { zh: '二级', en: 'Grade 2' },
  '3': { zh: '三级', en: 'Grade 3' },
  '4': { zh: '四级', en: 'Grade 4' },
};

export const HOUSEHOLD_COLUMNS: ColumnSpec[] = [
  { key: 'seq', zh: '序号', en: 'seq', kind: 'seq', required: true, width: 8, help: '本表内每户唯一，成员表用“家庭序号”指向它' },
  { key: 'archiveNo', zh: '档案编号', en: 'archiveNo', kind: 'archiveNo', width: 20, help: '已有档案的编号（县区代码-年份-序号），再次导入时据此更新；新家庭留空' },
  { key: 'orgCode', zh: '所属工会代码', en: 'orgCode', kind: 'org', required: true, width: 30, help: '基层工会代码（下拉选择），须在上报单位范围内' },
  { key: 'regionCode', zh: '县区代码', en: 'regionCode', kind: 'region', required: true, width: 18, help: '家庭所在县(区)的 6 位行政区划代码' },
  { key: 'address', zh: '地址', en: 'address', kind: 'text', required: true, max: 200, width: 36 },
  { key: 'employer', zh: '工作单位', en: 'employer', kind: 'text', max: 100, width: 24, help: '职工(户主)的工作单位' },
  { key: 'unionMember', zh: '是否会员', en: 'unionMember', kind: 'yesNo', labels: YES_NO_LABELS, defaultValue: true, width: 10, help: '职工是否工会会员；留空为“是”' },
  { key: 'housing', zh: '住房', en: 'housing', kind: 'enum', labels: HOUSING_LABELS, required: true, width: 16 },
  { key: 'housingArea', zh: '面积', en: 'housingArea', kind: 'area', width: 10, help: '住房面积，平方米，最多两位小数' },
  { key: 'receivesDibao', zh: '是否低保', en: 'receivesDibao', kind: 'yesNo', labels: YES_NO_LABELS, required: true, width: 10 },
  { key: 'dibaoCertificateNo', zh: '低保证号', en: 'dibaoCertificateNo', kind: 'code', max: 40, width: 18 },
  { key: 'otherAnnualIncomeFen', zh: '其他年收入(元)', en: 'otherAnnualIncome', kind: 'yuan', defaultValue: 0, width: 14, help: '不属于某个成员的家庭收入（租金、赡养费等），每年，元' },
  { key: 'medicalOutOfPocketFen', zh: '医疗自付(元)', en: 'medicalOutOfPocket', kind: 'yuan', defaultValue: 0, width: 14, help: '每年，元' },
  { key: 'schoolingSpendingFen', zh: '教育支出(元)', en: 'schoolingSpending', kind: 'yuan', defaultValue: 0, width: 14, help: '每年，元' },
  { key: 'disasterLossFen', zh: '灾害损失(元)', en: 'disasterLoss', kind: 'yuan', defaultValue: 0, width: 14, help: '每年，元' },
  { key: 'primaryCause', zh: '主要致困原因', en: 'primaryCause', kind: 'enum', labels: CAUSE_LABELS, required: true, width: 14 },
  { key: 'secondaryCauses', zh: '次要原因', en: 'secondaryCauses', kind: 'enumList', labels: CAUSE_LABELS, defaultValue: [], width: 22, help: '可填多个，用逗号或顿号分隔；不要重复主要原因' },
  { key: 'flags', zh: '标记', en: 'flags', kind: 'enumList', labels: FLAG_LABELS, defaultValue: [], width: 22, help: '单亲家庭、劳动模范、农民工、特困；可填多个' },
  { key: 'bankName', zh: '开户行', en: 'bankName', kind: 'text', max: 60, width: 18 },
  { key: 'bankAccount', zh: '银行账号', en: 'bankAccount', kind: 'bankAccount', width: 24, help: '10–30 位数字；请设为文本格式，避免 Excel 把长数字改成科学计数' },
];

export const INCOME_COLUMN_PREFIX = 'income.';

export const MEMBER_COLUMNS: ColumnSpec[] = [
  { key: 'householdSeq', zh: '家庭序号', en: 'householdSeq', kind: 'seq', required: true, width: 10, help: '该成员所在家庭在“家庭”表中的序号' },
  { key: 'name', zh: '姓名', en: 'name', kind: 'text', required: true, max: 40, width: 12 },
  { key: 'relation', zh: '关系', en: 'relation', kind: 'enum', labels: RELATION_LABELS, required: true, width: 14, help: '与职工(户主)的关系；每户须有且只有一名“户主(职工)”' },
  { key: 'idNumber', zh: '身份证号', en: 'idNumber', kind: 'idNumber', required: true, width: 22, help: '18 位居民身份证号码；请设为文本格式' },
  { key: 'phone', zh: '电话', en: 'phone', kind: 'phone', width: 14, help: '11 位手机号码' },
  { key: 'health', zh: '健康', en: 'health', kind: 'enum', labels: HEALTH_LABELS, defaultValue: 'healthy', width: 12 },
  { key: 'disabilityGrade', zh: '残疾等级', en: 'disabilityGrade', kind: 'grade', labels: GRADE_LABELS, width: 10, help: '健康为“残疾”时必填，1–4 级' },
  { key: 'schoolingStage', zh: '就学阶段', en: 'schoolingStage', kind: 'enum', labels: SCHOOLING_LABELS, defaultValue: 'none', width: 12 },
  { key: 'employment', zh: '就业状况', en: 'employment', kind: 'enum', labels: EMPLOYMENT_LABELS, defaultValue: 'not_working', width: 16 },
  ...INCOME_SOURCES.map(
    (s): ColumnSpec => ({
      key: INCOME_COLUMN_PREFIX + s,
      zh: `${s === 'other' ? '其他收入' : INCOME_SOURCE_LABELS[s].zh}(元/月)`,
      en: `income.${s}`,
      kind: 'yuan',
      width: 14,
      help: '每月，元',
    }),
  ),
];

export interface SheetSpec {
  kind: 'households' | 'members';
  name: string;
  /** other names accepted for the sheet */
  aliases: string[];
  columns: ColumnSpec[];
}

export const HOUSEHOLD_SHEET: SheetSpec = { kind: 'households', name: '家庭', aliases: ['households', '家庭表', '家庭信息'], columns: HOUSEHOLD_COLUMNS };
export const MEMBER_SHEET: SheetSpec = { kind: 'members', name: '成员', aliases: ['members', '成员表', '家庭成员'], columns: MEMBER_COLUMNS };
export const SHEETS: SheetSpec[] = [HOUSEHOLD_SHEET, MEMBER_SHEET];

export function columnSpec(sheet: 'households' | 'members', key: string): ColumnSpec | undefined {
  return (sheet === 'households' ? HOUSEHOLD_COLUMNS : MEMBER_COLUMNS).find((c) => c.key === key);
}

/** 1 → A, 27 → AA */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
