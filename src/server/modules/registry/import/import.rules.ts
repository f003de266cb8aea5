/**
 * Pure rules of the Excel import: what a cell holds, how each column's text becomes a value (full-width digits,
 * amounts with ¥ and thousands separators, labels or codes, numbers stored as text and text stored as numbers),
 * how a header row maps to columns, and how one household's rows become a HouseholdInput — with every problem as
 * an issue that names the sheet, row and column.
 */
import { type HouseholdInput, householdInput, INCOME_SOURCES, type MemberInput } from '../../../../contracts/registry';
import type { ImportSheet } from '../../../../contracts/registry-import';
import { parseYuanToFen } from '../../../platform/money';
import { validateIdNumber } from '../../../platform/pii/idcard';
import { maskBankAccount, maskIdNumber, maskPhone } from '../../../platform/pii/mask';
import { division, divisionsOf } from '../../orgs/division';
import { memberProblems } from '../household.rules';
import { sameIdentification } from '../identification.rules';
import { type ColumnSpec, INCOME_COLUMN_PREFIX, type Labels, type SheetSpec, SHEETS } from './import.columns';
import type { IssueCode } from './import.messages';

// ───────────────────────── cells ─────────────────────────

import type { Cell } from '../../../platform/xlsx-reader';

export type { Cell };

const EMPTY: Cell = { t: 'empty' };

export function isBlankRow(cells: Cell[]): boolean {
  return cells.every((c) => c.t === 'empty');
}

/** Full-width forms to ASCII (１２３ → 123, Ｘ → X, ，→ ,, ￥ → ¥), whitespace trimmed and collapsed. */
/** Text that NFKC leaves alone: printable ASCII and the common CJK ideographs (most cells; NFKC is not cheap). */
const NFKC_STABLE = /^[\x20-\x7e\u4e00-\u9fff]*$/;
const nfkc = (s: string) => (NFKC_STABLE.test(s) ? s : s.normalize('NFKC'));

export function normalizeText(s: string): string {
  return nfkc(s).replace(/[\s\u00a0\u3000]+/g, ' ').trim();
}

/** Like normalizeText, with every space removed (codes, numbers). */
export function compactText(s: string): string {
  return nfkc(s).replace(/[\s\u00a0\u3000]+/g, '');
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The cell shown in a report (personal data masked). */
export function displayValue(c: Cell, kind?: ColumnSpec['kind']): string | null {
  let s: string;
  switch (c.t) {
    case 'empty':
      return null;
    case 'text':
      s = c.s;
      break;
    case 'number':
      s = String(c.n);
      break;
    case 'bool':
      s = c.b ? 'TRUE' : 'FALSE';
      break;
    case 'date':
      s = isoDate(c.d);
      break;
    case 'error':
      s = c.e;
      break;
  }
  if (kind === 'idNumber') return maskIdNumber(compactText(s));
  if (kind === 'phone') return maskPhone(compactText(s));
  if (kind === 'bankAccount') return maskBankAccount(compactText(s));
  return s.length > 60 ? s.slice(0, 60) + '…' : s;
}

// ───────────────────────── values ─────────────────────────

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: IssueCode; params?: Record<string, string | number> };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (code: IssueCode, params?: Record<string, string | number>): Parsed<never> => ({ ok: false, code, params });

function asText(c: Cell, dateCode: IssueCode = 'date_not_text'): Parsed<string> {
  switch (c.t) {
    case 'text':
      return ok(c.s);
    case 'number':
      return ok(Number.isInteger(c.n) && Math.abs(c.n) < 1e21 ? BigInt(c.n).toString() : String(c.n));
    case 'bool':
      return ok(c.b ? '是' : '否');
    case 'date':
      return fail(dateCode, { date: isoDate(c.d) });
    case 'error':
      return fail('cell_error', { error: c.e });
    case 'empty':
      return ok('');
  }
}

/** Names, addresses, employers: a bare number there is an Excel date serial or a misplaced value, not text. */
export function parseTextValue(c: Cell, max: number): Parsed<string> {
  if (c.t === 'number') return fail('number_not_text', { value: String(c.n) });
  const t = asText(c);
  if (!t.ok) return t;
  const s = normalizeText(t.value);
  if (Array.from(s).length > max) return fail('too_long', { max });
  return ok(s);
}

