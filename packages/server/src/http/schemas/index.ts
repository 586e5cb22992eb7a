import type { TSchema } from '@sinclair/typebox';
import * as admin from './admin.schema.js';
import * as common from './common.schema.js';
import * as format from './format.schema.js';
import * as model from './model.schema.js';
import * as version from './version.schema.js';

/** Every schema with an $id: registered once with Fastify and published as an OpenAPI component. */
export const NAMED_SCHEMAS: TSchema[] = [common, model, version, format, admin]
  .flatMap((module) => Object.values(module) as unknown[])
  .filter((value): value is TSchema => typeof value === 'object' && value !== null && '$id' in value);
