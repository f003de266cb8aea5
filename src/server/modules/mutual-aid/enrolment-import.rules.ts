/**
 * Pure rules of the bulk enrolment import (.xlsx): the sheet's columns, how a row becomes a member with plan choices,
 * and every reason in Chinese and English. Cell reading (full-width digits, numbers stored as text, ID numbers Excel
 * turned into numbers, blank rows) is the registry import's, imported from there.
 */
import { ENROLMENT_COLUMNS, type EnrolmentColumnKey } from '../../../contracts/mutual-aid-enrolment';
import type { Scheme } from '../../../contracts/mutual-aid';
import { type ColumnSpec, columnLetter, type SheetSpec } from '../registry/import/import.columns';
import { type IssueCode as RegistryIssueCode, renderIssue } from '../registry/import/import.messages';
import { type Cell, type HeaderMap, displayValue, headerScore, isBlankRow, mapHeader, normalizeText, parseRow } from '../registry/import/import.rules';
import { fillMessage, parsePlanList, planChoice } from './enrolment.rules';

/** The data sheet of the template; the import takes the first sheet whose header row it recognises. */
export const MEMBER_SHEET_NAME = '会员';
/** Sheets of the template that hold no members. */
export const NON_DATA_SHEETS = new Set(['说明', '计划', '代码表', 'instructions', 'plans']);

const COLUMN_SPECS: ColumnSpec[] = [
  { key: 'name', zh: '姓名', en: 'name', kind: 'text', required: true, max: 40, width: 14 },
  { key: 'idNumber', zh: '身份证号', en: 'idNumber', kind: 'idNumber', required: true, width: 24 },
  { key: 'phone', zh: '手机号', en: 'phone', kind: 'phone', width: 16 },
  // checked here (not by the registry's parser): a blank cell is allowed when the scheme has a single plan
  { key: 'plans', zh: '参加计划', en: 'plans', kind: 'text', max: 500, width: 36 },
];

/** The columns as the registry's header and row parsers read them (kind 'members': the issue's sheet). */
export const ENROLMENT_SHEET: SheetSpec = { kind: 'members', name: MEMBER_SHEET_NAME, aliases: ['members', '会员名单', '入会名单'], columns: COLUMN_SPECS };

/** Alternative header texts people use for the same columns. */
const HEADER_ALIASES: Record<string, EnrolmentColumnKey> = {
  职工姓名: 'name',
  会员姓名: 'name',
  身份证号码: 'idNumber',
  公民身份号码: 'idNumber',
  身份证: 'idNumber',
  手机号码: 'phone',
  联系电话: 'phone',
  电话: 'phone',
  计划: 'plans',
  参加的计划: 'plans',
  互助计划: 'plans',
};

/** The registry's header index knows zh, en and key; the aliases are mapped onto the Chinese header first. */
export function canonicalHeaderCells(cells: Cell[]): Cell[] {
  return cells.map((c) => {
    if (c.t !== 'text') return c;
    const k = normalizeText(c.s).replace(/^\*+|\*+$/g, '').replace(/\s+/g, '');
    const key = HEADER_ALIASES[k];
    if (!key) return c;
    return { t: 'text', s: ENROLMENT_COLUMNS.find((x) => x.key === key)!.zh };
  });
}

export function enrolmentHeaderScore(cells: Cell[]): number {
  return headerScore(ENROLMENT_SHEET, canonicalHeaderCells(cells));
}

export function mapEnrolmentHeader(cells: Cell[]): HeaderMap {
  return mapHeader(ENROLMENT_SHEET, canonicalHeaderCells(cells));
}

// ───────────────────────── messages ─────────────────────────

