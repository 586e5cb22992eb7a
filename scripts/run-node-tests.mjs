#!/usr/bin/env node
// The one test runner of the TypeScript workspaces: runs every *.test.ts under test/ of the current working
// directory (or the folders/files given) with node's test runner through tsx. Node 20's runner does not expand
// globs itself, so the files are found here. Each workspace's `npm test` runs it from its own directory:
//   node ../../scripts/run-node-tests.mjs [files or dirs]
// MODELRY_TEST_CONCURRENCY sets how many test files run at once (default 2).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = process.cwd();

function collect(target) {
  if (!existsSync(target)) {
    console.error(`no such test file or directory: ${path.relative(root, target) || target}`);
    process.exit(2);
  }
  if (statSync(target).isFile()) return [target];
  return readdirSync(target, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? collect(path.join(target, entry.name)) : [path.join(target, entry.name)]))
    .filter((file) => file.endsWith('.test.ts'));
}

const targets = process.argv.slice(2);
const files = (targets.length > 0 ? targets.map((t) => path.resolve(root, t)) : [path.join(root, 'test')]).flatMap(collect).sort();
if (files.length === 0) {
  console.error(`no *.test.ts files found under ${targets.length > 0 ? targets.join(', ') : 'test/'}`);
  process.exit(1);
}
const concurrency = process.env.MODELRY_TEST_CONCURRENCY ?? '2';
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files.map((f) => path.relative(root, f))],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
