/**
 * 摸底上报: import household files from the Excel template, streaming, at provincial scale.
 *
 * 1. Read. The workbook is streamed (platform/xlsx-reader: the zip read front to back, the sheet XML scanned); each
 *    row is parsed by the pure rules and appended to an encrypted temporary partition chosen by the household's 序号
 *    — household rows and member rows of one household land in the same partition whatever the order of the sheets
 *    and rows. ID numbers and archive numbers go to a second set of (equally encrypted) partitions keyed by
 *    themselves, to find duplicates across the file. Memory holds one row at a time, plus the workbook's
 *    shared-string table kept compactly as UTF-8 (reader).
 * 2. Duplicates across the file are found one key partition at a time and written back to the households'
 *    partitions as issues.
 * 3. Check and write, one partition at a time (a partition holds about a thousand households). Preparing
 *    (import.prepare, in a second thread for large files): each household is assembled from its rows and checked as
 *    createHousehold checks it, unions checked against the actor and the reporting org, and the rows computed by
 *    the same functions createHousehold uses (member rows, derived figures, identification). Writing, per batch:
 *    valid new households are written at once inside a savepoint, the unique indexes being the check; when they
 *    refuse (or the previous batch found existing files), existing files are found (by archive number, else by the
 *    worker's ID in an open file of the same union) and locked, every ID number is checked against open files
 *    province-wide, and a file that would not change is left alone. Rows go through bulkInsert (COPY), audit events
 *    are appended per batch. Batches are pipelined: the next ones are prepared while the database writes.
 * Modes: dry-run writes nothing; all-or-nothing runs step 3 in one transaction and rolls it back at the first issue
 * (checking on without writing, so the report is complete); valid-rows commits each batch on its own.
 * One summary audit event (file hash, mode, counts) is written when anything was written.
 */
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import { OPEN_STATUSES } from '../../../../contracts/registry';
import type { ImportCounts, ImportMode, ImportOutcome } from '../../../../contracts/registry-import';
import { type AuditInput, recordAuditBatch, recordAuditLines } from '../../../platform/audit/audit.service';
import { bulkInsert, canCopy, copyPrepared, textArray } from '../../../platform/db/bulk';
import { dropIndexesForLoad, restoreIndexes } from '../../../platform/db/deferred-indexes';
import { type Db, rowsOf } from '../../../platform/db/client';
import type { Tx } from '../../../platform/db/tx';
import { withTx } from '../../../platform/db/tx';
import { violatedConstraint } from '../../../platform/db/errors';
import type { Deps } from '../../../platform/deps';
import type { Actor } from '../../../platform/http/actor';
import { inScope } from '../../../platform/http/scope';
import { uuidv7 } from '../../../platform/ids';
import { maskName } from '../../../platform/pii/mask';
import { dibaoLines } from '../dibao-line.table';
import { householdEvents } from '../household-event.table';
import { shanghaiDate } from '../household.rules';
import { type HouseholdRow, households } from '../household.table';
import { type MemberRow, members } from '../member.table';
import { HOUSEHOLD_SHEET, MEMBER_SHEET, type SheetSpec } from './import.columns';
import { renderIssue } from './import.messages';
import { type KeptSheet, readWorkbook, SheetPieces, WorkbookFormatError } from '../../../platform/xlsx-reader';
import { ZipFormatError } from '../../../platform/zip-stream';
import { sniffFile } from './import.reader';
import { type HeaderMap, type Issue, type ParsedRow, defersIndexes, defersOpenPersonIndex, householdChanges } from './import.rules';
import { type IntakeOutput, IssueSink, SheetIntake } from './import.intake';
import {
  allValid,
  assemblePartition,
  type Batch,
  type Creation,
  type CreationContext,
  creationAudit,
  creationEvent,
  creationOf,
  householdsIn,
  isReady,
  type Item,
  type OrgInfo,
  type PrepareContext,
  type Prepared,
  prepareBatch,
  type ReadyBatch,
  type SpoolLine,
} from './import.prepare';
import { Spool } from './import.spool';
import type { PreparingThreadControl, PreparingThreadInit, PreparingThreadMessage, ReadingThreadHelp, ReadingThreadInit, ReadingThreadMessage } from './import.worker-protocol';
import { startWorker, workerInbox } from '../../../platform/worker-thread';

/** Households checked and written together (one query of each kind, one set of INSERTs, one audit append). */
const BATCH = 1000;
/** Issues kept for the report; beyond this they are counted, not listed. */
export const MAX_LISTED_ISSUES = 100_000;
/** Households from which the batches are prepared in a second thread (below that, starting it is not worth it). */
const PREPARING_THREAD_FROM = 2000;
/** Files from which a kept members sheet is read in a second thread (≈ 15,000 households; below, not worth a thread). */
const READING_THREAD_FROM_BYTES = 4 * 1024 * 1024;
/** The reading thread keeps one row and the spools' unwritten lines alive. */
const READING_THREAD_HEAP = { youngMb: 8, oldMb: 128 };
/** Batches the preparing thread keeps ready ahead of the writer. */
const PREPARED_AHEAD = 2;

export interface ReportingOrg {
  id: string;
  code: string;
  name: string;
  path: string;
  regionCode: string | null;
}

export interface ImportProgress {
  /** indexing: the plain indexes a large load deferred are being built (see defersIndexes) */
  phase: 'reading' | 'checking' | 'writing' | 'indexing';
  rowsRead: number;
  rowsTotal: number | null;
  householdsDone: number;
  householdsTotal: number;
  counts: ImportCounts;
}

