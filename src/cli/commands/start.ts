import { parseArgs } from 'node:util';
import { resetDemoAdminPassword } from '../../server/seed.ts';
import { startServer } from '../../server/server.ts';

/**
 * `servflow start`: the server with its workers, the template library and (outside production,
 * on first start) the demo organisation. Runs until SIGINT/SIGTERM.
 */

const HELP = `Usage: servflow start [--port N] [--host H] [--reset-admin-password]

Starts servflow: the HTTP API (/api, reference at /api/docs), the web app and the job workers.

  --port N                 listen on port N (default: PORT or 3000)
  --host H                 listen on address H (default: HOST or 0.0.0.0)
  --reset-admin-password   give the demo admin a new generated password and print it

Environment: DATABASE_URL (a PostgreSQL server; default: embedded PGlite under SERVFLOW_DATA or ./data),
NODE_ENV=production (no demo data, Secure cookies), SERVFLOW_DEMO, SERVFLOW_SIGNUP, SERVFLOW_SECURE_COOKIES,
SERVFLOW_TRUST_PROXY, SERVFLOW_LOG_LEVEL. See docs/api.md.
`;

/** Runs `servflow start`; resolves with the exit code once the server has stopped. */
export async function run(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: { port: { type: 'string' }, host: { type: 'string' }, 'reset-admin-password': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    });
  } catch (e) {
    process.stderr.write(`servflow start: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (args.values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const env = { ...process.env };
  if (args.values.port !== undefined) env.PORT = args.values.port;
  if (args.values.host !== undefined) env.HOST = args.values.host;

  const server = await startServer({ env });
  const where = env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${env.SERVFLOW_DATA ?? './data'}`;
  const out: string[] = ['', `servflow is running at ${server.url}  (database: ${where}; ${server.library.length} SOP templates)`, `API reference: ${server.url}/api/docs`];
  if (server.seed.admin !== undefined) {
    out.push(
      '',
      'First start: a demo organisation was created. Sign in as its admin:',
      `  login:    ${server.seed.admin.login}`,
      `  password: ${server.seed.admin.password}`,
      'This password is shown only now. (Lost it? servflow start --reset-admin-password)',
    );
  }
  if (args.values['reset-admin-password']) {
    const pw = await resetDemoAdminPassword(server.deps.store, { now: Date.now(), passwordCost: server.deps.config.passwordCost });
    out.push('', pw === undefined ? 'There is no demo admin to reset.' : `New password of the demo admin (login admin): ${pw}`);
  }
  const orgs = (await server.deps.store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orgs')).rows[0]?.n ?? 0;
  if (orgs === 0) out.push('', 'No organisation yet: start with SERVFLOW_DEMO=1 for the demo one, or SERVFLOW_SIGNUP=1 and POST /api/orgs (docs/api.md).');
  process.stdout.write(`${out.join('\n')}\n\n`);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stdout.write('servflow: stopping…\n');
  await server.close();
  return 0;
}
