import { Type } from '@sinclair/typebox';
import { Description, Limit, Order, StringEnum, Tags, Timestamp } from './common.schema.js';

export const Model = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    contextId: Type.String(),
    name: Type.String(),
    description: Type.String({ description: 'Markdown source' }),
    tags: Type.Array(Type.String()),
    versionCount: Type.Integer({ description: 'Live versions' }),
    latestVersion: Type.Union([Type.Integer(), Type.Null()], { description: 'Highest live version number' }),
    createdAt: Timestamp,
    createdBy: Type.String(),
    updatedAt: Timestamp,
    updatedBy: Type.String(),
  },
  { $id: 'Model' },
);

export const ModelPage = Type.Object(
  { items: Type.Array(Type.Ref(Model)), nextCursor: Type.Union([Type.String(), Type.Null()]) },
  { $id: 'ModelPage' },
);

export const ModelCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    description: Type.Optional(Description),
    tags: Type.Optional(Tags),
  },
  { additionalProperties: false, $id: 'ModelCreate' },
);

export const ModelPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    description: Type.Optional(Description),
    tags: Type.Optional(Tags),
  },
  { additionalProperties: false, $id: 'ModelPatch' },
);

export const ModelListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 256, description: 'Words matched as prefixes of name, description and tag words' })),
    tag: Type.Optional(Type.String({ maxLength: 64, description: 'Exact tag, ignoring case' })),
    sort: Type.Optional(StringEnum(['name', 'createdAt', 'updatedAt'], { default: 'updatedAt' })),
    order: Type.Optional(Order),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(Type.String({ maxLength: 1024 })),
  },
  { additionalProperties: false },
);
