#!/usr/bin/env node
// Runs every *.test.ts under test/ (or the folders/files given) with node's test runner through tsx.
// Node 20's runner does not expand globs itself, so the files are found here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function collect(target) {
  if (statSync(target).isFile()) return [target];
  return readdirSync(target, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? collect(path.join(target, entry.name)) : [path.join(target, entry.name)]))
    .filter((file) => file.endsWith('.test.ts'));
}

const targets = process.argv.slice(2);
const files = (targets.length > 0 ? targets.map((t) => path.resolve(t)) : [path.join(root, 'test')]).flatMap(collect).sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const concurrency = process.env.MODELRY_TEST_CONCURRENCY ?? '2';
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files.map((f) => path.relative(root, f))],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
