import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BlobStore } from '../../src/blobs/blob-store.js';
import { DiskBlobStore } from '../../src/blobs/disk-blob-store.js';
import { S3BlobStore } from '../../src/blobs/s3-blob-store.js';
import { S3Client } from '@aws-sdk/client-s3';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createScratchDatabase, type ScratchDatabase } from './postgres.js';
import { startS3Emulator, type S3Emulator } from './s3-emulator.js';

/**
 * The storage a test server runs on, chosen by MODELRY_TEST_BACKEND:
 * - `sqlite` (default): a fresh SQLite file and blob directory in a temp dir;
 * - `postgres`: a fresh PostgreSQL database on the machine's server, blobs on disk;
 * - `postgres-s3`: a fresh PostgreSQL database and a bucket on s3rver (loopback, temp dir).
 * Every backend is created empty and removed by `dispose`.
 */
export type BackendName = 'sqlite' | 'postgres' | 'postgres-s3';

export interface TestBackend {
  readonly name: string;
  readonly database: DatabaseHandle;
  readonly blobs: BlobStore;
  readonly dataDir: string;
  /** postgres://… of the test database (postgres backends only). */
  readonly databaseUrl: string | undefined;
  /** The S3 emulator (postgres-s3 only). */
  readonly s3: S3Emulator | undefined;
  dispose(): Promise<void>;
}

export interface BackendOptions {
  readonly name?: BackendName;
  /** Multipart part size of the S3 store (small values exercise multipart uploads with small files). */
  readonly s3PartSize?: number;
  readonly s3Presign?: boolean;
  /** Objects above this are published by multipart copy (to exercise UploadPartCopy with small files). */
  readonly s3SingleCopyLimit?: number;
}

export function selectedBackend(): BackendName {
  const name = process.env.MODELRY_TEST_BACKEND ?? 'sqlite';
  if (name !== 'sqlite' && name !== 'postgres' && name !== 'postgres-s3') {
    throw new Error(`MODELRY_TEST_BACKEND must be sqlite, postgres or postgres-s3, not "${name}"`);
  }
  return name;
}

export function s3Client(emulator: S3Emulator): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint: emulator.endpoint,
    forcePathStyle: true,
    credentials: emulator.credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export async function createBackend(options: BackendOptions = {}): Promise<TestBackend> {
  const name = options.name ?? selectedBackend();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'modelry-test-'));
  const cleanups: Array<() => Promise<void>> = [() => fs.rm(dataDir, { recursive: true, force: true })];
  try {
    let scratch: ScratchDatabase | undefined;
    if (name !== 'sqlite') {
      scratch = await createScratchDatabase();
      cleanups.unshift(scratch.drop);
    }
    const database = openDatabase({ url: scratch?.url, sqlitePath: path.join(dataDir, 'modelry.db'), poolSize: 10 });
    cleanups.unshift(() => database.close());
    await migrateToLatest(database.db);
    let s3: S3Emulator | undefined;
    let blobs: BlobStore;
    if (name === 'postgres-s3') {
      s3 = await startS3Emulator();
      cleanups.unshift(s3.close);
      blobs = new S3BlobStore({
        client: s3Client(s3),
        bucket: s3.bucket,
        prefix: 'modelry',
        partSize: options.s3PartSize ?? 5 * 1024 * 1024,
        presignSeconds: options.s3Presign === true ? 300 : undefined,
        singleCopyLimit: options.s3SingleCopyLimit,
      });
    } else {
      blobs = new DiskBlobStore(path.join(dataDir, 'blobs'));
    }
    return {
      name: name === 'sqlite' ? 'sqlite+disk' : name === 'postgres' ? 'postgres+disk' : 'postgres+s3',
      database,
      blobs,
      dataDir,
      databaseUrl: scratch?.url,
      s3,
      dispose: () => runAll(cleanups),
    };
  } catch (error) {
    await runAll(cleanups);
    throw error;
  }
}

async function runAll(cleanups: ReadonlyArray<() => Promise<void>>): Promise<void> {
  for (const cleanup of cleanups) await cleanup().catch(() => undefined);
}
