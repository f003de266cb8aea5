/**
 * The reading thread of a large import (started by import.service with startWorker): reads one sheet the workbook
 * reader kept for later (the members sheet, the larger one) and takes its rows in (import.intake) into spools of its
 * own, while the import's thread reads the other sheet — the reading, on one core a fifth of a province's import, on
 * two. The spools are flushed and closed before it reports; the import's thread then adopts them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readKeptSheet, type SheetPiece, WorkbookFormatError } from '../../../platform/xlsx-reader';
import { ZipFormatError } from '../../../platform/zip-stream';
import { HOUSEHOLD_SHEET, MEMBER_SHEET } from './import.columns';
import { type IntakeCounts, IssueSink, SheetIntake } from './import.intake';
import { Spool } from './import.spool';
import type { ReadingThreadHelp, ReadingThreadInit, ReadingThreadMessage } from './import.worker-protocol';

const init = (workerData as { data: ReadingThreadInit }).data;
const port = parentPort!;
const post = (m: ReadingThreadMessage) => port.postMessage(m);

/** rows between progress messages */
const ROWS_PER_MESSAGE = 4096;

async function run() {
  const rows = new Spool(init.spools.dir, 'r', init.spools.rows);
  const keys = new Spool(init.spools.dir, 'q', init.spools.keys);
  const issues = new IssueSink(init.maxIssues);
  const counts: IntakeCounts = { householdRows: 0, memberRows: 0, blankRows: 0, invalid: 0 };
  let taken = 0;
  const onRow = () => {
    if (++taken < ROWS_PER_MESSAGE) return;
    post({ t: 'rows', n: taken });
    taken = 0;
  };
  const intake = new SheetIntake(init.kind === 'households' ? HOUSEHOLD_SHEET : MEMBER_SHEET, init.name, init.ctx, { rows, keys, issues, counts, onRow });
  // pieces the import's thread is ready to take: it asks for them as it finishes others (and its own sheet), so the
  // reading ends on both threads about together; it takes rows only once the header is known
  let help = 0;
  port.on('message', (m: ReadingThreadHelp) => {
    if (m.t === 'help') help += m.n;
  });
  let headerSent = false;
  const share = (piece: SheetPiece) => {
    if (help <= 0 || intake.header === null) return false;
    help--;
    post({ t: 'piece', piece, header: headerSent ? null : intake.header });
    headerSent = true;
    return true;
  };
  try {
    await readKeptSheet(init.sheet, intake.visitor(), undefined, share);
    rows.flush();
    keys.flush();
  } finally {
    rows.close();
    keys.close();
  }
  if (taken > 0) post({ t: 'rows', n: taken });
  post({
    t: 'done',
    result: { header: intake.header, fatal: intake.fatal, orgTokens: [...intake.orgTokens], counts, issues: issues.list, issuesTotal: issues.total, rows: rows.stateForThread(), keys: keys.stateForThread() },
  });
}

run().catch((e: unknown) => {
  // a damaged sheet is the file's issue, its message shown in the report; anything else is a failure with its stack
  const damaged = e instanceof WorkbookFormatError || e instanceof ZipFormatError;
  post({ t: 'error', message: e instanceof Error ? (damaged ? e.message : (e.stack ?? e.message)) : String(e), damaged });
});
