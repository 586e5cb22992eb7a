import { ContextsApi } from './resources/contexts.js';
import { FormatsApi } from './resources/formats.js';
import { ModelsApi } from './resources/models.js';
import { SessionApi } from './resources/session.js';
import { VersionsApi } from './resources/versions.js';
import { uploadWeb } from './transfer/upload-web.js';
import type { Uploader, WebUploadSource } from './transfer/upload-types.js';
import { Transport, unwrap, type ClientOptions } from './transport.js';
import type { Me } from './types.js';

/**
 * The Modelry API for browsers and any web-standard runtime. Every method returns the API's own objects
 * (types generated from the OpenAPI document) and throws a ModelryError on any refusal.
 * In Node, import the same name from the package: the `node` export adds file paths, Node streams and `downloadToFile`.
 */
export class ModelryClient {
  readonly contexts: ContextsApi;
  readonly models: ModelsApi;
  readonly versions: VersionsApi;
  readonly formats: FormatsApi<WebUploadSource>;
  readonly session: SessionApi;
  protected readonly transport: Transport;

  constructor(options: ClientOptions, uploader: Uploader = uploadWeb) {
    this.transport = new Transport(options, uploader);
    this.contexts = new ContextsApi(this.transport);
    this.models = new ModelsApi(this.transport);
    this.versions = new VersionsApi(this.transport);
    this.formats = new FormatsApi<WebUploadSource>(this.transport);
    this.session = new SessionApi(this.transport);
  }

  /** The caller: user, visible contexts with permissions, and (for a session) the CSRF token, which is kept. */
  async me(): Promise<Me> {
    const me = await unwrap(this.transport.api.GET('/api/v1/me'));
    if (me.csrfToken !== undefined) this.transport.csrfToken = me.csrfToken;
    return me;
  }

  /** The server's root URL as configured. */
  get baseUrl(): string {
    return this.transport.baseUrl;
  }

  get csrfToken(): string | undefined {
    return this.transport.csrfToken;
  }
}
