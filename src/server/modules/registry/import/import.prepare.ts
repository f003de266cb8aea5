/**
 * The CPU part of the import's third step, without the database: a partition of the spool assembled into households
 * (assemblePartition) and a batch of them checked and turned into rows (prepareBatch). Pure of the database and of
 * the import's state, so it runs in the import's own thread for small files and in a preparing thread (import.worker)
 * for large ones, with the same results.
 */
import type { HouseholdInput } from '../../../../contracts/registry';
import type { ImportCounts } from '../../../../contracts/registry-import';
import type { Deps } from '../../../platform/deps';
import type { Actor } from '../../../platform/http/actor';
import type { Tx } from '../../../platform/db/tx';
import { AppError } from '../../../platform/http/errors';
import { render } from '../../../platform/http/i18n';
import { inScope } from '../../../platform/http/scope';
import { uuidv7 } from '../../../platform/ids';
import type { PiiCipher } from '../../../platform/pii/cipher';
import { divisionName } from '../../orgs/division';
import type { DibaoLineRow } from '../dibao-line.table';
import { householdColumns, memberRows, validateInput } from '../household.service';
import { pickLine } from '../identification.rules';
import type { AuditInput } from '../../../platform/audit/audit.chain';
import { type PreparedCopy, prepareCopy } from '../../../platform/db/bulk';
import { householdEvents } from '../household-event.table';
import { households } from '../household.table';
import { members } from '../member.table';
import { HOUSEHOLD_SHEET, MEMBER_SHEET, type SheetSpec } from './import.columns';
import { assembleHousehold, type Issue, type ParsedRow } from './import.rules';

/** Stands for the owning union until the union is resolved (assembly checks the rows, not the union). */
const PLACEHOLDER_ORG = '00000000-0000-7000-8000-000000000000';

export interface IssueSinkLike {
  add(i: Issue): void;
  addAll(is: Issue[]): void;
}

/**
 * Lines of the household partitions, compact JSON arrays: a household row [0, row, values, issues?], a member row
 * [1, row, values, issues?] (values in the sheet's column order, null for none), or an issue found across the
 * file for a household [2, seq, issue].
 */
export type SpoolLine = [0 | 1, number, unknown[], Issue[]?] | [2, string, Issue];


export function decodeValues(spec: SheetSpec, v: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  spec.columns.forEach((c, i) => {
    if (v[i] !== null && v[i] !== undefined) out[c.key] = v[i];
  });
  return out;
}


export interface Item {
  h: ParsedRow;
  ms: ParsedRow[];
  input: HouseholdInput | null;
  /** issues found before the database was asked */
  found: Issue[];
  issues: Issue[];
}


export interface OrgInfo {
  id: string;
  code: string;
  name: string;
  kind: string;
  path: string;
  regionCode: string | null;
}


export interface Prepared {
  items: Item[];
  orgOf: Map<Item, OrgInfo>;
  /** rows of each valid household as createHousehold would write them (a fresh id; an update takes the file's) */
  rows: Map<Item, { householdId: string; mrows: Array<typeof members.$inferInsert>; cols: Awaited<ReturnType<typeof householdColumns>> }>;
  /** issues found before the database stage */
  base: Map<Item, Issue[]>;
}


/** What preparing a batch needs: all of it plain data, so it can be handed to another thread. */
export interface PrepareContext {
  /** unions by the code or name rows give (null: none or ambiguous), resolved before */
  orgs: Map<string, OrgInfo | null>;
  actor: Actor;
  reportingOrg: { path: string; name: string };
  cipher: PiiCipher;
  /** the import's clock reading: identification uses its year's lines */
  now: Date;
  year: number;
  /** the dibao lines of that year */
  lines: DibaoLineRow[];
  /** yield to the event loop every this many households (0: never) */
  yieldEvery: number;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));


