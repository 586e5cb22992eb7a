import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BlobStore } from '../../src/blobs/blob-store.js';
import { DiskBlobStore } from '../../src/blobs/disk-blob-store.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';

/**
 * The storage a test server runs on: a fresh SQLite file and blob directory in a temp dir.
 * MODELRY_TEST_BACKEND selects other combinations for the scale-out suite.
 */
export interface TestBackend {
  readonly name: string;
  readonly database: DatabaseHandle;
  readonly blobs: BlobStore;
  readonly dataDir: string;
  dispose(): Promise<void>;
}

export async function createBackend(): Promise<TestBackend> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'modelry-test-'));
  const database = openDatabase({ sqlitePath: path.join(dataDir, 'modelry.db') });
  await migrateToLatest(database.db);
  const blobs = new DiskBlobStore(path.join(dataDir, 'blobs'));
  return {
    name: 'sqlite+disk',
    database,
    blobs,
    dataDir,
    async dispose() {
      await database.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