export interface ImportRequest {
  /** the workbook: a path, or a stream factory (the page's upload is kept encrypted and decrypted on read) */
  open: () => Readable;
  /** a path to sniff the first bytes of (the CLI's file; the page checks its upload itself) */
  sniffPath?: string;
  fileName: string;
  fileBytes: number;
  fileSha256: string;
  mode: ImportMode;
  org: ReportingOrg;
  actor: Actor;
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
  /** prepare the rows in a second thread: by default for files of 2,000 households or more */
  prepareInThread?: boolean;
  /** read the members sheet in a second thread (when the workbook keeps it for later): by default from 4 MB */
  readInThread?: boolean;
  /** households in a file from which its load may build the plain indexes afterwards (see defersIndexes); tests lower it */
  deferIndexesFrom?: number;
  /** the indexes a load builds afterwards, named as it drops them (tests and the bench look) */
  onIndexesDeferred?: (names: string[]) => void;
}

export interface ImportResult {
  id: string;
  mode: ImportMode;
  org: ReportingOrg;
  fileName: string;
  fileBytes: number;
  fileSha256: string;
  counts: ImportCounts;
  outcome: ImportOutcome;
  message: { zh: string; en: string } | null;
  /** sorted by sheet, row and column; at most MAX_LISTED_ISSUES */
  issues: Issue[];
  headers: { households: HeaderMap | null; members: HeaderMap | null };
  sheetNames: { households: string | null; members: string | null };
  startedAt: Date;
  finishedAt: Date;
}

export function sha256File(file: string): Promise<{ sha256: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    let bytes = 0;
    createReadStream(file)
      .on('data', (c) => {
        h.update(c);
        bytes += c.length;
      })
      .on('error', reject)
      .on('end', () => resolve({ sha256: h.digest('hex'), bytes }));
  });
}

// ───────────────────────── issues ─────────────────────────

const SHEET_ORDER = { file: 0, households: 1, members: 2 } as const;
const columnOrder = (sheet: Issue['sheet'], key: string | null) => {
  if (!key) return -1;
  const cols = sheet === 'members' ? MEMBER_SHEET.columns : HOUSEHOLD_SHEET.columns;
  return cols.findIndex((c) => c.key === key);
};
export function compareIssues(a: Issue, b: Issue): number {
  return (
    SHEET_ORDER[a.sheet] - SHEET_ORDER[b.sheet] ||
    (a.row ?? 0) - (b.row ?? 0) ||
    columnOrder(a.sheet, a.column) - columnOrder(b.sheet, b.column) ||
    a.code.localeCompare(b.code)
  );
}

// ───────────────────────── the pipeline ─────────────────────────

/** A sheet of the file as the import knows it once read (a SheetIntake, or what the reading thread reported). */
interface SheetTaken {
  spec: SheetSpec;
  name: string;
  header: HeaderMap | null;
  fatal: boolean;
}

class Rollback extends Error {}