export const ENROLMENT_IMPORT_MESSAGES = {
  no_member_sheet: { zh: '找不到会员名单：任何工作表的前 5 行中都没有“姓名”“身份证号”等列名（文件中的工作表：{found}）', en: 'no member list: no sheet has column names such as 姓名 and 身份证号 in its first 5 rows (sheets in the file: {found})' },
  plans_required: { zh: '请填写参加计划（可选：{options}）', en: 'the plans are required (options: {options})' },
  plan_unknown: { zh: '“{value}”不是本方案第 {version} 版的计划；可选：{options}', en: '"{value}" is not a plan of version {version} of the scheme; options: {options}' },
  too_many_plans: { zh: '每人每年度最多参加 {max} 个计划（已参加 {have} 个，本行共 {total} 个）', en: 'a member joins at most {max} plans a period ({have} already, {total} with this row)' },
  id_duplicate_in_file: { zh: '身份证号在文件中重复（第 {rows} 行）', en: 'the ID number appears more than once in the file (rows {rows})' },
  member_of_other_unit: { zh: '此人已是本方案另一会员单位（{unit}）的会员；一人在一个方案中只能参加一次', en: 'this person is already a member of another unit of the scheme ({unit}); a person joins a scheme once' },
  unit_closed: { zh: '会员单位已退出，不能再入会', en: 'the unit is closed; no one can be enrolled through it' },
  period_no_version: { zh: '方案 {scheme} 在 {period} 年度开始时（{date}）没有施行的已发布版本', en: 'scheme {scheme} has no published version in force at the start of period {period} ({date})' },
  bill_below_paid: { zh: '{reason}', en: '{reasonEn}' },
  too_many_issues: { zh: '问题过多，仅列出前 {max} 条', en: 'too many issues; only the first {max} are listed' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type EnrolmentIssueCode = keyof typeof ENROLMENT_IMPORT_MESSAGES | RegistryIssueCode;

/** Any reason of the import (its own or a cell reason of the registry's), in both languages. */
export function renderEnrolmentIssue(code: EnrolmentIssueCode, params: Record<string, string | number> = {}): { zh: string; en: string } {
  if (code in ENROLMENT_IMPORT_MESSAGES) return fillMessage(ENROLMENT_IMPORT_MESSAGES[code as keyof typeof ENROLMENT_IMPORT_MESSAGES], params);
  return renderIssue(code as RegistryIssueCode, params);
}

export interface EnrolmentIssue {
  row: number | null;
  column: EnrolmentColumnKey | null;
  code: EnrolmentIssueCode;
  params?: Record<string, string | number>;
  value?: string | null;
}

// ───────────────────────── one row ─────────────────────────

export interface PlanCatalogue {
  version: number;
  plans: ReadonlyArray<Pick<Scheme['plans'][number], 'code' | 'name'>>;
  maxPlansPerMember?: number;
}

export interface EnrolmentRow {
  row: number;
  name?: string;
  idNumber?: string;
  phone?: string;
  planCodes?: string[];
  issues: EnrolmentIssue[];
}

export const planOptionsText = (c: PlanCatalogue) => c.plans.map((p) => `${p.name.zh}（${p.code}）`).join('、');

/**
 * One data row: name, ID number (checksum), phone and plans, each problem on its column. Plans are codes or names,
 * several separated by 、 or ,; a blank plans cell means the scheme's only plan when it has one, and is an issue
 * otherwise. More plans than maxPlansPerMember on one row is an issue here; with the member's existing opt-ins it is
 * checked again against the database.
 */
export function parseEnrolmentRow(header: HeaderMap, row: number, cells: Cell[], catalogue: PlanCatalogue): EnrolmentRow {
  const parsed = parseRow(ENROLMENT_SHEET, header, row, cells, { provinceCode: '52' });
  const issues: EnrolmentIssue[] = parsed.issues.map((i) => ({ row, column: i.column as EnrolmentColumnKey | null, code: i.code, ...(i.params ? { params: i.params } : {}), value: i.value ?? null }));
  const v = parsed.values;
  const out: EnrolmentRow = { row, issues };
  if (typeof v.name === 'string' && v.name) out.name = v.name;
  if (typeof v.idNumber === 'string') out.idNumber = v.idNumber;
  if (typeof v.phone === 'string' && v.phone) out.phone = v.phone;
  if (!issues.some((i) => i.column === 'plans')) {
    const text = typeof v.plans === 'string' ? v.plans : '';
    if (!text) {
      if (catalogue.plans.length === 1) out.planCodes = [catalogue.plans[0]!.code];
      else issues.push({ row, column: 'plans', code: 'plans_required', params: { options: planOptionsText(catalogue) } });
    } else {
      const p = parsePlanList(text, catalogue.plans);
      if (!p.ok) issues.push({ row, column: 'plans', code: 'plan_unknown', params: { value: p.unknown.join('、'), version: catalogue.version, options: planOptionsText(catalogue) }, value: text.slice(0, 60) });
      else {
        const c = planChoice([], p.codes, catalogue.maxPlansPerMember);
        if (c.tooMany) issues.push({ row, column: 'plans', code: 'too_many_plans', params: { max: catalogue.maxPlansPerMember!, have: 0, total: c.total }, value: text.slice(0, 60) });
        else out.planCodes = p.codes;
      }
    }
  }
  return out;
}

export { isBlankRow, displayValue };

/** The column letter and header text an issue points at, as found in the file. */
export function issueColumn(header: HeaderMap | null, column: EnrolmentColumnKey | null): { letter: string | null; label: string | null } {
  if (!column) return { letter: null, label: null };
  const at = header?.byKey.get(column);
  return { letter: at ? columnLetter(at) : null, label: header?.labels.get(column) ?? ENROLMENT_COLUMNS.find((c) => c.key === column)?.zh ?? column };
}
