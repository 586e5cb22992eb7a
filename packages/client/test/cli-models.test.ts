import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Model, ModelPage, Version, VersionPage } from '../src/types.js';
import { cliHome, type CliHome } from './helpers/cli.js';
import { unique } from './helpers/env.js';
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

describe('modelry models', () => {
  test('create, ls, show, edit and rm print the API objects with --json', async () => {
    const name = unique('iris');
    const created = await cli.json<Model>(['models', 'create', name, '--description', 'Iris *classifier*', '--tags', 'iris,demo']);
    assert.equal(created.name, name);
    assert.deepEqual(created.tags.toSorted(), ['demo', 'iris']);
    assert.equal(created.description, 'Iris *classifier*');

    const page = await cli.json<ModelPage>(['models', 'ls', '--query', name]);
    assert.deepEqual(page.items.map((m) => m.id), [created.id]);
    assert.equal(page.nextCursor, null);

    const byName = await cli.json<Model>(['models', 'show', name.toUpperCase()]);
    assert.equal(byName.id, created.id, 'names resolve ignoring case');
    const byId = await cli.json<Model>(['models', 'show', created.id]);
    assert.equal(byId.name, name);

    const edited = await cli.json<Model>(['models', 'edit', name, '--name', `${name}-v2`, '--tags', 'prod']);
    assert.equal(edited.name, `${name}-v2`);
    assert.deepEqual(edited.tags, ['prod']);

    const removed = await cli.json<{ deleted: boolean; id: string }>(['models', 'rm', `${name}-v2`]);
    assert.deepEqual(removed, { deleted: true, id: created.id, name: `${name}-v2` });
    const gone = await cli.run(['models', 'show', created.id]);
    assert.equal(gone.code, 1);
  });

  test('human output is a table with the model', async () => {
    const name = unique('table');
    await cli.json(['models', 'create', name]);
    const result = await cli.run(['models', 'ls', '--query', name]);
    assert.equal(result.code, 0, result.stderr);
    const [header, row] = result.stdout.trim().split('\n');
    assert.match(header ?? '', /^ID\s+NAME\s+LATEST\s+VERSIONS\s+TAGS\s+UPDATED$/);
    assert.match(row ?? '', new RegExp(`\\s${name}\\s`));
  });

  test('a server refusal exits 1 with the server message (and field) on stderr and nothing on stdout', async () => {
    const name = unique('dup');
    await cli.json(['models', 'create', name]);
    const duplicate = await cli.run(['models', 'create', name, '--json']);
    assert.equal(duplicate.code, 1);
    assert.equal(duplicate.stdout, '');
    assert.match(duplicate.stderr, new RegExp(`^modelry: .*${name}.*\\n$`));
    const tooLong = await cli.run(['models', 'create', 'x'.repeat(300)]);
    assert.equal(tooLong.code, 1);
    assert.match(tooLong.stderr, /^modelry: .*field: .*name/);
  });

  test('an unknown model name is reported as not found', async () => {
    const result = await cli.run(['models', 'show', 'no-such-model-anywhere']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /modelry: no model named "no-such-model-anywhere" in context "default"/);
  });

  test('edit without a change is a usage error', async () => {
    const result = await cli.run(['models', 'edit', 'whatever']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /nothing to change/);
  });
});

describe('modelry versions', () => {
  test('create takes hyperparameters, config and records; ls, show and publish return the API objects', async () => {
    const name = unique('ver');
    const model = await cli.json<Model>(['models', 'create', name]);
    const first = await cli.json<Version>([
      'versions',
      'create',
      name,
      '--name',
      'baseline',
      '--hyperparameters',
      '{"C": 0.5, "penalty": "l2"}',
      '--config',
      '{"threshold": 0.7, "labels": ["setosa", "versicolor"]}',
      '--record',
      's3://data/iris.csv,iris,' + 'a'.repeat(64),
    ]);
    assert.equal(first.number, 1);
    assert.equal(first.name, 'baseline');
    assert.deepEqual(first.hyperparameters, { C: 0.5, penalty: 'l2' });
    assert.deepEqual(first.config, { threshold: 0.7, labels: ['setosa', 'versicolor'] });
    assert.equal(first.records[0]?.uri, 's3://data/iris.csv');
    const second = await cli.json<Version>(['versions', 'create', model.id]);
    assert.equal(second.number, 2);

    const listed = await cli.json<VersionPage>(['versions', 'ls', name]);
    assert.deepEqual(listed.items.map((v) => v.number), [2, 1]);

    const published = await cli.json<Version>(['versions', 'publish', `${name}@1`]);
    assert.equal(published.published, true);
    const shown = await cli.json<Version>(['versions', 'show', `${name}@latest-published`]);
    assert.equal(shown.number, 1);
    const latest = await cli.json<Version>(['versions', 'show', `${name}@latest`]);
    assert.equal(latest.number, 2);

    const frozen = await cli.run(['versions', 'edit', `${name}@1`, '--name', 'changed']);
    assert.equal(frozen.code, 1);
    assert.match(frozen.stderr, /^modelry: /);

    const removed = await cli.json(['versions', 'rm', `${name}@2`]);
    assert.deepEqual(removed, { deleted: true, modelId: model.id, number: 2 });
    const third = await cli.json<Version>(['versions', 'create', name]);
    assert.equal(third.number, 3, 'a deleted number is not reused');
  });

  test('a version reference without @N is a usage error', async () => {
    const result = await cli.run(['versions', 'show', 'some-model']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /names no version: write MODEL@N/);
  });

  test('invalid JSON in --config is a usage error', async () => {
    const result = await cli.run(['versions', 'create', 'whatever', '--config', '{nope']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /not valid JSON/);
  });
});
