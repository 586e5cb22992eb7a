import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../auth.js';
import { presentFormat } from '../presenters.js';
import { FormatParams, NoContent, VersionParams, withProblems } from '../schemas/common.schema.js';
import { Format, FormatCreate, FormatList } from '../schemas/format.schema.js';
import type { Services } from '../services.js';

/** Format records (the file itself is in files.ts). */
export function formatRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/contexts/:ctx/models/:modelId/versions/:n/formats',
      { schema: { tags: ['formats'], summary: 'List the formats of a version', params: VersionParams, response: withProblems({ 200: Type.Ref(FormatList) }) } },
      async (request) => {
        const { ctx, modelId, n } = request.params;
        const formats = await services.formats.list(principalOf(request), ctx, modelId, n);
        return { items: formats.map(presentFormat) };
      },
    );

    app.post(
      '/contexts/:ctx/models/:modelId/versions/:n/formats',
      {
        schema: {
          tags: ['formats'],
          summary: 'Declare a format on an unpublished version; upload its file next',
          params: VersionParams,
          body: Type.Ref(FormatCreate),
          response: withProblems({ 201: Type.Ref(Format) }),
        },
      },
      async (request, reply) => {
        const { ctx, modelId, n } = request.params;
        const ref = { contextRef: ctx, modelId, number: n, format: request.body.format };
        const format = await services.formats.create(principalOf(request), ref, request.body.fileName);
        return reply.code(201).header('location', `${request.url}/${format.format}`).send(presentFormat(format));
      },
    );

    app.get(
      '/contexts/:ctx/models/:modelId/versions/:n/formats/:format',
      { schema: { tags: ['formats'], summary: 'Get a format record', params: FormatParams, response: withProblems({ 200: Type.Ref(Format) }) } },
      async (request) => {
        const { ctx, modelId, n, format } = request.params;
        return presentFormat(await services.formats.get(principalOf(request), { contextRef: ctx, modelId, number: n, format }));
      },
    );

    app.post(
      '/contexts/:ctx/models/:modelId/versions/:n/formats/:format/inspect',
      {
        schema: {
          tags: ['formats'],
          summary: "Inspect a format's stored file again and record the result",
          description:
            'Runs the current format inspector over the stored file (after an inspector improved) and returns the format ' +
            'with its new inspection. Needs model:edit; allowed on published versions too, because only derived data changes. ' +
            'A file the current inspector refuses keeps its previous inspection and the refusal is returned as 422.',
          params: FormatParams,
          response: withProblems({ 200: Type.Ref(Format) }),
        },
      },
      async (request) => {
        const { ctx, modelId, n, format } = request.params;
        return presentFormat(await services.formats.reinspect(principalOf(request), { contextRef: ctx, modelId, number: n, format }));
      },
    );

    app.delete(
      '/contexts/:ctx/models/:modelId/versions/:n/formats/:format',
      {
        schema: {
          tags: ['formats'],
          summary: 'Delete a format and its file from an unpublished version',
          params: FormatParams,
          response: withProblems({ 204: NoContent }),
        },
      },
      async (request, reply) => {
        const { ctx, modelId, n, format } = request.params;
        await services.formats.delete(principalOf(request), { contextRef: ctx, modelId, number: n, format });
        return reply.code(204).send(null);
      },
    );
  };
}
