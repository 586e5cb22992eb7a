import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { commandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { parseModelRef, resolveModel, resolveVersionNumber, type VersionSelector } from '../model-ref.js';
import { formatBytes, printJson, printLine } from '../output.js';
import { progressBar } from '../progress.js';

/** What a deployment container reads from `modelry.json` beside the model file. */
export interface PullManifest {
  readonly model: { readonly id: string; readonly name: string };
  readonly version: { readonly number: number; readonly name: string; readonly published: boolean; readonly publishedAt: string | null };
  readonly format: string;
  readonly fileName: string;
  readonly size: number;
  readonly sha256: string;
  readonly hyperparameters: Record<string, unknown>;
  readonly records: unknown[];
  readonly server: string;
  readonly context: string;
  readonly pulledAt: string;
}

/** Without a suffix, pull takes the newest published version: what a deployment should run. */
const DEFAULT_SELECTOR: VersionSelector = { kind: 'latest-published' };

async function writeJsonAtomically(file: string, value: unknown): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`, { flush: true });
  await rename(temp, file);
}

export function registerPull(program: Command): void {
  program
    .command('pull <model>')
    .description(
      'write a version\'s model file, config.json and modelry.json into a directory, for a deployment container; ' +
        'without @N it takes the newest PUBLISHED version (@latest-published), never a draft',
    )
    .requiredOption('-f, --format <format>', 'the format to fetch: pkl, joblib, rda, rds, pmml or onnx')
    .option('--dir <dir>', 'the directory to write into (created if missing)', '.')
    .addHelpText(
      'after',
      '\nMODEL is a model name or id, optionally followed by:\n' +
        '  @N                  that version number\n' +
        '  @latest             the highest version number, even an unpublished draft\n' +
        '  @latest-published   the highest published version (the default)\n' +
        '\nWithout a suffix, pull takes @latest-published, so a deployment never picks up a draft by accident. A model\n' +
        'with no published version is refused (exit 1); say @latest to pull the newest draft deliberately.\n' +
        '\nExamples:\n  modelry pull iris --format pmml --dir /models/iris            # newest published version\n' +
        '  modelry pull iris@latest --format pmml --dir /tmp/iris-draft    # newest version, draft or not',
    )
    .action(async (text: string, options: { format: string; dir: string }, command: Command) => {
      const { client, ctx, json } = await commandContext(command.optsWithGlobals());
      const ref = parseModelRef(text);
      const model = await resolveModel(client, ctx, ref.model);
      const n = await resolveVersionNumber(client, ctx, model, ref.version ?? DEFAULT_SELECTOR);
      const version = await client.versions.get(ctx, model.id, n);
      const format = version.formats.find((f) => f.format === options.format.toLowerCase());
      if (format === undefined || !format.hasFile) {
        const available = version.formats.filter((f) => f.hasFile).map((f) => f.format);
        throw new UsageError(
          `${model.name}@${n} has no ${options.format} file (available: ${available.length > 0 ? available.join(', ') : 'none'})`,
        );
      }
      const fileName = path.basename(format.fileName ?? `model.${format.format}`);
      if (fileName === 'config.json' || fileName === 'modelry.json') throw new UsageError(`the model file is named ${fileName}, which pull reserves`);
      await mkdir(options.dir, { recursive: true });
      const progress = progressBar(`pull ${model.name}@${n}`, !json);
      let saved;
      try {
        saved = await client.formats.downloadToFile(ctx, model.id, n, format.format, path.join(options.dir, fileName), { onProgress: progress.onProgress });
      } finally {
        progress.stop();
      }
      await writeJsonAtomically(path.join(options.dir, 'config.json'), version.config ?? null);
      const manifest: PullManifest = {
        model: { id: model.id, name: model.name },
        version: { number: version.number, name: version.name, published: version.published, publishedAt: version.publishedAt },
        format: format.format,
        fileName,
        size: saved.size,
        sha256: saved.sha256,
        hyperparameters: version.hyperparameters,
        records: version.records,
        server: client.baseUrl,
        context: ctx,
        pulledAt: new Date().toISOString(),
      };
      await writeJsonAtomically(path.join(options.dir, 'modelry.json'), manifest);
      if (json) return printJson({ dir: path.resolve(options.dir), files: [fileName, 'config.json', 'modelry.json'], manifest });
      printLine(`Pulled ${model.name}@${n} (${format.format}, ${formatBytes(saved.size)}) into ${path.resolve(options.dir)}`);
    });
}
