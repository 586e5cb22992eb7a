import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { NotFound } from '../domain/errors.js';
import { isSha256, type BlobStore, type ByteRange, type DownloadLink, type StagedBlob, type StageOptions } from './blob-store.js';
import { HashingCounter } from './hashing-counter.js';

export interface S3BlobStoreOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** Key prefix inside the bucket ('' or 'some/prefix'); objects go to <prefix>/objects, uploads to <prefix>/staging. */
  readonly prefix: string;
  /** Multipart part size; an upload holds about (queueSize + 1) parts in memory. */
  readonly partSize: number;
  readonly queueSize?: number;
  /** When set, downloads are answered with presigned URLs valid this many seconds. */
  readonly presignSeconds?: number | undefined;
  /** Objects larger than this are published with a multipart copy (CopyObject stops at 5 GiB). */
  readonly singleCopyLimit?: number;
}

const GiB = 1024 ** 3;
const COPY_PART_SIZE = 512 * 1024 ** 2;

/**
 * Blobs in any S3-compatible bucket. Uploads stream through a sha256 hasher into a multipart upload at
 * `staging/<uuid>` (bounded part buffers, nothing on local disk); publishing copies the complete object to
 * `objects/<sha256>` inside the service and deletes the staging key. A format row is only written after
 * that copy succeeded, so no row ever points at partial bytes. A process killed mid-upload leaves an
 * incomplete multipart upload or a staging object, both removed by `sweepStaging` (`modelry gc`).
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3';
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly objectsPrefix: string;
  private readonly stagingPrefix: string;

  constructor(private readonly options: S3BlobStoreOptions) {
    this.client = options.client;
    this.bucket = options.bucket;
    const base = options.prefix.replace(/^\/+|\/+$/g, '');
    this.objectsPrefix = base === '' ? 'objects/' : `${base}/objects/`;
    this.stagingPrefix = base === '' ? 'staging/' : `${base}/staging/`;
  }

  private keyOf(sha256: string): string {
    if (!isSha256(sha256)) throw new Error(`not a sha256 digest: ${sha256.slice(0, 80)}`);
    return `${this.objectsPrefix}${sha256}`;
  }

  async stage(source: Readable, options: StageOptions): Promise<StagedBlob> {
    const key = `${this.stagingPrefix}${randomUUID()}`;
    const counter = new HashingCounter(options.maxBytes, options.observe);
    // lib-storage reads a `size` property as the body's total length, and the counter's is a running
    // count (0 at the start): hand it a plain stream instead.
    const body = new PassThrough({ highWaterMark: 1 << 20 });
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body },
      partSize: this.options.partSize,
      queueSize: this.options.queueSize ?? 4,
      leavePartsOnError: false,
    });
    try {
      await Promise.all([pipeline(source, counter, body, { signal: options.signal }), upload.done()]);
    } catch (error) {
      // Stop the feeder and abort the multipart upload; a small object may already be complete.
      body.destroy();
      await upload.abort().catch(() => undefined);
      await this.deleteKey(key).catch(() => undefined);
      throw error;
    }
    const sha256 = counter.digest();
    const size = counter.size;
    return {
      sha256,
      size,
      publish: () => this.publish(key, sha256, size),
      discard: () => this.deleteKey(key),
    };
  }

  private async publish(stagingKey: string, sha256: string, size: number): Promise<void> {
    // The caller holds a claim on the blob, so an existing object cannot be deleted under us: skip the copy.
    if (!(await this.exists(sha256))) {
      if (size > (this.options.singleCopyLimit ?? 5 * GiB)) await this.multipartCopy(stagingKey, this.keyOf(sha256), size);
      else await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256), CopySource: this.copySource(stagingKey) }));
    }
    await this.deleteKey(stagingKey);
  }

  private copySource(key: string): string {
    return `${this.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
  }

  /** Server-side copy in parts (UploadPartCopy), for objects beyond CopyObject's 5 GiB limit. */
  private async multipartCopy(from: string, to: string, size: number): Promise<void> {
    const { UploadId } = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: to }));
    try {
      const parts: Array<{ ETag: string; PartNumber: number }> = [];
      for (let start = 0, part = 1; start < size; start += COPY_PART_SIZE, part++) {
        const end = Math.min(start + COPY_PART_SIZE, size) - 1;
        const result = await this.client.send(
          new UploadPartCopyCommand({
            Bucket: this.bucket,
            Key: to,
            UploadId,
            PartNumber: part,
            CopySource: this.copySource(from),
            CopySourceRange: `bytes=${start}-${end}`,
          }),
        );
        parts.push({ ETag: result.CopyPartResult?.ETag ?? '', PartNumber: part });
      }
      await this.client.send(
        new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: to, UploadId, MultipartUpload: { Parts: parts } }),
      );
    } catch (error) {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: to, UploadId })).catch(() => undefined);
      throw error;
    }
  }

  async read(sha256: string, range?: ByteRange): Promise<Readable> {
    try {
      const result = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: this.keyOf(sha256),
          Range: range === undefined ? undefined : `bytes=${range.start}-${range.end}`,
        }),
      );
      if (!(result.Body instanceof Readable)) throw new Error('the S3 client returned a body that is not a Node stream');
      return result.Body;
    } catch (error) {
      if (isMissing(error)) throw new NotFound(`blob ${sha256} is missing from the store`);
      throw error;
    }
  }

  async downloadLink(sha256: string, link: DownloadLink): Promise<string | undefined> {
    if (this.options.presignSeconds === undefined) return undefined;
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: this.keyOf(sha256),
      ResponseContentDisposition: link.contentDisposition,
      ResponseContentType: link.contentType,
    });
    return getSignedUrl(this.client, command, { expiresIn: this.options.presignSeconds });
  }

  async exists(sha256: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async delete(sha256: string): Promise<void> {
    await this.deleteKey(this.keyOf(sha256));
  }

  private async deleteKey(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async *list(): AsyncIterable<string> {
    for await (const object of this.listKeys(this.objectsPrefix)) {
      const name = object.key.slice(this.objectsPrefix.length);
      if (isSha256(name)) yield name;
    }
  }

  private async *listKeys(prefix: string): AsyncIterable<{ key: string; modified: Date | undefined }> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        if (object.Key !== undefined) yield { key: object.Key, modified: object.LastModified };
      }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  /** Deletes staging objects and aborts multipart uploads under staging/ older than `olderThanMs`. */
  async sweepStaging(olderThanMs: number): Promise<number> {
    const cutoff = Date.now() - olderThanMs;
    let removed = 0;
    for await (const object of this.listKeys(this.stagingPrefix)) {
      if ((object.modified?.getTime() ?? 0) <= cutoff) {
        await this.deleteKey(object.key);
        removed++;
      }
    }
    for (const upload of await this.staleUploads(cutoff)) {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: upload.key, UploadId: upload.id }));
      removed++;
    }
    return removed;
  }

  private async staleUploads(cutoff: number): Promise<Array<{ key: string; id: string }>> {
    const stale: Array<{ key: string; id: string }> = [];
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      const page = await this.client.send(
        new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: this.stagingPrefix, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }),
      );
      for (const upload of page.Uploads ?? []) {
        if (upload.Key !== undefined && upload.UploadId !== undefined && (upload.Initiated?.getTime() ?? 0) <= cutoff) {
          stale.push({ key: upload.Key, id: upload.UploadId });
        }
      }
      const more = page.IsTruncated === true;
      keyMarker = more ? page.NextKeyMarker : undefined;
      uploadIdMarker = more ? page.NextUploadIdMarker : undefined;
    } while (keyMarker !== undefined);
    return stale;
  }

  async check(): Promise<void> {
    const key = `${this.stagingPrefix}health-${randomUUID()}`;
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: 'ok' }));
    await this.deleteKey(key);
  }
}

function isMissing(error: unknown): boolean {
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === 'NoSuchKey' || name === 'NotFound' || $metadata?.httpStatusCode === 404;
}
