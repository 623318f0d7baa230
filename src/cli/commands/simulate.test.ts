import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './simulate.ts';

const root = new URL('../../../', import.meta.url).pathname;
const SOP = join(root, 'templates/automotive/car-after-sales.yaml');
const SCENARIOS = join(root, 'src/simulation/examples/car-after-sales.scenarios.yaml');

function io() {
  let out = '';
  let err = '';
  return { io: { stdout: { write: (t: string) => (out += t) }, stderr: { isTTY: false, write: (t: string) => (err += t) } }, out: () => out, err: () => err };
}

describe('servflow simulate', () => {
  it('prints the scenarios of the file side by side', async () => {
    const t = io();
    const code = await run([SOP, '--scenario', SCENARIOS, '--replications', '2', '--cases', '60'], t.io);
    expect(t.err()).toBe('');
    expect(code).toBe(0);
    expect(t.out()).toContain('+1 technician');
    expect(t.out()).toMatch(/cycle time, mean \(min\)/);
  });

  it('gives JSON with --json', async () => {
    const t = io();
    expect(await run([SOP, '--scenario', SCENARIOS, '--replications', '2', '--cases', '40', '--json'], t.io)).toBe(0);
    const json = JSON.parse(t.out()) as { comparison: { scenarios: { name: string }[] } };
    expect(json.comparison.scenarios.map((s) => s.name)).toEqual(['baseline', '+1 technician', 'one-stop advisor', 'estimate SLA 10 min', 'busier (+30 %)']);
  });

  it('says what is wrong with a scenario file, by field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'servflow-sim-'));
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'baseline:\n  arrivals: { kind: poisson, perHour: -1 }\n  durations: {}\n  staff: {}\n');
    const t = io();
    expect(await run([SOP, '--scenario', bad], t.io)).toBe(1);
    expect(t.err()).toContain('baseline.arrivals.perHour');
  });

  it('refuses bad usage with exit code 2', async () => {
    const t = io();
    expect(await run([SOP], t.io)).toBe(2);
    expect(t.err()).toContain('--scenario FILE is required');
    expect(await run([SOP, '--scenario', SCENARIOS, '--cases', 'many'], t.io)).toBe(2);
  });
});
