import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, CompileError } from '../compile.ts';
import { parseSop } from '../yaml/read.ts';
import { BpmnImportError, fromBpmn, toBpmn } from './index.ts';

/**
 * Damaged BPMN never crashes the reader: every mutation of a real file (characters dropped,
 * attributes and elements changed) either reads (and then compiles or gives CompileError) or is
 * refused with a BpmnImportError that names what is wrong.
 */
const camunda = await readFile(new URL('./fixtures/camunda-complaint.bpmn', import.meta.url), 'utf8');
// An export with every servflow extension kind the templates use (SLA, escalations, checklist, form, script, timers).
const exported = await toBpmn(parseSop(await readFile(new URL('../../../templates/automotive/car-after-sales.yaml', import.meta.url), 'utf8'), 'car.yaml'));

async function verdict(xml: string): Promise<'ok' | 'refused' | 'invalid'> {
  try {
    const def = await fromBpmn(xml);
    try {
      compile(def);
      return 'ok';
    } catch (e) {
      if (e instanceof CompileError) return 'invalid';
      throw e;
    }
  } catch (e) {
    if (e instanceof BpmnImportError) return 'refused';
    throw e;
  }
}

const mutation = fc.oneof(
  // Drop a slice of the text.
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  // Replace one attribute value or element name with a random token.
  fc.record({ kind: fc.constant('swap' as const), which: fc.nat(), token: fc.constantFrom('', 'x', 'bpmn:scriptTask', 'Flow_high', 'StartEvent_1', 'PT-1H', '${', '<', '"', 'Gateway_join', 'true', '{', '-3', '2 parsecs', 'sameAs', 'notify') }),
);

function apply(text: string, m: { kind: 'cut'; at: number; len: number } | { kind: 'swap'; which: number; token: string }): string {
  if (m.kind === 'cut') {
    const at = m.at % text.length;
    return text.slice(0, at) + text.slice(at + m.len);
  }
  const spots = [...text.matchAll(/"([^"]*)"|<\/?(bpmn:\w+)/g)];
  const spot = spots[m.which % spots.length]!;
  const value = spot[1] ?? spot[2]!;
  const start = spot.index + spot[0].indexOf(value);
  return text.slice(0, start) + m.token + text.slice(start + value.length);
}

describe('BPMN reader on damaged files', () => {
  it('reads, refuses with BpmnImportError, or yields a definition compile() judges — never throws anything else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (ours, ms) => {
        let xml = ours ? exported : camunda;
        for (const m of ms) xml = apply(xml, m);
        expect(['ok', 'refused', 'invalid']).toContain(await verdict(xml));
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('arbitrary text is refused', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (s) => {
        expect(await verdict(s)).toBe('refused');
      }),
      { numRuns: 100 },
    );
  });
});
