import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Format, Model, Version } from '../src/types.js';
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

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('modelry formats', () => {
  test('upload and download round-trip byte for byte, with no progress output when piped', async () => {
    const name = unique('files');
    await cli.json<Model>(['models', 'create', name]);
    await cli.json<Version>(['versions', 'create', name]);
    const file = fixture('logreg_iris_p4.pkl');
    const bytes = await readFile(file);

    const upload = await cli.run(['formats', 'upload', `${name}@1`, 'pkl', file]);
    assert.equal(upload.code, 0, upload.stderr);
    assert.equal(upload.stderr, '', 'no progress bar when stderr is not a terminal');
    assert.match(upload.stdout, /^Uploaded logreg_iris_p4\.pkl to .*@1 \(.*, sha256 [0-9a-f]{64}\)\ninspection: safe — pickle protocol 4, .*\n$/);

    const listed = await cli.json<{ items: Format[] }>(['formats', 'ls', `${name}@1`]);
    assert.equal(listed.items[0]?.sha256, sha256(bytes));

    const download = await cli.run(['formats', 'download', `${name}@1`, 'pkl', '--output', path.join(cli.home, 'copy.pkl')]);
    assert.equal(download.code, 0, download.stderr);
    assert.equal(download.stderr, '');
    assert.deepEqual(await readFile(path.join(cli.home, 'copy.pkl')), bytes);

    const toStdout = await cli.run(['formats', 'download', `${name}@1`, 'pkl', '-o', '-'], { binary: true });
    assert.equal(toStdout.code, 0, toStdout.stderr);
    assert.deepEqual(toStdout.bytes, bytes, '-o - writes the raw bytes to stdout');
  });

  test('upload --json prints the Format, and a PMML file is stored with its name', async () => {
    const name = unique('pmml');
    await cli.json(['models', 'create', name]);
    await cli.json(['versions', 'create', name]);
    const file = fixture('rattle_DecisionTreeIris.pmml');
    const format = await cli.json<Format>(['formats', 'upload', `${name}@1`, 'pmml', file]);
    assert.equal(format.format, 'pmml');
    assert.equal(format.fileName, 'rattle_DecisionTreeIris.pmml');
    assert.equal(format.sha256, sha256(await readFile(file)));
    const model = await cli.json<Model>(['models', 'show', name]);
    const removed = await cli.json(['formats', 'rm', `${name}@1`, 'pmml']);
    assert.deepEqual(removed, { deleted: true, modelId: model.id, number: 1, format: 'pmml' });
    const after = await cli.json<{ items: Format[] }>(['formats', 'ls', `${name}@1`]);
    assert.deepEqual(after.items, []);
  });

  test('uploading to a published version is refused with the server message', async () => {
    const name = unique('frozen');
    await cli.json(['models', 'create', name]);
    await cli.json(['versions', 'create', name]);
    await cli.json(['versions', 'publish', `${name}@1`]);
    const result = await cli.run(['formats', 'upload', `${name}@1`, 'pkl', fixture('logreg_iris_p4.pkl')]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^modelry: .*publish/i);
  });

  test('a file the server refuses on inspection exits 1 with the server message', async () => {
    const name = unique('refused');
    await cli.json(['models', 'create', name]);
    await cli.json(['versions', 'create', name]);
    const result = await cli.run(['formats', 'upload', `${name}@1`, 'onnx', fixture('rattle_DecisionTreeIris.pmml')]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /^modelry: .*onnx.*\(field: body\)\n$/i);
  });

  test('a missing local file is reported, exit 1', async () => {
    const name = unique('nofile');
    await cli.json(['models', 'create', name]);
    await cli.json(['versions', 'create', name]);
    const result = await cli.run(['formats', 'upload', `${name}@1`, 'pkl', path.join(cli.home, 'missing.pkl')]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /modelry: .*ENOENT.*missing\.pkl/);
  });
});

