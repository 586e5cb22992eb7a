import { randomBytes, timingSafeEqual } from 'node:crypto';
import { nowIso } from '../domain/clock.js';
import { Unauthenticated } from '../domain/errors.js';
import type { Principal } from '../domain/principal.js';
import type { Store } from '../db/repositories/index.js';
import { hashPassword, hashSecret, verifyPassword } from './credentials.js';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface SessionGrant {
  readonly sessionId: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
  readonly principal: Principal;
}

// Verifying against a fixed hash when the user is unknown keeps the response time the same either way.
const decoyHash = hashPassword(randomBytes(16).toString('hex'));

/** Dashboard sign-in: username + password → a session stored (hashed) in the database. */
export class SessionService {
  constructor(private readonly store: Store) {}

  async signIn(username: string, password: string): Promise<SessionGrant> {
    const user = await this.store.read.users.findByUsernameKey(username.toLowerCase());
    const valid = await verifyPassword(password, user?.password_hash ?? (await decoyHash));
    if (user === undefined || user.password_hash === null || !valid || user.disabled_at !== null) {
      throw new Unauthenticated('wrong username or password');
    }
    const sessionId = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + SESSION_TTL_MS).toISOString();
    await this.store.read.sessions.deleteExpired(nowIso());
    await this.store.read.sessions.insert({
      id_hash: hashSecret(sessionId),
      user_id: user.id,
      csrf_token: csrfToken,
      created_at: nowIso(),
      expires_at: expiresAt,
    });
    return {
      sessionId,
      csrfToken,
      expiresAt,
      principal: { userId: user.id, username: user.username, isAdmin: user.is_admin === 1, via: 'session' },
    };
  }

  /** The session's user; with `csrf` given (mutating requests), it must match the session's token. */
  async authenticate(sessionId: string, csrf: string | undefined, mutating: boolean): Promise<Principal> {
    const owner = await this.store.read.sessions.findOwnerByHash(hashSecret(sessionId));
    if (owner === undefined || owner.expires_at <= nowIso() || owner.disabled_at !== null) {
      throw new Unauthenticated('the session has ended; sign in again');
    }
    if (mutating && !sameSecret(csrf ?? '', owner.csrf_token)) {
      throw new Unauthenticated('this request needs the X-CSRF-Token header of the current session', { field: 'X-CSRF-Token' });
    }
    return { userId: owner.user_id, username: owner.username, isAdmin: owner.is_admin === 1, via: 'session' };
  }

  async csrfTokenOf(sessionId: string): Promise<string | undefined> {
    return (await this.store.read.sessions.findOwnerByHash(hashSecret(sessionId)))?.csrf_token;
  }

  async signOut(sessionId: string): Promise<void> {
    await this.store.read.sessions.delete(hashSecret(sessionId));
  }
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
