import { parentPort, workerData } from 'node:worker_threads';
import { runJob } from './job.ts';
import type { StudyJob, WorkerMessage } from './protocol.ts';

// Progress is posted at most every 100 ms: the bar moves, the message port is not flooded.
let last = 0;
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
post(
  runJob(workerData as StudyJob, (done, total) => {
    const now = Date.now();
    if (now - last < 100 && done < total) return;
    last = now;
    post({ type: 'progress', done, total });
  }),
);