export async function runImport(deps: Deps, req: ImportRequest): Promise<ImportResult> {
  const startedAt = deps.clock.now();
  const id = uuidv7();
  const issues = new IssueSink(MAX_LISTED_ISSUES);
  const counts: ImportCounts = { householdRows: 0, memberRows: 0, blankRows: 0, created: 0, updated: 0, unchanged: 0, invalid: 0, issues: 0 };
  const progress: ImportProgress = { phase: 'reading', rowsRead: 0, rowsTotal: null, householdsDone: 0, householdsTotal: 0, counts };
  let lastReport = 0;
  const report = (force = false) => {
    const now = Date.now();
    if (!force && now - lastReport < 200) return;
    lastReport = now;
    counts.issues = issues.total;
    req.onProgress?.({ ...progress, counts: { ...counts } });
  };
  const result = (outcome: ImportOutcome, message: { zh: string; en: string } | null, headers: ImportResult['headers'], sheetNames: ImportResult['sheetNames']): ImportResult => {
    counts.issues = issues.total;
    return {
      id,
      mode: req.mode,
      org: req.org,
      fileName: req.fileName,
      fileBytes: req.fileBytes,
      fileSha256: req.fileSha256,
      counts,
      outcome,
      message,
      issues: issues.list.sort(compareIssues),
      headers,
      sheetNames,
      startedAt,
      finishedAt: deps.clock.now(),
    };
  };
  const fileIssue = (code: Issue['code'], params?: Record<string, string | number>) => issues.add({ sheet: 'file', row: null, column: null, code, ...(params ? { params } : {}) });
  const nothing = (zh: string, en: string) => ({ zh, en });

  if (req.sniffPath) {
    const kind = sniffFile(req.sniffPath);
    if (kind !== 'xlsx') {
      fileIssue(kind === 'xls' ? 'xls_format' : kind === 'empty' ? 'empty_file' : 'not_xlsx');
      return result('nothing_written', renderIssue(kind === 'xls' ? 'xls_format' : kind === 'empty' ? 'empty_file' : 'not_xlsx'), { households: null, members: null }, { households: null, members: null });
    }
  }

  const dir = mkdtempSync(path.join(tmpdir(), 'pa-import-'));
  const partitions = Math.min(256, Math.max(4, Math.ceil(req.fileBytes / 200_000)));
  const hs = new Spool(dir, 'h', partitions);
  const ks = new Spool(dir, 'k', Math.min(64, Math.max(2, Math.ceil(partitions / 4))));
  try {
    // ── 1. read ──
    const provinceCode = (req.org.regionCode ?? '52').slice(0, 2);
    const ctx = { provinceCode };
    const sheets: { households: SheetTaken | null; members: SheetTaken | null } = { households: null, members: null };
    const sheetFor = (name: string): SheetSpec | null => {
      const n = name.normalize('NFKC').trim().toLowerCase();
      for (const spec of [HOUSEHOLD_SHEET, MEMBER_SHEET]) if (n === spec.name || spec.aliases.includes(n)) return spec;
      return null;
    };
    const orgTokens = new Set<string>();
    const intakeOutput: IntakeOutput = {
      rows: hs,
      keys: ks,
      issues,
      counts,
      onRow: () => {
        progress.rowsRead++;
        report();
      },
    };
    // a large file's members sheet, when the workbook stores it before its shared strings (as Excel and most writers
    // do), is read in a second thread meanwhile
    const readInThread = req.readInThread ?? req.fileBytes >= READING_THREAD_FROM_BYTES;
    const elsewhere = (name: string) => {
      const spec = sheetFor(name);
      if (!readInThread || spec?.kind !== 'members' || sheets.members) return null;
      const taken: SheetTaken = { spec, name, header: null, fatal: false };
      sheets.members = taken;
      return (sheet: KeptSheet, stop: AbortSignal) => readInReadingThread(sheet, taken, stop);
    };
    const readInReadingThread = async (sheet: KeptSheet, taken: SheetTaken, stop: AbortSignal) => {
      const init: ReadingThreadInit = { sheet, kind: taken.spec.kind, name: taken.name, ctx, spools: { dir, rows: hs.count, keys: ks.count }, maxIssues: MAX_LISTED_ISSUES };
      const worker = startWorker(new URL('./import.reading.worker.ts', import.meta.url), init, READING_THREAD_HEAP);
      const inbox = workerInbox<ReadingThreadMessage>(worker, 'the reading thread');
      const halt = () => void worker.terminate();
      stop.addEventListener('abort', halt, { once: true });
      // this thread takes in pieces of the sheet too, between its own sheet's rows and after: one in hand, one ready
      const help = (n: number) => worker.postMessage({ t: 'help', n } satisfies ReadingThreadHelp);
      help(2);
      let helper: SheetIntake | null = null;
      let pieces: SheetPieces | null = null;
      try {
        for (;;) {
          const m = await inbox.next();
          if (m.t === 'rows') {
            progress.rowsRead += m.n;
            report();
          } else if (m.t === 'piece') {
            if (m.header) helper = new SheetIntake(taken.spec, taken.name, ctx, intakeOutput, m.header);
            if (!helper) throw new Error('the reading thread handed over rows before the header');
            await (pieces ??= new SheetPieces(sheet)).scan(m.piece, helper.visitor());
            help(1);
          } else if (m.t === 'error') {
            throw m.damaged ? new WorkbookFormatError(m.message) : new Error(`reading the sheet ${taken.name} failed: ${m.message}`);
          } else {
            const r = m.result;
            taken.header = r.header;
            taken.fatal = r.fatal;
            for (const t of r.orgTokens) orgTokens.add(t);
            counts.householdRows += r.counts.householdRows;
            counts.memberRows += r.counts.memberRows;
            counts.blankRows += r.counts.blankRows;
            counts.invalid += r.counts.invalid;
            issues.addAll(r.issues);
            issues.total += r.issuesTotal - r.issues.length;
            hs.adopt(r.rows);
            ks.adopt(r.keys);
            return;
          }
        }
      } catch (e) {
        if (stop.aborted) throw new Error('import aborted');
        throw e;
      } finally {
        stop.removeEventListener('abort', halt);
        await worker.terminate();
      }
    };
    let sheetNames: string[] = [];
    try {
      sheetNames = await readWorkbook(
        req.open(),
        (name) => {
          const spec = sheetFor(name);
          if (!spec || sheets[spec.kind]) return null;
          const intake = new SheetIntake(spec, name, ctx, intakeOutput);
          sheets[spec.kind] = intake;
          return intake.visitor();
        },
        req.signal,
        { elsewhere },
      );
    } catch (e) {
      // a damaged file is the file's issue; anything else (a bug, the disk) is the import's own failure, not hidden
      if (req.signal?.aborted || !(e instanceof WorkbookFormatError || e instanceof ZipFormatError)) throw e;
      fileIssue('corrupt', { detail: e.message.slice(0, 200) });
      return result('nothing_written', renderIssue('corrupt', { detail: e.message.slice(0, 200) }), { households: null, members: null }, { households: null, members: null });
    }
    let fatal = false;
    for (const st of [sheets.households, sheets.members]) {
      if (st?.fatal) fatal = true;
      if (st instanceof SheetIntake) for (const t of st.orgTokens) orgTokens.add(t);
    }
    hs.flush();
    ks.flush();
    const found = sheetNames.join('、') || '无 none';
    for (const spec of [HOUSEHOLD_SHEET, MEMBER_SHEET]) {
      if (!sheets[spec.kind]) {
        fatal = true;
        fileIssue('sheet_missing', { sheet: spec.name, found });
      } else if (sheets[spec.kind]!.header?.byKey.size && (spec.kind === 'households' ? counts.householdRows : counts.memberRows) === 0) {
        fatal = true;
        issues.add({ sheet: spec.kind, row: null, column: null, code: 'no_rows', params: { sheet: sheets[spec.kind]!.name } });
      }
    }
    const headers = { households: sheets.households?.header ?? null, members: sheets.members?.header ?? null };
    const names = { households: sheets.households?.name ?? null, members: sheets.members?.name ?? null };
    // a missing column leaves every row incomplete: rows are still checked for the report, never written
    const incomplete = [headers.households, headers.members].some((h) => !h || h.issues.some((i) => i.code === 'column_missing'));

    // ── 2. duplicates across the file ──
    for (let p = 0; p < ks.count; p++) {
      const groups = new Map<string, Array<[string, string, string, number]>>();
      for (const line of ks.read(p)) {
        const e = JSON.parse(line) as [string, string, string, number];
        const k = e[0] + e[1];
        const g = groups.get(k);
        if (g) g.push(e);
        else groups.set(k, [e]);
      }
      for (const g of groups.values()) {
        if (g.length < 2) continue;
        if (g[0][0] === 'A') {
          for (const [, , seq, row] of g) {
            const rows = g.map((x) => x[3]).sort((a, b) => a - b);
            hs.append(hs.partitionOf(seq), JSON.stringify([2, seq, { sheet: 'households', row, column: 'archiveNo', code: 'archive_duplicate_in_file', params: { rows: rows.join('、') }, seq }] satisfies SpoolLine));
          }
        } else {
          const seqs = new Set(g.map((x) => x[2]));
          if (seqs.size < 2) continue; // within one household: reported with the household
          for (const [, , seq, row] of g) {
            const others = g.filter((x) => x[2] !== seq).map((x) => x[3]).sort((a, b) => a - b);
            const shown = others.length > 5 ? [...others.slice(0, 5), '…'] : others;
            hs.append(hs.partitionOf(seq), JSON.stringify([2, seq, { sheet: 'members', row, column: 'idNumber', code: 'id_duplicate_in_file', params: { rows: shown.join('、') }, seq }] satisfies SpoolLine));
          }
        }
      }
    }
    ks.close();

    // ── 3. check and write ──
    progress.householdsTotal = counts.householdRows - counts.invalid;
    const checkOnly = req.mode === 'dry-run' || fatal || (req.mode === 'all-or-nothing' && issues.total > 0);
    progress.phase = checkOnly ? 'checking' : 'writing';
    report(true);
    const now = deps.clock.now();
    const year = Number(shanghaiDate(now).slice(0, 4));
    const lines = await deps.db.select().from(dibaoLines).where(eq(dibaoLines.year, year));
    const batcher = new Batcher(deps, req, id);
    const apply = (o: BatchOutcome) => {
      for (const it of o.invalid) issues.addAll(it.issues);
      counts.invalid += o.invalid.length;
      counts.unchanged += o.unchanged;
      if (o.wrote || req.mode === 'dry-run') {
        counts.created += o.created;
        counts.updated += o.updated;
      }
    };
    await batcher.resolveOrgs(deps.db, orgTokens);
    // the batches, prepared in this thread or (a large file) in a second one while this one writes
    hs.flush();
    const partition = { incomplete, haveHouseholds: !!sheets.households, haveMembers: !!sheets.members };
    const prepareCtx: PrepareContext = { orgs: batcher.orgs, actor: req.actor, reportingOrg: { path: req.org.path, name: req.org.name }, cipher: deps.cipher, now, year, lines, yieldEvery: 10 };
    const useThread = req.prepareInThread ?? counts.householdRows >= PREPARING_THREAD_FROM;
    async function* inThisThread(): AsyncGenerator<Prepared> {
      for (let p = 0; p < hs.count; p++) {
        const items = assemblePartition(hs.read(p), issues, counts, partition);
        for (let i = 0; i < items.length; i += BATCH) yield await prepareBatch(prepareCtx, items.slice(i, i + BATCH));
      }
    }
    // a batch the preparing thread made ready, prepared again here when it has to take the full path (its partition's
    // issues were reported with the partition's first batch, so they are not gathered again)
    batcher.reprepare = async (r) => {
      const items = assemblePartition(hs.read(r.partition), { add: () => undefined, addAll: () => undefined }, { ...counts }, partition);
      return prepareBatch(prepareCtx, items.slice(r.start, r.start + r.count));
    };
    async function* inPreparingThread(): AsyncGenerator<Batch> {
      const init: PreparingThreadInit = {
        spool: hs.stateForThread(),
        keys: deps.cipher.keysForThread(),
        orgs: batcher.orgs,
        actor: req.actor,
        reportingOrg: prepareCtx.reportingOrg,
        now,
        year,
        lines,
        partition,
        batchSize: BATCH,
        ahead: PREPARED_AHEAD,
        // batches of new files made ready to be written, while they are written at once (see ReadyBatch)
        ready: !checkOnly ? { importId: id } : null,
      };
      const worker = startWorker(new URL('./import.worker.ts', import.meta.url), init);
      batcher.onLookups = () => worker.postMessage({ t: 'full' } satisfies PreparingThreadControl);
      const inbox = workerInbox<PreparingThreadMessage>(worker, 'the preparing thread');
      try {
        for (;;) {
          const m = await inbox.next();
          if (m.t === 'done') return;
          if (m.t === 'error') throw new Error(`preparing the rows failed: ${m.message}`);
          issues.addAll(m.issues);
          counts.invalid += m.invalid;
          if (!m.batch) continue;
          worker.postMessage({ t: 'credit', n: 1 } satisfies PreparingThreadControl);
          yield m.batch;
        }
      } finally {
        await worker.terminate();
      }
    }
    // batches are pipelined: the next batch's rows are prepared while the database works on the previous one
    const runPartitions = async (run: (p: Batch) => Promise<BatchOutcome>) => {
      let inflight: Promise<void> | null = null;
      const settle = async () => {
        const f = inflight;
        inflight = null;
        if (f) await f;
      };
      try {
        for await (const prepared of useThread ? inPreparingThread() : inThisThread()) {
          if (req.signal?.aborted) throw new Error('import aborted');
          await settle();
          const f: Promise<void> = run(prepared).then((o) => {
            apply(o);
            progress.householdsDone += householdsIn(prepared);
            report();
          });
          f.catch(() => undefined); // awaited by settle(); this only keeps it from counting as unhandled meanwhile
          inflight = f;
        }
        await settle();
      } catch (e) {
        await (inflight as Promise<void> | null)?.catch(() => undefined);
        throw e;
      }
    };

    let outcome: ImportOutcome;
    let message: { zh: string; en: string } | null = null;
    if (checkOnly) {
      await runPartitions((p) => batcher.dbStage(deps.db, p, false));
      outcome = req.mode === 'dry-run' ? 'dry_run' : 'nothing_written';
      if (req.mode !== 'dry-run' && fatal) message = nothing('文件结构有误（缺少工作表、表头或必填列），未写入任何数据', 'the file’s structure is wrong (a sheet, header or required column is missing); nothing was written');
      else if (req.mode !== 'dry-run') message = nothing(`发现 ${issues.total} 处错误，按“全部正确才导入”未写入任何数据`, `${issues.total} issues found; all-or-nothing mode wrote nothing`);
    } else if (req.mode === 'all-or-nothing') {
      // one transaction; at the first issue writing stops (checking goes on for the report) and it is rolled back
      const audit = new Spool(dir, 'a', 1);
      try {
        await withTx(deps.db, async (tx) => {
          // an initial load on the embedded database: the plain indexes are built once at the end (or before the first
          // lookup of existing files); a rollback brings them back as they were
          const load = { dbKind: deps.dbKind, mode: req.mode, writes: true, householdsInFile: progress.householdsTotal, from: req.deferIndexesFrom };
          // (the registry is counted only when the rest holds)
          const facts = defersIndexes({ ...load, householdsInRegistry: 0 }) ? { ...load, householdsInRegistry: await countHouseholds(tx) } : null;
          const defer = facts !== null && defersIndexes(facts);
          // (and the open members only when the plain indexes go)
          const unique = defer && defersOpenPersonIndex({ ...facts, openMembersInRegistry: await countOpenMembers(tx) }) ? ['members_open_person_uq'] : [];
          const deferred = defer ? await dropIndexesForLoad(tx, DEFERRED_INDEX_TABLES, unique) : [];
          req.onIndexesDeferred?.(deferred.map((d) => d.name));
          const restore = async () => {
            if (!deferred.length) return;
            const phase = progress.phase;
            progress.phase = 'indexing';
            report(true);
            // sorts beyond 16 MB go to temporary files: the embedded database's memory, which never shrinks, stays
            // ~30 MB lower for the rest of the import at no measurable cost in time (the default is 64 MB)
            await tx.execute(sql`set local maintenance_work_mem = '16MB'`);
            await restoreIndexes(tx, deferred.splice(0));
            progress.phase = phase;
            report(true);
          };
          batcher.beforeLookups = restore;
          await runPartitions((p) => batcher.dbStage(tx, p, issues.total === 0, audit));
          if (issues.total > 0) throw new Rollback();
          await restore();
          // chained in a second thread for a large file, while this one writes
          await recordAuditLines(tx, req.actor, deps.clock, audit.lines(0), { inThread: useThread });
          await writeSummary(tx, deps, req, id, counts);
        });
        outcome = 'written';
      } catch (e) {
        if (!(e instanceof Rollback)) throw e;
        outcome = 'nothing_written';
        counts.created = 0;
        counts.updated = 0;
        message = nothing(`发现 ${issues.total} 处错误，按“全部正确才导入”未写入任何数据`, `${issues.total} issues found; all-or-nothing mode wrote nothing`);
      } finally {
        audit.close();
      }
    } else {
      // a transaction per batch; a batch that loses a race with another writer is checked and written again
      await runPartitions(async (p) => {
        for (let attempt = 1; ; attempt++) {
          try {
            return await withTx(deps.db, (tx) => batcher.dbStage(tx, p, true));
          } catch (e) {
            if (attempt >= 3 || !violatedConstraint(e)) throw e;
          }
        }
      });
      if (counts.created + counts.updated > 0) await withTx(deps.db, (tx) => writeSummary(tx, deps, req, id, counts));
      outcome = 'written';
      if (counts.invalid > 0) message = nothing(`${counts.invalid} 户有错误未导入，其余已导入`, `${counts.invalid} households with issues were not imported; the rest were`);
    }
    if (outcome === 'written' && counts.created + counts.updated >= ANALYZE_AFTER) await analyzeRegistry(deps.db);
    return result(outcome, message, headers, names);
  } finally {
    hs.close();
    ks.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * After a large import, the registry's tables get fresh statistics at once: until then PostgreSQL plans for the sizes
 * it last knew — on a table filled a moment ago, for a few pages, so the next re-import looked its files up with whole
 * scans (a re-import of 50,000 unchanged files took 25 s before and 16 s after). PostgreSQL's autovacuum would get
 * there within a minute or so; PGlite has none. Sampling costs about a second on a million files.
 */
const ANALYZE_AFTER = 1_000;

/** The tables whose plain indexes an initial load on the embedded database builds afterwards (see defersIndexes). */
const DEFERRED_INDEX_TABLES = ['households', 'household_members'];

async function countHouseholds(db: Db): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(households);
  return Number(r?.n ?? 0);
}
async function countOpenMembers(db: Db): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(members).where(eq(members.open, true));
  return Number(r?.n ?? 0);
}
async function analyzeRegistry(db: Db): Promise<void> {
  await db.execute(sql`analyze households, household_members`);
}

