// The API's entities, taken from the generated OpenAPI types: never declared twice by hand.
import type { components, paths } from './generated/api.js';

type Schemas = components['schemas'];

export type Problem = Schemas['Problem'];
export type Model = Schemas['Model'];
export type ModelCreate = Schemas['ModelCreate'];
export type ModelPatch = Schemas['ModelPatch'];
export type ModelPage = Schemas['ModelPage'];
export type Version = Schemas['Version'];
export type VersionCreate = Schemas['VersionCreate'];
export type VersionPatch = Schemas['VersionPatch'];
export type VersionPage = Schemas['VersionPage'];
export type DatasetRecord = Schemas['DatasetRecord'];
export type Format = Schemas['Format'];
export type FormatCreate = Schemas['FormatCreate'];
export type FormatList = Schemas['FormatList'];
export type Inspection = Schemas['Inspection'];
export type Signature = Schemas['Signature'];
export type Context = Schemas['Context'];
export type ContextList = Schemas['ContextList'];
export type Me = Schemas['Me'];
export type User = Schemas['User'];
export type SessionCreate = Schemas['SessionCreate'];

type ModelListQuery = paths['/api/v1/contexts/{ctx}/models']['get']['parameters']['query'];
type VersionListQuery = paths['/api/v1/contexts/{ctx}/models/{modelId}/versions']['get']['parameters']['query'];

/** Query of the model list; `sort` and `limit` have server defaults, so they are optional here. */
export type ModelListOptions = Partial<ModelListQuery>;
/** Query of the version list; `limit` has a server default. */
export type VersionListOptions = Partial<VersionListQuery>;
export type SessionStarted = paths['/api/v1/session']['post']['responses'][200]['content']['application/json'];

/** Progress of an upload or a download. `total` is undefined when the size is not known in advance. */
export interface TransferProgress {
  readonly loaded: number;
  readonly total: number | undefined;
}

export type ProgressCallback = (progress: TransferProgress) => void;
