/** What a caller may do inside one context. Roles are fixed bundles of these. */
export const PERMISSIONS = [
  'model:view',
  'model:create',
  'model:edit',
  'model:publish',
  'model:delete',
  'context:admin',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = {
  viewer: ['model:view'],
  editor: ['model:view', 'model:create', 'model:edit'],
  publisher: ['model:view', 'model:create', 'model:edit', 'model:publish'],
  owner: [...PERMISSIONS],
} as const satisfies Record<string, readonly Permission[]>;

export type RoleName = keyof typeof ROLES;

export const ROLE_NAMES = Object.keys(ROLES) as RoleName[];

export function isRoleName(name: string): name is RoleName {
  return Object.hasOwn(ROLES, name);
}

/** The union of the permissions of the given roles; a deployment admin holds every permission everywhere. */
export function permissionsOf(roles: Iterable<string>, deploymentAdmin: boolean): Set<Permission> {
  if (deploymentAdmin) return new Set(PERMISSIONS);
  const granted = new Set<Permission>();
  for (const role of roles) {
    if (isRoleName(role)) for (const permission of ROLES[role]) granted.add(permission);
  }
  return granted;
}
