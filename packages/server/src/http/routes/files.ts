import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TooLarge } from '../../domain/errors.js';
import type { Download } from '../../services/format.service.js';
import { principalOf } from '../auth.js';
import { presentFormat } from '../presenters.js';
import { contentDisposition, parseRange } from '../range.js';
import { detachedBody } from '../request-body.js';
import { FormatParams, withProblems } from '../schemas/common.schema.js';
import { Format, UploadHeaders, UploadQuery } from '../schemas/format.schema.js';
import type { Services } from '../services.js';

const FILE_PATH = '/contexts/:ctx/models/:modelId/versions/:n/formats/:format/file';

/** Aborts when the client goes away mid-upload, so storage stops writing and cleans up. */
function abortOnDisconnect(request: FastifyRequest): AbortSignal {
  const controller = new AbortController();
  request.raw.once('close', () => {
    if (!request.raw.complete) controller.abort(new Error('the client closed the connection during the upload'));
  });
  return controller.signal;
}

function fileHeaders(reply: FastifyReply, download: Download): void {
  const { format } = download;
  reply
    .header('content-type', format.media_type)
    .header('etag', `"${format.sha256}"`)
    .header('accept-ranges', 'bytes')
    .header('content-disposition', contentDisposition(format.file_name))
    .header('x-checksum-sha256', format.sha256)
    .header('cache-control', 'private, no-cache');
}

/** The file of a format: streamed in (hashed while written) and streamed out (with ranges). */
export function fileRoutes(services: Services, maxUploadBytes: number): FastifyPluginAsyncTypebox {
  return async (app) => {
    // The body is never parsed: whatever its declared type, the handler streams it to storage.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_request, _payload, done) => done(null));

    app.put(
      FILE_PATH,
      {
        schema: {
          tags: ['formats'],
          summary: 'Upload (or replace) the file of a format, creating the format if needed',
          description:
            'Send the raw bytes as the body (application/octet-stream). Optional X-Checksum-Sha256 (hex) is verified; ' +
            'nothing is stored on a mismatch.',
          params: FormatParams,
          querystring: UploadQuery,
          headers: UploadHeaders,
          response: withProblems({ 200: Type.Ref(Format) }),
        },
      },
      async (request) => {
        const declared = Number(request.headers['content-length'] ?? 0);
        if (declared > maxUploadBytes) {
          // Refused before reading a byte; the error handler closes the connection rather than read the body.
          throw new TooLarge(`the file is ${declared} bytes, larger than the limit of ${maxUploadBytes} bytes`, {
            field: 'body',
            limit: maxUploadBytes,
          });
        }
        const { ctx, modelId, n, format } = request.params;
        const row = await services.formats.upload(principalOf(request), { contextRef: ctx, modelId, number: n, format }, detachedBody(request.raw), {
          fileName: request.query.fileName,
          sha256: request.headers['x-checksum-sha256'],
          signal: abortOnDisconnect(request),
        });
        return presentFormat(row);
      },
    );

    app.get(
      FILE_PATH,
      {
        exposeHeadRoute: false,
        schema: { tags: ['formats'], summary: 'Download the file of a format (Range supported)', params: FormatParams },
      },
      async (request, reply) => {
        const { ctx, modelId, n, format } = request.params;
        const download = await services.formats.download(principalOf(request), { contextRef: ctx, modelId, number: n, format });
        fileHeaders(reply, download);
        const etag = `"${download.format.sha256}"`;
        if (request.headers['if-none-match'] === etag) return reply.code(304).send();
        const link = await download.link({ contentDisposition: contentDisposition(download.format.file_name), contentType: download.format.media_type });
        // MODELRY_S3_PRESIGN=1: the bytes come straight from the bucket, and a Range header follows the redirect.
        if (link !== undefined) return reply.code(307).header('location', link).send();
        const ifRange = request.headers['if-range'];
        const range = ifRange === undefined || ifRange === etag ? parseRange(request.headers.range, download.format.size) : undefined;
        if (range === undefined) {
          reply.header('content-length', download.format.size);
          return reply.send(await download.open());
        }
        reply
          .code(206)
          .header('content-range', `bytes ${range.start}-${range.end}/${download.format.size}`)
          .header('content-length', range.end - range.start + 1);
        return reply.send(await download.open(range));
      },
    );

    app.head(
      FILE_PATH,
      { schema: { tags: ['formats'], summary: 'The headers of a download, without the body', params: FormatParams } },
      async (request, reply) => {
        const { ctx, modelId, n, format } = request.params;
        const download = await services.formats.download(principalOf(request), { contextRef: ctx, modelId, number: n, format });
        fileHeaders(reply, download);
        return reply.header('content-length', download.format.size).send();
      },
    );
  };
}
