/**
 * The caller of a request: a staff member of one organisation, signed in with a session or an
 * API token, with their work roles per store and their access levels. Every permission check
 * reads this; every query filters on its `orgId`.
 */

export type AccessLevel = 'admin' | 'manager' | 'auditor';

/** An access grant: `storeId` absent = the whole organisation (a manager of all = general manager). */
export interface Grant {
  readonly level: AccessLevel;
  readonly storeId?: string;
}

export interface Principal {
  readonly orgId: string;
  readonly staffId: string;
  readonly via: { readonly kind: 'session' | 'token'; readonly id: string };
  /** Work roles per store id (the SOP roles whose queues this person works). */
  readonly roles: ReadonlyMap<string, ReadonlySet<string>>;
  /** Organisation-wide levels. */
  readonly orgLevels: ReadonlySet<AccessLevel>;
  /** Store-scoped levels per store id. */
  readonly storeLevels: ReadonlyMap<string, ReadonlySet<AccessLevel>>;
}

/** Builds a principal from rows of `staff_roles` and `access_grants`. */
export function makePrincipal(
  base: { orgId: string; staffId: string; via: Principal['via'] },
  roleRows: readonly (readonly [storeId: string, role: string])[],
  grantRows: readonly (readonly [scope: string, level: string])[],
): Principal {
  const roles = new Map<string, Set<string>>();
  for (const [store, role] of roleRows) {
    let set = roles.get(store);
    if (set === undefined) roles.set(store, (set = new Set()));
    set.add(role);
  }
  const orgLevels = new Set<AccessLevel>();
  const storeLevels = new Map<string, Set<AccessLevel>>();
  for (const [scope, level] of grantRows) {
    if (level !== 'admin' && level !== 'manager' && level !== 'auditor') continue;
    if (scope === '*') orgLevels.add(level);
    else {
      let set = storeLevels.get(scope);
      if (set === undefined) storeLevels.set(scope, (set = new Set()));
      set.add(level);
    }
  }
  return { ...base, roles, orgLevels, storeLevels };
}

/** The grants of a principal in API form. */
export function grantsOf(p: Principal): Grant[] {
  const out: Grant[] = [...p.orgLevels].map((level) => ({ level }));
  for (const [storeId, levels] of p.storeLevels) for (const level of levels) out.push({ level, storeId });
  return out;
}
