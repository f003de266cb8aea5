import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface DataDirLock {
  file: string;
  release(): void;
}

export class DataDirBusyError extends Error {
  constructor(
    public readonly dataDir: string,
    public readonly holder: { pid: number; host: string; holder: string; since: string },
  ) {
    super(
      `数据目录 ${dataDir} 正被另一个进程使用 / data folder is in use by another process: ` +
        `${holder.holder} (pid ${holder.pid} on ${holder.host}, since ${holder.since}). ` +
        `嵌入式数据库只允许一个进程打开；请先停止它，或设置 DATABASE_URL 使用 PostgreSQL。`,
    );
    this.name = 'DataDirBusyError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The embedded database is single-process. An exclusive lock file names the holder; a second process
 * gets DataDirBusyError. A lock left by a dead process on this host is taken over.
 */
export function acquireDataDirLock(dataDir: string, holder: string): DataDirLock {
  const file = path.join(dataDir, 'precision-aid.lock');
  const me = { pid: process.pid, host: os.hostname(), holder, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const cur = JSON.parse(readFileSync(file, 'utf8')) as { pid: number };
          if (cur.pid === process.pid) unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return { file, release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let cur: typeof me;
      try {
        cur = JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        cur = { pid: -1, host: os.hostname(), holder: 'unknown', since: '?' };
      }
      if (cur.host === os.hostname() && (cur.pid <= 0 || !alive(cur.pid))) {
        unlinkSync(file); // stale lock from a crashed process
        continue;
      }
      throw new DataDirBusyError(dataDir, cur);
    }
  }
  throw new Error(`could not lock ${file}`);
}
