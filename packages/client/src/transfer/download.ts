import { ModelryError } from '../errors.js';
import type { ProgressCallback } from '../types.js';
import { countingStream } from './progress-stream.js';

export interface DownloadOptions {
  readonly onProgress?: ProgressCallback | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** A format's file as a stream, with what the server says about it. Read `body` once. */
export interface FormatDownload {
  readonly body: ReadableStream<Uint8Array>;
  /** Content-Length, when the server sent it. */
  readonly size: number | undefined;
  /** The sha256 (hex) announced in X-Checksum-Sha256 / ETag; verify the bytes against it. */
  readonly sha256: string | undefined;
  /** The stored file name (from Content-Disposition). */
  readonly fileName: string | undefined;
  readonly mediaType: string | undefined;
  readonly response: Response;
}

/** Turns the response of `GET …/file` into a FormatDownload; a refusal becomes a ModelryError. */
export async function toFormatDownload(response: Response, options: DownloadOptions): Promise<FormatDownload> {
  if (!response.ok) throw await ModelryError.fromResponse(response);
  if (response.body === null) throw new Error('the server sent no body for the file');
  const length = response.headers.get('content-length');
  const size = length === null ? undefined : Number(length);
  const body = options.onProgress === undefined ? response.body : response.body.pipeThrough(countingStream(size, options.onProgress));
  return {
    body,
    size,
    sha256: announcedSha256(response.headers),
    fileName: fileNameOf(response.headers.get('content-disposition')),
    mediaType: response.headers.get('content-type') ?? undefined,
    response,
  };
}

/** The sha256 (hex) a response announces: X-Checksum-Sha256, else an ETag that is a sha256. */
export function announcedSha256(headers: Headers): string | undefined {
  const explicit = headers.get('x-checksum-sha256');
  if (explicit !== null) return explicit.toLowerCase();
  const etag = headers.get('etag')?.replace(/^W\//, '').replace(/"/g, '');
  return etag !== undefined && /^[0-9a-f]{64}$/i.test(etag) ? etag.toLowerCase() : undefined;
}

/** `filename*=UTF-8''…` (exact) wins over `filename="…"` (ASCII fallback), per RFC 6266. */
export function fileNameOf(disposition: string | null): string | undefined {
  if (disposition === null) return undefined;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (extended?.[1] !== undefined) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // Malformed percent-encoding: fall back to the plain parameter.
    }
  }
  return /filename\s*=\s*"([^"]*)"/i.exec(disposition)?.[1] ?? /filename\s*=\s*([^;]+)/i.exec(disposition)?.[1]?.trim();
}
