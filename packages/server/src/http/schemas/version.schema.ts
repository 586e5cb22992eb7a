import { Type } from '@sinclair/typebox';
import { Description, Limit, Order, Tags, Timestamp } from './common.schema.js';
import { Format, Signature } from './format.schema.js';

export const DatasetRecord = Type.Object(
  {
    uri: Type.String({ minLength: 1, maxLength: 2048, description: 'Where the training data lives (s3://, https://, a dataset id…)' }),
    name: Type.Optional(Type.String({ maxLength: 256 })),
    sha256: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{64}$' })),
  },
  { additionalProperties: false, $id: 'DatasetRecord' },
);

const Hyperparameters = Type.Record(Type.String({ maxLength: 256 }), Type.Unknown(), {
  description: 'Free-form JSON object, at most 256 KiB',
});
const Config = Type.Unknown({ description: 'Any JSON value read by deployment containers, at most 1 MiB' });

export const Version = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    modelId: Type.String(),
    number: Type.Integer({ minimum: 1 }),
    name: Type.String(),
    description: Type.String(),
    tags: Type.Array(Type.String()),
    hyperparameters: Hyperparameters,
    config: Config,
    records: Type.Array(Type.Ref(DatasetRecord)),
    published: Type.Boolean(),
    publishedAt: Type.Union([Timestamp, Type.Null()]),
    publishedBy: Type.Union([Type.String(), Type.Null()]),
    createdAt: Timestamp,
    createdBy: Type.String(),
    updatedAt: Timestamp,
    updatedBy: Type.String(),
    formats: Type.Array(Type.Ref(Format)),
    signature: Type.Union([Type.Ref(Signature), Type.Null()], {
      description: 'Input fields of the model, from the first PMML (else ONNX) format whose file declares them',
    }),
  },
  { $id: 'Version' },
);

export const VersionPage = Type.Object(
  { items: Type.Array(Type.Ref(Version)), nextCursor: Type.Union([Type.String(), Type.Null()]) },
  { $id: 'VersionPage' },
);

const versionFields = {
  name: Type.Optional(Type.String({ maxLength: 128 })),
  description: Type.Optional(Description),
  tags: Type.Optional(Tags),
  hyperparameters: Type.Optional(Hyperparameters),
  config: Type.Optional(Config),
  records: Type.Optional(Type.Array(Type.Ref(DatasetRecord), { maxItems: 100 })),
};

export const VersionCreate = Type.Object(versionFields, { additionalProperties: false, $id: 'VersionCreate' });
export const VersionPatch = Type.Object(versionFields, { additionalProperties: false, $id: 'VersionPatch' });

export const VersionListQuery = Type.Object(
  { order: Type.Optional(Order), limit: Type.Optional(Limit), cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,10}$' })) },
  { additionalProperties: false },
);
