import { ModelryError } from '../errors.js';
import { toFormatDownload, type DownloadOptions, type FormatDownload } from '../transfer/download.js';
import type { UploadOptions } from '../transfer/upload-types.js';
import { segment, unwrap, type Transport } from '../transport.js';
import type { Format, FormatCreate, FormatList } from '../types.js';

/** The formats (pkl, joblib, rda, rds, pmml, onnx) of a version and their files. */
export class FormatsApi<Source = unknown> {
  constructor(protected readonly transport: Transport) {}

  list(ctx: string, modelId: string, n: number): Promise<FormatList> {
    return unwrap(
      this.transport.api.GET('/api/v1/contexts/{ctx}/models/{modelId}/versions/{n}/formats', { params: { path: { ctx, modelId, n } } }),
    );
  }

  get(ctx: string, modelId: string, n: number, format: string): Promise<Format> {
    return unwrap(
      this.transport.api.GET('/api/v1/contexts/{ctx}/models/{modelId}/versions/{n}/formats/{format}', {
        params: { path: { ctx, modelId, n, format } },
      }),
    );
  }

  /** Declares a format without a file (upload creates it too). */
  create(ctx: string, modelId: string, n: number, body: FormatCreate): Promise<Format> {
    return unwrap(
      this.transport.api.POST('/api/v1/contexts/{ctx}/models/{modelId}/versions/{n}/formats', { params: { path: { ctx, modelId, n } }, body }),
    );
  }

  async delete(ctx: string, modelId: string, n: number, format: string): Promise<void> {
    await unwrap(
      this.transport.api.DELETE('/api/v1/contexts/{ctx}/models/{modelId}/versions/{n}/formats/{format}', {
        params: { path: { ctx, modelId, n, format } },
      }),
    );
  }

  /**
   * Runs the server's current inspector over the stored file again and returns the format with its new
   * `inspection` (verdict, summary, details, signature). Needs model:edit; works on published versions too.
   * A file the current inspector refuses keeps its previous inspection and the call fails with 422.
   */
  inspect(ctx: string, modelId: string, n: number, format: string): Promise<Format> {
    return unwrap(
      this.transport.api.POST('/api/v1/contexts/{ctx}/models/{modelId}/versions/{n}/formats/{format}/inspect', {
        params: { path: { ctx, modelId, n, format } },
      }),
    );
  }

  /** Uploads (or replaces) the file of a format, streaming it; creates the format if it does not exist. */
  async upload(ctx: string, modelId: string, n: number, format: string, source: Source, options: UploadOptions = {}): Promise<Format> {
    const headers: Record<string, string> = { ...this.transport.headers('PUT'), 'content-type': 'application/octet-stream' };
    if (options.sha256 !== undefined) headers['x-checksum-sha256'] = options.sha256;
    const url = this.transport.url(filepath(ctx, modelId, n, format), { fileName: options.fileName ?? this.defaultFileName(source) });
    const response = await this.transport.uploader(
      { url, headers, source, credentials: this.transport.credentials, onProgress: options.onProgress, signal: options.signal },
      (input, init) => this.transport.fetch(input, init),
    );
    if (!response.ok) throw await ModelryError.fromResponse(response);
    return (await response.json()) as Format;
  }

  /** Opens the file of a format as a stream. */
  async download(ctx: string, modelId: string, n: number, format: string, options: DownloadOptions = {}): Promise<FormatDownload> {
    const response = await this.transport.fetch(this.transport.url(filepath(ctx, modelId, n, format)), { signal: options.signal });
    return toFormatDownload(response, options);
  }

  /** A file name implied by the source (the Node entry uses a path's base name); none in browsers. */
  protected defaultFileName(source: Source): string | undefined {
    if (typeof File !== 'undefined' && source instanceof File && source.name !== '') return source.name;
    return undefined;
  }
}

/** The API path of a format (every segment is user input, so each is encoded). */
export function formatPath(ctx: string, modelId: string, n: number, format: string): string {
  return `/contexts/${segment(ctx)}/models/${segment(modelId)}/versions/${segment(n)}/formats/${segment(format)}`;
}

function filepath(ctx: string, modelId: string, n: number, format: string): string {
  return `${formatPath(ctx, modelId, n, format)}/file`;
}
