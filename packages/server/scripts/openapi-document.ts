import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.js';
import { DiskBlobStore } from '../src/blobs/disk-blob-store.js';
import { openDatabase } from '../src/db/database.js';
import { Store } from '../src/db/repositories/index.js';

/** The OpenAPI document as stable, pretty JSON: built from the routes' schemas, nothing hand-written. */
export async function renderOpenApi(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'modelry-openapi-'));
  const database = openDatabase({ sqlitePath: path.join(dir, 'modelry.db') });
  try {
    const app = await buildApp({
      store: new Store(database.db),
      blobs: new DiskBlobStore(path.join(dir, 'blobs')),
      limits: { maxVersions: 30, maxFormats: 3, maxUploadBytes: 1, picklePolicy: 'warn' },
      logLevel: 'silent',
    });
    await app.ready();
    const document = JSON.stringify(app.swagger(), null, 2) + '\n';
    await app.close();
    return document;
  } finally {
    await database.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
}
