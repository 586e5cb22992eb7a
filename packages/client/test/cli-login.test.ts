import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cliHome, type CliHome } from './helpers/cli.js';
import { startServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let cli: CliHome;

before(async () => {
  server = await startServer();
  cli = await cliHome();
});
after(async () => {
  await cli.cleanup();
  await server.close();
});

describe('modelry login', () => {
  test('a bad token is refused with the server message, exit 1, and nothing is saved', async () => {
    const result = await cli.run(['login', '--url', server.url, '--token', 'not-a-real-token-0123456789abcdef0123']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^modelry: .+/);
    assert.equal(result.stdout, '');
    await assert.rejects(stat(cli.configFile), { code: 'ENOENT' });
  });

  test('an unreachable server exits 3 with a connection message', async () => {
    const result = await cli.run(['login', '--url', 'http://127.0.0.1:9', '--token', server.adminToken]);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /modelry: cannot reach http:\/\/127\.0\.0\.1:9/);
  });

  test('a good token is saved in a 0600 file in a 0700 directory under XDG_CONFIG_HOME', async () => {
    const result = await cli.run(['login', '--url', server.url, '--token', server.adminToken]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Logged in to .* as admin/);
    const file = await stat(cli.configFile);
    assert.equal(file.mode & 0o777, 0o600);
    assert.equal((await stat(path.dirname(cli.configFile))).mode & 0o777, 0o700);
    const saved = JSON.parse(await readFile(cli.configFile, 'utf8'));
    assert.deepEqual(saved, { url: server.url, token: server.adminToken });
  });

  test('later commands use the saved login; --json prints the API objects', async () => {
    const contexts = await cli.json<Array<{ slug: string; permissions: string[] }>>(['contexts']);
    const defaults = contexts.find((c) => c.slug === 'default');
    assert.ok(defaults);
    assert.ok(defaults.permissions.includes('model:create'));
  });

  test('the environment overrides the config file, and flags override the environment', async () => {
    const envBad = await cli.run(['contexts'], { env: { MODELRY_TOKEN: 'wrong-token-0123456789abcdef0123456789' } });
    assert.equal(envBad.code, 1);
    const flagGood = await cli.run(['contexts', '--token', server.adminToken], { env: { MODELRY_TOKEN: 'wrong-token-0123456789abcdef0123456789' } });
    assert.equal(flagGood.code, 0, flagGood.stderr);
  });

  test('without a login, commands explain how to log in and exit 2', async () => {
    const fresh = await cliHome();
    try {
      const result = await fresh.run(['models', 'ls']);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /modelry login --url URL --token TOKEN/);
    } finally {
      await fresh.cleanup();
    }
  });

  test('--help works on every command and exits 0', async () => {
    for (const args of [[], ['models'], ['models', 'ls'], ['versions', 'create'], ['formats', 'upload'], ['pull'], ['serve'], ['login']]) {
      const result = await cli.run([...args, '--help']);
      assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stdout, /^Usage: modelry/m, args.join(' '));
    }
  });

  test('a usage mistake exits 2', async () => {
    const result = await cli.run(['models', 'show']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /missing required argument/);
  });
});
