import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Format } from '../src/types.js';
import { cliHome, type CliHome } from './helpers/cli.js';
import { fixture, unique } from './helpers/env.js';
import { startServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let cli: CliHome;

before(async () => {
  server = await startServer();
  cli = await cliHome();
  const login = await cli.run(['login', '--url', server.url, '--token', server.adminToken]);
  assert.equal(login.code, 0, login.stderr);
});
after(async () => {
  await cli.cleanup();
  await server.close();
});

/** A fresh model with version 1 holding `file` as `format`; returns the model name. */
async function modelWith(format: string, file: string): Promise<string> {
  const name = unique('inspect');
  await cli.json(['models', 'create', name]);
  await cli.json(['versions', 'create', name]);
  const upload = await cli.run(['formats', 'upload', `${name}@1`, format, fixture(file)]);
  assert.equal(upload.code, 0, upload.stderr);
  return name;
}

const RED = '\u001b[31m';

describe('modelry formats inspect', () => {
  test('a pickle calling os.system is reported dangerous with its globals, and exits 0 (the server stored it under warn)', async () => {
    const name = await modelWith('pkl', 'evil_os_system_p0.pkl');
    const result = await cli.run(['formats', 'inspect', `${name}@1`, 'pkl']);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', new RegExp(`^pkl of ${name}@1: dangerous \\(pickle inspector v\\d+\\)$`));
    assert.match(lines[1] ?? '', /^summary: pickle protocol 0, .*dangerous: .*system/);
    assert.match(lines[2] ?? '', /^dangerous globals: (os|posix|nt)\.system/);
    assert.ok(!result.stdout.includes('\u001b['), 'no colour codes when piped');
  });

  test('FORCE_COLOR highlights the verdict and the dangerous globals in red', async () => {
    const name = await modelWith('pkl', 'evil_os_system_p0.pkl');
    const result = await cli.run(['formats', 'inspect', `${name}@1`, 'pkl'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stdout.includes(`${RED}dangerous\u001b[39m`), result.stdout);
    assert.match(result.stdout, /dangerous globals: \u001b\[31m(os|posix|nt)\.system\u001b\[39m/);
  });

  test('a PMML tree is safe and its signature lists the inputs', async () => {
    const name = await modelWith('pmml', 'rattle_DecisionTreeIris.pmml');
    const result = await cli.run(['formats', 'inspect', `${name}@1`, 'pmml']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^pmml of ${name}@1: safe \\(pmml inspector v\\d+\\)\\nsummary: .+\\ninputs: .*Sepal`));
  });

  test('--json prints the Format with its inspection', async () => {
    const name = await modelWith('pmml', 'rattle_DecisionTreeIris.pmml');
    const format = await cli.json<Format>(['formats', 'inspect', `${name}@1`, 'pmml']);
    assert.equal(format.format, 'pmml');
    assert.equal(format.inspection?.verdict, 'safe');
    assert.ok((format.inspection?.signature?.inputs.length ?? 0) > 0);
  });

  test('a format without a file is refused with the server message, exit 1', async () => {
    const name = unique('inspect-empty');
    await cli.json(['models', 'create', name]);
    await cli.json(['versions', 'create', name]);
    const upload = await cli.run(['formats', 'upload', `${name}@1`, 'pkl', fixture('logreg_iris_p4.pkl')]);
    assert.equal(upload.code, 0, upload.stderr);
    const result = await cli.run(['formats', 'inspect', `${name}@1`, 'onnx']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^modelry: /);
    assert.equal(result.stdout, '');
  });
});

describe('inspection in formats ls and upload', () => {
  test('formats ls shows each format\'s verdict and summary', async () => {
    const name = await modelWith('pkl', 'evil_os_system_p0.pkl');
    const result = await cli.run(['formats', 'ls', `${name}@1`]);
    assert.equal(result.code, 0, result.stderr);
    const [header, row] = result.stdout.trimEnd().split('\n');
    assert.match(header ?? '', /^FORMAT\s+FILE\s+SIZE\s+SHA256\s+VERDICT\s+SUMMARY$/);
    assert.match(row ?? '', /^pkl\s+evil_os_system_p0\.pkl\s+.*\s+[0-9a-f]{64}\s+dangerous\s+pickle protocol 0, .*system/);
  });

  test('uploading a dangerous pickle prints its verdict and warns on stderr', async () => {
    const name = unique('inspect-upload');
    await cli.json(['models', 'create', name]);
    await cli.json(['versions', 'create', name]);
    const result = await cli.run(['formats', 'upload', `${name}@1`, 'pkl', fixture('evil_os_system_p0.pkl')]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /\ninspection: dangerous — pickle protocol 0, .*system\n$/);
    assert.match(result.stderr, /^modelry: warning: loading this file would run code that can reach the system \((os|posix|nt)\.system\)\n$/);
  });
});
