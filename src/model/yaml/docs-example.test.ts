import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSop } from './read.ts';

const doc = readFileSync(new URL('../../../docs/sop-format.md', import.meta.url), 'utf8');

describe('docs/sop-format.md', () => {
  it('has a full example that parses', () => {
    const section = doc.slice(doc.indexOf('## A full example'));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBeDefined();
    const def = parseSop(example!, 'docs/sop-format.md#full-example');
    expect(def.key).toBe('car-after-sales');
    expect(new Set(def.nodes.map((n) => n.kind))).toEqual(new Set(['human', 'service', 'exclusive', 'parallel', 'call', 'timer', 'end']));
  });

  it('reads every one-line time limit in its table', () => {
    const table = doc.slice(doc.indexOf('## Time limits'), doc.indexOf('## SLA'));
    const written = [...table.matchAll(/^\| (`.+?`) \|/gm)].flatMap((m) => [...m[1]!.matchAll(/`([^`]+)`/g)].map((x) => x[1]!));
    expect(written.length).toBeGreaterThan(20);
    for (const w of written) {
      const sop = `key: t\nversion: 1\nname: t\nnodes:\n  - { id: w, timer: 等, until: at, offset: '${w}' }\n  - { id: e, end: 完 }\n`;
      expect(() => parseSop(sop, w), w).not.toThrow();
    }
  });
});
