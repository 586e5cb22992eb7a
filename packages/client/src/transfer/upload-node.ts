import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ModelryConnectionError, isAbortError } from '../errors.js';
import type { ProgressCallback } from '../types.js';
import type { UploadRequest, WebUploadSource } from './upload-types.js';

/** What Node uploads accept: a file path, a Node Readable, or any web source (Buffer is a Uint8Array). */
export type NodeUploadSource = string | Readable | WebUploadSource;

const CHUNK = 1024 * 1024;

interface OpenedSource {
  readonly stream: Readable;
  readonly size: number | undefined;
}

/**
 * Node uploads go through node:http rather than fetch: the body is piped from disk with backpressure (never held in
 * memory), Content-Length is sent when the size is known, and a refusal sent before the body ends (413) still reads.
 */
export async function uploadNode(request: UploadRequest<unknown>): Promise<Response> {
  const { stream, size } = await openSource(request.source as NodeUploadSource);
  const headers: Record<string, string> = { ...request.headers };
  if (size !== undefined) headers['content-length'] = String(size);
  const url = new URL(request.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const outgoing = send(url, { method: 'PUT', headers, signal: request.signal });
  const responded = responseOf(outgoing);
  responded.catch(() => undefined); // Observed below; avoids an unhandled rejection while the body is still sending.
  const sendError: unknown = await pipeline(stream, progressTap(size, request.onProgress), outgoing).then(
    () => undefined,
    (error: unknown) => error,
  );
  try {
    // A server may answer before the body is sent (413, 422 from inspection) and close the connection: the
    // sending side then fails with EPIPE, but the answer was read and is what the caller needs to see.
    return await responded;
  } catch (error) {
    const cause = sendError ?? error;
    if (isAbortError(cause) || isAbortError(error)) throw request.signal?.reason ?? cause;
    if (isSourceError(cause)) throw cause;
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'EPIPE' || code === 'ECONNRESET') {
      // The server hung up mid-body and its answer (if any) was lost with the socket: usually a refusal of the file.
      const reason = new Error(`the server closed the connection during the upload (${code}); it may have refused the file — try again, or check its log`);
      throw new ModelryConnectionError(request.url, reason);
    }
    throw new ModelryConnectionError(request.url, cause);
  }
}

/**
 * The response, read as soon as it starts: its body is collected eagerly, so that tearing down the request side
 * (after a send error) cannot discard an answer that already arrived.
 */
function responseOf(outgoing: ClientRequest): Promise<Response> {
  return new Promise((resolve, reject) => {
    let answered = false;
    outgoing.once('response', (incoming) => {
      answered = true;
      const chunks: Buffer[] = [];
      const finish = (): void => resolve(toResponse(incoming, chunks));
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.once('end', finish);
      incoming.once('close', () => (incoming.complete ? finish() : reject(new Error('the connection closed during the response'))));
    });
    outgoing.once('error', (error) => {
      if (!answered) reject(error);
    });
  });
}

async function openSource(source: NodeUploadSource): Promise<OpenedSource> {
  if (typeof source === 'string') {
    const info = await stat(source);
    if (!info.isFile()) throw new Error(`${source} is not a file`);
    return { stream: markSource(createReadStream(source, { highWaterMark: CHUNK })), size: info.size };
  }
  if (source instanceof Readable) return { stream: markSource(source), size: undefined };
  if (source instanceof ArrayBuffer) return fromBytes(new Uint8Array(source));
  if (source instanceof Uint8Array) return fromBytes(source);
  if (source instanceof Blob) return { stream: Readable.fromWeb(source.stream() as never), size: source.size };
  return { stream: Readable.fromWeb(source as never), size: undefined };
}

/** Bytes in 1 MiB slices, so progress moves while they are sent. */
function fromBytes(bytes: Uint8Array): OpenedSource {
  function* slices(): Generator<Uint8Array> {
    for (let at = 0; at < bytes.byteLength; at += CHUNK) yield bytes.subarray(at, at + CHUNK);
  }
  return { stream: Readable.from(slices()), size: bytes.byteLength };
}

/** Errors raised by the caller's own stream (a missing file...) are rethrown as they are, not as connection errors. */
function markSource(stream: Readable): Readable {
  stream.once('error', (error: Error & { fromSource?: boolean }) => {
    error.fromSource = true;
  });
  return stream;
}

function isSourceError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { fromSource?: boolean }).fromSource === true;
}

function progressTap(total: number | undefined, onProgress: ProgressCallback | undefined): Transform {
  let loaded = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      loaded += chunk.byteLength;
      onProgress?.({ loaded, total });
      callback(null, chunk);
    },
  });
}

function toResponse(incoming: IncomingMessage, chunks: readonly Buffer[]): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const status = incoming.statusCode ?? 500;
  const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
  return new Response(body, { status, statusText: incoming.statusMessage ?? '', headers });
}
