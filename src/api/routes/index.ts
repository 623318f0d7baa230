import { auditRoutes } from './audit.ts';
import { authRoutes } from './auth.ts';
import { caseRoutes } from './cases.ts';
import { customerRoutes } from './customers.ts';
import { definitionRoutes } from './definitions.ts';
import { libraryRoutes } from './library.ts';
import { taskRoutes } from './tasks.ts';
import { metaRoutes } from './meta.ts';
import { orgRoutes } from './orgs.ts';
import { rosterRoutes } from './roster.ts';
import { staffRoutes } from './staff.ts';
import { storeRoutes } from './stores.ts';
import { tokenRoutes } from './tokens.ts';
import { notifyRoutes } from '../../notify/routes.ts';
import { careRoutes } from '../../complaints/area-routes.ts';
import { appointmentRoutes } from '../../appointments/routes.ts';
import { publicRoutes } from '../../public/routes.ts';
import { miningRoutes } from '../../mining-api/index.ts';
import { simulationRoutes } from '../../simulation-api/index.ts';
import { staffTrainingRoutes } from '../../staff/routes.ts';
import type { RouteDef } from '../route.ts';

/** Every route of the API, in the order the reference lists them. */
export function apiRoutes(): RouteDef[] {
  const routes: RouteDef[] = [];
  routes.push(...metaRoutes(() => routes), ...authRoutes, ...tokenRoutes, ...orgRoutes, ...storeRoutes, ...rosterRoutes, ...staffRoutes, ...definitionRoutes, ...libraryRoutes, ...customerRoutes, ...caseRoutes, ...taskRoutes, ...auditRoutes, ...appointmentRoutes, ...publicRoutes, ...careRoutes, ...notifyRoutes, ...staffTrainingRoutes);
  // Process mining and KPIs: part of the one API (the reference and every server list them).
  routes.push(...miningRoutes(), ...simulationRoutes);
  return routes;
}
