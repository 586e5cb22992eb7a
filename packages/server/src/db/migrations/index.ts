import type { Migration, MigrationProvider } from 'kysely';
import * as init from './0001_init.js';

/**
 * Migrations are listed here rather than discovered on disk, so the same list works from sources (tsx)
 * and from the build, and a forgotten file is a compile error rather than a silent skip.
 * Forward-only: there is no `down`.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001_init': init,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
