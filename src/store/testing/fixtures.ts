import { counterIds } from '../../engine/ids.ts';
import { addOrg, addStaff, addStore, setRoleStaff } from '../directory.ts';
import { publishDefinition } from '../definitions.ts';
import { createStore, type Store } from '../store.ts';
import type { Db } from '../db.ts';
import type { CompiledProcess } from '../../model/types.ts';

/** A Monday 09:00 in Shanghai, as the engine tests use. */
export const T0 = Date.UTC(2026, 0, 5, 1, 0);
export const ORG = 'org-1';
export const SHOP = 'shop-1';

export interface Seed {
  /** Staff per role in duty order, all in SHOP. */
  readonly staff?: Readonly<Record<string, readonly string[]>>;
  readonly processes?: readonly CompiledProcess[];
  /** Commands take the optimistic path first (the default) or always lock the case. */
  readonly optimistic?: boolean;
}

/**
 * A store handle with readable counter ids over a fresh database, with one organisation, one
 * shop, its staff by role, and the given processes published.
 */
export async function seeded(db: Db, seed: Seed = {}): Promise<Store> {
  const store = createStore(db, { ids: counterIds(), optimistic: seed.optimistic ?? true });
  await addOrg(db, { id: ORG, name: 'Demo Motors' }, { now: T0 });
  await addStore(db, { id: SHOP, orgId: ORG, name: 'Pudong workshop' }, { now: T0 });
  const people = new Set(Object.values(seed.staff ?? {}).flat());
  for (const p of people) await addStaff(db, { id: p, orgId: ORG, name: p }, { now: T0 });
  for (const [role, list] of Object.entries(seed.staff ?? {})) await setRoleStaff(db, ORG, SHOP, role, list);
  for (const p of seed.processes ?? []) await publishDefinition(db, { orgId: ORG, definition: p.definition }, { now: T0 });
  return store;
}
