import { type AnyColumn, eq, or, sql, type SQL } from 'drizzle-orm';
import { type HouseholdListItem, type HouseholdListQuery, householdSearchKind } from '../../../contracts/registry';
import type { Db } from '../../platform/db/client';
import { preparedRows } from '../../platform/db/prepared';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { AppError, notFound } from '../../platform/http/errors';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination';
import { inScope, likePrefix } from '../../platform/http/scope';
import { getOrgById } from '../orgs/org.service';
import { assignedHouseholdScope } from '../verification/task.service';
import { type ListRow, householdScope, listItem } from './household.service';
import { households, seriousCauseCondition } from './household.table';

/**
 * The household list and its search: filters inside the actor's scope, keyset pages, and lean SQL — one statement per
 * page (a name search: one per relevance group, until the page is full) that finds the page's ids by an index, then
 * reads only those rows and only the columns the list shows.
 */

type Filters = Omit<HouseholdListQuery, 'sort' | 'order' | 'cursor' | 'limit'>;

/** What the search box holds: an ID number, a phone, an archive number, pinyin initials, or a name or employer. */
export type TextSearch =
  | { kind: 'id'; bidx: string }
  | { kind: 'phone'; bidx: string }
  | { kind: 'archiveNo'; prefix: string; text: string }
  | { kind: 'initials'; prefix: string; text: string }
  | { kind: 'name'; prefix: string; text: string };

export function textSearchOf(deps: Deps, raw: string | undefined): TextSearch | null {
  const q = raw?.trim();
  switch (householdSearchKind(q)) {
    case null:
      return null;
    case 'idNumber':
      return { kind: 'id', bidx: deps.cipher.blindIndex('id', q!.toUpperCase()) };
    case 'phone':
      return { kind: 'phone', bidx: deps.cipher.blindIndex('phone', q!) };
    case 'archiveNo':
      return { kind: 'archiveNo', prefix: likePrefix(q!), text: q! };
    case 'initials':
      return { kind: 'initials', prefix: likePrefix(q!.toLowerCase()), text: q!.toLowerCase() };
    case 'name':
      return { kind: 'name', prefix: likePrefix(q!), text: q! };
  }
}

/**
 * The texts that start with `text`, as a range in byte order (text_pattern_ops): from `text` itself up to, not
 * including, `text` with its last character one code point higher (UTF-8 keeps code point order byte for byte). With
 * the LIKE test beside it, a prefix search reads its index range even where the prefix is a parameter. Null for the
 * upper end when no character can be raised (never for real text).
 */
export function prefixRange(text: string): { from: string; below: string | null } {
  const cps = Array.from(text, (c) => c.codePointAt(0)!);
  while (cps.length > 0) {
    const last = cps.pop()! + 1;
    // skip the surrogate block and the end of Unicode: no character there to stand as a bound
    const next = last >= 0xd800 && last <= 0xdfff ? 0xe000 : last;
    if (next <= 0x10ffff) return { from: text, below: String.fromCodePoint(...cps, next) };
  }
  return { from: text, below: null };
}

function prefixCondition(col: SQL | AnyColumn, t: { prefix: string; text: string }): SQL {
  const r = prefixRange(t.text);
  return sql`(${col} ~>=~ ${r.from}${r.below === null ? sql`` : sql` and ${col} ~<~ ${r.below}`} and ${col} like ${t.prefix})`;
}

/** A name or pinyin search: listed by relevance unless the caller asks for another order. */
const isRelevanceSearch = (t: TextSearch | null): t is Extract<TextSearch, { kind: 'name' | 'initials' }> => t?.kind === 'name' || t?.kind === 'initials';

function textCondition(t: TextSearch): SQL {
  switch (t.kind) {
    case 'id':
      return sql`${households.id} in (select m.household_id from household_members m where m.id_number_bidx = ${t.bidx})`;
    case 'phone':
      return sql`${households.id} in (select m.household_id from household_members m where m.phone_bidx = ${t.bidx})`;
    case 'archiveNo':
      return prefixCondition(households.archiveNo, t);
    case 'initials':
      return prefixCondition(households.workerInitials, t);
    case 'name':
      return or(prefixCondition(households.workerName, t), prefixCondition(households.employer, t))!;
  }
}

/**
 * The filters other than the search box, as SQL, inside the actor's scope: `scope` is the scope's condition, or 'none'
 * where the caller adds the scope itself (a county federation's list, see countyScope) or where every file is in
 * scope (see holdsEveryOrg).
 */
