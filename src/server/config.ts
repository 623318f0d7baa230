import { DEFAULT_CONFIG, type ApiConfig } from '../api/deps.ts';
import type { LogLevel } from '../api/http/logger.ts';

/** The server's settings, read from the environment in one place. */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  /** Production: no demo data unless asked, secure cookies unless told otherwise. */
  readonly production: boolean;
  /** Seed the demo organisation on first start (default: yes outside production). */
  readonly seedDemo: boolean;
  readonly logLevel: LogLevel;
  readonly api: ApiConfig;
}

const flag = (v: string | undefined, def: boolean): boolean => (v === undefined || v === '' ? def : ['1', 'true', 'yes', 'on'].includes(v.toLowerCase()));

/** Settings from environment variables (see docs/api.md, "Running the server"). */
export function configFromEnv(env: Readonly<Record<string, string | undefined>>): ServerConfig {
  const production = env.NODE_ENV === 'production';
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number (0–65535), not "${env.PORT}"`);
  const level = (env.SERVFLOW_LOG_LEVEL ?? 'info') as LogLevel;
  if (!['debug', 'info', 'warn', 'error'].includes(level)) throw new Error(`SERVFLOW_LOG_LEVEL must be debug, info, warn or error, not "${level}"`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    production,
    seedDemo: flag(env.SERVFLOW_DEMO, !production),
    logLevel: level,
    api: {
      ...DEFAULT_CONFIG,
      secureCookies: flag(env.SERVFLOW_SECURE_COOKIES, production),
      signup: flag(env.SERVFLOW_SIGNUP, false),
      trustProxy: flag(env.SERVFLOW_TRUST_PROXY, false),
    },
  };
}
