import { authRoutes } from './auth.ts';
import { metaRoutes } from './meta.ts';
import { orgRoutes } from './orgs.ts';
import { rosterRoutes } from './roster.ts';
import { staffRoutes } from './staff.ts';
import { storeRoutes } from './stores.ts';
import { tokenRoutes } from './tokens.ts';
import type { RouteDef } from '../route.ts';

/** Every route of the API, in the order the reference lists them. */
export function apiRoutes(): RouteDef[] {
  const routes: RouteDef[] = [];
  routes.push(...metaRoutes(() => routes), ...authRoutes, ...tokenRoutes, ...orgRoutes, ...storeRoutes, ...rosterRoutes, ...staffRoutes);
  return routes;
}
