import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Unauthenticated } from '../domain/errors.js';
import type { Principal } from '../domain/principal.js';
import type { AccessService } from '../services/access.service.js';
import type { SessionService } from '../services/session.service.js';

export const SESSION_COOKIE = 'modelry_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Routes that answer without credentials (health, OpenAPI, sign-in). */
    public?: boolean;
  }
}

/** The authenticated caller of a route that requires one. */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw new Unauthenticated('this request needs credentials');
  return request.principal;
}

/**
 * Bearer tokens for programs, a session cookie for the dashboard. Cookie-authenticated writes must also
 * carry the session's CSRF token in X-CSRF-Token (SameSite=Strict is the first line, this the second).
 */
export function registerAuth(app: FastifyInstance, access: AccessService, sessions: SessionService): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.public === true || !request.url.startsWith('/api/')) return;
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (match?.[1] === undefined) throw new Unauthenticated('the Authorization header must be "Bearer <token>"', { field: 'Authorization' });
      request.principal = await access.authenticateToken(match[1]);
      return;
    }
    const sessionId = request.cookies[SESSION_COOKIE];
    if (sessionId !== undefined && sessionId !== '') {
      const csrf = request.headers['x-csrf-token'];
      request.principal = await sessions.authenticate(sessionId, typeof csrf === 'string' ? csrf : undefined, !SAFE_METHODS.has(request.method));
      return;
    }
    throw new Unauthenticated('this request needs "Authorization: Bearer <token>" or a dashboard session', { field: 'Authorization' });
  });
}
