import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The dashboard (packages/web, built by Vite) served by the API server itself: one process, one origin, so the
 * session cookie can be SameSite=Strict and the API needs no CORS.
 */

/** packages/web/dist, found from this file in src/http/ or dist/http/ of packages/server (monorepo layout). */
export const DEFAULT_WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

/**
 * Strict for the dashboard's HTML: scripts and styles only from this origin (Vite emits no inline ones), images
 * from here or data: URLs (markdown images are never loaded), no framing, no plugins.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const HASHED_ASSETS = '/assets/';
const IMMUTABLE = 'public, max-age=31536000, immutable';

function htmlHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('cache-control', 'no-cache')
    .header('content-security-policy', DASHBOARD_CSP)
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'same-origin')
    .header('cross-origin-opener-policy', 'same-origin');
}

/** Paths the single-page app must never answer: the API's own 404s stay problem+json. */
function isServerPath(url: string): boolean {
  const pathname = url.split('?')[0] ?? '';
  return pathname === '/api' || pathname.startsWith('/api/') || pathname === '/healthz';
}

export interface WebOptions {
  /** The built dashboard; defaults to packages/web/dist next to this package. */
  readonly root?: string;
}

/** A plugin for buildApp({ plugins }) that serves the dashboard at / with a fallback to index.html for its routes. */
export function webPlugin(options: WebOptions = {}): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    const root = options.root ?? DEFAULT_WEB_ROOT;
    if (!existsSync(path.join(root, 'index.html'))) {
      app.log.info({ root }, 'dashboard not built (run `npm run build`); serving the API only');
      return;
    }
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      // One route per file found at start-up, so the app's routes below (and the API's) are never shadowed.
      wildcard: false,
      index: [],
      // The build writes .br/.gz next to each script and stylesheet; send those to browsers that accept them.
      preCompressed: true,
      // Cache-Control is set per file below; @fastify/send's own default (max-age=0) would overwrite it.
      cacheControl: false,
      setHeaders(res, filePath) {
        const rel = `/${path.relative(root, filePath).split(path.sep).join('/')}`;
        if (rel.startsWith(HASHED_ASSETS)) res.setHeader('cache-control', IMMUTABLE);
        else if (rel.endsWith('.html')) {
          res.setHeader('cache-control', 'no-cache');
          res.setHeader('content-security-policy', DASHBOARD_CSP);
        } else res.setHeader('cache-control', 'public, max-age=3600');
      },
    });

    // Every other GET is a dashboard URL (/c/default/models/…): the app's router takes it from index.html.
    const spa = async (request: { url: string }, reply: FastifyReply) => {
      if (isServerPath(request.url)) return reply.callNotFound();
      return htmlHeaders(reply).sendFile('index.html', root, { cacheControl: false });
    };
    app.get('/', { schema: { hide: true } }, spa);
    app.get('/*', { schema: { hide: true } }, spa);
  };
}
