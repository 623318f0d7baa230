/**
 * The CLI dispatcher: `servflow <command> [args]`. Each command lives in commands/<name>.ts and
 * exports `run(argv): Promise<number>` (the exit code); loading them lazily keeps `servflow
 * validate` from paying for the database or the HTTP server.
 */
type Command = { readonly summary: string; readonly load: () => Promise<{ run(argv: string[]): Promise<number> }> };

const COMMANDS: Readonly<Record<string, Command>> = {
  start: { summary: 'start the server with its workers (PORT, default 3000)', load: () => import('./commands/start.ts') },
  validate: { summary: 'check SOP files: servflow validate FILE|DIR…', load: () => import('./commands/validate.ts') },
  run: { summary: 'walk a case of an SOP step by step in the terminal: servflow run FILE', load: () => import('./commands/run.ts') },
  mine: { summary: 'process mining on an XES/CSV log: servflow mine LOG [--model PNML] [--json]', load: () => import('./commands/mine.ts') },
  log: { summary: "export servflow's own event log: servflow log export --format xes|csv [--out FILE]", load: () => import('./commands/log.ts') },
  simulate: { summary: 'simulate an SOP and compare scenarios: servflow simulate SOP --scenario FILE', load: () => import('./commands/simulate.ts') },
  convert: { summary: 'SOP YAML <-> BPMN 2.0 XML: servflow convert FILE --to bpmn|yaml [-o OUT]', load: () => import('./commands/convert.ts') },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `servflow — define, run, measure and improve service processes (服务流程)\n\nUsage: servflow <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

/** Runs the CLI with the given arguments and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? 1 : 0;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    process.stderr.write(`servflow: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    const mod = await cmd.load();
    return await mod.run(rest);
  } catch (e) {
    // A command that could not even load (missing module) or threw: say what, without a stack dump.
    process.stderr.write(`servflow ${name}: ${(e as Error).message}\n`);
    if (process.env['SERVFLOW_DEBUG']) process.stderr.write(`${(e as Error).stack}\n`);
    return 1;
  }
}
