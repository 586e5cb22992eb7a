import type { TSchema } from '@sinclair/typebox';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsImport as unknown as typeof addFormatsImport.default;

/**
 * Two validators: JSON bodies are checked strictly (no type coercion, unknown fields rejected rather than
 * silently dropped), while path, query and headers are strings on the wire and are coerced to their types.
 */
export function createValidatorCompiler(sharedSchemas: readonly TSchema[]): FastifySchemaCompiler<TSchema> {
  const make = (coerceTypes: boolean | 'array'): Ajv => {
    const ajv = new Ajv({ coerceTypes, removeAdditional: false, useDefaults: true, allErrors: true, strict: false });
    addFormats(ajv);
    for (const schema of sharedSchemas) ajv.addSchema(schema);
    return ajv;
  };
  const strict = make(false);
  const coercing = make('array');
  // Fastify reads an Ajv-style function directly: false plus `.errors` on failure.
  return ({ schema, httpPart }): ValidateFunction => (httpPart === 'body' ? strict : coercing).compile(schema);
}
