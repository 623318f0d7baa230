import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { formatIssue, parseSop, ValidationError } from '../../model/index.ts';

/**
 * `servflow validate FILE|DIR…`: checks SOP files the way the server will read them and prints
 * one `file:line:col: message` per problem (the format editors and CI annotate), one OK line
 * per good file. Exit 0 when every file is fine, 1 when any has a problem, 2 for bad usage.
 *
 * A directory is searched for *.yaml/*.yml files. Template folders also hold other YAML
 * (simulation scenarios), so there a file without a top-level `nodes:` is skipped — and said
 * so, since a broken SOP that lost its `nodes:` line must not pass unnoticed. A file named on
 * the command line is always validated.
 */

export interface ValidateIo {
  readonly out: Writable;
}

const USAGE = `usage: servflow validate FILE|DIR… [--quiet]

Checks SOP YAML files and prints file:line:col: message for each problem.
  DIR       every *.yaml / *.yml below it that has a top-level "nodes:"
  --quiet   print problems only (no OK lines, no summary)
Exit status: 0 all valid, 1 problems found, 2 usage error.
`;

const SOP_FILE = /\.ya?ml$/i;
const LOOKS_LIKE_SOP = /^nodes\s*:/m;

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(path)));
    else if (e.isFile() && SOP_FILE.test(e.name)) out.push(path);
  }
  return out;
}

interface Target {
  readonly path: string;
  /** Found by walking a directory (non-SOP YAML is skipped) rather than named by the user. */
  readonly found: boolean;
}

/** Validates SOP files and directories; returns the exit code. */
export async function run(argv: string[], io: ValidateIo = { out: process.stdout }): Promise<number> {
  const print = (line: string): void => void io.out.write(`${line}\n`);
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out.write(USAGE);
    return 0;
  }
  const quiet = argv.includes('--quiet') || argv.includes('-q');
  const unknown = argv.filter((a) => a.startsWith('-') && !['--quiet', '-q'].includes(a));
  const paths = argv.filter((a) => !a.startsWith('-'));
  if (unknown.length > 0 || paths.length === 0) {
    if (unknown.length > 0) print(`servflow validate: unknown option ${unknown.join(', ')}`);
    io.out.write(USAGE);
    return 2;
  }

  let problems = 0;
  let bad = 0;
  let good = 0;
  const fail = (path: string, message: string): void => {
    print(`${path}: ${message}`);
    problems++;
    bad++;
  };

  const targets: Target[] = [];
  for (const p of paths) {
    try {
      if ((await stat(p)).isDirectory()) {
        const found = await filesUnder(p);
        if (found.length === 0 && !quiet) print(`${p}: no .yaml files found`);
        targets.push(...found.map((path) => ({ path, found: true })));
      } else targets.push({ path: p, found: false });
    } catch (e) {
      fail(p, `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }

  for (const t of targets) {
    let text: string;
    try {
      text = await readFile(t.path, 'utf8');
    } catch (e) {
      fail(t.path, `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      continue;
    }
    if (t.found && !LOOKS_LIKE_SOP.test(text)) {
      if (!quiet) print(`skip ${t.path} (no top-level "nodes:", not an SOP)`);
      continue;
    }
    try {
      const def = parseSop(text, t.path);
      good++;
      if (!quiet) print(`OK   ${t.path} (${def.key} v${def.version}, ${def.nodes.length} nodes)`);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      for (const issue of e.issues) print(formatIssue(issue));
      problems += e.issues.length;
      bad++;
    }
  }

  if (!quiet && good + bad > 1) print(`${good + bad} files: ${good} valid, ${bad} with problems${problems > 0 ? ` (${problems} problem${problems === 1 ? '' : 's'})` : ''}`);
  return bad > 0 ? 1 : 0;
}