/** A row key: text or a whole number; leading zeros of a number-like key are dropped (001 = 1). */
export function parseSeq(c: Cell): Parsed<string> {
  if (c.t === 'number' && !Number.isInteger(c.n)) return fail('seq_invalid');
  const t = asText(c);
  if (!t.ok) return t;
  let s = normalizeText(t.value);
  if (/^\d+$/.test(s)) s = s.replace(/^0+(?=\d)/, '');
  if (s.length === 0 || s.length > 40) return fail('seq_invalid');
  return ok(s);
}

/** Amount in yuan → fen: numbers, or text with ¥/￥, 元, thousands separators and full-width digits. */
export function parseYuan(c: Cell): Parsed<number> {
  let fen: number;
  if (c.t === 'number') {
    const x = c.n * 100;
    fen = Math.round(x);
    if (Math.abs(x - fen) > 1e-6) return fail('amount_invalid');
  } else if (c.t === 'date') {
    return fail('date_not_number', { date: isoDate(c.d) });
  } else if (c.t === 'error') {
    return fail('cell_error', { error: c.e });
  } else if (c.t === 'bool') {
    return fail('amount_invalid');
  } else if (c.t === 'empty') {
    return ok(0);
  } else {
    const s = compactText(c.s)
      .replace(/^(RMB|CNY)/i, '')
      .replace(/^¥|^\$/, '')
      .replace(/(元|圆|RMB|CNY)$/i, '');
    if (!/^-?(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$/.test(s)) return fail('amount_invalid');
    try {
      fen = parseYuanToFen(s);
    } catch {
      return fail('amount_invalid');
    }
  }
  if (fen < 0) return fail('amount_negative');
  if (fen > 100_000_000_00) return fail('amount_too_large');
  return ok(fen);
}

/** Floor area in m², at most two decimals, as the text the household table keeps ("45.5"). */
export function parseArea(c: Cell): Parsed<string> {
  let s: string;
  if (c.t === 'number') {
    if (c.n < 0 || Math.abs(c.n * 100 - Math.round(c.n * 100)) > 1e-6) return fail('area_invalid');
    s = String(Math.round(c.n * 100) / 100);
  } else {
    const t = asText(c, 'date_not_number');
    if (!t.ok) return t;
    s = compactText(t.value).replace(/(m2|㎡|平方米|平米|平)$/i, '');
  }
  if (!/^\d{1,4}(\.\d{1,2})?$/.test(s)) return fail('area_invalid');
  return ok(s.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, ''));
}

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓', '有', '会员', '对']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '×', '✗', '无', '不是', '非会员', '不']);

export function parseYesNo(c: Cell): Parsed<boolean> {
  if (c.t === 'bool') return ok(c.b);
  const t = asText(c);
  if (!t.ok) return t;
  const s = compactText(t.value).toLowerCase();
  if (YES.has(s)) return ok(true);
  if (NO.has(s)) return ok(false);
  return fail('yes_no_invalid', { value: t.value });
}

const aliasCache = new WeakMap<Labels, Map<string, string>>();
const EXTRA_ALIASES: Record<string, string[]> = {
  self: ['户主', '职工', '本人', '户主(职工)'],
  child: ['儿子', '女儿', '子', '女'],
  parent: ['父亲', '母亲', '父', '母'],
  grandchild: ['孙子', '孙女', '外孙', '外孙女'],
  grandparent: ['祖父', '祖母', '外祖父', '外祖母'],
  sibling: ['兄弟', '姐妹', '哥哥', '弟弟', '姐姐', '妹妹'],
  owned: ['自有', '自购', '自有房'],
  rented: ['租住', '租赁', '租房居住'],
  healthy: ['良好', '正常'],
  serious_illness: ['大病', '重病', '重大疾病'],
  chronic_illness: ['慢病'],
  none: ['无'],
  singleParent: ['单亲'],
  modelWorker: ['劳模'],
};

