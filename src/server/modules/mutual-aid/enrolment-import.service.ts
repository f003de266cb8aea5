/**
 * 批量入会 Bulk enrolment of a unit's members for one period from the .xlsx template.
 *
 * The workbook is streamed (the registry import's reader: exceljs WorkbookReader, shared strings kept compactly); the
 * first sheet whose header row names the columns (姓名, 身份证号, 手机号, 参加计划) is read, rows are parsed by the
 * pure rules as they arrive and checked and written 500 at a time inside one transaction: memory holds one batch and
 * the blind indexes seen so far (to find a person twice in the file). Against the database each batch is checked in
 * a few queries: people already members of the scheme through another unit (named, masked outside the actor's
 * scope), the opt-ins members of this unit already hold in the period (maxPlansPerMember). An existing member of the
 * same unit is updated (name, phone) and keeps their opt-ins; only plans they do not hold are added — so importing the
 * same file again changes nothing.
 *
 * Modes: dry-run runs everything and rolls back; all-or-nothing rolls back when any row has an issue; valid-rows
 * commits the rows without issues. When anything was written the unit's bill of the period (if issued) is recomputed
 * and one summary audit event is written besides the per-member events.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Readable } from 'node:stream';
import type { EnrolmentImportCounts, EnrolmentImportIssueDto, EnrolmentImportMode, EnrolmentImportOutcome, EnrolmentImportResultDto } from '../../../contracts/mutual-aid-enrolment';
import { type AuditInput, recordAudit, recordAuditBatch } from '../../platform/audit/audit.service';
import { type Tx, withTx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { uuidv7 } from '../../platform/ids';
import { maskIdNumber } from '../../platform/pii/mask';
import { readWorkbook } from '../../platform/xlsx-reader';
import type { Cell, HeaderMap } from '../registry/import/import.rules';
import { refreshBill } from './contribution.service';
import { type SchemePeriod, schemePeriodOrNull } from './enrolment-period.service';
import { planChoice } from './enrolment.rules';
import {
  type EnrolmentIssue,
  type EnrolmentIssueCode,
  type EnrolmentRow,
  enrolmentHeaderScore,
  isBlankRow,
  issueColumn,
  mapEnrolmentHeader,
  NON_DATA_SHEETS,
  parseEnrolmentRow,
  type PlanCatalogue,
  renderEnrolmentIssue,
} from './enrolment-import.rules';
import { otherUnitText } from './member.service';
import { type MutualAidMemberRow, mutualAidEnrolments as enrolments, mutualAidMembers as members } from './member.table';
import { loadUnit } from './unit.service';
import { type MutualAidUnitRow, mutualAidUnits as units } from './unit.table';

const BATCH = 500;
/** Issues listed in the result and the report; beyond this they are counted. */
export const MAX_LISTED_ISSUES = 10_000;
/** Issues returned with the response (the report has all the listed ones). */
export const ISSUES_SHOWN = 100;

export interface EnrolmentImportOptions {
  unitId: string;
  period: number;
  mode: EnrolmentImportMode;
  fileName: string;
  fileSha256: string;
  open: () => Readable;
  signal?: AbortSignal;
}

export interface EnrolmentImportResult extends Omit<EnrolmentImportResultDto, 'reportId' | 'issues'> {
  /** every listed issue (up to MAX_LISTED_ISSUES) */
  issues: EnrolmentImportIssueDto[];
  sheetName: string | null;
}

class Rollback extends Error {}

interface State {
  sheet: string | null;
  done: boolean;
  header: HeaderMap | null;
  fatal: boolean;
  seenRows: number;
  batch: EnrolmentRow[];
  seen: Map<string, number>;
  counts: EnrolmentImportCounts;
  issues: EnrolmentIssue[];
  audits: AuditInput[];
}

const newCounts = (): EnrolmentImportCounts => ({ rows: 0, blankRows: 0, created: 0, updated: 0, unchanged: 0, enrolments: 0, invalid: 0, issues: 0 });

