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
