/**
 * A process that opens the embedded database in SF_DATA_DIR, writes a row, says {"ready": pid}
 * and holds the directory until it is killed (for the lock-file tests).
 */
import { migrate } from '../migrate.ts';
import { openPglite } from '../pglite.ts';
import { addOrg } from '../directory.ts';

const db = await openPglite({ dataDir: process.env.SF_DATA_DIR! });
await migrate(db);
await addOrg(db, { id: `org-${process.pid}`, name: 'held' }, { now: Date.UTC(2026, 0, 5) });
process.stdout.write(`${JSON.stringify({ ready: process.pid })}\n`);
setInterval(() => {}, 1 << 30);
