import type { ProgressCallback } from '../types.js';

/** Upload sources every runtime accepts. The Node entry also takes a file path and a Node Readable. */
export type WebUploadSource = Blob | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array>;

export interface UploadRequest<Source> {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly source: Source;
  readonly credentials: RequestCredentials;
  readonly onProgress?: ProgressCallback | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** Sends one PUT with a streamed body and returns the server's response (whatever its status). */
export type Uploader = (request: UploadRequest<unknown>, fetch: UploadFetch) => Promise<Response>;

/** The client's fetch (custom fetch, connection errors mapped), for uploaders that send through fetch. */
export type UploadFetch = (input: string, init: RequestInit & { duplex?: 'half' }) => Promise<Response>;

export interface UploadOptions {
  /** The file name the server stores (and serves in Content-Disposition). Defaults to a path's base name. */
  readonly fileName?: string | undefined;
  /** The sha256 (hex) of the bytes; the server refuses the upload when they differ. */
  readonly sha256?: string | undefined;
  readonly onProgress?: ProgressCallback | undefined;
  readonly signal?: AbortSignal | undefined;
}
