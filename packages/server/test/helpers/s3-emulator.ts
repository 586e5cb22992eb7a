import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver, { type KoaContext, type KoaMiddleware } from 's3rver';

/**
 * s3rver on a loopback port, plus the three multipart operations it lacks and Modelry uses:
 * ListMultipartUploads and AbortMultipartUpload (garbage collection of uploads a crash left behind) and
 * UploadPartCopy (publishing objects over 5 GiB). They work on s3rver's own on-disk layout:
 * <dir>/<bucket>/._S3rver_uploads/<uploadId>/{key,metadata,<part>,<part>.md5} and
 * <dir>/<bucket>/<key>._S3rver_object.
 */
export interface S3Emulator {
  readonly endpoint: string;
  readonly bucket: string;
  readonly directory: string;
  /** Credentials s3rver accepts (it checks signatures, so presigned URLs are verified too). */
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
  close(): Promise<void>;
}

const UPLOADS_DIR = '._S3rver_uploads';

function xml(ctx: KoaContext, body: string): void {
  ctx.status = 200;
  ctx.type = 'application/xml';
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function splitPath(ctx: KoaContext): { bucket: string; key: string } {
  const [bucket = '', ...rest] = ctx.path.replace(/^\//, '').split('/');
  return { bucket, key: rest.map(decodeURIComponent).join('/') };
}

function objectFile(directory: string, bucket: string, key: string): string {
  const parts = key.split('/');
  const last = parts.pop() ?? '';
  return path.join(directory, bucket, ...parts, `${last}._S3rver_object`);
}

async function listUploads(ctx: KoaContext, directory: string, bucket: string): Promise<void> {
  const root = path.join(directory, bucket, UPLOADS_DIR);
  const prefix = typeof ctx.query.prefix === 'string' ? ctx.query.prefix : '';
  const entries: string[] = [];
  for (const id of await fs.readdir(root).catch(() => [] as string[])) {
    const key = await fs.readFile(path.join(root, id, 'key'), 'utf8').catch(() => undefined);
    if (key === undefined || !key.startsWith(prefix)) continue;
    const { birthtime } = await fs.stat(path.join(root, id));
    entries.push(`<Upload><Key>${escapeXml(key)}</Key><UploadId>${id}</UploadId><Initiated>${birthtime.toISOString()}</Initiated></Upload>`);
  }
  xml(ctx, `<ListMultipartUploadsResult><Bucket>${bucket}</Bucket><IsTruncated>false</IsTruncated>${entries.join('')}</ListMultipartUploadsResult>`);
}

async function uploadPartCopy(ctx: KoaContext, directory: string, bucket: string): Promise<void> {
  const source = decodeURIComponent(String(ctx.headers['x-amz-copy-source']).replace(/^\//, ''));
  const [sourceBucket = '', ...keyParts] = source.split('/');
  const bytes = await fs.readFile(objectFile(directory, sourceBucket, keyParts.join('/')));
  const range = /^bytes=(\d+)-(\d+)$/.exec(String(ctx.headers['x-amz-copy-source-range'] ?? ''));
  const part = range === null ? bytes : bytes.subarray(Number(range[1]), Number(range[2]) + 1);
  const partFile = path.join(directory, bucket, UPLOADS_DIR, String(ctx.query.uploadId), String(ctx.query.partNumber));
  const md5 = createHash('md5').update(part).digest('hex');
  await fs.writeFile(partFile, part);
  await fs.writeFile(`${partFile}.md5`, md5);
  xml(ctx, `<CopyPartResult><ETag>"${md5}"</ETag><LastModified>${new Date().toISOString()}</LastModified></CopyPartResult>`);
}

function multipartExtensions(directory: string): KoaMiddleware {
  return async (ctx, next) => {
    const { bucket, key } = splitPath(ctx);
    const uploadId = ctx.query.uploadId;
    if (ctx.method === 'GET' && key === '' && 'uploads' in ctx.query) return listUploads(ctx, directory, bucket);
    if (ctx.method === 'DELETE' && typeof uploadId === 'string') {
      await fs.rm(path.join(directory, bucket, UPLOADS_DIR, path.basename(uploadId)), { recursive: true, force: true });
      ctx.status = 204;
      return;
    }
    if (ctx.method === 'PUT' && typeof uploadId === 'string' && ctx.headers['x-amz-copy-source'] !== undefined) {
      return uploadPartCopy(ctx, directory, bucket);
    }
    return next();
  };
}

export async function startS3Emulator(bucket = 'modelry-test'): Promise<S3Emulator> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'modelry-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  server.middleware.splice(1, 0, multipartExtensions(directory));
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket,
    directory,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    async close() {
      await server.close();
      await fs.rm(directory, { recursive: true, force: true });
    },
  };
}