async function writeSummary(tx: Tx, deps: Deps, req: ImportRequest, id: string, counts: ImportCounts) {
  if (counts.created + counts.updated === 0) return;
  await recordAuditBatch(tx, req.actor, deps.clock, [
    {
      action: 'registry.household.import',
      entityType: 'household_import',
      entityId: id,
      orgPath: req.org.path,
      regionCode: req.org.regionCode,
      after: { fileName: req.fileName, fileSha256: req.fileSha256, fileBytes: req.fileBytes, mode: req.mode, reportingOrg: req.org.code, counts: { ...counts } },
    },
  ]);
}

// ───────────────────────── per partition ─────────────────────────

interface BatchOutcome {
  invalid: Item[];
  created: number;
  updated: number;
  unchanged: number;
  wrote: boolean;
}

// ───────────────────────── per batch: the database ─────────────────────────

function maskArchiveNo(no: string | null): string {
  if (!no) return '（未建档 draft）';
  return no.slice(0, 4) + '**-****-**' + no.slice(-4);
}

class Batcher {
  readonly orgs = new Map<string, OrgInfo | null>();
  /**
   * Whether the next batch is written at once, without looking for existing files first: while batches turn out to
   * be new files (the common case: a new survey), the database's own unique indexes (archive number, one open file
   * per person) are the check, and the lookups are made only when a write hits one of them.
   */
  private optimistic = true;
  /** run once before the first lookup of existing files (the indexes those lookups use, when a load deferred them) */
  beforeLookups: ((db: Db) => Promise<void>) | null = null;
  /** a batch made ready elsewhere prepared again in this thread, for the full path (see ReadyBatch) */
  reprepare: ((r: ReadyBatch) => Promise<Prepared>) | null = null;
  /** told once, when batches stop being written at once: the preparing thread sends whole batches from then on */
  onLookups: (() => void) | null = null;

