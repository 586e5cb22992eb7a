import { Type } from '@sinclair/typebox';
import { Timestamp } from './common.schema.js';

export const Format = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    format: Type.String({ description: 'pkl, joblib, rda, rds, pmml or onnx' }),
    fileName: Type.Union([Type.String(), Type.Null()]),
    mediaType: Type.String(),
    hasFile: Type.Boolean(),
    size: Type.Union([Type.Integer(), Type.Null()]),
    sha256: Type.Union([Type.String(), Type.Null()]),
    createdAt: Timestamp,
    createdBy: Type.String(),
    uploadedAt: Type.Union([Timestamp, Type.Null()]),
    uploadedBy: Type.Union([Type.String(), Type.Null()]),
    inspection: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], {
      description: 'What the format inspector found in the file',
    }),
  },
  { $id: 'Format' },
);

export const FormatList = Type.Object({ items: Type.Array(Type.Ref(Format)) }, { $id: 'FormatList' });

export const FormatCreate = Type.Object(
  {
    format: Type.String({ minLength: 1, maxLength: 32 }),
    fileName: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  },
  { additionalProperties: false, $id: 'FormatCreate' },
);

export const UploadQuery = Type.Object(
  { fileName: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })) },
  { additionalProperties: false },
);

export const UploadHeaders = Type.Object({
  'x-checksum-sha256': Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{64}$' })),
  'content-length': Type.Optional(Type.String({ pattern: '^[0-9]{1,20}$' })),
});
