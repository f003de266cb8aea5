// A worker thread's entry: TypeScript modules are loaded through tsx (as the server itself is), then the module
// named in workerData.module runs. Used by startWorker (worker-thread.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