export async function importMembers(deps: Deps, actor: Actor, opts: EnrolmentImportOptions): Promise<EnrolmentImportResult> {
  const startedAt = deps.clock.now();
  const unit = await loadUnit(deps.db, actor, opts.unitId);
  const st: State = { sheet: null, done: false, header: null, fatal: false, seenRows: 0, batch: [], seen: new Map(), counts: newCounts(), issues: [], audits: [] };
  const issue = (i: EnrolmentIssue) => {
    st.counts.issues++;
    if (st.issues.length < MAX_LISTED_ISSUES) st.issues.push(i);
  };
  const fileIssue = (code: EnrolmentIssueCode, params?: Record<string, string | number>) => issue({ row: null, column: null, code, ...(params ? { params } : {}) });

  let outcome: EnrolmentImportOutcome = 'nothing_written';
  let message: { zh: string; en: string } | null = null;
  const sp = await schemePeriodOrNull(deps.db, unit.schemeCode, opts.period);
  if (unit.status !== 'active') fileIssue('unit_closed');
  else if ('missing' in sp) fileIssue('period_no_version', { scheme: unit.schemeCode, period: opts.period, date: sp.missing });
  else {
    try {
      await withTx(deps.db, async (tx) => {
        await loadUnit(tx, actor, unit.id, true); // one import of a unit at a time
        const names = await readSheets(tx, deps, actor, unit, sp, opts, st, issue, fileIssue);
        if (!st.header) fileIssue('no_member_sheet', { found: names.join('、') || '—' });
        else if (st.counts.rows === 0 && !st.fatal) fileIssue('no_rows', { sheet: st.sheet ?? '' });
        const wrote = st.counts.created + st.counts.updated + st.counts.enrolments > 0;
        if (opts.mode === 'dry-run') {
          outcome = 'dry_run';
          throw new Rollback();
        }
        if (st.fatal || (opts.mode === 'all-or-nothing' && st.counts.issues > 0)) {
          message = { zh: '文件中有问题，未写入任何数据；请按报告修改后重新导入', en: 'the file has issues; nothing was written — correct them as the report says and import again' };
          throw new Rollback();
        }
        if (st.audits.length) await recordAuditBatch(tx, actor, deps.clock, st.audits);
        if (wrote) {
          await refreshBill(tx, deps, actor, unit.id, sp.period);
          await recordAudit(tx, actor, deps.clock, {
            action: 'mutual_aid.member.import',
            entityType: 'mutual_aid_unit',
            entityId: unit.id,
            orgPath: unit.orgPath,
            after: { fileName: opts.fileName, fileSha256: opts.fileSha256, mode: opts.mode, period: sp.period, counts: st.counts },
          });
        }
        outcome = wrote ? 'written' : 'nothing_written';
        if (!wrote) message = { zh: '没有需要写入的变化（名单与系统中一致）', en: 'nothing to write (the list matches what is stored)' };
      });
    } catch (e) {
      if (!(e instanceof Rollback)) throw e;
    }
  }
  if (outcome === 'nothing_written' && !message && st.counts.issues > 0) message = { zh: '文件有问题，未写入任何数据', en: 'the file has issues; nothing was written' };
  return {
    unitId: unit.id,
    unitName: unit.name,
    period: opts.period,
    mode: opts.mode,
    fileName: opts.fileName,
    fileSha256: opts.fileSha256,
    outcome,
    message,
    counts: st.counts,
    issues: st.issues.map((i) => issueDto(st.header, i)),
    sheetName: st.sheet,
    startedAt: startedAt.toISOString(),
    finishedAt: deps.clock.now().toISOString(),
  };
}

export function issueDto(header: HeaderMap | null, i: EnrolmentIssue): EnrolmentImportIssueDto {
  const col = issueColumn(header, i.column);
  const m = renderEnrolmentIssue(i.code, i.params);
  return { row: i.row, column: i.column, columnLetter: col.letter, columnLabel: col.label, code: i.code, zh: m.zh, en: m.en, value: i.value ?? null };
}

