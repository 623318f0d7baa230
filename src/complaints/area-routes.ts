import { complaintRoutes } from './routes.ts';
import { complaintStaffRoutes } from './staff-link.ts';
import { inspectionRoutes } from './inspections.ts';
import { scheduleRoutes } from '../schedules/routes.ts';
import { surveyRoutes } from '../surveys/routes.ts';
import type { RouteDef } from '../api/route.ts';

/** The routes of issue 4 part 3 (schedules, complaints, surveys, inspections), mounted by one spread in apiRoutes(). */
export const careRoutes: RouteDef[] = [...scheduleRoutes, ...complaintRoutes, ...complaintStaffRoutes, ...surveyRoutes, ...inspectionRoutes];
