import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../auth.js';
import { presentContext } from '../presenters.js';
import { ContextCreate, ContextList, ContextPatch, Context } from '../schemas/admin.schema.js';
import { ContextParams, NoContent, withProblems } from '../schemas/common.schema.js';
import type { Services } from '../services.js';

export function contextRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/contexts',
      { schema: { tags: ['contexts'], summary: 'The contexts the caller can see', response: withProblems({ 200: Type.Ref(ContextList) }) } },
      async (request) => ({ items: (await services.contexts.list(principalOf(request))).map(presentContext) }),
    );

    app.post(
      '/contexts',
      {
        schema: {
          tags: ['contexts'],
          summary: 'Create a context (deployment administrators)',
          body: Type.Ref(ContextCreate),
          response: withProblems({ 201: Type.Ref(Context) }),
        },
      },
      async (request, reply) => reply.code(201).send(presentContext(await services.contexts.create(principalOf(request), request.body))),
    );

    app.get(
      '/contexts/:ctx',
      { schema: { tags: ['contexts'], summary: 'Get a context by id or slug', params: ContextParams, response: withProblems({ 200: Type.Ref(Context) }) } },
      async (request) => presentContext(await services.contexts.get(principalOf(request), request.params.ctx)),
    );

    app.patch(
      '/contexts/:ctx',
      {
        schema: {
          tags: ['contexts'],
          summary: 'Rename a context (context:admin)',
          params: ContextParams,
          body: Type.Ref(ContextPatch),
          response: withProblems({ 200: Type.Ref(Context) }),
        },
      },
      async (request) => presentContext(await services.contexts.update(principalOf(request), request.params.ctx, request.body)),
    );

    app.delete(
      '/contexts/:ctx',
      {
        schema: {
          tags: ['contexts'],
          summary: 'Delete an empty context (context:admin)',
          params: ContextParams,
          response: withProblems({ 204: NoContent }),
        },
      },
      async (request, reply) => {
        await services.contexts.delete(principalOf(request), request.params.ctx);
        return reply.code(204).send(null);
      },
    );
  };
}
