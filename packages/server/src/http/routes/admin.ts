import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../auth.js';
import { presentRoleBinding, presentToken, presentUser } from '../presenters.js';
import * as schema from '../schemas/admin.schema.js';
import { NoContent, withProblems } from '../schemas/common.schema.js';
import type { Services } from '../services.js';

const UserParams = Type.Object({ user: Type.String({ minLength: 1, maxLength: 64, description: 'user id or username' }) });
const GroupParams = Type.Object({ group: Type.String({ minLength: 1, maxLength: 64, description: 'group id or name' }) });
const MemberParams = Type.Object({ group: Type.String({ minLength: 1, maxLength: 64 }), user: Type.String({ minLength: 1, maxLength: 64 }) });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

function presentGroup(group: { id: string; name: string; created_at: string; members: Array<{ id: string; username: string }> }) {
  return { id: group.id, name: group.name, createdAt: group.created_at, members: group.members };
}

/** Users, groups, role bindings and tokens. */
export function adminRoutes(services: Services): FastifyPluginAsyncTypebox {
  return async (app) => {
    const { directory, contexts, tokens } = services;
    const tags = ['admin'];

    app.get('/admin/users', { schema: { tags, summary: 'List users', response: withProblems({ 200: Type.Ref(schema.UserList) }) } }, async (request) => ({
      items: (await directory.listUsers(principalOf(request))).map(presentUser),
    }));
    app.post(
      '/admin/users',
      { schema: { tags, summary: 'Create a user', body: Type.Ref(schema.UserCreate), response: withProblems({ 201: Type.Ref(schema.User) }) } },
      async (request, reply) => reply.code(201).send(presentUser(await directory.createUser(principalOf(request), request.body))),
    );
    app.get(
      '/admin/users/:user',
      { schema: { tags, summary: 'Get a user', params: UserParams, response: withProblems({ 200: Type.Ref(schema.User) }) } },
      async (request) => presentUser(await directory.getUser(principalOf(request), request.params.user)),
    );
    app.patch(
      '/admin/users/:user',
      {
        schema: { tags, summary: 'Change a user', params: UserParams, body: Type.Ref(schema.UserPatch), response: withProblems({ 200: Type.Ref(schema.User) }) },
      },
      async (request) => presentUser(await directory.updateUser(principalOf(request), request.params.user, request.body)),
    );
    app.delete(
      '/admin/users/:user',
      { schema: { tags, summary: 'Delete a user', params: UserParams, response: withProblems({ 204: NoContent }) } },
      async (request, reply) => {
        await directory.deleteUser(principalOf(request), request.params.user);
        return reply.code(204).send(null);
      },
    );

    app.get('/admin/groups', { schema: { tags, summary: 'List groups', response: withProblems({ 200: Type.Ref(schema.GroupList) }) } }, async (request) => ({
      items: (await directory.listGroups(principalOf(request))).map(presentGroup),
    }));
    app.post(
      '/admin/groups',
      { schema: { tags, summary: 'Create a group', body: Type.Ref(schema.GroupCreate), response: withProblems({ 201: Type.Ref(schema.Group) }) } },
      async (request, reply) =>
        reply.code(201).send(presentGroup({ ...(await directory.createGroup(principalOf(request), request.body.name)), members: [] })),
    );
    app.get(
      '/admin/groups/:group',
      { schema: { tags, summary: 'Get a group with its members', params: GroupParams, response: withProblems({ 200: Type.Ref(schema.Group) }) } },
      async (request) => presentGroup(await directory.getGroup(principalOf(request), request.params.group)),
    );
    app.delete(
      '/admin/groups/:group',
      { schema: { tags, summary: 'Delete a group', params: GroupParams, response: withProblems({ 204: NoContent }) } },
      async (request, reply) => {
        await directory.deleteGroup(principalOf(request), request.params.group);
        return reply.code(204).send(null);
      },
    );
    app.put(
      '/admin/groups/:group/members/:user',
      { schema: { tags, summary: 'Add a user to a group', params: MemberParams, response: withProblems({ 204: NoContent }) } },
      async (request, reply) => {
        await directory.addMember(principalOf(request), request.params.group, request.params.user);
        return reply.code(204).send(null);
      },
    );
    app.delete(
      '/admin/groups/:group/members/:user',
      { schema: { tags, summary: 'Remove a user from a group', params: MemberParams, response: withProblems({ 204: NoContent }) } },
      async (request, reply) => {
        await directory.removeMember(principalOf(request), request.params.group, request.params.user);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/admin/role-bindings',
      {
        schema: {
          tags,
          summary: 'Role bindings of a context (context:admin), or of all contexts (deployment administrators)',
          querystring: Type.Object({ context: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })) }, { additionalProperties: false }),
          response: withProblems({ 200: Type.Ref(schema.RoleBindingList) }),
        },
      },
      async (request) => ({ items: (await contexts.listBindings(principalOf(request), request.query.context)).map(presentRoleBinding) }),
    );
    app.post(
      '/admin/role-bindings',
      {
        schema: {
          tags,
          summary: 'Grant a role to a user or group in a context',
          body: Type.Ref(schema.RoleBindingCreate),
          response: withProblems({ 201: Type.Ref(schema.RoleBinding) }),
        },
      },
      async (request, reply) => {
        const { context, ...binding } = request.body;
        return reply.code(201).send(presentRoleBinding(await contexts.bind(principalOf(request), context, binding)));
      },
    );
    app.delete(
      '/admin/role-bindings/:id',
      { schema: { tags, summary: 'Revoke a role binding', params: IdParams, response: withProblems({ 204: NoContent }) } },
      async (request, reply) => {
        await contexts.unbind(principalOf(request), request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/admin/tokens',
      {
        schema: {
          tags,
          summary: "The caller's API tokens (administrators: ?user=NAME or ?user=all)",
          querystring: Type.Object({ user: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }, { additionalProperties: false }),
          response: withProblems({ 200: Type.Ref(schema.TokenList) }),
        },
      },
      async (request) => ({ items: (await tokens.list(principalOf(request), request.query.user)).map(presentToken) }),
    );
    app.post(
      '/admin/tokens',
      {
        schema: {
          tags,
          summary: 'Create an API token; the secret is in the response and never again',
          body: Type.Ref(schema.TokenCreate),
          response: withProblems({ 201: Type.Ref(schema.TokenCreated) }),
        },
      },
      async (request, reply) => {
        const { token, secret } = await tokens.create(principalOf(request), request.body);
        return reply.code(201).send({ token: presentToken(token), secret });
      },
    );
    app.delete(
      '/admin/tokens/:id',
      { schema: { tags, summary: 'Revoke a token', params: IdParams, response: withProblems({ 204: NoContent }) } },
      async (request, reply) => {
        await tokens.revoke(principalOf(request), request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