async function baseFilters(db: Db, actor: Actor, f: Filters, scope: 'condition' | 'none' = 'condition'): Promise<SQL[]> {
  const conds: SQL[] = scope === 'condition' ? [householdScope(actor)] : [sql`true`];
  if (f.orgId) {
    const org = await getOrgById(db, f.orgId);
    if (!org || !inScope(actor, { orgPath: org.path, regionCode: org.regionCode })) throw notFound('org');
    conds.push(sql`${households.orgId} in (select o.id from orgs o where o.path like ${likePrefix(org.path)})`);
  }
  if (f.regionCode) {
    // a file's region is always a county (6 digits): a county is an equality, which keeps the list in index order
    conds.push(f.regionCode.length === 6 ? eq(households.regionCode, f.regionCode) : sql`${households.regionCode} like ${likePrefix(f.regionCode)}`);
  }
  if (f.status) conds.push(eq(households.status, f.status));
  if (f.category) conds.push(eq(households.category, f.category));
  if (f.level) conds.push(eq(households.level, f.level));
  if (f.cause && f.seriousIllness === 'true') {
    // the same rows as "serious illness and (primary = cause or cause among the secondary)", written as the predicate of
    // that cause's partial index, which holds exactly these files in update order
    conds.push(seriousCauseCondition(households, f.cause));
  } else {
    if (f.cause) conds.push(or(eq(households.primaryCause, f.cause), sql`${f.cause} = any(${households.secondaryCauses})`)!);
    if (f.seriousIllness) conds.push(eq(households.seriousIllness, f.seriousIllness === 'true'));
  }
  if (f.flag) conds.push(sql`${f.flag} = any(${households.flags})`);
  if (f.hasStudents) conds.push(f.hasStudents === 'true' ? sql`${households.students} > 0` : sql`${households.students} = 0`);
  return conds;
}

/** The filters of the list (and of the export), as SQL, always inside the actor's scope. */
export async function householdFilters(db: Db, deps: Deps, actor: Actor, f: Filters): Promise<SQL[]> {
  const conds = await baseFilters(db, actor, f);
  const t = textSearchOf(deps, f.q);
  if (t) conds.push(textCondition(t));
  return conds;
}

function bad(field: string, zh: string, en: string): AppError {
  return new AppError(400, 'VALIDATION_FAILED', { fields: `${field}（${zh}）`, fieldsEn: `${field} (${en})` }, [{ path: field, message: en, messageZh: zh }]);
}
const invalidCursor = () => bad('cursor', '无效的分页游标', 'invalid cursor');
const UUID = /^[0-9a-f-]{36}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** The columns the list shows (and the ciphertext of the bank account, masked per row), with the org's name. */
const LIST_COLUMNS = sql.raw(
  `h.id, h.archive_no, h.status, h.org_id, h.region_code, h.address, h.worker_name, h.employer, h.union_member, h.housing,
   h.housing_area::text as housing_area, h.receives_dibao, h.dibao_certificate_no, h.size, h.annual_income_fen, h.other_annual_income_fen,
   h.medical_out_of_pocket_fen, h.schooling_spending_fen, h.disaster_loss_fen, h.primary_cause, h.secondary_causes, h.flags,
   h.bank_name, h.bank_account_enc, h.bank_account_masked, h.category, h.level, h.students, h.serious_illness, h.cancel_reason, h.version,
   h.created_at, h.updated_at, o.name as org_name`,
);

interface RawListRow {
  id: string;
  archive_no: string | null;
  status: ListRow['status'];
  org_id: string;
  region_code: string;
  address: string;
  worker_name: string;
  employer: string | null;
  union_member: boolean;
  housing: string;
  housing_area: string | null;
  receives_dibao: boolean;
  dibao_certificate_no: string | null;
  size: number;
  annual_income_fen: number | string | bigint;
  other_annual_income_fen: number | string | bigint;
  medical_out_of_pocket_fen: number | string | bigint;
  schooling_spending_fen: number | string | bigint;
  disaster_loss_fen: number | string | bigint;
  primary_cause: string;
  secondary_causes: string[];
  flags: string[];
  bank_name: string | null;
  bank_account_enc: string | null;
  bank_account_masked: string | null;
  category: ListRow['category'];
  level: ListRow['level'];
  students: number;
  serious_illness: boolean;
  cancel_reason: string | null;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
  org_name: string | null;
  /** the page's sort keys */
  k_g: number;
  k_t: string | null;
  k_u: Date | string | null;
}

const asDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));

function toListRow(r: RawListRow): ListRow {
  return {
    id: r.id,
    archiveNo: r.archive_no,
    status: r.status,
    orgId: r.org_id,
    regionCode: r.region_code,
    address: r.address,
    workerName: r.worker_name,
    employer: r.employer,
    unionMember: r.union_member,
    housing: r.housing,
    housingArea: r.housing_area,
    receivesDibao: r.receives_dibao,
    dibaoCertificateNo: r.dibao_certificate_no,
    size: r.size,
    annualIncomeFen: Number(r.annual_income_fen),
    otherAnnualIncomeFen: Number(r.other_annual_income_fen),
    medicalOutOfPocketFen: Number(r.medical_out_of_pocket_fen),
    schoolingSpendingFen: Number(r.schooling_spending_fen),
    disasterLossFen: Number(r.disaster_loss_fen),
    primaryCause: r.primary_cause,
    secondaryCauses: r.secondary_causes,
    flags: r.flags,
    bankName: r.bank_name,
    bankAccountEnc: r.bank_account_enc,
    bankAccountMasked: r.bank_account_masked,
    category: r.category,
    level: r.level,
    students: r.students,
    seriousIllness: r.serious_illness,
    cancelReason: r.cancel_reason,
    version: r.version,
    createdAt: asDate(r.created_at),
    updatedAt: asDate(r.updated_at),
  };
}

/**
 * One branch of a page: the ids of at most `limit` rows in the branch's order, with their sort keys as k_g (group),
 * k_t (text) and k_u (update time).
 */
function branch(where: SQL[], select: SQL, order: SQL, limit: number): SQL {
  return sql`(select ${households.id} as id, ${select} from ${households} where ${sql.join(where, sql` and `)} order by ${order} limit ${limit})`;
}

/** A statement's worth of a page: the ids and sort keys of at most `limit` files (`page`) and their order (`order`). */
interface PagePart {
  page: SQL;
  order: SQL;
}

interface RelevanceCursor {
  g: number;
  v: string;
  u: string;
  id: string;
}

/**
 * A page in relevance order, for a name or pinyin search: files whose worker's name (or initials) matches first, in
 * the order of the matched text — so an exact name comes before longer names that start with it — and among the same
 * name the latest update first; then, for a name search, files whose employer matches (and whose name does not),
 * in the same way by employer. Each group reads its own index in that order, so a page costs the same whether the
 * search matches ten files or sixty thousand.
 */
function relevancePage(conds: SQL[], t: Extract<TextSearch, { kind: 'name' | 'initials' }>, cursor: string | undefined, limit: number): PagePart[] {
  const c = decodeCursor<Partial<RelevanceCursor>>(cursor);
  const groupsOfKind = t.kind === 'name' ? [0, 1] : [0];
  if (c && (!groupsOfKind.includes(c.g as number) || typeof c.v !== 'string' || typeof c.u !== 'string' || !ISO.test(c.u) || typeof c.id !== 'string' || !UUID.test(c.id))) throw invalidCursor();
  const after = (col: SQL, group: number): SQL[] => {
    if (!c || c.g !== group) return [];
    // the index range starts at the cursor's text; the rest of that text's files come after the cursor's file
    return [sql`${col} ~>=~ ${c.v}`, sql`(${col} ~>~ ${c.v} or (${households.updatedAt}, ${households.id}) < (${c.u}::timestamptz, ${c.id}::uuid))`];
  };
  const groups: SQL[] = [];
  const first = t.kind === 'name' ? households.workerName : households.workerInitials;
  if (!c || c.g === 0) {
    groups.push(
      branch(
        [...conds, prefixCondition(first, t), ...after(sql`${first}`, 0)],
        sql`0 as k_g, ${first} as k_t, ${households.updatedAt} as k_u`,
        sql`${first} using ~<~, ${households.updatedAt} desc, ${households.id} desc`,
        limit,
      ),
    );
  }
  if (t.kind === 'name') {
    groups.push(
      branch(
        [...conds, prefixCondition(households.employer, t), sql`${households.workerName} not like ${t.prefix}`, ...after(sql`${households.employer}`, 1)],
        sql`1 as k_g, ${households.employer} as k_t, ${households.updatedAt} as k_u`,
        sql`${households.employer} using ~<~, ${households.updatedAt} desc, ${households.id} desc`,
        limit,
      ),
    );
  }
  // one statement per group, run in turn until the page is full: each is a single range of one index (so PostgreSQL
  // keeps one plan for it), and a search whose names fill the page never reads the employers
  return groups.map((page) => ({ page, order: sql`p.k_t using ~<~, p.k_u desc, p.id desc` }));
}

