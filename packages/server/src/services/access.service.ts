import { Forbidden, NotFound, Unauthenticated } from '../domain/errors.js';
import { permissionsOf, type Permission } from '../domain/permissions.js';
import type { Principal } from '../domain/principal.js';
import { nowIso } from '../domain/clock.js';
import type { ContextRow } from '../db/repositories/context.repository.js';
import type { Store } from '../db/repositories/index.js';
import { hashSecret } from './credentials.js';

export interface ContextAccess {
  readonly context: ContextRow;
  readonly permissions: ReadonlySet<Permission>;
}

/**
 * Who may do what, where. A caller without `model:view` in a context is told it does not exist (404),
 * never that it is forbidden, so contexts and models cannot be discovered by probing.
 */
export class AccessService {
  constructor(private readonly store: Store) {}

  async authenticateToken(secret: string): Promise<Principal> {
    const owner = await this.store.read.tokens.findOwnerByHash(hashSecret(secret));
    const now = nowIso();
    if (owner === undefined || owner.revoked_at !== null || owner.disabled_at !== null) {
      throw new Unauthenticated('the bearer token is not valid (unknown, revoked, or its user is disabled)');
    }
    if (owner.expires_at !== null && owner.expires_at <= now) {
      throw new Unauthenticated(`the bearer token expired at ${owner.expires_at}`);
    }
    const aMinuteAgo = new Date(Date.now() - 60_000).toISOString();
    if (owner.last_used_at === null || owner.last_used_at < aMinuteAgo) {
      await this.store.read.tokens.markUsed(owner.token_id, now, aMinuteAgo);
    }
    return { userId: owner.user_id, username: owner.username, isAdmin: owner.is_admin === 1, via: 'token' };
  }

  /** The context and what the caller may do there; NotFound when the caller may not even see it. */
  async resolve(principal: Principal, contextRef: string): Promise<ContextAccess> {
    const found = await this.store.read.contexts.findWithRoles(contextRef, principal.userId);
    const permissions = permissionsOf(found?.roles ?? [], principal.isAdmin);
    if (found === undefined || !(permissions.has('model:view') || permissions.has('context:admin'))) {
      throw new NotFound(`context "${contextRef}" not found`);
    }
    return { context: found.context, permissions };
  }

  async require(principal: Principal, contextRef: string, permission: Permission): Promise<ContextAccess> {
    const access = await this.resolve(principal, contextRef);
    if (permission !== 'model:view' && !access.permissions.has(permission)) {
      throw new Forbidden(`this needs the ${permission} permission in context "${access.context.slug}"`);
    }
    if (permission === 'model:view' && !access.permissions.has('model:view')) {
      throw new NotFound(`context "${contextRef}" not found`);
    }
    return access;
  }

  requireDeploymentAdmin(principal: Principal): void {
    if (!principal.isAdmin) throw new Forbidden('this needs a deployment administrator');
  }
}
