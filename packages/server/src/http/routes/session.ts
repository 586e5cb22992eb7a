import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf, SESSION_COOKIE } from '../auth.js';
import { presentContext, presentUser } from '../presenters.js';
import { Me, SessionCreate } from '../schemas/admin.schema.js';
import { NoContent, withProblems } from '../schemas/common.schema.js';
import type { Services } from '../services.js';
import type { Limits } from '../../services/index.js';
import { SESSION_TTL_MS } from '../../services/session.service.js';

/** Who am I, and dashboard sign-in / sign-out. */
export function sessionRoutes(services: Services, secureCookies: boolean, limits: Limits): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/me',
      { schema: { tags: ['session'], summary: 'The caller, and the contexts it can see with its permissions', response: withProblems({ 200: Type.Ref(Me) }) } },
      async (request) => {
        const principal = principalOf(request);
        const [user, contexts] = await Promise.all([
          services.directory.getUser(principal, principal.userId),
          services.contexts.list(principal),
        ]);
        const sessionId = request.cookies[SESSION_COOKIE];
        const csrfToken = principal.via === 'session' && sessionId !== undefined ? await services.sessions.csrfTokenOf(sessionId) : undefined;
        const { maxVersions, maxFormats, maxUploadBytes } = limits;
        return {
          user: presentUser(user),
          contexts: contexts.map(presentContext),
          limits: { maxVersions, maxFormats, maxUploadBytes },
          ...(csrfToken === undefined ? {} : { csrfToken }),
        };
      },
    );

    app.post(
      '/session',
      {
        config: { public: true },
        schema: {
          tags: ['session'],
          summary: 'Sign in to the dashboard: sets an HttpOnly, SameSite=Strict session cookie',
          body: Type.Ref(SessionCreate),
          response: withProblems({ 200: Type.Object({ csrfToken: Type.String(), expiresAt: Type.String() }) }),
        },
      },
      async (request, reply) => {
        const grant = await services.sessions.signIn(request.body.username, request.body.password);
        reply.setCookie(SESSION_COOKIE, grant.sessionId, {
          httpOnly: true,
          sameSite: 'strict',
          secure: secureCookies,
          path: '/',
          maxAge: Math.floor(SESSION_TTL_MS / 1000),
        });
        return { csrfToken: grant.csrfToken, expiresAt: grant.expiresAt };
      },
    );

    app.delete(
      '/session',
      { config: { public: true }, schema: { tags: ['session'], summary: 'Sign out', response: withProblems({ 204: NoContent }) } },
      async (request, reply) => {
        const sessionId = request.cookies[SESSION_COOKIE];
        if (sessionId !== undefined && sessionId !== '') await services.sessions.signOut(sessionId);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.code(204).send(null);
      },
    );
  };
}
