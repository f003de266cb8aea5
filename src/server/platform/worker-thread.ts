import { Worker } from 'node:worker_threads';

/**
 * Starts a TypeScript module in a worker thread (the second core for CPU-bound work such as encrypting a large
 * import's rows). The module reads `workerData.data`. Works the same under the server (tsx) and the tests.
 * The thread's heap is bounded (by default a 16 MB young generation and 256 MB in all): a worker that keeps
 * little alive should not let garbage pile up to the machine-wide default limit before collecting it.
 */
export function startWorker(module: URL, data: unknown, heap: { youngMb: number; oldMb: number } = { youngMb: 16, oldMb: 256 }): Worker {
  return new Worker(new URL('./worker-boot.mjs', import.meta.url), {
    workerData: { module: module.href, data },
    resourceLimits: { maxYoungGenerationSizeMb: heap.youngMb, maxOldGenerationSizeMb: heap.oldMb },
  });
}

/**
 * The messages of a worker started by startWorker, taken one at a time in the order sent: `next()` waits for the next
 * one, and throws if the worker failed or stopped (`what` names it in that error) with nothing left to take.
 */
export function workerInbox<T>(worker: Worker, what: string): { next(): Promise<T> } {
  const queue: T[] = [];
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  worker.on('message', (m: T) => (queue.push(m), poke()));
  worker.on('error', (e: Error) => ((failure = e), poke()));
  worker.on('exit', () => ((failure ??= new Error(`${what} stopped`)), poke()));
  return {
    async next() {
      while (queue.length === 0) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      return queue.shift()!;
    },
  };
}
