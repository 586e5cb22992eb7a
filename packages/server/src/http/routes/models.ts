import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../auth.js';
import { presentModel } from '../presenters.js';
import { ContextParams, ModelParams, NoContent, withProblems } from '../schemas/common.schema.js';
import { Model, ModelCreate, ModelListQuery, ModelPage, ModelPatch } from '../schemas/model.schema.js';
import type { Services } from '../services.js';

export function modelRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/contexts/:ctx/models',
      {
        schema: {
          tags: ['models'],
          summary: 'List, search and sort the models of a context',
          description: 'Keyset-paginated: pass `nextCursor` back as `cursor` (with the same sort and order) for the next page.',
          params: ContextParams,
          querystring: ModelListQuery,
          response: withProblems({ 200: Type.Ref(ModelPage) }),
        },
      },
      async (request) => {
        // Ajv fills the defaults in; the types still say optional because clients may leave them out.
        const { sort = 'updatedAt', order, limit = 50, ...query } = request.query;
        const page = await services.models.list(principalOf(request), request.params.ctx, {
          ...query,
          sort,
          limit,
          order: order ?? (sort === 'name' ? 'asc' : 'desc'),
        });
        return { items: page.items.map(presentModel), nextCursor: page.nextCursor };
      },
    );

    app.post(
      '/contexts/:ctx/models',
      {
        schema: {
          tags: ['models'],
          summary: 'Create a model',
          params: ContextParams,
          body: Type.Ref(ModelCreate),
          response: withProblems({ 201: Type.Ref(Model) }),
        },
      },
      async (request, reply) => {
        const model = await services.models.create(principalOf(request), request.params.ctx, request.body);
        return reply.code(201).header('location', `${request.url}/${model.id}`).send(presentModel(model));
      },
    );

    app.get(
      '/contexts/:ctx/models/:modelId',
      { schema: { tags: ['models'], summary: 'Get a model', params: ModelParams, response: withProblems({ 200: Type.Ref(Model) }) } },
      async (request) => presentModel(await services.models.get(principalOf(request), request.params.ctx, request.params.modelId)),
    );

    app.patch(
      '/contexts/:ctx/models/:modelId',
      {
        schema: {
          tags: ['models'],
          summary: 'Change the name, description or tags of a model',
          params: ModelParams,
          body: Type.Ref(ModelPatch),
          response: withProblems({ 200: Type.Ref(Model) }),
        },
      },
      async (request) =>
        presentModel(
          await services.models.update(principalOf(request), request.params.ctx, request.params.modelId, request.body),
        ),
    );

    app.delete(
      '/contexts/:ctx/models/:modelId',
      {
        schema: {
          tags: ['models'],
          summary: 'Delete a model with all its versions and files (irreversible)',
          params: ModelParams,
          response: withProblems({ 204: NoContent }),
        },
      },
      async (request, reply) => {
        await services.models.delete(principalOf(request), request.params.ctx, request.params.modelId);
        return reply.code(204).send(null);
      },
    );
  };
}