/** One partition's households, each with its members and every issue found so far, in file order. */
export function assemblePartition(lines: Iterable<string>, sink: IssueSinkLike, counts: ImportCounts, opts: { incomplete: boolean; haveHouseholds: boolean; haveMembers: boolean }): Item[] {
  const hs = new Map<string, ParsedRow[]>();
  const ms = new Map<string, ParsedRow[]>();
  const es = new Map<string, Issue[]>();
  for (const line of lines) {
    const x = JSON.parse(line) as SpoolLine;
    if (x[0] === 2) {
      const l = es.get(x[1]);
      if (l) l.push(x[2]);
      else es.set(x[1], [x[2]]);
      continue;
    }
    const values = decodeValues(x[0] === 0 ? HOUSEHOLD_SHEET : MEMBER_SHEET, x[2]);
    const r: ParsedRow = { row: x[1], values, issues: x[3] ?? [] };
    const seq = (x[0] === 0 ? values.seq : values.householdSeq) as string;
    const map = x[0] === 0 ? hs : ms;
    const l = map.get(seq);
    if (l) l.push(r);
    else map.set(seq, [r]);
  }
  for (const [seq, mlist] of ms) {
    if (hs.has(seq) || !opts.haveHouseholds) continue; // without a households sheet, that sheet's issue says it all
    for (const m of mlist) {
      sink.addAll(m.issues);
      sink.add({ sheet: 'members', row: m.row, column: 'householdSeq', code: 'member_household_missing', params: { seq }, seq });
    }
  }
  const items: Item[] = [];
  for (const [seq, hlist] of hs) {
    const mlist = (ms.get(seq) ?? []).sort((a, b) => a.row - b.row);
    if (hlist.length > 1) {
      const rows = hlist.map((h) => h.row).sort((a, b) => a - b);
      for (const h of hlist) {
        sink.addAll(h.issues);
        sink.add({ sheet: 'households', row: h.row, column: 'seq', code: 'seq_duplicate', params: { seq, rows: rows.join('、') }, seq });
        counts.invalid++;
      }
      for (const m of mlist) sink.addAll(m.issues);
      sink.addAll(es.get(seq) ?? []);
      continue;
    }
    const h = hlist[0];
    const a = assembleHousehold(h, mlist, PLACEHOLDER_ORG, { incomplete: opts.incomplete });
    const structural = opts.haveMembers ? a.issues : a.issues.filter((i) => i.code !== 'household_no_members');
    const all = [...h.issues, ...mlist.flatMap((m) => m.issues), ...(es.get(seq) ?? []), ...structural];
    items.push({ h, ms: mlist, input: all.length === 0 ? a.input : null, found: all, issues: [] });
  }
  return items.sort((x, y) => x.h.row - y.h.row);
}


/**
 * The CPU part of a batch, without the database: unions checked against the actor and the reporting org, the
 * input checked as createHousehold checks it, and the rows computed by createHousehold's functions (members
 * encrypted, figures derived, identification). In the import's thread it yields to the event loop now and then,
 * so the previous batch's database work goes on meanwhile; in the preparing thread it runs straight through.
 */
export async function prepareBatch(ctx: PrepareContext, items: Item[]): Promise<Prepared> {
  const { actor, reportingOrg } = ctx;
  // the functions createHousehold uses take the app's dependencies; these are the two they read here
  const deps = { cipher: ctx.cipher, clock: { now: () => ctx.now } } as unknown as Deps;
  const lineOf = (regionCode: string, year: number) => Promise.resolve(year === ctx.year ? pickLine(ctx.lines, regionCode) : null);
  const out: Prepared = { items, orgOf: new Map(), rows: new Map(), base: new Map() };
  let n = 0;
  for (const it of items) {
    if (ctx.yieldEvery && ++n % ctx.yieldEvery === 0) await yieldToLoop();
    const issues = [...it.found];
    out.base.set(it, issues);
    const issue = (column: string, code: Issue['code'], params: Record<string, string | number>) =>
      issues.push({ sheet: 'households', row: it.h.row, column, code, seq: (it.h.values.seq as string) ?? null, params });
    const token = it.h.values.orgCode as string | undefined;
    if (!token) continue;
    const o = ctx.orgs.get(token) ?? null;
    if (!o || !inScope(actor, { orgPath: o.path, regionCode: o.regionCode })) {
      issue('orgCode', 'org_unknown', { value: token });
      continue;
    }
    if (!o.path.startsWith(reportingOrg.path)) {
      issue('orgCode', 'org_out_of_scope', { name: `${o.code} ${o.name}`, org: reportingOrg.name });
      continue;
    }
    if (o.kind !== 'grassroots') {
      issue('orgCode', 'org_not_grassroots', { name: `${o.code} ${o.name}` });
      continue;
    }
    const region = it.h.values.regionCode as string | undefined;
    if (region && o.regionCode && !region.startsWith(o.regionCode)) {
      issue('regionCode', 'org_region_mismatch', { region: `${o.regionCode} ${divisionName(o.regionCode) ?? ''}`.trim() });
      continue;
    }
    out.orgOf.set(it, o);
    if (issues.length > 0 || !it.input) continue;
    const input: HouseholdInput = { ...it.input, orgId: o.id };
    try {
      validateInput(input);
    } catch (e) {
      issues.push({ sheet: 'households', row: it.h.row, column: null, code: 'contract', seq: (it.h.values.seq as string) ?? null, params: { detail: e instanceof AppError ? render(e.code, 'zh-CN', e.params) : String(e) } });
      continue;
    }
    const householdId = uuidv7();
    const mrows = memberRows(deps, householdId, input, true);
    const cols = await householdColumns(null as unknown as Tx, deps, input, mrows, lineOf); // the lines are given: no database
    out.rows.set(it, { householdId, mrows, cols });
  }
  return out;
}

