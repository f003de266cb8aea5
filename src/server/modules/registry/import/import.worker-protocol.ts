import type { Actor } from '../../../platform/http/actor';
import type { DibaoLineRow } from '../dibao-line.table';
import type { Batch, OrgInfo } from './import.prepare';
import type { KeptSheet, SheetPiece } from '../../../platform/xlsx-reader';
import type { SheetSpec } from './import.columns';
import type { IntakeCounts } from './import.intake';
import type { HeaderMap, Issue, ParseContext } from './import.rules';
import type { SpoolState } from './import.spool';

/** What the preparing thread (import.worker) is started with: plain data, copied into the thread. */
export interface PreparingThreadInit {
  spool: SpoolState;
  keys: { encKey: Uint8Array; macKey: Uint8Array };
  orgs: Map<string, OrgInfo | null>;
  actor: Actor;
  reportingOrg: { path: string; name: string };
  now: Date;
  year: number;
  lines: DibaoLineRow[];
  partition: { incomplete: boolean; haveHouseholds: boolean; haveMembers: boolean };
  batchSize: number;
  /** batches prepared before the writer asks for more */
  ahead: number;
  /** when writing: batches whose every household is valid are sent made ready to be written (see ReadyBatch) */
  ready: { importId: string } | null;
}

/** To the preparing thread: the writer can take n more batches; or, whole batches from now on (no ReadyBatch). */
export type PreparingThreadControl = { t: 'credit'; n: number } | { t: 'full' };

/** From the preparing thread: a prepared batch with the issues found assembling its partition, the end, or a failure. */
export type PreparingThreadMessage =
  | { t: 'batch'; issues: Issue[]; invalid: number; batch: Batch | null }
  | { t: 'done' }
  | { t: 'error'; message: string };

/** What the reading thread (import.reading.worker) is started with: the sheet and where to spool its rows. */
export interface ReadingThreadInit {
  sheet: KeptSheet;
  kind: SheetSpec['kind'];
  name: string;
  ctx: ParseContext;
  /** the folder of the import's spools and the partition counts the thread's own spools must have */
  spools: { dir: string; rows: number; keys: number };
  /** issues listed at most (beyond, counted) */
  maxIssues: number;
}

/** What the reading thread took in: the sheet's header and counts, its issues, and its spools to adopt. */
export interface ReadingThreadResult {
  header: HeaderMap | null;
  fatal: boolean;
  orgTokens: string[];
  counts: IntakeCounts;
  issues: Issue[];
  issuesTotal: number;
  rows: SpoolState;
  keys: SpoolState;
}

/**
 * From the reading thread: rows taken in since the last message (progress), a piece of the sheet for the import's
 * thread to take in (with the header, the first time), the end, or a failure.
 */
export type ReadingThreadMessage =
  | { t: 'rows'; n: number }
  | { t: 'piece'; piece: SheetPiece; header: HeaderMap | null }
  | { t: 'done'; result: ReadingThreadResult }
  | { t: 'error'; message: string; damaged: boolean };

/** To the reading thread: the import's thread can take n more pieces (it has finished others, or its own sheet). */
export interface ReadingThreadHelp {
  t: 'help';
  n: number;
}