/**
 * Whether the actor's org subtree holds every org — the provincial federation's, when it is the only root — so that
 * every file is in its scope (a file always belongs to an org). Its list then carries no scope condition, which
 * PostgreSQL would otherwise test on every index entry it reads and count as selective when it plans for unknown
 * values. Asked of the database on each list (two probes of the path index), never remembered.
 */
async function holdsEveryOrg(db: Db, actor: Actor): Promise<boolean> {
  if (actor.orgPath.split('/').filter(Boolean).length !== 1) return false;
  const { below } = prefixRange(actor.orgPath);
  const outside = sql`exists (select 1 from orgs where path ~<~ ${actor.orgPath})${below === null ? sql`` : sql` or exists (select 1 from orgs where path ~>=~ ${below})`}`;
  const [r] = await preparedRows<{ outside: boolean }>(db, sql`select ${outside} as outside`, { reusablePlan: true });
  return r?.outside === false;
}

/**
 * A county federation's scope in two parts, each of which an index serves in the list's order: the files in its county
 * (every file's region is a county, so "region starts with the county's code" is "region is the county"), read from the
 * county's own index with the filters checked there; and the files of its unions registered in other counties — rare,
 * found by a range of the union/region index on each side of the county's code. The two parts do not overlap and
 * together are exactly householdScope. Null for every other actor (one condition serves them as well as two would).
 */
interface CountyScope {
  county: SQL;
  /** below and above the county's code: each a range of the union/region index per union */
  elsewhere: [SQL, SQL];
}
function countyScope(actor: Actor): CountyScope | null {
  const county = actor.divisionCode;
  if (!county || !/^\d{6}$/.test(county) || assignedHouseholdScope(actor, households.id)) return null;
  const subtree = sql`array(select o.id from orgs o where o.path like ${likePrefix(actor.orgPath)})`;
  return {
    county: sql`${households.regionCode} = ${county}`,
    elsewhere: [sql`${households.orgId} = any(${subtree}) and ${households.regionCode} < ${county}`, sql`${households.orgId} = any(${subtree}) and ${households.regionCode} > ${county}`],
  };
}

/**
 * The files of a county federation's unions outside its county, filtered and in order. They are gathered first (a
 * materialised CTE, named like the table so the filters' column references apply to it unchanged; inside its own
 * definition the name still means the table), so the planner cannot choose to walk a whole list index in order in
 * the hope of meeting them — there are few or none.
 */
function elsewhereBranch([below, above]: [SQL, SQL], where: SQL[], select: SQL, order: SQL, limit: number): SQL {
  const filtered = where.length ? sql` where ${sql.join(where, sql` and `)}` : sql``;
  return sql`(with households as materialized (select * from ${households} where ${below} union all select * from ${households} where ${above}) select ${households.id} as id, ${select} from households${filtered} order by ${order} limit ${limit})`;
}

const SORT_KEYS = {
  updatedAt: sql`${households.updatedAt}`,
  archiveNo: sql`coalesce(${households.archiveNo}, '')`,
  workerName: sql`${households.workerName}`,
} as const;

