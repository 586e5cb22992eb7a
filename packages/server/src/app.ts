import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { BlobStore } from './blobs/blob-store.js';
import type { Store } from './db/repositories/index.js';
import { registerAuth } from './http/auth.js';
import { registerJsonParser } from './http/json-body.js';
import { drainUnreadBody } from './http/request-body.js';
import { problem, sendProblem, toProblem } from './http/problem.js';
import { adminRoutes } from './http/routes/admin.js';
import { contextRoutes } from './http/routes/contexts.js';
import { fileRoutes } from './http/routes/files.js';
import { formatRoutes } from './http/routes/formats.js';
import { modelRoutes } from './http/routes/models.js';
import { sessionRoutes } from './http/routes/session.js';
import { versionRoutes } from './http/routes/versions.js';
import { NAMED_SCHEMAS } from './http/schemas/index.js';
import type { Services } from './http/services.js';
import { createValidatorCompiler } from './http/validation.js';
import { createServices, type Limits } from './services/index.js';

export interface AppDeps {
  readonly store: Store;
  readonly blobs: BlobStore;
  readonly limits: Limits;
  readonly logLevel?: string;
  readonly secureCookies?: boolean;
  /** Extra plugins registered after the API (the dashboard's static files). */
  readonly plugins?: ReadonlyArray<(app: FastifyInstance, services: Services) => Promise<void>>;
}

export const API_PREFIX = '/api/v1';
const JSON_BODY_LIMIT = 4 * 1024 * 1024;

async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Modelry API', version: '1', description: 'Versioned model registry: models, versions, formats and access.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'modelry_session' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get(`${API_PREFIX}/openapi.json`, { config: { public: true }, schema: { hide: true } }, () => app.swagger());
}

/** Builds the HTTP application around ready services. Never listens: main.ts and tests do that. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: deps.logLevel ?? 'info' },
    // Per-request lines cost throughput; errors are still logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: JSON_BODY_LIMIT,
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  for (const schema of NAMED_SCHEMAS) app.addSchema(schema);
  app.setValidatorCompiler(createValidatorCompiler(NAMED_SCHEMAS));
  registerJsonParser(app, JSON_BODY_LIMIT);

  const services = createServices(deps.store, deps.blobs, deps.limits);
  app.setErrorHandler(async (error, request, reply) => {
    const body = toProblem(error, request);
    if (body.status >= 500) request.log.error({ err: error }, 'request failed');
    if (body.status === 416 && typeof body.limit === 'number') reply.header('content-range', `bytes */${body.limit}`);
    // A refused upload may leave body bytes unread: read them away (within a bound) so the client, still
    // sending, gets this answer rather than a reset; past the bound, close the connection after answering.
    if (!request.raw.complete && !(await drainUnreadBody(request.raw))) reply.header('connection', 'close');
    return sendProblem(reply, body);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problem('not-found', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`, { requestId: request.id })),
  );
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
  });

  await app.register(fastifyCookie);
  registerAuth(app, services.access, services.sessions);
  await registerOpenApi(app);

  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(deps.store.db);
      await deps.blobs.check();
      return { status: 'ok' };
    } catch (error) {
      reply.log.error({ err: error }, 'health check failed');
      return reply.code(503).send({ status: 'unavailable' });
    }
  });

  await app.register(
    async (api) => {
      await api.register(contextRoutes(services));
      await api.register(modelRoutes(services));
      await api.register(versionRoutes(services));
      await api.register(formatRoutes(services));
      await api.register(fileRoutes(services, deps.limits.maxUploadBytes));
      await api.register(adminRoutes(services));
      await api.register(sessionRoutes(services, deps.secureCookies ?? false, deps.limits));
    },
    { prefix: API_PREFIX },
  );
  for (const plugin of deps.plugins ?? []) await plugin(app, services);
  return app;
}
