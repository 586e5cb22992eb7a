import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
// @ts-expect-error: a plain .mjs script shared with `npm run generate`, without type declarations
import { GENERATED_PATH, generateApiTypes } from '../scripts/generate-types.mjs';

test('src/generated/api.ts is exactly what openapi-typescript generates from packages/server/openapi.json', async () => {
  const expected = (await generateApiTypes()) as string;
  const committed = await readFile(GENERATED_PATH as string, 'utf8');
  assert.ok(
    committed === expected,
    'the generated client types are out of date: run `npm run openapi -w @modelry/server && npm run generate -w @modelry/client` and commit the result',
  );
});
