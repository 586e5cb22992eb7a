import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps } from '../../src/app.js';
import type { BlobStore } from '../../src/blobs/blob-store.js';
import { Store } from '../../src/db/repositories/index.js';
import { AccessService } from '../../src/services/access.service.js';
import { bootstrapIfEmpty } from '../../src/services/bootstrap.service.js';
import { DirectoryService } from '../../src/services/directory.service.js';
import { TokenService } from '../../src/services/token.service.js';
import type { Limits } from '../../src/services/index.js';
import { createBackend, type TestBackend } from './backend.js';

export const ADMIN_PASSWORD = 'admin-password-for-tests';

export interface TestServer {
  readonly url: string;
  readonly api: string;
  readonly adminToken: string;
  readonly backend: TestBackend;
  readonly store: Store;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

export interface ServerOptions {
  readonly limits?: Partial<Limits>;
  /** Wraps the backend's blob store (to inject faults). */
  readonly wrapBlobs?: (blobs: BlobStore) => BlobStore;
  /** Extra plugins for buildApp (the dashboard's browser tests add the static web plugin). */
  readonly plugins?: AppDeps['plugins'];
}

/** A real server on a loopback port over a fresh database, bootstrapped like a first start. */
export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  const backend = await createBackend();
  const store = new Store(backend.database.db);
  const access = new AccessService(store);
  const first = await bootstrapIfEmpty(store, new DirectoryService(store, access), new TokenService(store, access), {
    password: ADMIN_PASSWORD,
    token: undefined,
  });
  if (first === undefined) throw new Error('a fresh test database was not empty');
  const limits: Limits = { maxVersions: 30, maxFormats: 3, maxUploadBytes: 64 * 1024 * 1024, picklePolicy: 'warn', ...options.limits };
  const blobs = options.wrapBlobs?.(backend.blobs) ?? backend.blobs;
  const app = await buildApp({ store, blobs, limits, logLevel: 'silent', plugins: options.plugins });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    api: `${url}/api/v1`,
    adminToken: first.token,
    backend,
    store,
    app,
    async close() {
      await app.close();
      await backend.dispose();
    },
  };
}
