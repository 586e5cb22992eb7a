import type { Readable } from 'node:stream';

/**
 * The storage port. Files are content-addressed by sha256, which is only known once the last byte has
 * arrived, so writing is two-phase: `stage` streams the bytes into a private place (hashing and counting
 * on the way, honouring an AbortSignal) and `publish` makes them durable under their sha256 name.
 * Nothing is visible under a final name before it is complete.
 */
export interface StagedBlob {
  readonly sha256: string;
  readonly size: number;
  /** Makes the bytes durable and readable under `sha256`; idempotent when the blob already exists. */
  publish(): Promise<void>;
  /** Throws the staged bytes away (after a failed check or a lost race). */
  discard(): Promise<void>;
}

export interface StageOptions {
  readonly signal?: AbortSignal | undefined;
  /** Stop reading and fail with TooLarge once more than this many bytes arrive. */
  readonly maxBytes: number;
  /** Sees every chunk in order (e.g. a format inspector); may slow the stream down by returning a promise. */
  readonly observe?: ((chunk: Buffer) => void | Promise<void>) | undefined;
}

export interface ByteRange {
  readonly start: number;
  /** Inclusive, as in HTTP. */
  readonly end: number;
}

/** What a presigned download URL makes the storage service answer with. */
export interface DownloadLink {
  readonly contentDisposition: string;
  readonly contentType: string;
}

export interface BlobStore {
  readonly kind: string;
  stage(source: Readable, options: StageOptions): Promise<StagedBlob>;
  /** A stream of the blob's bytes (or of one range); NotFound when it is missing. */
  read(sha256: string, range?: ByteRange): Promise<Readable>;
  /**
   * A URL the client may fetch the bytes from directly (presigned), or undefined when the store serves
   * downloads itself. Only stores configured to redirect (S3 with MODELRY_S3_PRESIGN=1) return one.
   */
  downloadLink?(sha256: string, link: DownloadLink): Promise<string | undefined>;
  exists(sha256: string): Promise<boolean>;
  delete(sha256: string): Promise<void>;
  /** Every stored sha256 (for garbage collection). */
  list(): AsyncIterable<string>;
  /** Removes staging leftovers older than `olderThanMs` (crashed uploads); returns how many. */
  sweepStaging(olderThanMs: number): Promise<number>;
  /** Throws when the store cannot be written and read (health checks). */
  check(): Promise<void>;
}

export function isSha256(text: string): boolean {
  return /^[0-9a-f]{64}$/.test(text);
}