/** A page in one of the column orders, by keyset on (key, id); for a county federation, the two parts of its scope merged. */
function columnPage(conds: SQL[], split: CountyScope | null, sort: keyof typeof SORT_KEYS, desc: boolean, cursor: string | undefined, limit: number): PagePart {
  const key = SORT_KEYS[sort];
  const c = decodeCursor<{ v: string; id: string }>(cursor);
  const where = [...conds];
  if (c) {
    if (typeof c.v !== 'string' || typeof c.id !== 'string' || !UUID.test(c.id) || (sort === 'updatedAt' && !ISO.test(c.v))) throw invalidCursor();
    const v = sort === 'updatedAt' ? sql`${c.v}::timestamptz` : sql`${c.v}`;
    where.push(desc ? sql`(${key}, ${households.id}) < (${v}, ${c.id}::uuid)` : sql`(${key}, ${households.id}) > (${v}, ${c.id}::uuid)`);
  }
  const dir = desc ? sql`desc` : sql`asc`;
  const select = sql`0 as k_g, ${sort === 'updatedAt' ? sql`null::text` : key} as k_t, ${households.updatedAt} as k_u`;
  const order = sql`${key} ${dir}, ${households.id} ${dir}`;
  const merged = (prefix: string) => (sort === 'updatedAt' ? sql`${sql.raw(prefix)}k_u ${dir}, ${sql.raw(prefix)}id ${dir}` : sql`${sql.raw(prefix)}k_t ${dir}, ${sql.raw(prefix)}id ${dir}`);
  const page = split
    ? sql`(select * from (${branch([split.county, ...where], select, order, limit)} union all ${elsewhereBranch(split.elsewhere, where, select, order, limit)}) u order by ${merged('')} limit ${limit})`
    : branch(where, select, order, limit);
  return { page, order: merged('p.') };
}

export type ListSort = NonNullable<HouseholdListQuery['sort']>;

/** The order a list query is answered in: relevance for a name or pinyin search unless another order is asked for. */
export function effectiveSort(deps: Deps, f: Pick<HouseholdListQuery, 'q' | 'sort'>): ListSort {
  const t = textSearchOf(deps, f.q);
  if (f.sort === 'relevance') return isRelevanceSearch(t) ? 'relevance' : 'updatedAt';
  return f.sort ?? (isRelevanceSearch(t) ? 'relevance' : 'updatedAt');
}

export async function listHouseholds(db: Db, deps: Deps, actor: Actor, f: HouseholdListQuery): Promise<{ items: HouseholdListItem[]; nextCursor: string | null }> {
  const t = textSearchOf(deps, f.q);
  const sort = effectiveSort(deps, f);
  const n = f.limit + 1;
  const relevance = sort === 'relevance' && isRelevanceSearch(t);
  const everything = await holdsEveryOrg(db, actor);
  const split = everything ? null : countyScope(actor);
  let parts: PagePart[];
  if (relevance) {
    // the name and initials indexes hold the region and org: the scope is checked inside them as one condition
    parts = relevancePage(await baseFilters(db, actor, f, everything ? 'none' : 'condition'), t, f.cursor, n);
  } else {
    const conds = await baseFilters(db, actor, f, everything || split ? 'none' : 'condition');
    if (t) conds.push(textCondition(t));
    parts = [columnPage(conds, split, sort === 'relevance' ? 'updatedAt' : sort, (f.order ?? 'desc') === 'desc', f.cursor, n)];
  }
  // each part finds the page's ids (and sort keys) by an index in the page's order, the filters checked in the index
  // where it holds them, then reads only those rows and the listed columns. Its plan may be kept and reused (a named
  // statement) where the shape alone picks the index — a name, pinyin or archive-number range, an ID or phone, one
  // county's index, one cause's partial index; a province's or city's filtered list is planned for its values (how
  // rare a category, a status or a flag is decides how best to find a page of them)
  const reusablePlan =
    relevance || t?.kind === 'id' || t?.kind === 'phone' || t?.kind === 'archiveNo' || split !== null || f.regionCode?.length === 6 || (f.cause !== undefined && f.seriousIllness === 'true');
  const rows: RawListRow[] = [];
  for (const part of parts) {
    if (rows.length >= n) break;
    const got = await preparedRows<RawListRow>(db, sql`select ${LIST_COLUMNS}, p.k_g, p.k_t, p.k_u from ${part.page} p join households h on h.id = p.id left join orgs o on o.id = h.org_id order by ${part.order}`, {
      reusablePlan,
    });
    rows.push(...got.slice(0, n - rows.length));
  }
  const more = rows.length > f.limit;
  const page = more ? rows.slice(0, f.limit) : rows;
  const items = page.map((r) => listItem(toListRow(r), r.org_name ?? '', deps));
  const last = page[page.length - 1];
  let nextCursor: string | null = null;
  if (more && last) {
    if (relevance) nextCursor = encodeCursor({ g: Number(last.k_g), v: last.k_t ?? '', u: asDate(last.k_u!).toISOString(), id: last.id });
    else nextCursor = encodeCursor({ v: sort === 'updatedAt' || sort === 'relevance' ? asDate(last.updated_at).toISOString() : (last.k_t ?? ''), id: last.id });
  }
  return { items, nextCursor };
}
