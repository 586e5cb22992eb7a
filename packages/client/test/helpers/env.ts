import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** packages/client */
export const CLIENT_ROOT = path.resolve(here, '../..');
/** The shared model fixtures beside the repository (../shared/fixtures/models). */
export const FIXTURES_DIR = path.resolve(CLIENT_ROOT, '../../../shared/fixtures/models');

export function fixture(name: string): string {
  return path.join(FIXTURES_DIR, name);
}

/** A fresh temp directory, removed by the returned function. */
export async function tempDir(prefix = 'modelry-client-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

let counter = 0;
/** A name no other test uses. */
export function unique(prefix = 'model'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}
