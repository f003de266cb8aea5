import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { ImportJobDto, ImportMode } from '../../../../contracts/registry-import';
import type { Deps } from '../../../platform/deps';
import type { Actor } from '../../../platform/http/actor';
import { AppError, notFound, registerEntityName } from '../../../platform/http/errors';
import { uuidv7 } from '../../../platform/ids';
import { issueDto, writeImportReport } from './import.report';
import { type ImportProgress, type ImportResult, type ReportingOrg, runImport } from './import.service';

registerEntityName('import_job', '导入任务', 'Import job');

/** Finished jobs (and their reports) are kept this long, then forgotten. */
const KEEP_MS = 24 * 3600_000;
const MAX_KEPT = 200;
/** Issues shown with the job; the report has them all. */
const ISSUES_SHOWN = 100;
/** Rough bytes of .xlsx per row, to show progress while the file is read. */
const BYTES_PER_ROW = 64;

/** An uploaded workbook, kept encrypted with a key that lives only in this process until the import is done. */
export interface Upload {
  path: string;
  key: Buffer;
  iv: Buffer;
  bytes: number;
  sha256: string;
  /** the first bytes, to tell an .xlsx from anything else */
  head: Buffer;
}

/** Streams a request body into an encrypted temporary file, hashing it; refuses more than `limit` bytes (413). */
export async function receiveUpload(dir: string, body: Readable, limit: number): Promise<Upload> {
  const key = randomBytes(32);
  const iv = randomBytes(16);
  const file = path.join(dir, `upload-${uuidv7()}.bin`);
  const hash = createHash('sha256');
  let bytes = 0;
  let head = Buffer.alloc(0);
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      if (bytes > limit) return cb(new AppError(413, 'BODY_TOO_LARGE'));
      if (head.length < 8) head = Buffer.concat([head, chunk.subarray(0, 8 - head.length)]);
      hash.update(chunk);
      cb(null, chunk);
    },
  });
  try {
    await pipeline(body, meter, createCipheriv('aes-256-ctr', key, iv), createWriteStream(file, { mode: 0o600 }));
  } catch (e) {
    rmSync(file, { force: true });
    throw e;
  }
  return { path: file, key, iv, bytes, sha256: hash.digest('hex'), head };
}

