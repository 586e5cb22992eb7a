import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../auth.js';
import { presentVersion } from '../presenters.js';
import { ModelParams, NoContent, VersionParams, withProblems } from '../schemas/common.schema.js';
import { Version, VersionCreate, VersionListQuery, VersionPage, VersionPatch } from '../schemas/version.schema.js';
import type { Services } from '../services.js';

export function versionRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/contexts/:ctx/models/:modelId/versions',
      {
        schema: {
          tags: ['versions'],
          summary: 'List the versions of a model (deleted numbers stay missing)',
          params: ModelParams,
          querystring: VersionListQuery,
          response: withProblems({ 200: Type.Ref(VersionPage) }),
        },
      },
      async (request) => {
        const { ctx, modelId } = request.params;
        const { order = 'desc', limit = 50, cursor } = request.query;
        const page = await services.versions.list(principalOf(request), ctx, modelId, {
          order,
          limit,
          after: cursor === undefined ? undefined : Number(cursor),
        });
        return {
          items: page.versions.map((version) => presentVersion(version, page.formats)),
          nextCursor: page.next === null ? null : String(page.next),
        };
      },
    );

    app.post(
      '/contexts/:ctx/models/:modelId/versions',
      {
        schema: {
          tags: ['versions'],
          summary: 'Create a version; the server assigns the next number',
          params: ModelParams,
          body: Type.Optional(Type.Ref(VersionCreate)),
          response: withProblems({ 201: Type.Ref(Version) }),
        },
      },
      async (request, reply) => {
        const { ctx, modelId } = request.params;
        const created = await services.versions.create(principalOf(request), ctx, modelId, request.body ?? {});
        return reply
          .code(201)
          .header('location', `${request.url}/${created.version.number}`)
          .send(presentVersion(created.version, created.formats));
      },
    );

    app.get(
      '/contexts/:ctx/models/:modelId/versions/:n',
      { schema: { tags: ['versions'], summary: 'Get a version with its formats', params: VersionParams, response: withProblems({ 200: Type.Ref(Version) }) } },
      async (request) => {
        const { ctx, modelId, n } = request.params;
        const found = await services.versions.get(principalOf(request), ctx, modelId, n);
        return presentVersion(found.version, found.formats);
      },
    );

    app.patch(
      '/contexts/:ctx/models/:modelId/versions/:n',
      {
        schema: {
          tags: ['versions'],
          summary: 'Change an unpublished version',
          params: VersionParams,
          body: Type.Ref(VersionPatch),
          response: withProblems({ 200: Type.Ref(Version) }),
        },
      },
      async (request) => {
        const { ctx, modelId, n } = request.params;
        const found = await services.versions.update(principalOf(request), ctx, modelId, n, request.body);
        return presentVersion(found.version, found.formats);
      },
    );

    app.post(
      '/contexts/:ctx/models/:modelId/versions/:n/publish',
      {
        schema: {
          tags: ['versions'],
          summary: 'Publish a version: its metadata and files can never change again',
          params: VersionParams,
          response: withProblems({ 200: Type.Ref(Version) }),
        },
      },
      async (request) => {
        const { ctx, modelId, n } = request.params;
        const found = await services.versions.publish(principalOf(request), ctx, modelId, n);
        return presentVersion(found.version, found.formats);
      },
    );

    app.delete(
      '/contexts/:ctx/models/:modelId/versions/:n',
      {
        schema: {
          tags: ['versions'],
          summary: 'Delete a version and its files (irreversible; the number is never reused)',
          params: VersionParams,
          response: withProblems({ 204: NoContent }),
        },
      },
      async (request, reply) => {
        const { ctx, modelId, n } = request.params;
        await services.versions.delete(principalOf(request), ctx, modelId, n);
        return reply.code(204).send(null);
      },
    );
  };
}
