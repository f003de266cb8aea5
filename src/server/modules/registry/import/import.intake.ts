/**
 * Takes in the rows of one sheet of an import file as they are read: finds the header row (below any title rows),
 * parses each row by the pure rules and appends it to the row spool's partition of its household (the households
 * sheet's 序号, the members sheet's 户序号), and archive and ID numbers to the key spool that finds duplicates across
 * the file. The import's own thread takes in its sheets with it, and so does the reading thread that reads the
 * members sheet of a large file meanwhile (import.reading.worker).
 */
import type { ImportCounts } from '../../../../contracts/registry-import';
import type { SheetVisitor } from '../../../platform/xlsx-reader';
import type { SheetSpec } from './import.columns';
import type { IssueSinkLike } from './import.prepare';
import { type Cell, type HeaderMap, type Issue, type ParseContext, headerScore, isBlankRow, mapHeader, parseRow } from './import.rules';
import type { Spool } from './import.spool';

/** The counts a sheet's rows add to. */
export type IntakeCounts = Pick<ImportCounts, 'householdRows' | 'memberRows' | 'blankRows' | 'invalid'>;

export interface IntakeOutput {
  rows: Spool;
  keys: Spool;
  issues: IssueSinkLike;
  counts: IntakeCounts;
  /** after every row taken in (for progress) */
  onRow(): void;
}

/** Issues as they are found: every one counted, the first `max` listed. */
export class IssueSink {
  list: Issue[] = [];
  total = 0;
  constructor(private readonly max: number) {}
  add(i: Issue) {
    this.total++;
    if (this.list.length < this.max) this.list.push(i);
  }
  addAll(is: Issue[]) {
    for (const i of is) this.add(i);
  }
}

function encodeRow(kind: 0 | 1, row: number, spec: SheetSpec, values: Record<string, unknown>, issues: Issue[]): string {
  const v = spec.columns.map((c) => values[c.key] ?? null);
  return JSON.stringify(issues.length ? [kind, row, v, issues] : [kind, row, v]);
}

/** Rows above the header that are looked at to find it (a title row or two, then the header). */
const HEADER_SEARCH_ROWS = 5;

export class SheetIntake {
  /** the header row's columns once found (an empty map when the sheet has none) */
  header: HeaderMap | null = null;
  /** the sheet's structure is wrong (no header, a required column missing): nothing may be written */
  fatal = false;
  /** the union codes the households sheet names, resolved in one query after reading */
  readonly orgTokens = new Set<string>();
  private pending: Array<{ row: number; cells: Cell[] }> = [];

  constructor(
    readonly spec: SheetSpec,
    readonly name: string,
    private readonly ctx: ParseContext,
    private readonly out: IntakeOutput,
    /** the header as another intake of the same sheet found it (rows handed over from the thread reading it) */
    header: HeaderMap | null = null,
  ) {
    this.header = header;
  }

  visitor(): SheetVisitor {
    return { row: (row, cells) => this.row(row, cells), end: () => this.end() };
  }

  private row(row: number, cells: Cell[]): void {
    if (isBlankRow(cells)) {
      if (this.header) this.out.counts.blankRows++;
      return;
    }
    if (this.header) return this.accept(row, cells);
    this.pending.push({ row, cells });
    if (this.pending.length >= HEADER_SEARCH_ROWS && !this.findHeader()) {
      this.header = { byColumn: new Map(), byKey: new Map(), labels: new Map(), issues: [] };
      this.pending = [];
      this.headerMissing();
    }
  }

  private end(): void {
    if (!this.header && !this.findHeader()) this.headerMissing();
  }

  private headerMissing(): void {
    this.fatal = true;
    this.out.issues.add({ sheet: this.spec.kind, row: null, column: null, code: 'header_missing', params: { sheet: this.name, example: this.spec.columns[0].zh } });
  }

  private findHeader(): boolean {
    let best: { at: number; score: number } | null = null;
    this.pending.forEach((p, at) => {
      const score = headerScore(this.spec, p.cells);
      if (score >= 2 && (!best || score > best.score)) best = { at, score };
    });
    if (!best) return false;
    const { at } = best as { at: number };
    this.header = mapHeader(this.spec, this.pending[at].cells);
    for (const hi of this.header.issues) {
      this.fatal = true;
      this.out.issues.add({ sheet: this.spec.kind, row: this.pending[at].row, column: hi.column, code: hi.code, params: { ...hi.params } });
    }
    for (const p of this.pending.slice(at + 1)) this.accept(p.row, p.cells);
    this.pending = [];
    return true;
  }

  private accept(row: number, cells: Cell[]): void {
    const { rows, keys, issues, counts } = this.out;
    const parsed = parseRow(this.spec, this.header!, row, cells, this.ctx);
    if (this.spec.kind === 'households') {
      counts.householdRows++;
      const seq = parsed.values.seq as string | undefined;
      if (typeof parsed.values.orgCode === 'string') this.orgTokens.add(parsed.values.orgCode);
      if (seq === undefined) {
        counts.invalid++;
        issues.addAll(parsed.issues);
      } else {
        rows.append(rows.partitionOf(seq), encodeRow(0, row, this.spec, parsed.values, parsed.issues));
        const archiveNo = parsed.values.archiveNo as string | undefined;
        if (archiveNo) keys.append(keys.partitionOf('A' + archiveNo), JSON.stringify(['A', archiveNo, seq, row]));
      }
    } else {
      counts.memberRows++;
      const seq = parsed.values.householdSeq as string | undefined;
      if (seq === undefined) issues.addAll(parsed.issues);
      else {
        rows.append(rows.partitionOf(seq), encodeRow(1, row, this.spec, parsed.values, parsed.issues));
        const idNumber = parsed.values.idNumber as string | undefined;
        // keyed by the normalized number itself: the key partitions are encrypted like every spool file, so no
        // blind index (a keyed hash per member) is needed to find the same person twice in the file
        if (idNumber) keys.append(keys.partitionOf('I' + idNumber), JSON.stringify(['I', idNumber, seq, row]));
      }
    }
    this.out.onRow();
  }
}
