import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { S3Settings } from '../config.js';
import type { BlobStore } from './blob-store.js';
import { DiskBlobStore } from './disk-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

export interface BlobStoreSettings {
  /** s3://bucket/prefix, or undefined for the blobs/ directory of `dataDir`. */
  readonly blobUrl: string | undefined;
  readonly dataDir: string;
  readonly s3: S3Settings;
}

/** Splits s3://bucket/some/prefix into its bucket and key prefix. */
export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const parsed = new URL(url);
  if (parsed.protocol !== 's3:' || parsed.hostname === '') throw new Error(`not an s3://bucket/prefix URL: ${url}`);
  return { bucket: parsed.hostname, prefix: decodeURIComponent(parsed.pathname).replace(/^\/+|\/+$/g, '') };
}

/**
 * An S3 client for AWS or any S3-compatible service. Credentials come from the SDK's default chain
 * (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, instance or pod roles). Checksums are only sent
 * when an operation requires them: the SDK's newer default (streaming CRC trailers) is not understood
 * by several S3-compatible services.
 */
export function createS3Client(s3: S3Settings): S3Client {
  return new S3Client({
    region: s3.region,
    endpoint: s3.endpoint,
    forcePathStyle: s3.forcePathStyle,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** The blob store the settings ask for: S3 when MODELRY_BLOB_URL is set, the local disk otherwise. */
export function openBlobStore(settings: BlobStoreSettings): BlobStore {
  if (settings.blobUrl === undefined) return new DiskBlobStore(path.join(settings.dataDir, 'blobs'));
  const { bucket, prefix } = parseS3Url(settings.blobUrl);
  return new S3BlobStore({
    client: createS3Client(settings.s3),
    bucket,
    prefix,
    partSize: settings.s3.partSize,
    presignSeconds: settings.s3.presign ? settings.s3.presignSeconds : undefined,
  });
}
