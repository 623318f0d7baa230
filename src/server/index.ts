/** The server's door: `startServer()` wires and starts everything (see server.ts). */
export { startServer, type ServerOptions, type RunningServer } from './server.ts';
export { buildApp } from './app.ts';
export { configFromEnv, type ServerConfig } from './config.ts';
export { loadLibrary, TEMPLATES_DIR } from './library.ts';
export { seedDemo, resetDemoAdminPassword, DEMO_ORG, DEMO_ADMIN_LOGIN, DEMO_CALENDARS, type SeedResult } from './seed.ts';