describe('modelry pull', () => {
  let name: string;
  const pmml = fixture('rattle_DecisionTreeIris.pmml');

  before(async () => {
    name = unique('deploy');
    await cli.json(['models', 'create', name]);
    // v1: published, v2: published, v3: draft; each with its own config.
    for (const n of [1, 2, 3]) {
      await cli.json(['versions', 'create', name, '--name', `v${n}`, '--config', JSON.stringify({ threshold: n / 10 }), '--hyperparameters', `{"depth": ${n}}`]);
      await cli.json(['formats', 'upload', `${name}@${n}`, 'pmml', pmml]);
      if (n < 3) await cli.json(['versions', 'publish', `${name}@${n}`]);
    }
  });

  async function pulled(dir: string): Promise<{ files: string[]; config: unknown; manifest: any; model: Buffer }> {
    const files = (await readdir(dir)).sort();
    return {
      files,
      config: JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8')),
      manifest: JSON.parse(await readFile(path.join(dir, 'modelry.json'), 'utf8')),
      model: await readFile(path.join(dir, 'rattle_DecisionTreeIris.pmml')),
    };
  }

  test('MODEL@N writes the model file, its config.json and modelry.json', async () => {
    const dir = path.join(cli.home, 'pull-n');
    const result = await cli.run(['pull', `${name}@1`, '--format', 'pmml', '--dir', dir]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    const out = await pulled(dir);
    assert.deepEqual(out.files, ['config.json', 'modelry.json', 'rattle_DecisionTreeIris.pmml']);
    assert.deepEqual(out.model, await readFile(pmml));
    assert.deepEqual(out.config, { threshold: 0.1 });
    assert.equal(out.manifest.model.name, name);
    assert.equal(out.manifest.version.number, 1);
    assert.equal(out.manifest.version.name, 'v1');
    assert.equal(out.manifest.version.published, true);
    assert.equal(out.manifest.format, 'pmml');
    assert.equal(out.manifest.fileName, 'rattle_DecisionTreeIris.pmml');
    assert.equal(out.manifest.sha256, sha256(out.model));
    assert.equal(out.manifest.size, out.model.byteLength);
    assert.deepEqual(out.manifest.hyperparameters, { depth: 1 });
    assert.ok(!Number.isNaN(Date.parse(out.manifest.pulledAt)));
  });

  test('@latest is the highest version, published or not', async () => {
    const dir = path.join(cli.home, 'pull-latest');
    const result = await cli.json<{ manifest: any; files: string[] }>(['pull', `${name}@latest`, '--format', 'pmml', '--dir', dir]);
    assert.equal(result.manifest.version.number, 3);
    assert.deepEqual(result.files, ['rattle_DecisionTreeIris.pmml', 'config.json', 'modelry.json']);
    assert.deepEqual((await pulled(dir)).config, { threshold: 0.3 });
  });

  test('@latest-published (and no suffix) is the highest published version', async () => {
    for (const ref of [`${name}@latest-published`, name]) {
      const dir = path.join(cli.home, `pull-${ref.includes('@') ? 'published' : 'default'}`);
      const result = await cli.json<{ manifest: any }>(['pull', ref, '--format', 'pmml', '--dir', dir]);
      assert.equal(result.manifest.version.number, 2, ref);
      const out = await pulled(dir);
      assert.deepEqual(out.config, { threshold: 0.2 });
      assert.equal(out.manifest.version.published, true);
    }
  });

  test('pulling a format the version does not have says which ones it has', async () => {
    const result = await cli.run(['pull', `${name}@1`, '--format', 'onnx', '--dir', path.join(cli.home, 'pull-none')]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /has no onnx file \(available: pmml\)/);
  });

  test('@latest-published of a model without published versions is refused', async () => {
    const draft = unique('draft');
    await cli.json(['models', 'create', draft]);
    await cli.json(['versions', 'create', draft]);
    const result = await cli.run(['pull', draft, '--format', 'pmml', '--dir', path.join(cli.home, 'pull-draft')]);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, `modelry: model ${draft} has no published version; use @latest for the newest draft\n`);
    assert.equal(result.stdout, '');
    await assert.rejects(readdir(path.join(cli.home, 'pull-draft')), { code: 'ENOENT' }, 'nothing is written');
  });

  test('a model without any version says so (and does not suggest @latest)', async () => {
    const empty = unique('empty');
    await cli.json(['models', 'create', empty]);
    const result = await cli.run(['pull', empty, '--format', 'pmml', '--dir', path.join(cli.home, 'pull-empty')]);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, `modelry: model ${empty} has no versions\n`);
  });

  test('pull --help says that without a suffix the newest published version is taken, never a draft', async () => {
    const result = await cli.run(['pull', '--help']);
    assert.equal(result.code, 0, result.stderr);
    const help = result.stdout.replace(/\s+/g, ' '); // commander wraps the description to the terminal width
    assert.match(help, /without @N it takes the newest PUBLISHED version \(@latest-published\), never a draft/);
    assert.match(help, /Without a suffix, pull takes @latest-published/);
    assert.match(help, /@latest the highest version number, even an unpublished draft/);
  });
});