  constructor(
    private readonly deps: Deps,
    private readonly req: ImportRequest,
    private readonly importId: string,
  ) {}

  /** Looks up the unions rows name (by code, or by a unique name within the reporting org), a thousand at a time. */
  async resolveOrgs(db: Db, tokens: Iterable<string>) {
    const missing = [...new Set(tokens)].filter((t) => !this.orgs.has(t));
    for (let i = 0; i < missing.length; i += 1000) {
      const chunk = missing.slice(i, i + 1000);
      const rows = rowsOf<{ id: string; code: string; name: string; kind: string; path: string; region_code: string | null }>(
        await db.execute(sql`select id, code, name, kind, path, region_code from orgs where code in ${chunk} or (name in ${chunk} and path like ${this.req.org.path.replace(/[\\%_]/g, '\\$&') + '%'})`),
      );
      const byName = new Map<string, OrgInfo[]>();
      for (const r of rows) {
        const o: OrgInfo = { id: r.id, code: r.code, name: r.name, kind: r.kind, path: r.path, regionCode: r.region_code };
        this.orgs.set(r.code, o);
        byName.set(r.name, [...(byName.get(r.name) ?? []), o]);
      }
      for (const t of chunk) {
        if (this.orgs.has(t)) continue;
        const named = byName.get(t);
        this.orgs.set(t, named && named.length === 1 ? named[0] : null);
      }
    }
  }

