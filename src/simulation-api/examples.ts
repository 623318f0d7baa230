import { readdir, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SopLibrary } from '../api/library.ts';

const DIR = fileURLToPath(new URL('../simulation/examples/', import.meta.url));

/**
 * The what-if studies shipped with servflow: `src/simulation/examples/NAME.scenarios.yaml`
 * belongs to the library template `NAME.yaml`, so a manager who installed that template gets
 * its parameters and scenarios as the starting point. Keyed by the template's process key.
 */
export async function scenarioExamples(library: SopLibrary): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let files: string[];
  try {
    files = (await readdir(DIR)).filter((f) => f.endsWith('.scenarios.yaml'));
  } catch {
    return out;
  }
  for (const f of files) {
    const name = f.slice(0, -'.scenarios.yaml'.length);
    const entry = library.find((e) => basename(e.file, '.yaml') === name);
    if (entry !== undefined) out.set(entry.definition.key, await readFile(DIR + f, 'utf8'));
  }
  return out;
}
