// Writes the OpenAPI document the server publishes at /api/v1/openapi.json to packages/server/openapi.json,
// the input of the TypeScript client's generated types. A test fails when the committed file drifts.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderOpenApi } from './openapi-document.js';

const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'openapi.json');
await fs.writeFile(target, await renderOpenApi());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
