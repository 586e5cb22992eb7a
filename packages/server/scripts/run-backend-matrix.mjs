#!/usr/bin/env node
// Runs the API suite (and the storage tests) against every storage combination, then the two-replica
// tests: sqlite+disk, postgres+disk, postgres+s3 (s3rver). PostgreSQL must be reachable at
// 127.0.0.1:5432 with trust auth (or MODELRY_TEST_POSTGRES_URL); each test file creates and drops its
// own database. Usage: node scripts/run-backend-matrix.mjs [sqlite|postgres|postgres-s3|replicas ...]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STEPS = {
  sqlite: { backend: 'sqlite', targets: ['test/api', 'test/storage'] },
  postgres: { backend: 'postgres', targets: ['test/api', 'test/storage'] },
  'postgres-s3': { backend: 'postgres-s3', targets: ['test/api', 'test/storage'] },
  replicas: { backend: 'postgres-s3', targets: ['test/replicas'] },
};

const chosen = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(STEPS);
const failed = [];
for (const name of chosen) {
  const step = STEPS[name];
  if (step === undefined) {
    console.error(`unknown step "${name}"; choose from ${Object.keys(STEPS).join(', ')}`);
    process.exit(2);
  }
  console.log(`\n=== ${name} (MODELRY_TEST_BACKEND=${step.backend}) ===`);
  const result = spawnSync(process.execPath, ['../../scripts/run-node-tests.mjs', ...step.targets], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, MODELRY_TEST_BACKEND: step.backend },
  });
  if (result.status !== 0) failed.push(name);
}
console.log(failed.length === 0 ? `\nall backends passed: ${chosen.join(', ')}` : `\nfailed: ${failed.join(', ')}`);
process.exit(failed.length === 0 ? 0 : 1);
