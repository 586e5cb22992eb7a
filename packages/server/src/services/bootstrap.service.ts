import { randomUUID } from 'node:crypto';
import { nowIso } from '../domain/clock.js';
import { Conflict } from '../domain/errors.js';
import type { Store } from '../db/repositories/index.js';
import { randomPassword } from './credentials.js';
import type { DirectoryService } from './directory.service.js';
import type { TokenService } from './token.service.js';

export interface BootstrapResult {
  readonly password: string;
  readonly token: string;
  readonly passwordWasGenerated: boolean;
  readonly tokenWasGenerated: boolean;
}

/**
 * First start on an empty database: the `default` context, the `admin` user and one admin token.
 * Returns the secrets so the caller can print them once; later starts return undefined.
 */
export async function bootstrapIfEmpty(
  store: Store,
  directory: DirectoryService,
  tokens: TokenService,
  secrets: { password: string | undefined; token: string | undefined },
): Promise<BootstrapResult | undefined> {
  if ((await store.read.users.count()) > 0) return undefined;
  const password = secrets.password ?? randomPassword();
  let admin: Awaited<ReturnType<DirectoryService['createUser']>>;
  try {
    admin = await directory.createUser('bootstrap', { username: 'admin', displayName: 'Administrator', password, isAdmin: true });
  } catch (error) {
    // Replicas started together on one empty database: the one that created `admin` first bootstraps.
    if (error instanceof Conflict) return undefined;
    throw error;
  }
  const principal = { userId: admin.id, username: admin.username, isAdmin: true, via: 'token' as const };
  const { secret } = await tokens.create(principal, { name: 'bootstrap admin token' }, secrets.token);
  const now = nowIso();
  const contextId = randomUUID();
  await store.read.contexts.insert({ id: contextId, slug: 'default', name: 'Default', created_at: now, created_by: 'admin' });
  await store.read.roleBindings.insert({
    id: randomUUID(),
    context_id: contextId,
    role: 'owner',
    subject_type: 'user',
    subject_id: admin.id,
    created_at: now,
    created_by: 'admin',
  });
  return { password, token: secret, passwordWasGenerated: secrets.password === undefined, tokenWasGenerated: secrets.token === undefined };
}
