import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The repository root (packages/server/test/helpers → four levels up). */
export const REPO_ROOT = path.resolve(here, '../../../..');

/** Shared fixtures live beside the repository, in ../shared. */
export const FIXTURES_DIR = path.resolve(REPO_ROOT, '../shared/fixtures/models');

export function fixture(name: string): string {
  return path.join(FIXTURES_DIR, name);
}
