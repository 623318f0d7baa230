import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSop } from '../model/yaml/read.ts';
import type { LibraryEntry } from '../api/library.ts';
import type { Logger } from '../api/http/logger.ts';

/** The template folder shipped beside the sources. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

async function yamlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await yamlFiles(p)));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

/**
 * Loads every SOP template under `dir`. A template that does not parse is skipped with a
 * warning naming file, line and column (the server still starts: one broken file must not take
 * the whole library down); two templates with one key keep the first.
 */
export async function loadLibrary(dir: string, log: Logger): Promise<LibraryEntry[]> {
  const entries: LibraryEntry[] = [];
  const seen = new Set<string>();
  for (const path of await yamlFiles(dir)) {
    const file = relative(dir, path);
    const source = await readFile(path, 'utf8');
    try {
      const definition = parseSop(source, file);
      if (seen.has(definition.key)) {
        log.log('warn', 'template skipped: duplicate key', { file, key: definition.key });
        continue;
      }
      seen.add(definition.key);
      entries.push({ file, source, definition });
    } catch (e) {
      log.log('warn', 'template skipped: it does not validate', { file, problems: (e as Error).message });
    }
  }
  return entries;
}