function aliasKey(s: string): string {
  return compactText(s).toLowerCase();
}

/** Label → code: the code itself, the English and Chinese labels, and each part of a label like “大病/重病” or “户主(职工)”. */
export function aliasesOf(labels: Labels): Map<string, string> {
  let m = aliasCache.get(labels);
  if (m) return m;
  const found = new Map<string, Set<string>>();
  const add = (alias: string, code: string) => {
    const k = aliasKey(alias);
    if (!k) return;
    if (!found.has(k)) found.set(k, new Set());
    found.get(k)!.add(code);
  };
  for (const [code, l] of Object.entries(labels)) {
    add(code, code);
    add(l.en, code);
    add(l.zh, code);
    for (const part of l.zh.normalize('NFKC').split(/[/()、]/)) add(part, code);
    for (const extra of EXTRA_ALIASES[code] ?? []) add(extra, code);
  }
  m = new Map();
  for (const [k, codes] of found) if (codes.size === 1) m.set(k, [...codes][0]);
  // an exact label always wins over a part of another label
  for (const [code, l] of Object.entries(labels)) m.set(aliasKey(l.zh), code);
  aliasCache.set(labels, m);
  return m;
}

/**
 * The code a cell's text stands for (aliasesOf), remembered per text as written: a coded column repeats a handful of
 * spellings hundreds of thousands of times, and normalizing each again is most of the work. The memory is bounded.
 */
const codeMemo = new WeakMap<Labels, Map<string, string | null>>();
const CODE_MEMO_MAX = 2000;
function codeOf(labels: Labels, text: string): string | undefined {
  let memo = codeMemo.get(labels);
  if (!memo) codeMemo.set(labels, (memo = new Map()));
  const known = memo.get(text);
  if (known !== undefined) return known ?? undefined;
  const code = aliasesOf(labels).get(aliasKey(text));
  if (memo.size < CODE_MEMO_MAX) memo.set(text, code ?? null);
  return code;
}

function optionsText(labels: Labels): string {
  return Object.values(labels)
    .map((l) => l.zh)
    .join('、');
}

export function parseEnum(c: Cell, labels: Labels): Parsed<string> {
  const t = asText(c);
  if (!t.ok) return t;
  const code = codeOf(labels, t.value);
  if (!code) return fail('enum_unknown', { value: normalizeText(t.value), options: optionsText(labels) });
  return ok(code);
}

/** “因病，子女就学、单亲” → [illness, schooling, single_parent], duplicates dropped. */
export function parseEnumList(c: Cell, labels: Labels): Parsed<string[]> {
  const t = asText(c);
  if (!t.ok) return t;
  const out: string[] = [];
  for (const item of nfkc(t.value).split(/[,;，；、\s]+/)) {
    if (!item) continue;
    const code = codeOf(labels, item);
    if (!code) return fail('enum_unknown', { value: item, options: optionsText(labels) });
    if (!out.includes(code)) out.push(code);
  }
  return ok(out);
}

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 壹: 1, 贰: 2, 叁: 3, 肆: 4, I: 1, II: 2, III: 3, IV: 4 };

export function parseGrade(c: Cell): Parsed<number> {
  if (c.t === 'number') return Number.isInteger(c.n) && c.n >= 1 && c.n <= 4 ? ok(c.n) : fail('grade_invalid');
  const t = asText(c);
  if (!t.ok) return t;
  const s = compactText(t.value).toUpperCase().replace(/^残疾/, '').replace(/级$/, '');
  const n = /^\d$/.test(s) ? Number(s) : CN_DIGITS[s];
  return n && n >= 1 && n <= 4 ? ok(n) : fail('grade_invalid');
}

export function parseArchiveNo(c: Cell): Parsed<string> {
  const t = asText(c);
  if (!t.ok) return t;
  const s = compactText(t.value).replace(/[‐‑‒–—―－]/g, '-');
  return /^\d{6}-\d{4}-\d{6}$/.test(s) ? ok(s) : fail('archive_no_invalid');
}

