/**
 * Builds the web app when web/dist is missing or older than its sources (`npm start` runs this
 * first, so `npm ci && npm start` needs no separate build step). `--force` always builds.
 */
import { buildWebApp } from '../src/web-api/build.ts';

const force = process.argv.includes('--force');
try {
  const r = await buildWebApp({ force, log: (l) => process.stdout.write(`servflow: ${l}\n`) });
  if (r === 'fresh' && force === false) process.stdout.write('servflow: web app is up to date\n');
} catch (e) {
  process.stderr.write(`servflow: could not build the web app: ${(e as Error).message}\n`);
  process.exit(1);
}
