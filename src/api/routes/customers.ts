import { cardRoutes } from '../../cards/routes.ts';
import { customerArchiveRoutes } from '../../customers/routes.ts';
import { importRoutes } from '../../import/routes.ts';
import type { RouteDef } from '../route.ts';

/**
 * Customers: the archive (profile, contacts, consent, tags, owner, notes, case history), tiers by
 * rule, duplicate phones, masking by need, export and erasure (src/customers), and membership
 * cards with their ledger (src/cards); bulk import of customers, staff and cards (src/import).
 */
export const customerRoutes: RouteDef[] = [...customerArchiveRoutes, ...cardRoutes, ...importRoutes];
