import type { Migration, MigrationProvider } from 'kysely';
import * as init from './0001_init.js';
import * as postgresCCollation from './0002_postgres_c_collation.js';
import * as blobClaimedAt from './0003_blob_claimed_at.js';

/**
 * Migrations are listed here rather than discovered on disk, so the same list works from sources (tsx)
 * and from the build, and a forgotten file is a compile error rather than a silent skip.
 * Forward-only: there is no `down`.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001_init': init,
  '0002_postgres_c_collation': postgresCCollation,
  '0003_blob_claimed_at': blobClaimedAt,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
