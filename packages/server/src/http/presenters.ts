import type { Static } from '@sinclair/typebox';
import type { FormatRow } from '../db/repositories/format.repository.js';
import type { ModelRow } from '../db/repositories/model.repository.js';
import type { RoleBindingView } from '../db/repositories/role-binding.repository.js';
import type { TokenRow } from '../db/repositories/token.repository.js';
import type { UserRow } from '../db/repositories/user.repository.js';
import type { VersionRow } from '../db/repositories/version.repository.js';
import type { ContextView } from '../services/context.service.js';
import type * as admin from './schemas/admin.schema.js';
import type * as formatSchema from './schemas/format.schema.js';
import type * as modelSchema from './schemas/model.schema.js';
import type * as versionSchema from './schemas/version.schema.js';

/** Rows become wire objects here and nowhere else, so the API's shape is independent of the tables'. */
export function presentModel(row: ModelRow): Static<typeof modelSchema.Model> {
  return {
    id: row.id,
    contextId: row.context_id,
    name: row.name,
    description: row.description,
    tags: JSON.parse(row.tags) as string[],
    versionCount: Number(row.version_count),
    latestVersion: row.latest_version === null ? null : Number(row.latest_version),
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export function presentFormat(row: FormatRow): Static<typeof formatSchema.Format> {
  return {
    id: row.id,
    format: row.format,
    fileName: row.file_name,
    mediaType: row.media_type,
    hasFile: row.sha256 !== null,
    size: row.size === null ? null : Number(row.size),
    sha256: row.sha256,
    createdAt: row.created_at,
    createdBy: row.created_by,
    uploadedAt: row.uploaded_at,
    uploadedBy: row.uploaded_by,
    inspection: row.inspection === null ? null : (JSON.parse(row.inspection) as Static<typeof formatSchema.Inspection>),
  };
}

export function presentVersion(row: VersionRow, formats: readonly FormatRow[]): Static<typeof versionSchema.Version> {
  const mine = formats.filter((format) => format.version_id === row.id);
  return {
    id: row.id,
    modelId: row.model_id,
    number: Number(row.number),
    name: row.name,
    description: row.description,
    tags: JSON.parse(row.tags) as string[],
    hyperparameters: JSON.parse(row.hyperparameters) as Record<string, unknown>,
    config: JSON.parse(row.config) as unknown,
    records: JSON.parse(row.records) as Array<Static<typeof versionSchema.DatasetRecord>>,
    published: row.published_at !== null,
    publishedAt: row.published_at,
    publishedBy: row.published_by,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    formats: mine.map(presentFormat),
    signature: signatureOf(mine),
  };
}

/** Formats whose inspectors read input fields, in the order their signature is preferred. */
const SIGNATURE_SOURCES = ['pmml', 'onnx'];

/** The version's signature: from the first format (PMML before ONNX) whose inspection declares one. */
function signatureOf(formats: readonly FormatRow[]): Static<typeof formatSchema.Signature> | null {
  for (const source of SIGNATURE_SOURCES) {
    const row = formats.find((format) => format.format === source && format.inspection !== null);
    if (row === undefined || row.inspection === null) continue;
    const inspection = JSON.parse(row.inspection) as Static<typeof formatSchema.Inspection>;
    if (inspection.signature !== undefined) return inspection.signature;
  }
  return null;
}

export function presentContext(view: ContextView): Static<typeof admin.Context> {
  const { context } = view;
  return {
    id: context.id,
    slug: context.slug,
    name: context.name,
    createdAt: context.created_at,
    createdBy: context.created_by,
    permissions: view.permissions,
  };
}

export function presentUser(row: UserRow): Static<typeof admin.User> {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    isAdmin: row.is_admin === 1,
    disabled: row.disabled_at !== null,
    hasPassword: row.password_hash !== null,
    createdAt: row.created_at,
  };
}

export function presentRoleBinding(row: RoleBindingView): Static<typeof admin.RoleBinding> {
  return {
    id: row.id,
    contextId: row.context_id,
    role: row.role,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    subjectName: row.subject_name,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

export function presentToken(row: TokenRow): Static<typeof admin.Token> {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}
