import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from './validate.ts';

const fixtures = fileURLToPath(new URL('../../model/fixtures/', import.meta.url));

async function validate(...argv: string[]): Promise<{ code: number; lines: string[] }> {
  let text = '';
  const out = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  const code = await run(argv, { out });
  return { code, lines: text.trimEnd().split('\n') };
}

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'servflow-validate-'));
  writeFileSync(join(dir, 'good.yaml'), readFileSync(join(fixtures, 'car-after-sales.yaml')));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'bad.yml'), 'key: bad\nversion: 1\nname: 坏\nnodes:\n  - { id: a, human: 接待, role: nobody, nxt: done }\n  - { id: done, end: 完成 }\n');
  writeFileSync(join(dir, 'sub', 'scenario.yaml'), 'arrivals: { perHour: 3 }\n');
  writeFileSync(join(dir, 'notes.txt'), 'not yaml');
  return dir;
}

describe('servflow validate', () => {
  it('prints one OK line per valid file and exits 0', async () => {
    const file = join(fixtures, 'water-repair-complaint.yaml');
    expect(await validate(file)).toEqual({ code: 0, lines: [`OK   ${file} (water-repair-complaint v3, 11 nodes)`] });
  });

  it('prints file:line:col: message per problem and exits 1', async () => {
    const dir = workspace();
    const bad = join(dir, 'sub', 'bad.yml');
    const { code, lines } = await validate(bad);
    expect(code).toBe(1);
    expect(lines).toEqual([`${bad}:5:39: unknown key 'nxt' at nodes[0]; did you mean 'next'?`]);
  });

  it('walks a directory for SOP YAML, skipping other YAML with a note, and sums up', async () => {
    const dir = workspace();
    const { code, lines } = await validate(dir);
    expect(code).toBe(1);
    expect(lines).toEqual([
      `OK   ${join(dir, 'good.yaml')} (car-after-sales v1, 14 nodes)`,
      expect.stringMatching(/bad\.yml:5:39: unknown key 'nxt'/),
      `skip ${join(dir, 'sub', 'scenario.yaml')} (no top-level "nodes:", not an SOP)`,
      '2 files: 1 valid, 1 with problems (1 problem)',
    ]);
  });

  it('validates every fixture', async () => {
    const { code, lines } = await validate('--quiet', fixtures);
    expect({ code, lines }).toEqual({ code: 0, lines: [''] });
  });

  it('reports a missing file as a problem and bad usage with exit 2', async () => {
    expect(await validate('/nonexistent/x.yaml')).toEqual({ code: 1, lines: ['/nonexistent/x.yaml: cannot read (ENOENT)'] });
    expect((await validate()).code).toBe(2);
    expect((await validate('--frobnicate', 'x.yaml')).code).toBe(2);
    expect((await validate('--help')).code).toBe(0);
  });
});
