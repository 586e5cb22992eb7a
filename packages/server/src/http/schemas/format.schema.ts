import { Type } from '@sinclair/typebox';
import { Timestamp } from './common.schema.js';

const ShapeDim = Type.Union([Type.Integer(), Type.String()], { description: 'A fixed size, or the name of a dynamic dimension' });

export const SignatureField = Type.Object(
  {
    name: Type.String(),
    type: Type.Optional(Type.String({ description: 'PMML dataType or ONNX element type' })),
    shape: Type.Optional(Type.Array(ShapeDim)),
    usage: Type.Optional(Type.String({ description: 'PMML usageType (active, target, ...)' })),
  },
  { $id: 'SignatureField' },
);

export const Signature = Type.Object(
  {
    inputs: Type.Array(Type.Ref(SignatureField)),
    outputs: Type.Optional(
      Type.Array(Type.Object({ name: Type.String(), type: Type.Optional(Type.String()), shape: Type.Optional(Type.Array(ShapeDim)) })),
    ),
  },
  { $id: 'Signature', description: "The model's input (and output) fields, as a PMML or ONNX file declares them" },
);

export const Inspection = Type.Object(
  {
    kind: Type.Union([Type.Literal('pickle'), Type.Literal('joblib'), Type.Literal('pmml'), Type.Literal('r'), Type.Literal('onnx')]),
    verdict: Type.Union([Type.Literal('safe'), Type.Literal('suspicious'), Type.Literal('dangerous')], {
      description: 'dangerous: loading the file would run code that can reach the system (pickle globals such as os.system)',
    }),
    summary: Type.String(),
    details: Type.Record(Type.String(), Type.Unknown(), { description: 'Facts found, per kind (see docs/inspection.md)' }),
    signature: Type.Optional(Type.Ref(Signature)),
    inspectorVersion: Type.Integer(),
  },
  { $id: 'Inspection', description: 'What the format inspector found in the file, read without executing it' },
);

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
    inspection: Type.Union([Type.Ref(Inspection), Type.Null()], {
      description: 'What the format inspector found in the file (null until a file is uploaded)',
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