/** 18-character GB 11643 number; a number cell has lost its last digits (Excel keeps 15 significant digits). */
export function parseIdNumber(c: Cell): Parsed<string> {
  if (c.t === 'number') return fail('id_as_number');
  const t = asText(c);
  if (!t.ok) return t;
  const s = compactText(t.value).toUpperCase().replace(/^'/, '');
  if (/^\d(\.\d+)?E\+\d+$/.test(s)) return fail('id_as_number');
  const v = validateIdNumber(s);
  if (!v.ok) return fail(v.problem === 'format' ? 'id_format' : v.problem === 'birth_date' ? 'id_birth_date' : 'id_checksum');
  return ok(v.info.normalized);
}

export function parsePhone(c: Cell): Parsed<string> {
  const t = asText(c);
  if (!t.ok) return t;
  let s = compactText(t.value).replace(/[-()（）]/g, '');
  if (/^(\+?86)1\d{10}$/.test(s)) s = s.replace(/^\+?86/, '');
  return /^1\d{10}$/.test(s) ? ok(s) : fail('phone_invalid');
}

export function parseBankAccount(c: Cell): Parsed<string> {
  if (c.t === 'number' && !Number.isSafeInteger(c.n)) return fail('bank_account_as_number');
  const t = asText(c);
  if (!t.ok) return t;
  const s = compactText(t.value).replace(/[-]/g, '').replace(/^'/, '');
  if (/^\d(\.\d+)?E\+\d+$/i.test(s)) return fail('bank_account_as_number');
  return /^\d{10,30}$/.test(s) ? ok(s) : fail('bank_account_invalid');
}

export function parseCode(c: Cell, max: number): Parsed<string> {
  const t = asText(c);
  if (!t.ok) return t;
  const s = compactText(t.value);
  return s.length > max ? fail('too_long', { max }) : ok(s);
}

/** A union: its code, or "code name" as the drop-down shows it. */
export function parseOrgToken(c: Cell): Parsed<string> {
  const t = asText(c);
  if (!t.ok) return t;
  const s = normalizeText(t.value);
  const token = s.split(' ')[0];
  return ok(/^[0-9A-Za-z-]{2,40}$/.test(token) ? token.toUpperCase() : s);
}

const countiesByName = new Map<string, Map<string, string | null>>();
function countyByName(provinceCode: string, name: string): string | null | undefined {
  let m = countiesByName.get(provinceCode);
  if (!m) {
    m = new Map();
    for (const d of divisionsOf(provinceCode)) {
      if (d.level !== 'county') continue;
      m.set(d.name, m.has(d.name) ? null : d.code); // null: ambiguous
    }
    countiesByName.set(provinceCode, m);
  }
  return m.get(name);
}

/** A county: its 6-digit code (alone or as "code name"), or its name within the province. */
export function parseRegion(c: Cell, provinceCode: string): Parsed<string> {
  const t = asText(c);
  if (!t.ok) return t;
  const s = normalizeText(t.value);
  const m = /^(\d{6})(\s|$)/.exec(s);
  if (m) {
    const d = division(m[1]) ?? division(m[1].replace(/(00)+$/, '')); // 520300 is the city 5203
    if (!d) return fail('region_invalid', { value: s });
    if (d.level !== 'county') return fail('region_not_county', { value: `${d.code} ${d.name}` });
    return ok(d.code);
  }
  if (/^\d+$/.test(s)) return fail('region_invalid', { value: s });
  const byName = /^\d{2}$/.test(provinceCode) ? countyByName(provinceCode, s) : undefined;
  if (byName) return ok(byName);
  return fail('region_invalid', { value: s });
}

// ───────────────────────── header ─────────────────────────

function headerKey(s: string): string {
  return compactText(s)
    .replace(/^\*+|\*+$/g, '')
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .toLowerCase();
}

/** Header text → column key: the Chinese header, without its unit, or the English key. */
function headerIndex(sheet: SheetSpec): Map<string, string> {
  const m = new Map<string, string>();
  for (const col of sheet.columns) {
    m.set(headerKey(col.zh), col.key);
    m.set(headerKey(col.zh.replace(/\(.*\)$/, '')), col.key);
    m.set(headerKey(col.en), col.key);
    m.set(headerKey(col.key), col.key);
  }
  return m;
}

export interface HeaderMap {
  /** column number (1-based) → key */
  byColumn: Map<number, string>;
  /** key → column number */
  byKey: Map<string, number>;
  /** header text as found, by key */
  labels: Map<string, string>;
  issues: Array<{ code: IssueCode; params: Record<string, string | number>; column: string | null; col: number | null }>;
}

/** How many known column names a row holds (to find the header row below a title row). */
export function headerScore(sheet: SheetSpec, cells: Cell[]): number {
  const idx = headerIndex(sheet);
  let n = 0;
  for (const c of cells) if (c.t === 'text' && idx.has(headerKey(c.s))) n++;
  return n;
}

export function mapHeader(sheet: SheetSpec, cells: Cell[]): HeaderMap {
  const idx = headerIndex(sheet);
  const out: HeaderMap = { byColumn: new Map(), byKey: new Map(), labels: new Map(), issues: [] };
  cells.forEach((c, i) => {
    if (c.t !== 'text') return;
    const key = idx.get(headerKey(c.s));
    if (!key) return;
    const col = i + 1;
    const first = out.byKey.get(key);
    if (first !== undefined) {
      out.issues.push({ code: 'column_duplicate', params: { column: normalizeText(c.s), first: columnName(first), second: columnName(col) }, column: key, col });
      return;
    }
    out.byColumn.set(col, key);
    out.byKey.set(key, col);
    out.labels.set(key, normalizeText(c.s));
  });
  for (const col of sheet.columns) {
    if (col.required && !out.byKey.has(col.key)) out.issues.push({ code: 'column_missing', params: { column: col.zh }, column: col.key, col: null });
  }
  return out;
}

function columnName(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

// ───────────────────────── rows ─────────────────────────

/** A problem found in the file. Compact (it travels through temporary files); rendered by code and params. */
export interface Issue {
  sheet: ImportSheet;
  row: number | null;
  column: string | null;
  code: IssueCode;
  params?: Record<string, string | number>;
  value?: string | null;
  seq?: string | null;
}

export interface ParsedRow {
  row: number;
  values: Record<string, unknown>;
  issues: Issue[];
}

export interface ParseContext {
  /** province whose county names are accepted in the region column */
  provinceCode: string;
}

function parseCell(col: ColumnSpec, c: Cell, ctx: ParseContext): Parsed<unknown> {
  switch (col.kind) {
    case 'seq':
      return parseSeq(c);
    case 'text':
      return parseTextValue(c, col.max ?? 200);
    case 'archiveNo':
      return parseArchiveNo(c);
    case 'org':
      return parseOrgToken(c);
    case 'region':
      return parseRegion(c, ctx.provinceCode);
    case 'yesNo':
      return parseYesNo(c);
    case 'enum':
      return parseEnum(c, col.labels!);
    case 'enumList':
      return parseEnumList(c, col.labels!);
    case 'yuan':
      return parseYuan(c);
    case 'area':
      return parseArea(c);
    case 'idNumber':
      return parseIdNumber(c);
    case 'phone':
      return parsePhone(c);
    case 'bankAccount':
      return parseBankAccount(c);
    case 'code':
      return parseCode(c, col.max ?? 40);
    case 'grade':
      return parseGrade(c);
  }
}

/**
 * One data row: every mapped column parsed, blanks given their default (or reported when required).
 * `cells[i]` is column i + 1.
 */
export function parseRow(sheet: SheetSpec, header: HeaderMap, row: number, cells: Cell[], ctx: ParseContext): ParsedRow {
  const values: Record<string, unknown> = {};
  const issues: Issue[] = [];
  for (const col of sheet.columns) {
    const at = header.byKey.get(col.key);
    const c = at === undefined ? EMPTY : (cells[at - 1] ?? EMPTY);
    // (text that trims to something can still normalize to nothing only if NFKC changes it)
    const blank = c.t === 'empty' || (c.t === 'text' && (c.s.trim() === '' || (!NFKC_STABLE.test(c.s) && normalizeText(c.s) === '')));
    if (blank) {
      if (col.required && at !== undefined) issues.push({ sheet: sheet.kind, row, column: col.key, code: 'required' });
      if (col.defaultValue !== undefined) values[col.key] = col.defaultValue;
      continue;
    }
    const p = parseCell(col, c, ctx);
    if (p.ok) values[col.key] = p.value;
    else issues.push({ sheet: sheet.kind, row, column: col.key, code: p.code, ...(p.params ? { params: p.params } : {}), value: displayValue(c, col.kind) });
  }
  const seqKey = sheet.kind === 'households' ? 'seq' : 'householdSeq';
  const seq = (values[seqKey] as string | undefined) ?? null;
  for (const i of issues) i.seq = seq;
  return { row, values, issues };
}

export const sheetSpec = (kind: 'households' | 'members') => SHEETS.find((s) => s.kind === kind)!;

// ───────────────────────── one household ─────────────────────────

export interface AssembledHousehold {
  input: HouseholdInput | null;
  issues: Issue[];
}

/** The income columns, in the sheet's order: [column key, source]. */
const INCOME_KEYS = INCOME_SOURCES.map((s) => [INCOME_COLUMN_PREFIX + s, s] as const);

function memberOf(v: Record<string, unknown>): MemberInput {
  const income: Record<string, number> = {};
  for (const [k, source] of INCOME_KEYS) {
    const x = v[k];
    if (typeof x === 'number' && x > 0) income[source] = x;
  }
  return {
    name: v.name as string,
    relation: v.relation as MemberInput['relation'],
    idNumber: v.idNumber as string,
    ...(v.phone ? { phone: v.phone as string } : {}),
    health: ((v.health as string) ?? 'healthy') as MemberInput['health'],
    disabilityGrade: (v.disabilityGrade as number | undefined) ?? null,
    schoolingStage: ((v.schoolingStage as string) ?? 'none') as MemberInput['schoolingStage'],
    employment: ((v.employment as string) ?? 'not_working') as MemberInput['employment'],
    monthlyIncomeFen: income as MemberInput['monthlyIncomeFen'],
  };
}

const rowsText = (rows: number[]) => rows.join('、');

/**
 * One household from its row and its members' rows (in file order): the checks createHousehold makes (one worker,
 * distinct ID numbers, disability grades, secondary causes, archive number prefix) as issues on the right rows and
 * columns, then the contract schema. `input` is null when there is any issue, including those found while parsing.
 */
export function assembleHousehold(h: ParsedRow, ms: ParsedRow[], orgId: string, opts: { incomplete?: boolean } = {}): AssembledHousehold {
  const seq = (h.values.seq as string) ?? null;
  const issues: Issue[] = [];
  const hIssue = (column: string | null, code: IssueCode, params?: Record<string, string | number>) =>
    issues.push({ sheet: 'households', row: h.row, column, code, seq, ...(params ? { params } : {}) });
  const mIssue = (m: ParsedRow, column: string | null, code: IssueCode, params?: Record<string, string | number>) =>
    issues.push({ sheet: 'members', row: m.row, column, code, seq, ...(params ? { params } : {}) });

  if (ms.length === 0) hIssue('seq', 'household_no_members');
  if (ms.length > 30) hIssue('seq', 'household_too_many_members', { count: ms.length });

  // members: one worker, distinct IDs, disability grades (memberProblems is the rule createHousehold applies)
  const workers = ms.filter((m) => m.values.relation === 'self');
  const relationsKnown = ms.every((m) => m.values.relation !== undefined);
  if (ms.length > 0 && workers.length === 0 && relationsKnown) hIssue('seq', 'no_worker');
  if (workers.length > 1) for (const w of workers.slice(1)) mIssue(w, 'relation', 'several_workers');
  const checkable = ms.filter((m) => typeof m.values.idNumber === 'string');
  const problems = memberProblems(
    checkable.map((m) => ({ ...memberOf(m.values), relation: 'other' as const, health: (m.values.health as MemberInput['health']) ?? 'healthy' })),
  );
  const firstRowOf = new Map<string, number>();
  for (const m of checkable) if (!firstRowOf.has(m.values.idNumber as string)) firstRowOf.set(m.values.idNumber as string, m.row);
  for (const p of problems) {
    if (p.index === null) continue; // worker count is checked above, with the real relations
    const m = checkable[p.index];
    if (p.code === 'duplicate_id') mIssue(m, 'idNumber', 'id_duplicate_in_household', { rows: rowsText([firstRowOf.get(m.values.idNumber as string)!, m.row]) });
    else if (p.code === 'disability_grade_missing' || p.code === 'disability_grade_unexpected') {
      const gradeUnreadable = m.issues.some((i) => i.column === 'disabilityGrade' || i.column === 'health');
      if (!gradeUnreadable) mIssue(m, 'disabilityGrade', p.code);
    }
  }

  const primary = h.values.primaryCause as string | undefined;
  const secondary = (h.values.secondaryCauses as string[] | undefined) ?? [];
  if (primary && secondary.includes(primary)) hIssue('secondaryCauses', 'secondary_repeats_primary');
  const region = h.values.regionCode as string | undefined;
  const archiveNo = h.values.archiveNo as string | undefined;
  if (archiveNo && region && !archiveNo.startsWith(region + '-')) hIssue('archiveNo', 'archive_region_mismatch', { region });

  const hasParseIssues = h.issues.length > 0 || ms.some((m) => m.issues.length > 0);
  // a required column missing from the file: the rows are checked, but never become a household
  if (issues.length > 0 || hasParseIssues || opts.incomplete) return { input: null, issues };

  const v = h.values;
  const raw = {
    orgId,
    regionCode: v.regionCode,
    address: v.address,
    ...(archiveNo ? { archiveNo } : {}),
    ...(v.employer ? { employer: v.employer } : {}),
    unionMember: v.unionMember ?? true,
    housing: v.housing,
    ...(v.housingArea ? { housingArea: v.housingArea } : {}),
    receivesDibao: v.receivesDibao,
    ...(v.dibaoCertificateNo ? { dibaoCertificateNo: v.dibaoCertificateNo } : {}),
    otherAnnualIncomeFen: v.otherAnnualIncomeFen ?? 0,
    medicalOutOfPocketFen: v.medicalOutOfPocketFen ?? 0,
    schoolingSpendingFen: v.schoolingSpendingFen ?? 0,
    disasterLossFen: v.disasterLossFen ?? 0,
    primaryCause: primary,
    secondaryCauses: secondary,
    flags: v.flags ?? [],
    ...(v.bankName ? { bankName: v.bankName } : {}),
    ...(v.bankAccount ? { bankAccount: v.bankAccount } : {}),
    members: ms.map((m) => memberOf(m.values)),
  };
  const parsed = householdInput.safeParse(raw);
  if (!parsed.success) {
    for (const iss of parsed.error.issues) {
      const [first, index, field] = iss.path as Array<string | number>;
      const detail = `${iss.path.join('.')}: ${iss.message}`;
      if (first === 'members' && typeof index === 'number' && ms[index]) {
        const column = typeof field === 'string' ? (field === 'monthlyIncomeFen' ? null : field) : null;
        mIssue(ms[index], column, 'contract', { detail });
      } else hIssue(typeof first === 'string' && first !== 'orgId' ? first : null, 'contract', { detail });
    }
    return { input: null, issues };
  }
  return { input: parsed.data, issues: [] };
}

// ───────────────────────── re-import: what differs ─────────────────────────

/** Household columns compared on re-import; ciphertexts differ on every encryption, so their blind indexes stand in. */
export const COMPARED_HOUSEHOLD_FIELDS = [
  'orgId',
  'regionCode',
  'address',
  'workerName',
  'workerInitials',
  'workerIdBidx',
  'workerPhoneBidx',
  'employer',
  'unionMember',
  'housing',
  'housingArea',
  'receivesDibao',
  'dibaoCertificateNo',
  'size',
  'annualIncomeFen',
  'otherAnnualIncomeFen',
  'medicalOutOfPocketFen',
  'schoolingSpendingFen',
  'disasterLossFen',
  'primaryCause',
  'secondaryCauses',
  'flags',
  'students',
  'seriousIllness',
  'bankName',
  'bankAccountBidx',
  'category',
  'level',
  'identification',
] as const;

export const COMPARED_MEMBER_FIELDS = ['name', 'relation', 'idNumberBidx', 'phoneBidx', 'sex', 'birthDate', 'health', 'disabilityGrade', 'schoolingStage', 'employment', 'monthlyIncomeFen'] as const;

function sameValue(field: string, a: unknown, b: unknown): boolean {
  if (field === 'identification') return sameIdentification(a, b);
  if (field === 'housingArea') return (a === null || a === undefined ? null : Number(a)) === (b === null || b === undefined ? null : Number(b));
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (typeof a === 'object' || typeof b === 'object') return canonical(a) === canonical(b);
  return a === b;
}

function canonical(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']';
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return (
      '{' +
      Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort()
        .map((k) => JSON.stringify(k) + ':' + canonical(o[k]))
        .join(',') +
      '}'
    );
  }
  return JSON.stringify(v);
}

export interface HouseholdChanges {
  /** household columns that differ */
  fields: string[];
  /** positions of members that differ (added, removed or changed) */
  members: number[];
}

/** What a re-import would change in a file: nothing when the row says what the file already holds. */
export function householdChanges(
  before: Record<string, unknown>,
  beforeMembers: Array<Record<string, unknown>>,
  after: Record<string, unknown>,
  afterMembers: Array<Record<string, unknown>>,
): HouseholdChanges {
  const fields = COMPARED_HOUSEHOLD_FIELDS.filter((f) => !sameValue(f, before[f], after[f]));
  const bm = [...beforeMembers].sort((x, y) => Number(x.position) - Number(y.position));
  const members: number[] = [];
  for (let i = 0; i < Math.max(bm.length, afterMembers.length); i++) {
    const a = bm[i];
    const b = afterMembers[i];
    if (!a || !b || COMPARED_MEMBER_FIELDS.some((f) => !sameValue(f, a[f], b[f])) || a.open !== true) members.push(i);
  }
  return { fields, members };
}

// ───────────────────────── index maintenance during a large load ─────────────────────────

/** What decides whether a load builds indexes afterwards (defersIndexes, defersOpenPersonIndex). */
export interface DeferralFacts {
  dbKind: 'pglite' | 'postgres';
  mode: 'dry-run' | 'all-or-nothing' | 'valid-rows';
  writes: boolean;
  householdsInFile: number;
  householdsInRegistry: number;
  /** the threshold, when not DEFER_INDEXES_FROM (tests) */
  from?: number;
}

/** Households in a file from which an import on the embedded database may build the registry's plain indexes afterwards. */
export const DEFER_INDEXES_FROM = 10_000;

/**
 * Whether an import drops the plain indexes of the households and members tables at its start and builds them again
 * at its end (or as soon as it has to look files up), in its one transaction: only on PGlite (one connection, so the
 * lock this takes keeps no one else waiting who would not wait anyway), only in all-or-nothing mode (one transaction
 * from the first batch to the last), only when the file is large and at least as large as the registry already is
 * (an initial load): building an index over all the rows then costs less than putting each new row into it.
 */
export function defersIndexes(p: DeferralFacts): boolean {
  return p.dbKind === 'pglite' && p.mode === 'all-or-nothing' && p.writes && p.householdsInFile >= (p.from ?? DEFER_INDEXES_FROM) && p.householdsInFile >= p.householdsInRegistry;
}

/**
 * Whether such a load also builds the unique index of open persons (members_open_person_uq: one open file per ID
 * number) afterwards: only when no member is open in the registry yet. Every clash then lies within the file, and the
 * import finds those before it writes anything (id_duplicate_in_file; the same ID twice in one household makes that
 * household invalid); building the index at the end checks every row again, and a clash would fail the transaction.
 * On the provincial file this index is the one that costs most to fill as it goes: 616,850 random keys.
 */
export function defersOpenPersonIndex(p: DeferralFacts & { openMembersInRegistry: number }): boolean {
  return defersIndexes(p) && p.openMembersInRegistry === 0;
}