export function uploadKind(u: Upload): 'xlsx' | 'xls' | 'empty' | 'other' {
  if (u.bytes === 0) return 'empty';
  if (u.head.length >= 4 && u.head[0] === 0x50 && u.head[1] === 0x4b && u.head[2] === 0x03 && u.head[3] === 0x04) return 'xlsx';
  if (u.head.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'xls';
  return 'other';
}

interface Job {
  id: string;
  ownerUserId: string;
  mode: ImportMode;
  org: ReportingOrg;
  fileName: string;
  upload: Upload;
  status: ImportJobDto['status'];
  progress: ImportProgress | null;
  result: ImportResult | null;
  error: { zh: string; en: string } | null;
  reportPath: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  abort: AbortController;
}

/**
 * Import jobs of the page: one at a time per server (imports are heavy), progress polled, reports kept for a day.
 * Jobs live in this process's memory; a restart forgets them (the data written stays, with its audit trail).
 */
export class ImportJobs {
  private readonly jobs = new Map<string, Job>();
  private queue: Promise<void> = Promise.resolve();
  private dirPath: string | null = null;
  private closed = false;

  constructor(
    private readonly deps: Deps,
    private readonly logError: (err: unknown, msg: string) => void = () => undefined,
  ) {}

  dir(): string {
    if (!this.dirPath) this.dirPath = mkdtempSync(path.join(tmpdir(), 'pa-import-jobs-'));
    return this.dirPath;
  }

  start(actor: Actor, org: ReportingOrg, mode: ImportMode, fileName: string, upload: Upload): ImportJobDto {
    if (this.closed) throw new AppError(503, 'SERVICE_UNAVAILABLE');
    this.expire();
    const job: Job = {
      id: uuidv7(),
      ownerUserId: actor.userId,
      mode,
      org,
      fileName,
      upload,
      status: 'queued',
      progress: null,
      result: null,
      error: null,
      reportPath: null,
      createdAt: this.deps.clock.now(),
      finishedAt: null,
      abort: new AbortController(),
    };
    this.jobs.set(job.id, job);
    this.queue = this.queue.then(() => this.run(job, actor));
    return this.dto(job);
  }

  private async run(job: Job, actor: Actor): Promise<void> {
    if (job.abort.signal.aborted) return;
    job.status = 'running';
    const u = job.upload;
    try {
      job.result = await runImport(this.deps, {
        open: () => createReadStream(u.path).pipe(createDecipheriv('aes-256-ctr', u.key, u.iv)),
        fileName: job.fileName,
        fileBytes: u.bytes,
        fileSha256: u.sha256,
        mode: job.mode,
        org: job.org,
        actor,
        signal: job.abort.signal,
        onProgress: (p) => (job.progress = p),
      });
      const reportPath = path.join(this.dir(), `report-${job.id}.xlsx`);
      await writeImportReport(job.result, createWriteStream(reportPath, { mode: 0o600 }));
      job.reportPath = reportPath;
      job.status = 'done';
    } catch (e) {
      job.status = 'failed';
      job.error = job.abort.signal.aborted
        ? { zh: '导入已中止（服务停止）', en: 'the import was stopped (server shutting down)' }
        : { zh: `导入失败，未完成的批次未写入：${e instanceof Error ? e.message.slice(0, 200) : String(e)}`, en: `the import failed; unfinished batches were not written: ${e instanceof Error ? e.message.slice(0, 200) : String(e)}` };
      if (!job.abort.signal.aborted) this.logError(e, 'import failed');
    } finally {
      job.finishedAt = this.deps.clock.now();
      rmSync(u.path, { force: true });
    }
  }

  /** The actor's own job (another user's is "not found"). */
  get(actor: Actor, id: string): ImportJobDto {
    return this.dto(this.own(actor, id));
  }

  reportOf(actor: Actor, id: string): { path: string; fileName: string } {
    const job = this.own(actor, id);
    if (!job.reportPath) throw new AppError(409, 'CONFLICT', { reason: '报告尚未生成', reasonEn: 'the report is not ready yet' });
    return { path: job.reportPath, fileName: `import-report-${job.createdAt.toISOString().slice(0, 10)}-${job.id.slice(-6)}.xlsx` };
  }

  private own(actor: Actor, id: string): Job {
    const job = this.jobs.get(id);
    if (!job || job.ownerUserId !== actor.userId) throw notFound('import_job');
    return job;
  }

  private expire() {
    const now = this.deps.clock.now().getTime();
    const done = [...this.jobs.values()].filter((j) => j.finishedAt).sort((a, b) => a.finishedAt!.getTime() - b.finishedAt!.getTime());
    for (const [i, j] of done.entries()) {
      if (now - j.finishedAt!.getTime() > KEEP_MS || done.length - i > MAX_KEPT) {
        if (j.reportPath) rmSync(j.reportPath, { force: true });
        this.jobs.delete(j.id);
      }
    }
  }

  /** Stops running and queued imports (their open transactions roll back) and removes every temporary file. */
  async close(): Promise<void> {
    this.closed = true;
    for (const j of this.jobs.values()) j.abort.abort();
    await this.queue.catch(() => undefined);
    for (const j of this.jobs.values()) rmSync(j.upload.path, { force: true });
    if (this.dirPath) rmSync(this.dirPath, { recursive: true, force: true });
  }

  private dto(job: Job): ImportJobDto {
    const r = job.result;
    const p = job.progress;
    const counts = r?.counts ?? p?.counts ?? { householdRows: 0, memberRows: 0, blankRows: 0, created: 0, updated: 0, unchanged: 0, invalid: 0, issues: 0 };
    let percent = 0;
    if (job.status === 'done' || job.status === 'failed') percent = 100;
    else if (p?.phase === 'reading') percent = Math.floor(60 * Math.min(0.98, p.rowsRead / Math.max(1, job.upload.bytes / BYTES_PER_ROW)));
    else if (p) percent = 60 + Math.floor((39 * p.householdsDone) / Math.max(1, p.householdsTotal));
    const phase: ImportJobDto['phase'] = job.status === 'queued' ? 'queued' : job.status === 'running' ? (p?.phase ?? 'reading') : 'done';
    return {
      id: job.id,
      status: job.status,
      phase: job.status === 'running' && r ? 'report' : phase,
      mode: job.mode,
      org: { code: job.org.code, name: job.org.name },
      fileName: job.fileName,
      fileBytes: job.upload.bytes,
      fileSha256: job.upload.sha256,
      progress: { rowsRead: p?.rowsRead ?? 0, rowsTotal: p?.rowsTotal ?? null, householdsDone: p?.householdsDone ?? 0, householdsTotal: p?.householdsTotal ?? 0, percent },
      counts,
      outcome: r?.outcome ?? null,
      message: job.error ?? r?.message ?? null,
      issues: r ? r.issues.slice(0, ISSUES_SHOWN).map((i) => issueDto(r, i)) : [],
      reportReady: !!job.reportPath,
      createdAt: job.createdAt.toISOString(),
      finishedAt: job.finishedAt?.toISOString() ?? null,
    };
  }
}
