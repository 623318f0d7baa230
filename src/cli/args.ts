import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * A command's flags and positionals (node:util parseArgs). An unknown or malformed flag is
 * bad usage: it writes `servflow COMMAND: what is wrong` and the usage text, and gives exit
 * code 2 for the caller to return.
 */
export function commandArgs<O extends Options>(command: string, argv: string[], options: O, usage: string, err: { write(text: string): unknown }) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options });
  } catch (e) {
    err.write(`servflow ${command}: ${(e as Error).message}\n\n${usage}`);
    return 2 as const;
  }
}