/** Whether every household of a prepared batch is valid and ready to be written as a new file (see ReadyBatch). */
export function allValid(p: Prepared): boolean {
  return p.items.length > 0 && p.items.every((it) => p.rows.has(it) && p.orgOf.has(it) && (p.base.get(it)?.length ?? 0) === 0);
}

/** A valid household as a new file: its row, its members' rows and its union. */
export interface Creation {
  it: Item;
  row: typeof households.$inferInsert;
  mrows: Array<typeof members.$inferInsert>;
  org: OrgInfo;
}

/** Who creates files, in which import, when. */
export interface CreationContext {
  actor: Actor;
  importId: string;
  now: Date;
}

export function creationOf(it: Item, p: Prepared, c: CreationContext): Creation {
  const r = p.rows.get(it)!;
  const row: typeof households.$inferInsert = { id: r.householdId, archiveNo: (it.h.values.archiveNo as string | undefined) ?? null, status: 'draft', ...r.cols, registeredBy: c.actor.userId, registeredAt: c.now, version: 1, createdAt: c.now, updatedAt: c.now };
  return { it, org: p.orgOf.get(it)!, mrows: r.mrows, row };
}

/** The lifecycle event of a file the import creates (摸底上报). */
export function creationEvent(cr: Creation, c: CreationContext): typeof householdEvents.$inferInsert {
  return {
    id: uuidv7(),
    householdId: cr.row.id!,
    fromStatus: null,
    toStatus: 'draft',
    signerRole: 'registered',
    actorUserId: c.actor.userId,
    actorName: c.actor.displayName,
    reason: '摸底上报（Excel 导入）/ reported by Excel import',
    details: { importId: c.importId, row: cr.it.h.row },
    at: c.now,
  };
}

/** The audit event of a file the import creates. */
export function creationAudit(cr: Creation, c: CreationContext): AuditInput {
  const r = cr.row;
  return {
    action: 'registry.household.create',
    entityType: 'household',
    entityId: r.id!,
    orgPath: cr.org.path,
    regionCode: r.regionCode,
    after: { via: 'import', importId: c.importId, row: cr.it.h.row, archiveNo: r.archiveNo, status: 'draft', orgId: r.orgId, workerName: r.workerName, size: r.size, category: r.category, level: r.level },
  };
}

/** Rows of one table as COPY's text, encoded (UTF-8) so that it can be handed to another thread without a copy. */
export interface CopyBytes {
  columns: string;
  bytes: Uint8Array;
}
const utf8 = new TextEncoder();
const copyBytes = (p: PreparedCopy): CopyBytes => ({ columns: p.columns, bytes: utf8.encode(p.text) });

/**
 * A batch of new files made ready to be written as they are: the COPY text of its households, members and lifecycle
 * events, and its audit events as a line of the audit spool (a JSON array). The preparing thread sends this instead
 * of the batch's households and rows whenever every household of the batch is valid, so that the writing thread only
 * writes (the common case: a new survey). If the database refuses it (an archive number or a person already on
 * file), the writing thread prepares the same households again from the spool — `partition`, `start` and `count`
 * say which — and takes the full path. Its files are stamped with the import's start (`CreationContext.now`), where a
 * batch prepared whole is stamped when it is written.
 */
export interface ReadyBatch {
  ready: true;
  partition: number;
  start: number;
  count: number;
  households: CopyBytes;
  members: CopyBytes;
  events: CopyBytes;
  audits: string;
}

/** A prepared batch, or one made ready to be written (see ReadyBatch). */
export type Batch = Prepared | ReadyBatch;

export const isReady = (b: Batch): b is ReadyBatch => 'ready' in b;
export const householdsIn = (b: Batch): number => (isReady(b) ? b.count : b.items.length);

/** The batch made ready to be written when every household in it is valid; null otherwise. */
export function readyBatch(p: Prepared, at: { partition: number; start: number }, c: CreationContext): ReadyBatch | null {
  if (!allValid(p)) return null;
  const creates = p.items.map((it) => creationOf(it, p, c));
  return {
    ready: true,
    ...at,
    count: creates.length,
    households: copyBytes(prepareCopy(households, creates.map((cr) => cr.row))),
    members: copyBytes(prepareCopy(members, creates.flatMap((cr) => cr.mrows))),
    events: copyBytes(prepareCopy(householdEvents, creates.map((cr) => creationEvent(cr, c)))),
    audits: JSON.stringify(creates.map((cr) => creationAudit(cr, c))),
  };
}

/** The buffers a ReadyBatch hands over to the thread it is sent to. */
export const transferOf = (r: ReadyBatch): ArrayBuffer[] => [r.households.bytes.buffer as ArrayBuffer, r.members.bytes.buffer as ArrayBuffer, r.events.bytes.buffer as ArrayBuffer];
