import { randomUUID } from 'node:crypto';
import { nowIso } from '../domain/clock.js';
import { Invalid, NotFound } from '../domain/errors.js';
import type { Principal } from '../domain/principal.js';
import { requireText } from '../domain/text.js';
import type { Store } from '../db/repositories/index.js';
import type { TokenRow } from '../db/repositories/token.repository.js';
import type { AccessService } from './access.service.js';
import { displayPrefix, hashSecret, newSecret } from './credentials.js';

export interface TokenInput {
  readonly name: string;
  /** ISO date-time; absent means the token does not expire. */
  readonly expiresAt?: string | undefined;
  /** Administrators may issue tokens for another user (e.g. a deployment's service account). */
  readonly user?: string | undefined;
}

/** API tokens: random secrets shown once at creation; only their SHA-256 is stored. */
export class TokenService {
  constructor(
    private readonly store: Store,
    private readonly access: AccessService,
  ) {}

  async create(principal: Principal, input: TokenInput, secret: string = newSecret()): Promise<{ token: TokenRow; secret: string }> {
    const userId = await this.ownerId(principal, input.user);
    const expiresAt = input.expiresAt === undefined ? null : this.requireFuture(input.expiresAt);
    const token: TokenRow = {
      id: randomUUID(),
      user_id: userId,
      name: requireText('name', input.name.trim(), { min: 1, max: 128, singleLine: true }),
      token_hash: hashSecret(secret),
      prefix: displayPrefix(secret),
      created_at: nowIso(),
      expires_at: expiresAt,
      last_used_at: null,
      revoked_at: null,
    };
    await this.store.read.tokens.insert(token);
    return { token, secret };
  }

  /** A user's own tokens; administrators may list anyone's (or everyone's with `all`). */
  async list(principal: Principal, user: string | undefined): Promise<TokenRow[]> {
    if (user === 'all') {
      this.access.requireDeploymentAdmin(principal);
      return this.store.read.tokens.listForUser(undefined);
    }
    return this.store.read.tokens.listForUser(await this.ownerId(principal, user));
  }

  async revoke(principal: Principal, id: string): Promise<void> {
    const token = await this.store.read.tokens.find(id);
    if (token === undefined || (token.user_id !== principal.userId && !principal.isAdmin)) {
      throw new NotFound(`token ${id} not found`);
    }
    await this.store.read.tokens.revoke(token.id, nowIso());
  }

  private async ownerId(principal: Principal, user: string | undefined): Promise<string> {
    if (user === undefined || user === principal.userId || user.toLowerCase() === principal.username.toLowerCase()) {
      return principal.userId;
    }
    this.access.requireDeploymentAdmin(principal);
    const row = await this.store.read.users.findByRef(user);
    if (row === undefined) throw new NotFound(`user "${user}" not found`, { field: 'user' });
    return row.id;
  }

  private requireFuture(expiresAt: string): string {
    const time = Date.parse(expiresAt);
    if (Number.isNaN(time) || time <= Date.now()) {
      throw new Invalid('expiresAt must be a date-time in the future', { field: 'expiresAt' });
    }
    return new Date(time).toISOString();
  }
}
