// A simulation runs in a worker thread so the server keeps answering while it computes. The
// sources are TypeScript: register tsx's loader in this thread, then load the real worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker-main.ts');