  /**
   * The database part of a batch: existing files found (and locked when writing), one open file per person
   * checked, unchanged files left alone, and — when `write` — creations and updates written in the given
   * transaction (audit events to `auditSpool` when given, else appended here). Safe to run again (a retry).
   */
  async dbStage(db: Db, b: Batch, write: boolean, auditSpool?: Spool): Promise<BatchOutcome> {
    // a batch of valid households written as creations, inside a savepoint: the unique indexes refuse an archive number
    // that exists or a person in an open file (every case in which the lookups below would find something), and then
    // the savepoint is rolled back and the batch takes the full path, which finds and reports it exactly
    if (write && this.optimistic && (isReady(b) ? canCopy(db) : allValid(b))) {
      try {
        return await db.transaction(async (sp) => {
          const tx = sp as unknown as Db;
          if (isReady(b)) {
            // made ready by the preparing thread: written as it comes
            await copyPrepared(tx, households, b.households);
            await copyPrepared(tx, members, b.members);
            await copyPrepared(tx, householdEvents, b.events);
            if (auditSpool) auditSpool.append(0, b.audits);
            else await recordAuditBatch(tx, this.req.actor, this.deps.clock, JSON.parse(b.audits) as AuditInput[]);
            return { invalid: [], created: b.count, updated: 0, unchanged: 0, wrote: true };
          }
          for (const it of b.items) it.issues = [];
          const c = this.creationContext();
          const creates = b.items.map((it) => creationOf(it, b, c));
          const audits = await this.insertCreations(tx, creates, c);
          await this.appendAudits(tx, audits, auditSpool);
          return { invalid: [], created: creates.length, updated: 0, unchanged: 0, wrote: true };
        });
      } catch (e) {
        if (!violatedConstraint(e)) throw e;
        this.optimistic = false;
        this.onLookups?.();
      }
    }
    let p: Prepared;
    if (isReady(b)) {
      if (!this.reprepare) throw new Error('a batch made ready elsewhere cannot be prepared again here');
      p = await this.reprepare(b);
    } else p = b;
    if (this.beforeLookups) {
      const f = this.beforeLookups;
      this.beforeLookups = null;
      await f(db);
    }
    return this.fullDbStage(db, p, write, auditSpool);
  }

