import type { BlobStore } from '../blobs/blob-store.js';
import type { PicklePolicy } from '../config.js';
import type { Store } from '../db/repositories/index.js';
import type { Services } from '../http/services.js';
import { AccessService } from './access.service.js';
import { BlobLifecycle } from './blob-lifecycle.js';
import { ContextService } from './context.service.js';
import { DirectoryService } from './directory.service.js';
import { FormatService } from './format.service.js';
import { ModelService } from './model.service.js';
import { SessionService } from './session.service.js';
import { TokenService } from './token.service.js';
import { VersionService } from './version.service.js';

export interface Limits {
  readonly maxVersions: number;
  readonly maxFormats: number;
  readonly maxUploadBytes: number;
  /** MODELRY_PICKLE_POLICY: what a dangerous pickle upload gets (stored and flagged, or refused). */
  readonly picklePolicy: PicklePolicy;
}

/** The composition root of the domain: every service, wired once. */
export function createServices(store: Store, blobStore: BlobStore, limits: Limits): Services {
  const access = new AccessService(store);
  const blobs = new BlobLifecycle(store, blobStore);
  const versions = new VersionService(store, access, blobs, limits);
  return {
    access,
    contexts: new ContextService(store, access),
    directory: new DirectoryService(store, access),
    formats: new FormatService(store, versions, blobs, limits),
    models: new ModelService(store, access, blobs),
    sessions: new SessionService(store),
    tokens: new TokenService(store, access),
    versions,
  };
}
