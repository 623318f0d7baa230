import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { arbitraryDefinition } from '../testing/arbitrary-definition.ts';
import { parseSop } from './read.ts';
import { toYaml } from './write.ts';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

describe('toYaml', () => {
  it('writes what parseSop reads back to the same definition, for any valid definition', () => {
    fc.assert(
      fc.property(arbitraryDefinition, (def) => {
        const text = toYaml(def);
        expect(parseSop(text, 'written.yaml')).toStrictEqual(def);
      }),
      // No shrinking: definitions are big, and shrinking one on a busy machine takes many minutes;
      // the first failing definition is reported as it is.
      { numRuns: 60, endOnFailure: true },
    );
  });

  it('round-trips the car after-sales fixture', () => {
    const def = parseSop(fixture('car-after-sales.yaml'), 'car-after-sales.yaml');
    expect(parseSop(toYaml(def), 'again.yaml')).toStrictEqual(def);
  });

  it('uses the short forms: plain Chinese names, one-line small mappings, defaults left out', () => {
    const def = parseSop(fixture('car-after-sales.yaml'), 'car-after-sales.yaml');
    const text = toYaml(def);
    expect(text).toContain('name: { zh: 汽车售后服务, en: Car after-sales service }');
    expect(text).toContain('  - { id: wait48h, timer: 回访等待, wait: 48 h }');
    expect(text).toContain('sla: { due: 5 working days, warning: 80% }');
    expect(text).toContain('    human: 诊断\n');
    expect(text).not.toContain('assignment: queue');
    expect(text).not.toContain('kind:');
  });
});
