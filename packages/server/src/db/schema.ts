import type { Generated } from 'kysely';

/**
 * Table shapes as the database holds them. Timestamps are ISO-8601 UTC strings (they sort as text on
 * both dialects), booleans are 0/1 integers and JSON documents are text, so one set of queries fits both.
 */
export interface ContextTable {
  id: string;
  slug: string;
  name: string;
  created_at: string;
  created_by: string;
}

export interface UserTable {
  id: string;
  username: string;
  username_key: string;
  display_name: string;
  password_hash: string | null;
  is_admin: number;
  created_at: string;
  disabled_at: string | null;
}

export interface GroupTable {
  id: string;
  name: string;
  name_key: string;
  created_at: string;
}

export interface GroupMemberTable {
  group_id: string;
  user_id: string;
}

export interface RoleBindingTable {
  id: string;
  context_id: string;
  role: string;
  subject_type: 'user' | 'group';
  subject_id: string;
  created_at: string;
  created_by: string;
}

export interface TokenTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface SessionTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ModelTable {
  id: string;
  context_id: string;
  name: string;
  name_key: string;
  description: string;
  tags: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  next_version: number;
  version_count: number;
  latest_version: number | null;
}

export interface ModelTagTable {
  model_id: string;
  context_id: string;
  tag_key: string;
}

export interface ModelTermTable {
  model_id: string;
  context_id: string;
  term: string;
}

export interface VersionTable {
  id: string;
  model_id: string;
  number: number;
  name: string;
  description: string;
  tags: string;
  hyperparameters: string;
  config: string;
  records: string;
  format_count: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  published_at: string | null;
  published_by: string | null;
}

export interface FormatTable {
  id: string;
  version_id: string;
  model_id: string;
  format: string;
  file_name: string | null;
  size: number | string | null;
  sha256: string | null;
  media_type: string;
  created_at: string;
  created_by: string;
  uploaded_at: string | null;
  uploaded_by: string | null;
  inspection: string | null;
}

export interface BlobTable {
  sha256: string;
  size: number | string;
  ref_count: number;
  created_at: string;
  /** Last claim by an upload (garbage collection spares recent claims); null before migration 0003. */
  claimed_at: string | null;
}

export interface Database {
  contexts: ContextTable;
  users: UserTable;
  groups: GroupTable;
  group_members: GroupMemberTable;
  role_bindings: RoleBindingTable;
  tokens: TokenTable;
  sessions: SessionTable;
  models: ModelTable;
  model_tags: ModelTagTable;
  model_terms: ModelTermTable;
  versions: VersionTable;
  formats: FormatTable;
  blobs: BlobTable;
  kysely_migration?: { name: string; timestamp: Generated<string> };
}
