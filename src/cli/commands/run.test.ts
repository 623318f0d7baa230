import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from './run.ts';

const sop = fileURLToPath(new URL('../../../templates/utilities/hot-water-repair.yaml', import.meta.url));

/** Feeds the interactive walk a script of answers and returns what it printed. */
async function walk(args: string[], answers: string[]): Promise<{ code: number; text: string }> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (c: Buffer) => (text += c.toString()));
  input.end(answers.map((a) => `${a}\n`).join(''));
  const code = await run(args, { input, output, now: Date.parse('2026-03-04T11:00:00Z') });
  return { code, text };
}

describe('servflow run', () => {
  it('walks a case of the water-repair SOP to its end, showing an SLA breach when time is moved on', async () => {
    const { code, text } = await walk(
      [sop, '--data', JSON.stringify({ severity: 'valve', location: '7号楼' })],
      ['1', '没有热水', '', '1', 'wait 2h', '1', '换了阀门', 'yes', '1', 'yes', 'yes'],
    );
    expect(code).toBe(0);
    expect(text).toContain('接听并登记');
    expect(text).toContain('SLA breach on repair');
    expect(text).toContain('case completed (resolved)');
  });

  it('shows what is wrong with a form and lets the user try again', async () => {
    const { text } = await walk([sop, '--data', JSON.stringify({ severity: 'valve', location: 'x' })], ['1', '', '', 'quit']);
    expect(text).toContain('问题描述 is required');
  });
});
