import type { Command } from 'commander';
import type { Model, ModelPatch } from '../../index.node.js';
import { commandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { resolveModel } from '../model-ref.js';
import { formatDate, printFields, printJson, printLine, printTable } from '../output.js';
import { positiveInteger, tagList } from '../options.js';
import { printVersionTable } from './versions.js';

interface ListOptions {
  query?: string;
  tag?: string;
  sort?: 'name' | 'createdAt' | 'updatedAt';
  order?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
  all?: boolean;
}

function printModelTable(models: readonly Model[]): void {
  printTable(
    ['ID', 'NAME', 'LATEST', 'VERSIONS', 'TAGS', 'UPDATED'],
    models.map((m) => [m.id, m.name, m.latestVersion === null ? '-' : String(m.latestVersion), String(m.versionCount), m.tags.join(','), formatDate(m.updatedAt)]),
    '(no models)',
  );
}

function printModel(model: Model): void {
  printFields([
    ['id', model.id],
    ['name', model.name],
    ['tags', model.tags.join(', ') || '-'],
    ['versions', `${model.versionCount} (latest ${model.latestVersion ?? '-'})`],
    ['created', `${formatDate(model.createdAt)} by ${model.createdBy}`],
    ['updated', `${formatDate(model.updatedAt)} by ${model.updatedBy}`],
  ]);
  if (model.description !== '') printLine(`\n${model.description}`);
}

export function registerModels(program: Command): void {
  const models = program.command('models').description('list, show, create, edit and delete models');

  models
    .command('ls')
    .description('list models (newest first), optionally searched')
    .option('-q, --query <words>', 'words matched as prefixes of name, description and tags')
    .option('--tag <tag>', 'only models with this tag')
    .option('--sort <key>', 'name | createdAt | updatedAt', 'updatedAt')
    .option('--order <order>', 'asc | desc')
    .option('--limit <n>', 'models per page (1-200)', positiveInteger)
    .option('--cursor <cursor>', 'continue after a previous page (its nextCursor)')
    .option('--all', 'every page, not just the first')
    .action(async (options: ListOptions, command: Command) => {
      const { client, ctx, json } = await commandContext(command.optsWithGlobals());
      const query = { q: options.query, tag: options.tag, sort: options.sort, order: options.order, limit: options.limit, cursor: options.cursor };
      let page: { items: Model[]; nextCursor: string | null };
      if (options.all === true) {
        const items: Model[] = [];
        for await (const model of client.models.iterate(ctx, query)) items.push(model);
        page = { items, nextCursor: null };
      } else {
        page = await client.models.list(ctx, query);
      }
      if (json) return printJson(page);
      printModelTable(page.items);
      if (page.nextCursor !== null) printLine(`\nmore: modelry models ls --cursor ${page.nextCursor} (or --all)`);
    });

  models
    .command('show <model>')
    .description('a model (by id or name) and its versions')
    .action(async (name: string, _options: unknown, command: Command) => {
      const { client, ctx, json } = await commandContext(command.optsWithGlobals());
      const model = await resolveModel(client, ctx, name);
      if (json) return printJson(model);
      printModel(model);
      const versions = await client.versions.list(ctx, model.id, { order: 'desc', limit: 20 });
      printLine();
      printVersionTable(versions.items);
    });

  models
    .command('create <name>')
    .description('create a model')
    .option('-d, --description <markdown>', 'description (Markdown)')
    .option('-t, --tags <a,b,c>', 'comma-separated tags', tagList)
    .action(async (name: string, options: { description?: string; tags?: string }, command: Command) => {
      const { client, ctx, json } = await commandContext(command.optsWithGlobals());
      const model = await client.models.create(ctx, { name, description: options.description, tags: options.tags });
      if (json) return printJson(model);
      printLine(`Created model ${model.name} (${model.id})`);
    });

  models
    .command('edit <model>')
    .description('rename a model or change its description or tags')
    .option('--name <name>', 'new name')
    .option('-d, --description <markdown>', 'new description (Markdown)')
    .option('-t, --tags <a,b,c>', 'new comma-separated tags (replaces them all; "" clears)', tagList)
    .action(async (name: string, options: ModelPatch, command: Command) => {
      const { client, ctx, json } = await commandContext(command.optsWithGlobals());
      if (options.name === undefined && options.description === undefined && options.tags === undefined) {
        throw new UsageError('nothing to change: pass --name, --description or --tags');
      }
      const model = await resolveModel(client, ctx, name);
      const patch: ModelPatch = { name: options.name, description: options.description, tags: options.tags };
      const edited = await client.models.update(ctx, model.id, patch);
      if (json) return printJson(edited);
      printLine(`Updated model ${edited.name} (${edited.id})`);
    });

  models
    .command('rm <model>')
    .description('delete a model, its versions and their files')
    .action(async (name: string, _options: unknown, command: Command) => {
      const { client, ctx, json } = await commandContext(command.optsWithGlobals());
      const model = await resolveModel(client, ctx, name);
      await client.models.delete(ctx, model.id);
      if (json) return printJson({ deleted: true, id: model.id, name: model.name });
      printLine(`Deleted model ${model.name} (${model.id})`);
    });
}