async function readSheets(
  tx: Tx,
  deps: Deps,
  actor: Actor,
  unit: MutualAidUnitRow,
  sp: SchemePeriod,
  opts: EnrolmentImportOptions,
  st: State,
  issue: (i: EnrolmentIssue) => void,
  fileIssue: (code: EnrolmentIssueCode, params?: Record<string, string | number>) => void,
): Promise<string[]> {
  const catalogue: PlanCatalogue = { version: sp.version.version, plans: sp.scheme.plans, ...(sp.scheme.maxPlansPerMember !== undefined ? { maxPlansPerMember: sp.scheme.maxPlansPerMember } : {}) };
  const flush = async () => {
    const rows = st.batch;
    st.batch = [];
    if (rows.length) await checkAndWrite(tx, deps, actor, unit, sp, catalogue, rows, st, issue);
  };
  const dataRow = async (row: number, cells: Cell[]) => {
    if (isBlankRow(cells)) {
      st.counts.blankRows++;
      return;
    }
    st.counts.rows++;
    if (st.fatal) return;
    st.batch.push(parseEnrolmentRow(st.header!, row, cells, catalogue));
    if (st.batch.length >= BATCH) await flush();
  };
  return readWorkbook(
    opts.open(),
    (name) => {
      if (st.done || NON_DATA_SHEETS.has(name.trim().toLowerCase()) || NON_DATA_SHEETS.has(name.trim())) return null;
      let looked = 0;
      return {
        row: async (row, cells) => {
          if (st.header) return st.sheet === name ? dataRow(row, cells) : undefined;
          // the header is one of the first 5 rows (a title may stand above it)
          if (++looked > 5) return;
          if (enrolmentHeaderScore(cells) >= 2) {
            st.sheet = name;
            st.header = mapEnrolmentHeader(cells);
            for (const h of st.header.issues) {
              issue({ row, column: h.column as EnrolmentRow['issues'][number]['column'], code: h.code, params: h.params });
              if (h.code === 'column_missing' || h.code === 'column_duplicate') st.fatal = true;
            }
            if (!st.header.byKey.has('plans') && catalogue.plans.length > 1) {
              fileIssue('column_missing', { column: '参加计划' });
              st.fatal = true;
            }
          }
        },
        end: async () => {
          if (st.header && st.sheet === name) {
            await flush();
            st.done = true;
          }
        },
      };
    },
    opts.signal,
  );
}

