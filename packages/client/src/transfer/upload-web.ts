import { ModelryConnectionError } from '../errors.js';
import { countingStream } from './progress-stream.js';
import type { UploadFetch, UploadRequest, WebUploadSource } from './upload-types.js';

/**
 * Browser (and any web-standard runtime) uploads. Blobs and byte arrays go through XMLHttpRequest when it exists,
 * because fetch has no upload progress; streams go through fetch with `duplex: 'half'` (browsers stream request
 * bodies only over HTTP/2, so prefer a Blob — a File from an <input> is one).
 */
export async function uploadWeb(request: UploadRequest<unknown>, fetch: UploadFetch): Promise<Response> {
  const source = request.source as WebUploadSource;
  if (source instanceof ReadableStream) return uploadStream(request, source, fetch);
  const blob = source instanceof Blob ? source : new Blob([source as BlobPart]);
  if (typeof XMLHttpRequest !== 'undefined') return uploadWithXhr(request, blob);
  const response = await fetch(request.url, { method: 'PUT', headers: request.headers, body: blob, signal: request.signal });
  request.onProgress?.({ loaded: blob.size, total: blob.size });
  return response;
}

function uploadStream(request: UploadRequest<unknown>, source: ReadableStream<Uint8Array>, fetch: UploadFetch): Promise<Response> {
  const body = source.pipeThrough(countingStream(undefined, request.onProgress));
  return fetch(request.url, { method: 'PUT', headers: request.headers, body, duplex: 'half', signal: request.signal });
}

function uploadWithXhr(request: UploadRequest<unknown>, blob: Blob): Promise<Response> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', request.url);
    xhr.withCredentials = request.credentials === 'include';
    for (const [name, value] of Object.entries(request.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => request.onProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : blob.size });
    xhr.onload = () => resolve(new Response(xhr.status === 204 ? null : xhr.responseText, { status: xhr.status, headers: parseHeaders(xhr) }));
    xhr.onerror = () => reject(new ModelryConnectionError(request.url, new Error('the upload failed (network error)')));
    xhr.onabort = () => reject(request.signal?.reason ?? new DOMException('The upload was aborted', 'AbortError'));
    if (request.signal?.aborted) return xhr.onabort(new ProgressEvent('abort'));
    request.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(blob);
  });
}

function parseHeaders(xhr: XMLHttpRequest): Headers {
  const headers = new Headers();
  for (const line of xhr.getAllResponseHeaders().trim().split(/[\r\n]+/)) {
    const at = line.indexOf(':');
    if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return headers;
}
