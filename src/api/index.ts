/**
 * The HTTP API's door: `createApi(deps)` gives a Hono app (`app.fetch` for a server,
 * `app.request` for tests); the composition root in src/server supplies the deps.
 */
import { createApiApp } from './app.ts';
import { apiRoutes } from './routes/index.ts';
import type { ApiDeps } from './deps.ts';

export { DEFAULT_CONFIG, type ApiConfig, type ApiDeps } from './deps.ts';
export { jsonLogger, silentLogger, memoryLogger, type Logger } from './http/logger.ts';
export { openApiDocument } from './openapi/document.ts';
export { apiRoutes } from './routes/index.ts';
export type { LibraryEntry, SopLibrary } from './library.ts';
export type { RouteDef } from './route.ts';
export { hashPassword, generatePassword } from './auth/password.ts';

/** The API application for these dependencies. */
export function createApi(deps: ApiDeps) {
  return createApiApp(deps, apiRoutes());
}
