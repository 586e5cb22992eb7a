#!/usr/bin/env node
// Runs every benchmark in turn; each prints its own figures. Pass names to run a subset:
//   node bench/run-all.mjs upload-download metadata
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const scripts = fs
  .readdirSync(here)
  .filter((name) => /\.(mjs|py)$/.test(name) && name !== 'run-all.mjs')
  .filter((name) => wanted.length === 0 || wanted.includes(name.replace(/\.(mjs|py)$/, '')))
  .sort();
let failed = 0;
for (const script of scripts) {
  console.log(`\n### ${script}`);
  const command = script.endsWith('.py') ? '/usr/bin/python3' : process.execPath;
  const result = spawnSync(command, [path.join(here, script)], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