  private creationContext(now = this.deps.clock.now()): CreationContext {
    return { actor: this.req.actor, importId: this.importId, now };
  }

  /** Creations written: households, members, lifecycle events; returns their audit events. */
  private async insertCreations(db: Db, creates: Creation[], c: CreationContext): Promise<AuditInput[]> {
    if (creates.length === 0) return [];
    await bulkInsert(db, households, creates.map((cr) => cr.row));
    await bulkInsert(db, members, creates.flatMap((cr) => cr.mrows));
    await bulkInsert(db, householdEvents, creates.map((cr) => creationEvent(cr, c)));
    return creates.map((cr) => creationAudit(cr, c));
  }

  private async appendAudits(db: Db, audits: AuditInput[], auditSpool?: Spool): Promise<void> {
    if (audits.length === 0) return;
    if (auditSpool) auditSpool.append(0, JSON.stringify(audits));
    else await recordAuditBatch(db, this.req.actor, this.deps.clock, audits);
  }

  /** The database part of a batch when files may exist: see dbStage. */
  private async fullDbStage(db: Db, p: Prepared, write: boolean, auditSpool?: Spool): Promise<BatchOutcome> {
    const { deps, req } = this;
    const actor = req.actor;
    const { items, orgOf } = p;
    for (const it of items) it.issues = [...(p.base.get(it) ?? it.found)];
    const issue = (it: Item, sheet: 'households' | 'members', row: number, column: string | null, code: Issue['code'], params?: Record<string, string | number>) =>
      it.issues.push({ sheet, row, column, code, seq: (it.h.values.seq as string) ?? null, ...(params ? { params } : {}) });

    // existing files: by archive number, else by the worker's ID in an open file of the same union
    const flagged = (it: Item, code: Issue['code']) => it.issues.some((i) => i.code === code);
    const archiveNos = items.filter((it) => it.h.values.archiveNo && !flagged(it, 'archive_duplicate_in_file')).map((it) => it.h.values.archiveNo as string);
    const workerOf = (it: Item) => it.ms.find((m) => m.values.relation === 'self' && typeof m.values.idNumber === 'string');
    const bidxOf = new Map<ParsedRow, string>();
    for (const it of items) {
      const r = p.rows.get(it);
      it.ms.forEach((m, i) => {
        if (typeof m.values.idNumber === 'string') bidxOf.set(m, r?.mrows[i]?.idNumberBidx ?? deps.cipher.blindIndex('id', m.values.idNumber as string));
      });
    }
    const workerBidxs = items.filter((it) => !it.h.values.archiveNo && workerOf(it)).map((it) => bidxOf.get(workerOf(it)!)!);
    // two plain index lookups (an OR with the status would scan the status index, whose every row is open), each list
    // one array parameter (`= any`) rather than a parameter per value
    const found: Array<HouseholdRow & { orgPath: string }> = [];
    const seen = new Set<string>();
    for (const cond of [archiveNos.length ? sql`${households.archiveNo} = any(${textArray(archiveNos)})` : null, workerBidxs.length ? sql`${households.workerIdBidx} = any(${textArray(workerBidxs)})` : null]) {
      if (!cond) continue;
      const q = db
        .select({ h: households, orgPath: sql<string>`(select o.path from orgs o where o.id = ${households.orgId})` })
        .from(households)
        .where(cond);
      for (const r of write ? await q.for('update', { of: households }) : await q) {
        if (seen.has(r.h.id)) continue;
        seen.add(r.h.id);
        found.push({ ...r.h, orgPath: r.orgPath });
      }
    }
    const byArchive = new Map(found.filter((h) => h.archiveNo).map((h) => [h.archiveNo!, h]));
    const byWorker = new Map<string, Array<HouseholdRow & { orgPath: string }>>();
    for (const h of found) byWorker.set(h.workerIdBidx, [...(byWorker.get(h.workerIdBidx) ?? []), h]);
    const targetOf = new Map<Item, HouseholdRow & { orgPath: string }>();
    for (const it of items) {
      const archiveNo = it.h.values.archiveNo as string | undefined;
      if (archiveNo) {
        const t = byArchive.get(archiveNo);
        if (!t || flagged(it, 'archive_duplicate_in_file')) continue;
        if (!t.orgPath.startsWith(req.org.path) || !inScope(actor, { orgPath: t.orgPath, regionCode: t.regionCode })) issue(it, 'households', it.h.row, 'archiveNo', 'archive_no_taken');
        else if (!(OPEN_STATUSES as readonly string[]).includes(t.status)) issue(it, 'households', it.h.row, 'archiveNo', 'archive_closed', { archiveNo });
        else targetOf.set(it, t);
        continue;
      }
      const w = workerOf(it);
      const o = orgOf.get(it);
      if (!w || !o) continue;
      const t = (byWorker.get(bidxOf.get(w)!) ?? []).find((h) => h.orgId === o.id && (OPEN_STATUSES as readonly string[]).includes(h.status));
      if (t) targetOf.set(it, t);
    }

    // one open file per person, province-wide
    const inFileDuplicate = (m: ParsedRow, it: Item) => it.issues.some((i) => i.code === 'id_duplicate_in_file' && i.row === m.row);
    const checkBidxs = [...new Set(items.flatMap((it) => it.ms.filter((m) => bidxOf.has(m) && !inFileDuplicate(m, it)).map((m) => bidxOf.get(m)!)))];
    const holders = new Map<string, Array<{ householdId: string; archiveNo: string | null; orgPath: string; orgName: string; regionCode: string }>>();
    if (checkBidxs.length) {
      const rows = rowsOf<{ bidx: string; household_id: string; archive_no: string | null; org_path: string; org_name: string; region_code: string }>(
        await db.execute(sql`select m.id_number_bidx as bidx, h.id as household_id, h.archive_no, o.path as org_path, o.name as org_name, h.region_code
          from household_members m join households h on h.id = m.household_id join orgs o on o.id = h.org_id
          where m.open and m.id_number_bidx = any(${textArray(checkBidxs)})`),
      );
      for (const r of rows) holders.set(r.bidx, [...(holders.get(r.bidx) ?? []), { householdId: r.household_id, archiveNo: r.archive_no, orgPath: r.org_path, orgName: r.org_name, regionCode: r.region_code }]);
    }
    for (const it of items) {
      const target = targetOf.get(it);
      for (const m of it.ms) {
        const b = bidxOf.get(m);
        if (!b || inFileDuplicate(m, it)) continue;
        const other = (holders.get(b) ?? []).find((x) => x.householdId !== target?.id);
        if (!other) continue;
        const visible = inScope(actor, { orgPath: other.orgPath, regionCode: other.regionCode });
        issue(it, 'members', m.row, 'idNumber', 'id_in_open_file', {
          archiveNo: visible ? (other.archiveNo ?? '（未建档 draft）') : maskArchiveNo(other.archiveNo),
          org: visible ? other.orgName : (maskName(other.orgName) ?? ''),
        });
      }
    }

    // creations, updates and files that stay as they are
    const targetIds = [...targetOf.values()].map((t) => t.id);
    const existingMembers = new Map<string, MemberRow[]>();
    if (targetIds.length) {
      for (const m of await db.select().from(members).where(sql`${members.householdId} = any(${textArray(targetIds, 'uuid')})`)) existingMembers.set(m.householdId, [...(existingMembers.get(m.householdId) ?? []), m]);
    }
    const now = deps.clock.now();
    const creation = this.creationContext(now);
    let unchanged = 0;
    const creates: Creation[] = [];
    const updates: Array<{ it: Item; before: HouseholdRow & { orgPath: string }; cols: Record<string, unknown>; mrows: Array<typeof members.$inferInsert>; org: OrgInfo; changes: ReturnType<typeof householdChanges> }> = [];
    for (const it of items) {
      const r = p.rows.get(it);
      const org = orgOf.get(it);
      if (it.issues.length > 0 || !r || !org) continue;
      const target = targetOf.get(it);
      if (!target) {
        creates.push(creationOf(it, p, creation));
        continue;
      }
      // the file's own id, and its members' ids (other modules refer to them) when the same person is still there
      const old = existingMembers.get(target.id) ?? [];
      const used = new Set<string>();
      const mrows = r.mrows.map((m) => {
        const same = old.find((o) => o.idNumberBidx === m.idNumberBidx && !used.has(o.id));
        if (same) used.add(same.id);
        return { ...m, householdId: target.id, id: same?.id ?? m.id };
      });
      const changes = householdChanges(target, old, r.cols, mrows);
      if (changes.fields.length === 0 && changes.members.length === 0) unchanged++;
      else updates.push({ it, before: target, cols: r.cols, mrows, org, changes });
    }
    const outcome: BatchOutcome = { invalid: items.filter((it) => it.issues.length > 0), created: creates.length, updated: updates.length, unchanged, wrote: false };
    if (!write) return outcome;
    // new files only in this batch: the next one may well be too
    this.optimistic = targetOf.size === 0 && holders.size === 0;

    // write
    const audits: AuditInput[] = await this.insertCreations(db, creates, creation);
    if (updates.length) {
      await db.delete(members).where(sql`${members.householdId} = any(${textArray(updates.map((u) => u.before.id), 'uuid')})`);
      await bulkInsert(db, members, updates.flatMap((u) => u.mrows));
      for (const u of updates) {
        await db
          .update(households)
          .set({ ...(u.cols as Partial<typeof households.$inferInsert>), version: u.before.version + 1, updatedAt: now })
          .where(eq(households.id, u.before.id));
        const pick = (o: Record<string, unknown>) => Object.fromEntries(u.changes.fields.filter((f) => !f.endsWith('Bidx') && f !== 'identification').map((f) => [f, o[f] ?? null]));
        const secret = u.changes.fields.filter((f) => f.endsWith('Bidx')).map((f) => f.replace(/Bidx$/, ''));
        audits.push({
          action: 'registry.household.update',
          entityType: 'household',
          entityId: u.before.id,
          orgPath: u.org.path,
          regionCode: u.cols.regionCode as string,
          before: { version: u.before.version, ...pick(u.before), ...(u.changes.members.length ? { size: u.before.size } : {}) },
          after: {
            via: 'import',
            importId: this.importId,
            row: u.it.h.row,
            version: u.before.version + 1,
            ...pick(u.cols),
            ...(secret.length ? { changedPersonalFields: secret } : {}),
            ...(u.changes.members.length ? { membersChanged: u.changes.members.map((p) => p + 1), size: u.cols.size } : {}),
          },
        });
      }
    }
    await this.appendAudits(db, audits, auditSpool);
    outcome.wrote = true;
    return outcome;
  }
}
