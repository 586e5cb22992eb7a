import { Type } from '@sinclair/typebox';
import { PERMISSIONS, ROLE_NAMES } from '../../domain/permissions.js';
import { Timestamp } from './common.schema.js';

const PermissionName = Type.Union(PERMISSIONS.map((p) => Type.Literal(p)));

export const Context = Type.Object(
  {
    id: Type.String(),
    slug: Type.String(),
    name: Type.String(),
    createdAt: Timestamp,
    createdBy: Type.String(),
    permissions: Type.Array(PermissionName, { description: "The caller's permissions in this context" }),
  },
  { $id: 'Context' },
);

export const ContextList = Type.Object({ items: Type.Array(Type.Ref(Context)) }, { $id: 'ContextList' });

export const ContextCreate = Type.Object(
  { slug: Type.String({ minLength: 1, maxLength: 64 }), name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })) },
  { additionalProperties: false, $id: 'ContextCreate' },
);

export const ContextPatch = Type.Object(
  {
    slug: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  },
  { additionalProperties: false, $id: 'ContextPatch' },
);

export const User = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    displayName: Type.String(),
    isAdmin: Type.Boolean(),
    disabled: Type.Boolean(),
    hasPassword: Type.Boolean(),
    createdAt: Timestamp,
  },
  { $id: 'User' },
);

export const UserList = Type.Object({ items: Type.Array(Type.Ref(User)) }, { $id: 'UserList' });

export const UserCreate = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    password: Type.Optional(Type.String({ minLength: 12, maxLength: 1024 })),
    isAdmin: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, $id: 'UserCreate' },
);

export const UserPatch = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    password: Type.Optional(Type.String({ minLength: 12, maxLength: 1024 })),
    isAdmin: Type.Optional(Type.Boolean()),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, $id: 'UserPatch' },
);

export const Member = Type.Object({ id: Type.String(), username: Type.String() });

export const Group = Type.Object(
  { id: Type.String(), name: Type.String(), createdAt: Timestamp, members: Type.Array(Member) },
  { $id: 'Group' },
);

export const GroupList = Type.Object({ items: Type.Array(Type.Ref(Group)) }, { $id: 'GroupList' });

export const GroupCreate = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false, $id: 'GroupCreate' },
);

export const RoleBinding = Type.Object(
  {
    id: Type.String(),
    contextId: Type.String(),
    role: Type.String(),
    subjectType: Type.Union([Type.Literal('user'), Type.Literal('group')]),
    subjectId: Type.String(),
    subjectName: Type.Union([Type.String(), Type.Null()]),
    createdAt: Timestamp,
    createdBy: Type.String(),
  },
  { $id: 'RoleBinding' },
);

export const RoleBindingList = Type.Object({ items: Type.Array(Type.Ref(RoleBinding)) }, { $id: 'RoleBindingList' });

export const RoleBindingCreate = Type.Object(
  {
    context: Type.String({ minLength: 1, maxLength: 128, description: 'context id or slug' }),
    role: Type.String({ description: ROLE_NAMES.join(', ') }),
    user: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'user id or username' })),
    group: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'group id or name' })),
  },
  { additionalProperties: false, $id: 'RoleBindingCreate' },
);

export const Token = Type.Object(
  {
    id: Type.String(),
    userId: Type.String(),
    name: Type.String(),
    prefix: Type.String({ description: 'The first characters of the secret, to tell tokens apart' }),
    createdAt: Timestamp,
    expiresAt: Type.Union([Timestamp, Type.Null()]),
    lastUsedAt: Type.Union([Timestamp, Type.Null()]),
    revokedAt: Type.Union([Timestamp, Type.Null()]),
  },
  { $id: 'Token' },
);

export const TokenList = Type.Object({ items: Type.Array(Type.Ref(Token)) }, { $id: 'TokenList' });

export const TokenCreated = Type.Object(
  {
    token: Type.Ref(Token),
    secret: Type.String({ description: 'The bearer token. Shown once: it is stored only as a hash' }),
  },
  { $id: 'TokenCreated' },
);

export const TokenCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
    user: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'administrators only: the owner' })),
  },
  { additionalProperties: false, $id: 'TokenCreate' },
);

export const Me = Type.Object(
  {
    user: Type.Ref(User),
    contexts: Type.Array(Type.Ref(Context)),
    csrfToken: Type.Optional(Type.String({ description: 'For dashboard sessions: send it as X-CSRF-Token on writes' })),
    limits: Type.Object(
      {
        maxVersions: Type.Integer({ description: 'Live versions a model may hold' }),
        maxFormats: Type.Integer({ description: 'Formats a version may hold' }),
        maxUploadBytes: Type.Integer({ description: 'Largest file accepted' }),
      },
      { description: "This deployment's limits, so clients can check before they send" },
    ),
  },
  { $id: 'Me' },
);

export const SessionCreate = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false, $id: 'SessionCreate' },
);
