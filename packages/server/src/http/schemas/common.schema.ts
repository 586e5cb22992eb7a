import { Type, type TSchema, type TUnsafe } from '@sinclair/typebox';

/** Shapes shared by several resources. Every object schema forbids unknown fields. */
export const Timestamp = Type.String({ format: 'date-time', description: 'ISO-8601 UTC' });

export const Problem = Type.Object(
  {
    type: Type.String({ description: 'Stable problem type URI; see docs/errors.md' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    field: Type.Optional(Type.String({ description: 'The request field at fault' })),
    limit: Type.Optional(Type.Union([Type.Number(), Type.String()], { description: 'The limit that was exceeded' })),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);

export const Tags = Type.Union(
  [
    Type.Array(Type.String({ maxLength: 256 }), { maxItems: 500 }),
    Type.String({ maxLength: 20_000, description: 'comma-separated' }),
  ],
  { description: 'Tags as a JSON array or one comma-separated string; each 1-32 characters, at most 50' },
);

export const Description = Type.String({ maxLength: 70_000, description: 'Markdown source, at most 64 KiB of UTF-8' });

export const ContextParams = Type.Object({ ctx: Type.String({ minLength: 1, maxLength: 128, description: 'context id or slug' }) });

export const ModelParams = Type.Object({
  ctx: Type.String({ minLength: 1, maxLength: 128 }),
  modelId: Type.String({ minLength: 1, maxLength: 64 }),
});

export const VersionParams = Type.Object({
  ctx: Type.String({ minLength: 1, maxLength: 128 }),
  modelId: Type.String({ minLength: 1, maxLength: 64 }),
  n: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'version number' }),
});

export const FormatParams = Type.Object({
  ctx: Type.String({ minLength: 1, maxLength: 128 }),
  modelId: Type.String({ minLength: 1, maxLength: 64 }),
  n: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
  format: Type.String({ minLength: 1, maxLength: 32 }),
});

export const Limit = Type.Integer({ minimum: 1, maximum: 200, default: 50 });
/**
 * A string from a fixed list, as a plain JSON Schema `enum`: validation errors then name the allowed values
 * (a union of literals would report one failed `const` per member instead).
 */
export function StringEnum<const T extends readonly string[]>(values: T, options: { default?: T[number]; description?: string } = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

export const Order = StringEnum(['asc', 'desc']);

/** The error responses every route can give, referenced rather than repeated. */
export function withProblems<T extends Record<number, TSchema>>(ok: T): T & Record<number, TSchema> {
  const problem = Type.Ref(Problem);
  return { ...ok, 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 413: problem, 422: problem };
}

export const NoContent = Type.Null({ description: 'No content' });
