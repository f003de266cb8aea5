import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { IMPORT_MODES, IMPORT_MODE_LABELS, type ImportMode } from '../../../../contracts/registry-import';
import type { Deps } from '../../../platform/deps';
import { systemActor } from '../../../platform/http/actor';
import { getOrgByCode } from '../../orgs/org.service';
import { issueDto, writeImportReport } from './import.report';
import { type ImportProgress, runImport, sha256File } from './import.service';

export interface ImportCliOptions {
  file: string;
  orgCode: string;
  mode: string;
  reportPath?: string;
}

const n = (x: number) => x.toLocaleString('en-US');

/**
 * The heap bound the import runs with. What it keeps alive is small (a few batches, the issues for the report; the
 * file's shared strings live outside the heap), but V8 sizes its heap from the machine (several gigabytes here) and
 * lets garbage pile up towards that before collecting it: with the bound, the process stays well under 500 MB for
 * the province's file. The young generation is kept at 8 MB per half instead of 16: the rows read and the batches
 * made are short-lived, and on the embedded database (whose memory is in this process) the province's file peaked
 * 40–50 MB lower for about a second more. The command restarts itself with these flags; the benchmark runs the
 * import with them.
 */
export const IMPORT_NODE_FLAGS = ['--max-old-space-size=512', '--max-semi-space-size=8'];
/**
 * The import command's embedded database: 32 MB of shared buffers instead of PGlite's 128 MB, which live in this
 * process's memory (the import writes through them once; 50,000 households imported no slower, 111 MB less at peak).
 */
export const IMPORT_PGLITE_SHARED_BUFFERS = '32MB';

/** The arguments to run this command again with IMPORT_NODE_FLAGS, or null when the heap is bounded already. */
export function boundedRelaunchArgs(): string[] | null {
  if (v8.getHeapStatistics().heap_size_limit <= 1024 * 2 ** 20) return null;
  return [...process.execArgv, ...IMPORT_NODE_FLAGS, process.argv[1], ...process.argv.slice(2)];
}

function progressLine(p: ImportProgress): string {
  if (p.phase === 'reading') return `读取 / reading: ${n(p.rowsRead)} 行 rows`;
  if (p.phase === 'indexing') return `建立索引 / building the indexes: ${n(p.householdsDone)} 户 households written`;
  const pct = p.householdsTotal ? Math.floor((100 * p.householdsDone) / p.householdsTotal) : 100;
  const what = p.phase === 'writing' ? '检查并写入 / checking and writing' : '检查 / checking';
  return `${what}: ${pct}% (${n(p.householdsDone)} / ${n(p.householdsTotal)} 户 households, ${n(p.counts.issues)} 处问题 issues)`;
}

/**
 * `npm run cli -- import-households FILE --org CODE [--mode …] [--report OUT.xlsx]`: the page's import, run by
 * the system from the command line (no size limit), with progress on stderr. Exit code 0 when the file had no
 * issues, 1 when it had some (or nothing was written), 2 for wrong arguments.
 */
/** What is wrong with the arguments before anything is opened, or null. */
export function importArgumentProblem(file: string, mode: string): string | null {
  if (!(IMPORT_MODES as readonly string[]).includes(mode)) return `--mode 须为 / must be one of: ${IMPORT_MODES.join(', ')}`;
  if (!existsSync(file) || !statSync(file).isFile()) return `文件不存在 / no such file: ${file}`;
  return null;
}

export async function importHouseholdsCli(deps: Deps, o: ImportCliOptions, out: { log: (s: string) => void; err: (s: string) => void } = { log: console.log, err: console.error }): Promise<number> {
  const problem = importArgumentProblem(o.file, o.mode);
  if (problem) {
    out.err(problem);
    return 2;
  }
  const org = await getOrgByCode(deps.db, o.orgCode);
  if (!org) {
    out.err(`组织代码不存在 / no org with code ${o.orgCode}`);
    return 2;
  }
  const mode = o.mode as ImportMode;
  const { sha256, bytes } = await sha256File(o.file);
  out.err(`导入 / importing ${path.basename(o.file)} (${n(bytes)} bytes, SHA-256 ${sha256.slice(0, 16)}…) → ${org.code} ${org.name}, ${IMPORT_MODE_LABELS[mode].zh} / ${mode}`);
  let last = 0;
  const started = Date.now();
  const result = await runImport(deps, {
    open: () => createReadStream(o.file),
    sniffPath: o.file,
    fileName: path.basename(o.file),
    fileBytes: bytes,
    fileSha256: sha256,
    mode,
    org: { id: org.id, code: org.code, name: org.name, path: org.path, regionCode: org.regionCode },
    actor: systemActor('cli'),
    onProgress: (p) => {
      if (Date.now() - last < 1000) return;
      last = Date.now();
      out.err(`  ${progressLine(p)}`);
    },
  });
  const c = result.counts;
  const verb = result.outcome === 'dry_run' ? '将新建 / would create' : '新建 / created';
  const verbU = result.outcome === 'dry_run' ? '将更新 / would update' : '更新 / updated';
  out.log(
    [
      `结果 / outcome: ${result.outcome}${result.message ? ` — ${result.message.zh} / ${result.message.en}` : ''}`,
      `家庭行 / household rows ${n(c.householdRows)}, 成员行 / member rows ${n(c.memberRows)}, 空行 / blank rows ${n(c.blankRows)}`,
      `${verb} ${n(c.created)}, ${verbU} ${n(c.updated)}, 无变化 / unchanged ${n(c.unchanged)}, 有错误 / with issues ${n(c.invalid)}, 问题 / issues ${n(c.issues)}`,
      `用时 / took ${((Date.now() - started) / 1000).toFixed(1)} s`,
    ].join('\n'),
  );
  for (const i of result.issues.slice(0, 20)) {
    const d = issueDto(result, i);
    const where = [d.sheetName ?? '文件', d.row ? `第 ${d.row} 行` : '', d.columnLabel ? `${d.columnLetter ?? ''} ${d.columnLabel}`.trim() : ''].filter(Boolean).join(' ');
    out.log(`  ${where}：${d.zh} / ${d.en}${d.value ? `（${d.value}）` : ''}`);
  }
  if (result.issues.length > 20) out.log(`  … 另有 ${n(c.issues - 20)} 处 / ${n(c.issues - 20)} more${o.reportPath ? '' : '（用 --report 输出完整报告 / use --report for all of them）'}`);
  if (o.reportPath) {
    await writeImportReport(result, createWriteStream(o.reportPath));
    out.log(`报告 / report: ${path.resolve(o.reportPath)}`);
  }
  return c.issues === 0 && result.outcome !== 'nothing_written' ? 0 : 1;
}
