import { channelRoutes } from './channel-routes.ts';
import { outboxRoutes } from './outbox-routes.ts';
import { webhookRoutes } from './webhook-routes.ts';
import type { RouteDef } from '../api/route.ts';

/** The notification and integration routes (mounted by src/api/routes/index.ts). */
export const notifyRoutes: RouteDef[] = [...channelRoutes, ...outboxRoutes, ...webhookRoutes];
