#!/usr/bin/env node
// Runs the Python and R SDK test suites against ONE real Modelry server started for the run
// (the built packages/server/dist, a temporary data directory, a generated admin token),
// then prints `sdk: N passed, M failed` and exits non-zero when anything failed.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const serverMain = path.join(repo, 'packages', 'server', 'dist', 'main.js');

/** A free loopback port: listen on 0, read the port, close. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function onPath(command) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && existsSync(path.join(dir, command)));
}

/** Debian's python3 sees python3-sklearn; a pyenv python3 earlier on PATH would not. */
function pythonCommand() {
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

/** Runs a command with inherited output, also capturing it so counts can be read from it. */
function run(command, args, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; process.stdout.write(chunk); });
    child.stderr.on('data', (chunk) => { output += chunk; process.stderr.write(chunk); });
    child.on('error', (error) => resolve({ code: 127, output: `${command}: ${error.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function waitForHealth(url, server, log) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode}:\n${log()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the server did not answer ${url}/healthz within 30 s:\n${log()}`);
}

async function startServer() {
  if (!existsSync(serverMain)) {
    throw new Error(`${path.relative(repo, serverMain)} is missing: run \`npm run build\` first`);
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'modelry-sdk-'));
  const port = await freePort();
  const token = randomBytes(32).toString('base64url'); // 43 characters
  const env = {
    ...process.env,
    MODELRY_HOST: '127.0.0.1',
    MODELRY_PORT: String(port),
    MODELRY_DATA_DIR: dataDir,
    MODELRY_ADMIN_TOKEN: token,
    MODELRY_ADMIN_PASSWORD: randomBytes(18).toString('base64url'),
    MODELRY_LOG_LEVEL: 'warn',
  };
  delete env.MODELRY_DATABASE_URL;
  const server = spawn(process.execPath, [serverMain], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  server.stdout.on('data', (chunk) => { log += chunk; });
  server.stderr.on('data', (chunk) => { log += chunk; });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, server, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, token, stop };
}

/** unittest prints "Ran N tests" and "OK" or "FAILED (failures=a, errors=b)". */
function countUnittest({ code, output }) {
  const ran = Number(/^Ran (\d+) tests?/m.exec(output)?.[1] ?? 0);
  const failures = Number(/failures=(\d+)/.exec(output)?.[1] ?? 0);
  const errors = Number(/errors=(\d+)/.exec(output)?.[1] ?? 0);
  const failed = failures + errors || (code === 0 ? 0 : 1);
  return { passed: Math.max(0, ran - failures - errors), failed };
}

/** sdk/r/tests/run.R prints "r: N passed, M failed". */
function countR({ code, output }) {
  const match = /^r: (\d+) passed, (\d+) failed$/m.exec(output);
  if (match === null) return { passed: 0, failed: 1 };
  const failed = Number(match[2]);
  return { passed: Number(match[1]), failed: failed || (code === 0 ? 0 : 1) };
}

async function main() {
  const server = await startServer();
  const env = {
    ...process.env,
    MODELRY_URL: server.url,
    MODELRY_TOKEN: server.token,
    MODELRY_CONTEXT: 'default',
    PYTHONPATH: path.join(repo, 'sdk', 'python', 'src'),
    PYTHONDONTWRITEBYTECODE: '1',
  };
  const results = [];
  try {
    if (onPath('mypy')) {
      console.log('\n== python: mypy --strict ==');
      const typed = await run('mypy', ['--strict', '--no-incremental', 'sdk/python/src/modelry'], env);
      results.push({ suite: 'mypy --strict', passed: typed.code === 0 ? 1 : 0, failed: typed.code === 0 ? 0 : 1 });
    } else {
      console.log('\n== python: mypy not found (apt-get install mypy); the type check was not run ==');
    }
    console.log(`\n== python: ${pythonCommand()} -m unittest ==`);
    const python = await run(pythonCommand(), ['-m', 'unittest', 'discover', '-s', 'sdk/python/tests', '-t', 'sdk/python', '-v'], env);
    results.push({ suite: 'python', ...countUnittest(python) });
    console.log('\n== r: Rscript sdk/r/tests/run.R ==');
    const r = await run('Rscript', ['sdk/r/tests/run.R'], env);
    results.push({ suite: 'r', ...countR(r) });
  } finally {
    await server.stop();
  }
  for (const { suite, passed, failed } of results) console.log(`  ${suite}: ${passed} passed, ${failed} failed`);
  const passed = results.reduce((sum, r) => sum + r.passed, 0);
  const failed = results.reduce((sum, r) => sum + r.failed, 0);
  console.log(`sdk: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(`sdk tests: ${error instanceof Error ? error.message : String(error)}`);
  console.log('sdk: 0 passed, 1 failed');
  process.exitCode = 1;
});
