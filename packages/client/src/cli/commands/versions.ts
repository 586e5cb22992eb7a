import type { Command } from 'commander';
import type { DatasetRecord, Version, VersionCreate } from '../../index.node.js';
import { commandContext } from '../context.js';
import { resolveModel, resolveVersionRef } from '../model-ref.js';
import { formatBytes, formatDate, printFields, printJson, printLine, printTable } from '../output.js';
import { datasetRecord, jsonObject, jsonValue, positiveInteger, tagList } from '../options.js';

export function printVersionTable(versions: readonly Version[]): void {
  printTable(
    ['N', 'NAME', 'PUBLISHED', 'FORMATS', 'TAGS', 'CREATED'],
    versions.map((v) => [
      String(v.number),
      v.name || '-',
      v.published ? formatDate(v.publishedAt) : 'no',
      v.formats.map((f) => f.format).join(',') || '-',
      v.tags.join(','),
      formatDate(v.createdAt),
    ]),
    '(no versions)',
  );
}

function printVersion(version: Version): void {
  printFields([
    ['number', String(version.number)],
    ['name', version.name || '-'],
    ['id', version.id],
    ['published', version.published ? `${formatDate(version.publishedAt)} by ${version.publishedBy ?? '-'}` : 'no'],
    ['tags', version.tags.join(', ') || '-'],
    ['hyperparameters', JSON.stringify(version.hyperparameters)],
    ['config', JSON.stringify(version.config ?? null)],
    ['records', version.records.map((r) => r.uri).join(', ') || '-'],
    ['created', `${formatDate(version.createdAt)} by ${version.createdBy}`],
  ]);
  if (version.description !== '') printLine(`\n${version.description}`);
  printLine();
  printTable(
    ['FORMAT', 'FILE', 'SIZE', 'SHA256'],
    version.formats.map((f) => [f.format, f.fileName ?? '-', f.hasFile ? formatBytes(f.size) : '(no file)', f.sha256 ?? '-']),
    '(no formats)',
  );
}

interface VersionFields {
  name?: string;
  description?: string;
  tags?: string;
  hyperparameters?: Record<string, unknown>;
  config?: unknown;
  record?: DatasetRecord[];
}

function withFieldOptions(command: Command): Command {
  return command
    .option('--name <name>', 'version name')
    .option('-d, --description <markdown>', 'description (Markdown)')
    .option('-t, --tags <a,b,c>', 'comma-separated tags', tagList)
    .option('--hyperparameters <json|@file>', 'hyperparameters: a JSON object, inline or @file', jsonObject)
    .option('--config <json|@file>', 'the config deployment containers read: any JSON, inline or @file', jsonValue)
    .option('--record <uri[,name[,sha256]]>', 'a training data record (repeatable)', datasetRecord);
}

function bodyOf(options: VersionFields): VersionCreate {
  return {
    name: options.name,
    description: options.description,
    tags: options.tags,
    hyperparameters: options.hyperparameters,
    config: options.config,
    records: options.record,
  };
}

export function registerVersions(program: Command): void {
  const versions = program.command('versions').description('list, create, show, publish and delete versions of a model');

  versions
    .command('ls <model>')
    .description('the versions of a model (newest first)')
    .option('--order <order>', 'asc | desc', 'desc')
    .option('--limit <n>', 'versions per page (1-200)', positiveInteger)
    .option('--all', 'every page, not just the first')
    .action(async (name: string, options: { order: 'asc' | 'desc'; limit?: number; all?: boolean }, command: Command) => {
      const { client, ctx, json } = await commandContext(command.optsWithGlobals());
      const model = await resolveModel(client, ctx, name);
      const query = { order: options.order, limit: options.limit };
      let page: { items: Version[]; nextCursor: string | null };
      if (options.all === true) {
        const items: Version[] = [];
        for await (const version of client.versions.iterate(ctx, model.id, query)) items.push(version);
        page = { items, nextCursor: null };
      } else {
        page = await client.versions.list(ctx, model.id, query);
      }
      if (json) return printJson(page);
      printVersionTable(page.items);
    });

  withFieldOptions(versions.command('create <model>').description('create a version; the server assigns its number')).action(
    async (name: string, options: VersionFields, command: Command) => {
      const { client, ctx, json } = await commandContext(command.optsWithGlobals());
      const model = await resolveModel(client, ctx, name);
      const version = await client.versions.create(ctx, model.id, bodyOf(options));
      if (json) return printJson(version);
      printLine(`Created version ${model.name}@${version.number}`);
    },
  );

  withFieldOptions(versions.command('edit <model@n>').description('change the metadata of an unpublished version')).action(
    async (ref: string, options: VersionFields, command: Command) => {
      const { client, ctx, json } = await commandContext(command.optsWithGlobals());
      const { model, n } = await resolveVersionRef(client, ctx, ref);
      const version = await client.versions.update(ctx, model.id, n, bodyOf(options));
      if (json) return printJson(version);
      printLine(`Updated version ${model.name}@${version.number}`);
    },
  );

  versions
    .command('show <model@n>')
    .description('a version: metadata, config and formats (N, latest or latest-published)')
    .action(async (ref: string, _options: unknown, command: Command) => {
      const { client, ctx, json } = await commandContext(command.optsWithGlobals());
      const { model, n } = await resolveVersionRef(client, ctx, ref);
      const version = await client.versions.get(ctx, model.id, n);
      if (json) return printJson(version);
      printVersion(version);
    });

  versions
    .command('publish <model@n>')
    .description('freeze a version: its files and metadata can no longer change (one-way)')
    .action(async (ref: string, _options: unknown, command: Command) => {
      const { client, ctx, json } = await commandContext(command.optsWithGlobals());
      const { model, n } = await resolveVersionRef(client, ctx, ref);
      const version = await client.versions.publish(ctx, model.id, n);
      if (json) return printJson(version);
      printLine(`Published ${model.name}@${version.number}`);
    });

  versions
    .command('rm <model@n>')
    .description('delete a version and its files (its number is never reused)')
    .action(async (ref: string, _options: unknown, command: Command) => {
      const { client, ctx, json } = await commandContext(command.optsWithGlobals());
      const { model, n } = await resolveVersionRef(client, ctx, ref);
      await client.versions.delete(ctx, model.id, n);
      if (json) return printJson({ deleted: true, modelId: model.id, number: n });
      printLine(`Deleted ${model.name}@${n}`);
    });
}