/** Checks one batch against the file so far and the database, and writes its valid rows. */
async function checkAndWrite(tx: Tx, deps: Deps, actor: Actor, unit: MutualAidUnitRow, sp: SchemePeriod, catalogue: PlanCatalogue, rows: EnrolmentRow[], st: State, issue: (i: EnrolmentIssue) => void): Promise<void> {
  // a person twice in the file: the later rows are the issue
  const bidxOf = new Map<EnrolmentRow, string>();
  for (const r of rows) {
    if (!r.idNumber) continue;
    const b = deps.cipher.blindIndex('id', r.idNumber);
    const first = st.seen.get(b);
    if (first !== undefined) r.issues.push({ row: r.row, column: 'idNumber', code: 'id_duplicate_in_file', params: { rows: `${first}、${r.row}` }, value: maskIdNumber(r.idNumber) });
    else st.seen.set(b, r.row);
    bidxOf.set(r, b);
  }
  const bidxs = [...new Set(bidxOf.values())];
  const existing = new Map<string, MutualAidMemberRow & { unitName: string; unitOrgPath: string }>();
  if (bidxs.length) {
    const found = await tx
      .select({ m: members, unitName: units.name, unitOrgPath: units.orgPath })
      .from(members)
      .innerJoin(units, eq(units.id, members.unitId))
      .where(and(eq(members.schemeCode, unit.schemeCode), inArray(members.idNumberBidx, bidxs)));
    for (const f of found) existing.set(f.m.idNumberBidx, { ...f.m, unitName: f.unitName, unitOrgPath: f.unitOrgPath });
  }
  const ownIds = [...existing.values()].filter((m) => m.unitId === unit.id).map((m) => m.id);
  const held = new Map<string, string[]>();
  if (ownIds.length) {
    const es = await tx
      .select({ memberId: enrolments.memberId, planCode: enrolments.planCode })
      .from(enrolments)
      .where(and(inArray(enrolments.memberId, ownIds), eq(enrolments.period, sp.period), eq(enrolments.status, 'active')));
    for (const e of es) held.set(e.memberId, [...(held.get(e.memberId) ?? []), e.planCode]);
  }

  const now = deps.clock.now();
  const newMembers: MutualAidMemberRow[] = [];
  const newOptIns: Array<typeof enrolments.$inferInsert> = [];
  const optIn = (memberId: string, planCode: string) =>
    newOptIns.push({ id: uuidv7(), memberId, unitId: unit.id, schemeCode: unit.schemeCode, planCode, period: sp.period, validFrom: sp.validFrom, validTo: sp.validTo, status: 'active', paidAt: null, createdBy: actor.userId, createdAt: now, updatedAt: now });

  for (const r of rows) {
    const b = bidxOf.get(r);
    const ex = b && r.issues.length === 0 ? existing.get(b) : undefined;
    if (ex && ex.unitId !== unit.id) r.issues.push({ row: r.row, column: 'idNumber', code: 'member_of_other_unit', params: { unit: otherUnitText(actor, { unitName: ex.unitName, orgPath: ex.unitOrgPath }) }, value: maskIdNumber(r.idNumber!) });
    let added: string[] = [];
    if (ex && ex.unitId === unit.id && r.issues.length === 0) {
      const have = held.get(ex.id) ?? [];
      const c = planChoice(have, r.planCodes ?? [], catalogue.maxPlansPerMember);
      if (c.tooMany) r.issues.push({ row: r.row, column: 'plans', code: 'too_many_plans', params: { max: catalogue.maxPlansPerMember!, have: have.length, total: c.total } });
      added = c.added;
    }
    if (r.issues.length > 0) {
      st.counts.invalid++;
      for (const i of r.issues) issue(i);
      continue;
    }
    if (!ex) {
      const info = { name: r.name!, idNumber: r.idNumber!, phone: r.phone ?? null };
      const m: MutualAidMemberRow = {
        id: uuidv7(),
        schemeCode: unit.schemeCode,
        unitId: unit.id,
        orgPath: unit.orgPath,
        name: info.name,
        idNumberEnc: deps.cipher.encrypt(info.idNumber),
        idNumberBidx: b!,
        sex: Number(info.idNumber[16]) % 2 === 1 ? 'male' : 'female',
        birthDate: `${info.idNumber.slice(6, 10)}-${info.idNumber.slice(10, 12)}-${info.idNumber.slice(12, 14)}`,
        phoneEnc: info.phone ? deps.cipher.encrypt(info.phone) : null,
        phoneBidx: info.phone ? deps.cipher.blindIndex('phone', info.phone) : null,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      };
      newMembers.push(m);
      existing.set(b!, { ...m, unitName: unit.name, unitOrgPath: unit.orgPath });
      for (const p of r.planCodes ?? []) optIn(m.id, p);
      st.counts.created++;
      st.counts.enrolments += (r.planCodes ?? []).length;
      st.audits.push({ action: 'mutual_aid.member.create', entityType: 'mutual_aid_member', entityId: m.id, orgPath: unit.orgPath, after: { unitId: unit.id, name: m.name, idNumber: info.idNumber, phone: info.phone, via: 'import', period: sp.period, plans: r.planCodes ?? [] } });
      continue;
    }
    // a member of this unit already: name and phone updated when they differ, plans not held added
    const phoneBidx = r.phone ? deps.cipher.blindIndex('phone', r.phone) : null;
    const nameChanged = r.name !== undefined && r.name !== ex.name;
    const phoneChanged = r.phone !== undefined && phoneBidx !== ex.phoneBidx;
    if (nameChanged || phoneChanged) {
      await tx
        .update(members)
        .set({ ...(nameChanged ? { name: r.name! } : {}), ...(phoneChanged ? { phoneEnc: deps.cipher.encrypt(r.phone!), phoneBidx } : {}), updatedAt: now })
        .where(eq(members.id, ex.id));
      st.counts.updated++;
      st.audits.push({ action: 'mutual_aid.member.update', entityType: 'mutual_aid_member', entityId: ex.id, orgPath: unit.orgPath, before: { name: ex.name }, after: { name: r.name, ...(phoneChanged ? { phone: r.phone } : {}), via: 'import' } });
    } else if (added.length === 0) st.counts.unchanged++;
    if (added.length) {
      for (const p of added) optIn(ex.id, p);
      held.set(ex.id, [...(held.get(ex.id) ?? []), ...added]);
      st.counts.enrolments += added.length;
      if (!nameChanged && !phoneChanged) st.counts.updated++;
      st.audits.push({ action: 'mutual_aid.enrolment.create', entityType: 'mutual_aid_member', entityId: ex.id, orgPath: unit.orgPath, after: { period: sp.period, plans: added, via: 'import' } });
    }
  }
  if (newMembers.length) await tx.insert(members).values(newMembers);
  if (newOptIns.length) await tx.insert(enrolments).values(newOptIns);
}
