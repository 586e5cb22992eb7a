// Browser entry of @modelry/client (also the default for bundlers): no Node built-ins are imported from here.
export { ModelryClient } from './client.js';
export { ModelryError, ModelryConnectionError, ChecksumMismatchError } from './errors.js';
export type { ClientOptions } from './transport.js';
export type { UploadOptions, WebUploadSource } from './transfer/upload-types.js';
export type { DownloadOptions, FormatDownload } from './transfer/download.js';
export type { ContextsApi } from './resources/contexts.js';
export type { ModelsApi } from './resources/models.js';
export type { VersionsApi } from './resources/versions.js';
export type { FormatsApi } from './resources/formats.js';
export type { SessionApi } from './resources/session.js';
export type * from './types.js';
export type { components, paths } from './generated/api.js';
