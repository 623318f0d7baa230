import { readFile, writeFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { BpmnImportError, fromBpmn, toBpmn } from '../../model/bpmn/index.ts';
import { compile, CompileError, parseSop, toYaml, ValidationError } from '../../model/index.ts';

/**
 * `servflow convert FILE --to bpmn|yaml [-o OUT]`: SOP YAML ↔ BPMN 2.0 XML. The input format
 * is told by the file (an XML document is BPMN, anything else SOP YAML). The definition is
 * compiled on the way, so a file that would not run is reported rather than converted.
 * Exit 0 converted, 1 the input has problems, 2 bad usage.
 */

export interface ConvertIo {
  readonly out: Writable;
  readonly err: Writable;
}

const USAGE = `usage: servflow convert FILE --to bpmn|yaml [-o OUT]

Converts an SOP between YAML and BPMN 2.0 XML (servflow settings in servflow:* extension
elements; a diagram layout is added for bpmn.io / Camunda Modeler).
  --to bpmn|yaml   the output format
  -o, --out OUT    write to OUT instead of standard output
Exit status: 0 converted, 1 problems in FILE, 2 usage error.
`;

export async function run(argv: string[], io: ConvertIo = { out: process.stdout, err: process.stderr }): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out.write(USAGE);
    return 0;
  }
  const files: string[] = [];
  let to: string | undefined;
  let outFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--to') to = argv[++i];
    else if (a.startsWith('--to=')) to = a.slice(5);
    else if (a === '-o' || a === '--out') outFile = argv[++i];
    else if (a.startsWith('--out=')) outFile = a.slice(6);
    else if (a.startsWith('-')) {
      io.err.write(`servflow convert: unknown option ${a}\n\n${USAGE}`);
      return 2;
    } else files.push(a);
  }
  const why =
    files.length !== 1
      ? `give exactly one FILE (got ${files.length})`
      : to === undefined
        ? 'say --to bpmn or --to yaml'
        : to !== 'bpmn' && to !== 'yaml'
          ? `--to must be bpmn or yaml, not "${to}"`
          : argv.some((a) => a === '-o' || a === '--out') && !outFile
            ? '-o needs a file name'
            : undefined;
  if (why !== undefined) {
    io.err.write(`servflow convert: ${why}\n\n${USAGE}`);
    return 2;
  }
  const file = files[0]!;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    io.err.write(`servflow convert: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 1;
  }
  try {
    const isXml = text.trimStart().startsWith('<');
    const def = isXml ? await fromBpmn(text) : parseSop(text, file);
    compile(def);
    const result = to === 'bpmn' ? await toBpmn(def) : toYaml(def);
    if (outFile) await writeFile(outFile, result.endsWith('\n') ? result : `${result}\n`);
    else io.out.write(result.endsWith('\n') ? result : `${result}\n`);
    return 0;
  } catch (e) {
    if (e instanceof BpmnImportError) for (const i of e.issues) io.err.write(`${file}: ${i.element ? `${i.element}: ` : ''}${i.message}\n`);
    else if (e instanceof ValidationError) io.err.write(`${e.message}\n`);
    else if (e instanceof CompileError) for (const i of e.issues) io.err.write(`${file}: ${i.path.join('.')}: ${i.message}\n`);
    else throw e;
    return 1;
  }
}
