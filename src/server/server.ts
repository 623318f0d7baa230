import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { jsonLogger, type Logger } from '../api/http/logger.ts';
import { startWorker, type Worker } from '../runtime/worker.ts';
import { orgChannel } from '../notify/org-channel.ts';
import { purgeNotifyLog } from '../notify/webhook-store.ts';
import { sealStoredSecrets } from '../notify/seal-secrets.ts';
import { useSecretKeyFrom } from '../notify/secret-box.ts';
import { createStore } from '../store/store.ts';
import { migrate } from '../store/migrate.ts';
import { openDatabase } from '../store/open.ts';
import { purgeExpired } from '../api/maintenance.ts';
import { purgeExpiredPublicTokens } from '../public/tokens.ts';
import { purgeRate } from '../public/rate.ts';
import { buildApp } from './app.ts';
import { configFromEnv, type ServerConfig } from './config.ts';
import { loadLibrary, TEMPLATES_DIR } from './library.ts';
import { seedDemo, type SeedResult } from './seed.ts';
import type { ApiDeps } from '../api/deps.ts';
import type { LibraryEntry } from '../api/library.ts';
import type { Db } from '../store/db.ts';

/**
 * The composition root: everything servflow is made of is created and wired here, once.
 * Open the database (PGlite under ./data or SERVFLOW_DATA; PostgreSQL when DATABASE_URL is
 * set), migrate it, load the template library, seed the demo organisation on first start,
 * start the workers, and serve the API and the web app.
 */

export interface ServerOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly config?: ServerConfig;
  /** An open database (tests); default: the one the environment names. */
  readonly db?: Db;
  readonly now?: () => number;
  readonly log?: Logger;
  /** Template folder; default: templates/ beside the sources. */
  readonly templatesDir?: string;
  /** Run the job workers in this process (default true). */
  readonly workers?: boolean;
  /** Serve the web app (default true). */
  readonly web?: boolean;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly seed: SeedResult;
  readonly library: readonly LibraryEntry[];
  readonly deps: ApiDeps;
  /** Stops accepting requests, stops the workers, closes the database. */
  close(): Promise<void>;
}

/** Starts servflow and resolves once it is listening. */
export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const env = opts.env ?? process.env;
  const config = opts.config ?? configFromEnv(env);
  const now = opts.now ?? Date.now;
  const log = opts.log ?? jsonLogger({ min: config.logLevel, now });
  const db = opts.db ?? (await openDatabase(env));
  let worker: Worker | undefined;
  let web: { close(): void } | undefined;
  let housekeeping: ReturnType<typeof setInterval> | undefined;
  try {
    const migrated = await migrate(db);
    if (migrated.applied.length > 0) log.log('info', 'database migrated', { applied: migrated.applied, backend: db.backend });
    if (opts.db === undefined) {
      // The key for channel and webhook secrets (SERVFLOW_SECRET_KEY, else data/secret.key made
      // once), read now so a bad key stops the start; secrets still stored in plain text by an
      // older servflow are sealed. A database handed in (tests) leaves the key to its owner.
      useSecretKeyFrom(env);
      const sealed = await sealStoredSecrets(db);
      if (sealed.channels + sealed.webhooks > 0) log.log('info', 'stored secrets encrypted', sealed);
    }
    const store = createStore(db);
    const library = await loadLibrary(opts.templatesDir ?? TEMPLATES_DIR, log);
    const seed = config.seedDemo ? await seedDemo(store, library, { now: now(), log, passwordCost: config.api.passwordCost }) : { created: false };
    const deps: ApiDeps = { store, now, log, config: config.api, library };
    if (opts.workers !== false) worker = startWorker(store, { channel: orgChannel(store, { now }), onLoopError: (e) => log.log('error', 'worker loop error', { error: (e as Error).message }) });
    const built = buildApp(deps, { web: opts.web });
    // Hourly housekeeping (expired sessions, idempotency records, throttle windows; webhook and
    // notification send logs older than 30 days).
    housekeeping = setInterval(() => {
      purgeExpired(db, now(), config.api.loginLimit.windowMs).catch((e: unknown) => log.log('warn', 'housekeeping failed', { error: (e as Error).message }));
      purgeNotifyLog(db, now()).catch((e: unknown) => log.log('warn', 'housekeeping failed', { error: (e as Error).message }));
      // no-login links expired over 30 days ago, public rate windows over a day old
      Promise.all([purgeExpiredPublicTokens(db, now()), purgeRate(db, now())]).catch((e: unknown) => log.log('warn', 'housekeeping failed', { error: (e as Error).message }));
    }, 3600_000);
    housekeeping.unref();
    web = built.web;
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: built.app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
      s.once('error', reject);
    });
    const port = (server.address() as AddressInfo).port;
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const url = `http://${shownHost}:${port}`;
    log.log('info', 'servflow is listening', { url, database: db.backend, templates: library.length });
    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      seed,
      library,
      deps,
      close() {
        closing ??= (async () => {
          const done = new Promise<void>((resolve) => server.close(() => resolve()));
          // Keep-alive connections would hold close() open until they time out.
          (server as import('node:http').Server).closeIdleConnections?.();
          await done;
          web?.close();
          clearInterval(housekeeping);
          await worker?.stop();
          // A database handed in (tests) belongs to the caller.
          if (opts.db === undefined) await db.close();
        })();
        return closing;
      },
    };
  } catch (e) {
    clearInterval(housekeeping);
    web?.close();
    await worker?.stop();
    if (opts.db === undefined) await db.close().catch(() => undefined);
    throw e;
  }
}
