/** Every reason the import gives, in Chinese and English; `{name}` placeholders come from the issue's params. */
export const IMPORT_MESSAGES = {
  // the file as a whole
  not_xlsx: { zh: '不是 Excel 工作簿（.xlsx）文件', en: 'not an Excel workbook (.xlsx)' },
  xls_format: { zh: '这是旧版 .xls 文件，请在 Excel 中“另存为” .xlsx 后再导入', en: 'this is an old .xls file; save it as .xlsx in Excel and import that' },
  corrupt: { zh: '文件已损坏或不是有效的 .xlsx，无法读取（{detail}）', en: 'the file is damaged or not a valid .xlsx ({detail})' },
  empty_file: { zh: '文件为空', en: 'the file is empty' },
  sheet_missing: { zh: '缺少工作表“{sheet}”（文件中的工作表：{found}）', en: 'sheet "{sheet}" is missing (sheets in the file: {found})' },
  header_missing: { zh: '工作表“{sheet}”找不到表头行（前 5 行中应有“{example}”等列名）', en: 'no header row in sheet "{sheet}" (expected column names such as "{example}" in the first 5 rows)' },
  column_missing: { zh: '缺少必填列“{column}”', en: 'required column "{column}" is missing' },
  column_duplicate: { zh: '列“{column}”出现了两次（第 {first} 列和第 {second} 列）', en: 'column "{column}" appears twice (columns {first} and {second})' },
  no_rows: { zh: '工作表“{sheet}”没有数据行', en: 'sheet "{sheet}" has no data rows' },
  // one cell
  required: { zh: '必填项为空', en: 'required, but empty' },
  date_not_text: { zh: '单元格是 Excel 日期（{date}），此处应为文本；请把该列设为“文本”格式后重新填写', en: 'the cell is an Excel date ({date}) where text is expected; format the column as Text and enter it again' },
  date_not_number: { zh: '单元格是 Excel 日期（{date}），此处应为数字', en: 'the cell is an Excel date ({date}) where a number is expected' },
  number_not_text: { zh: '单元格是数字 {value}（可能是被 Excel 改成数字的日期），此处应为文字', en: 'the cell is the number {value} (perhaps a date Excel turned into a number) where text is expected' },
  cell_error: { zh: '单元格是公式错误 {error}', en: 'the cell holds the formula error {error}' },
  too_long: { zh: '超过 {max} 个字', en: 'longer than {max} characters' },
  amount_invalid: { zh: '不是有效金额（元，最多两位小数，如 1,234.50）', en: 'not an amount in yuan (at most two decimals, e.g. 1,234.50)' },
  amount_negative: { zh: '金额不能为负数', en: 'the amount cannot be negative' },
  amount_too_large: { zh: '金额过大（超过 1 亿元）', en: 'the amount is too large (over 100 million yuan)' },
  area_invalid: { zh: '面积应为平方米数，最多两位小数（如 45.5）', en: 'floor area in square metres, at most two decimals (e.g. 45.5)' },
  enum_unknown: { zh: '“{value}”不是可选值；可选：{options}', en: '"{value}" is not one of the options: {options}' },
  yes_no_invalid: { zh: '“{value}”应为“是”或“否”', en: '"{value}" should be 是 (yes) or 否 (no)' },
  grade_invalid: { zh: '残疾等级应为 1–4 级', en: 'disability grade must be 1 to 4' },
  seq_invalid: { zh: '序号应为文本或整数', en: 'the row key must be text or a whole number' },
  archive_no_invalid: { zh: '档案编号格式应为“县区代码-年份-序号”，如 520302-2026-000123', en: 'archive number must look like county-year-sequence, e.g. 520302-2026-000123' },
  id_as_number: { zh: '身份证号被 Excel 存成了数字，末几位已丢失；请把该列设为“文本”格式后重新填写', en: 'Excel stored the ID number as a number and lost its last digits; format the column as Text and enter it again' },
  id_format: { zh: '身份证号应为 18 位（末位可为 X）', en: 'an ID number has 18 characters (the last may be X)' },
  id_birth_date: { zh: '身份证号中的出生日期无效', en: 'the birth date inside the ID number is invalid' },
  id_checksum: { zh: '身份证号校验位错误（GB 11643）', en: 'the ID number’s check digit is wrong (GB 11643)' },
  phone_invalid: { zh: '电话应为 11 位手机号码', en: 'the phone must be an 11-digit mobile number' },
  bank_account_invalid: { zh: '银行账号应为 10–30 位数字', en: 'the bank account must be 10 to 30 digits' },
  bank_account_as_number: { zh: '银行账号被 Excel 存成了数字，末几位已丢失；请把该列设为“文本”格式后重新填写', en: 'Excel stored the bank account as a number and lost its last digits; format the column as Text and enter it again' },
  region_invalid: { zh: '“{value}”不是 6 位县(区)行政区划代码', en: '"{value}" is not a 6-digit county division code' },
  region_not_county: { zh: '{value} 不是县(区)级行政区划', en: '{value} is not a county-level division' },
  // one household
  seq_duplicate: { zh: '序号“{seq}”在家庭表中重复（第 {rows} 行）', en: 'row key "{seq}" appears more than once in the households sheet (rows {rows})' },
  archive_duplicate_in_file: { zh: '档案编号在文件中重复（家庭表第 {rows} 行）', en: 'the archive number appears more than once in the file (households rows {rows})' },
  household_no_members: { zh: '该家庭在成员表中没有成员', en: 'the household has no members in the members sheet' },
  household_too_many_members: { zh: '一个家庭最多 30 名成员（此处 {count} 名）', en: 'a household has at most 30 members ({count} here)' },
  member_household_missing: { zh: '家庭序号“{seq}”在家庭表中不存在', en: 'no household with row key "{seq}" in the households sheet' },
  no_worker: { zh: '该家庭没有关系为“户主(职工)”的成员', en: 'no member of the household has the relation worker (head)' },
  several_workers: { zh: '一个家庭只能有一名“户主(职工)”', en: 'a household has only one worker (head)' },
  id_duplicate_in_household: { zh: '同一家庭内身份证号重复（成员表第 {rows} 行）', en: 'the same ID number twice in one household (members rows {rows})' },
  id_duplicate_in_file: { zh: '身份证号在文件的另一家庭中也出现（成员表第 {rows} 行）', en: 'the ID number is also in another household of the file (members rows {rows})' },
  disability_grade_missing: { zh: '健康为“残疾”时须填写残疾等级', en: 'a disability needs its grade' },
  disability_grade_unexpected: { zh: '健康不是“残疾”，不应填写残疾等级', en: 'a disability grade without a disability' },
  secondary_repeats_primary: { zh: '次要原因不应包含主要原因', en: 'secondary causes must not repeat the primary cause' },
  archive_region_mismatch: { zh: '档案编号须以本县区代码 {region} 开头', en: 'the archive number must start with the county code {region}' },
  contract: { zh: '数据不符合要求：{detail}', en: 'invalid data: {detail}' },
  // against the database
  org_unknown: { zh: '工会代码“{value}”不存在或不在上报单位范围内', en: 'no union "{value}" within the reporting org' },
  org_out_of_scope: { zh: '工会“{name}”不在上报单位“{org}”的范围内', en: 'union "{name}" is not within the reporting org "{org}"' },
  org_not_grassroots: { zh: '“{name}”不是基层工会；档案须归属基层工会', en: '"{name}" is not a grassroots union; a file belongs to a grassroots union' },
  org_region_mismatch: { zh: '家庭所在县区须在该基层工会服务地区（{region}）内', en: 'the household must live in the region the union serves ({region})' },
  id_in_open_file: { zh: '身份证号已在另一有效档案中（档案号 {archiveNo}，{org}）', en: 'the ID number is already in another open file ({archiveNo}, {org})' },
  archive_no_taken: { zh: '档案编号已被其他单位的档案使用', en: 'the archive number belongs to a file of another org' },
  archive_closed: { zh: '档案 {archiveNo} 已解困脱困或注销，不能通过导入修改（请先重新打开）', en: 'file {archiveNo} is exited or cancelled and cannot be changed by an import (re-open it first)' },
  changed_meanwhile: { zh: '导入期间该档案或其成员被他人修改，请重新导入', en: 'the file or one of its members changed during the import; import again' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type IssueCode = keyof typeof IMPORT_MESSAGES;

export function renderIssue(code: IssueCode, params: Record<string, string | number> = {}): { zh: string; en: string } {
  const t = IMPORT_MESSAGES[code];
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => (params[k] === undefined ? `{${k}}` : String(params[k])));
  return { zh: fill(t.zh), en: fill(t.en) };
}
