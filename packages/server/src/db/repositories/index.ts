import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { BlobRepository } from './blob.repository.js';
import { ContextRepository } from './context.repository.js';
import { FormatRepository } from './format.repository.js';
import { GroupRepository } from './group.repository.js';
import { ModelRepository } from './model.repository.js';
import { RoleBindingRepository } from './role-binding.repository.js';
import { SessionRepository } from './session.repository.js';
import { TokenRepository } from './token.repository.js';
import { UserRepository } from './user.repository.js';
import { VersionRepository } from './version.repository.js';

/** Every repository bound to one connection or transaction. Cheap to build: they hold only the handle. */
export class Repositories {
  readonly blobs: BlobRepository;
  readonly contexts: ContextRepository;
  readonly formats: FormatRepository;
  readonly groups: GroupRepository;
  readonly models: ModelRepository;
  readonly roleBindings: RoleBindingRepository;
  readonly sessions: SessionRepository;
  readonly tokens: TokenRepository;
  readonly users: UserRepository;
  readonly versions: VersionRepository;

  constructor(db: Kysely<Database>) {
    this.blobs = new BlobRepository(db);
    this.contexts = new ContextRepository(db);
    this.formats = new FormatRepository(db);
    this.groups = new GroupRepository(db);
    this.models = new ModelRepository(db);
    this.roleBindings = new RoleBindingRepository(db);
    this.sessions = new SessionRepository(db);
    this.tokens = new TokenRepository(db);
    this.users = new UserRepository(db);
    this.versions = new VersionRepository(db);
  }
}

const MAX_ATTEMPTS = 4;

function isTransientConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/** Reads run on the pool; writes that must hang together run in `transaction`. */
export class Store {
  readonly read: Repositories;

  constructor(readonly db: Kysely<Database>) {
    this.read = new Repositories(db);
  }

  /**
   * Runs `work` in one transaction. PostgreSQL may abort a transaction that deadlocked with another
   * replica's (40P01) or lost a serialization race (40001); those are retried a few times, which is safe
   * because `work` only touches the database and idempotent storage deletes.
   */
  async transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction().execute((trx) => work(new Repositories(trx)));
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isTransientConflict(error)) throw error;
      }
    }
  }
}
