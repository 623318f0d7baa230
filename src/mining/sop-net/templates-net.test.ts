import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile, loadSopFile } from '../../model/index.ts';
import { alignLog } from '../algo/conformance/alignments/align-log.ts';
import { parseCsv } from '../read/csv.ts';
import { sopNet } from './sop-to-net.ts';

// Every SOP template shipped must become a net in which a case can run from start to end:
// aligning a one-event trace with the net fails with NET_INVALID when the end is unreachable.
const root = fileURLToPath(new URL('../../../templates/', import.meta.url));
const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml')).sort();

describe('every template as a Petri net', () => {
  it('there are templates to check', () => expect(files.length).toBeGreaterThan(10));
  it.each(files)('%s', async (file) => {
    const proc = compile(await loadSopFile(root + file));
    const net = sopNet(proc);
    const log = await parseCsv(`case:concept:name,concept:name,time:timestamp\nc,${proc.start},2026-01-01T00:00:00Z\n`);
    const a = alignLog(log, net);
    expect(a.traces[0]!.worstCost).toBeGreaterThan(0);
  });
});
