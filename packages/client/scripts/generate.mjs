#!/usr/bin/env node
// Regenerates src/generated/api.ts from the server's OpenAPI document (packages/server/openapi.json).
// The output is committed; test/generated-types.test.ts regenerates it in memory and fails on any diff.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GENERATED_PATH, generateApiTypes } from './generate-types.mjs';

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(GENERATED_PATH, await generateApiTypes());
  console.log(`wrote ${GENERATED_PATH}`);
}
