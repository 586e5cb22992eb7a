// Node entry of @modelry/client: the browser API plus file paths, Node streams and downloads to disk.
import { ModelryClient as WebModelryClient } from './client.js';
import { FormatsApi, formatPath } from './resources/formats.js';
import { downloadNodeToFile } from './transfer/download-node.js';
import type { SavedFile } from './transfer/file-sink.js';
import type { DownloadOptions } from './transfer/download.js';
import { uploadNode, type NodeUploadSource } from './transfer/upload-node.js';
import type { ClientOptions } from './transport.js';
import path from 'node:path';

/** Formats with Node sources (a file path, a Readable, a Buffer...) and downloads straight to a file. */
export class NodeFormatsApi extends FormatsApi<NodeUploadSource> {
  /**
   * Downloads the file of a format to `destination`: through node:http (not the `fetch` option), hashed on the
   * way into a temp file beside it, fsynced, checked against the server's sha256, then renamed into place.
   */
  async downloadToFile(
    ctx: string,
    modelId: string,
    n: number,
    format: string,
    destination: string,
    options: DownloadOptions = {},
  ): Promise<SavedFile & { fileName: string | undefined }> {
    const url = this.transport.url(`${formatPath(ctx, modelId, n, format)}/file`);
    return downloadNodeToFile({ url, headers: this.transport.headers('GET'), onProgress: options.onProgress, signal: options.signal }, destination);
  }

  protected override defaultFileName(source: NodeUploadSource): string | undefined {
    return typeof source === 'string' ? path.basename(source) : super.defaultFileName(source);
  }
}

export class ModelryClient extends WebModelryClient {
  declare readonly formats: NodeFormatsApi;

  constructor(options: ClientOptions) {
    super(options, uploadNode);
    (this as { formats: NodeFormatsApi }).formats = new NodeFormatsApi(this.transport);
  }
}

export { ModelryError, ModelryConnectionError, ChecksumMismatchError } from './errors.js';
export { saveDownload } from './transfer/download-to-file.js';
export type { SavedFile } from './transfer/download-to-file.js';
export type { NodeUploadSource } from './transfer/upload-node.js';
export type { ClientOptions } from './transport.js';
export type { UploadOptions, WebUploadSource } from './transfer/upload-types.js';
export type { DownloadOptions, FormatDownload } from './transfer/download.js';
export type { ContextsApi } from './resources/contexts.js';
export type { ModelsApi } from './resources/models.js';
export type { VersionsApi } from './resources/versions.js';
export type { FormatsApi } from './resources/formats.js';
export type { SessionApi } from './resources/session.js';
export type * from './types.js';
export type { components, paths } from './generated/api.js';
