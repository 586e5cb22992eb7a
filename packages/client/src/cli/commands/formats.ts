import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import type { Format } from '../../index.node.js';
import { commandContext } from '../context.js';
import { resolveVersionRef } from '../model-ref.js';
import { inspectionLine, inspectionReport, namedGlobals, verdictText } from '../inspection.js';
import { formatBytes, notice, printJson, printLine, printTable } from '../output.js';
import { progressBar } from '../progress.js';

/** Where a download goes: `-` is stdout, a directory gets the stored file name, anything else is the file path. */
async function destinationOf(output: string | undefined, fileName: string): Promise<string> {
  if (output === undefined) return path.resolve(fileName);
  const info = await stat(output).catch(() => undefined);
  return info?.isDirectory() === true ? path.join(output, fileName) : path.resolve(output);
}

export function registerFormats(program: Command): void {
  const formats = program.command('formats').description('list, upload, download, inspect and delete the files of a version');

  formats
    .command('ls <model@n>')
    .description('the formats of a version')
    .action(async (ref: string, _options: unknown, command: Command) => {
      const { client, ctx, json } = await commandContext(command.optsWithGlobals());
      const { model, n } = await resolveVersionRef(client, ctx, ref);
      const list = await client.formats.list(ctx, model.id, n);
      if (json) return printJson(list);
      printTable(
        ['FORMAT', 'FILE', 'SIZE', 'SHA256', 'VERDICT', 'SUMMARY'],
        list.items.map((f) => [
          f.format,
          f.fileName ?? '-',
          f.hasFile ? formatBytes(f.size) : '(no file)',
          f.sha256 ?? '-',
          verdictText(f.inspection),
          f.inspection?.summary ?? '-',
        ]),
        '(no formats)',
      );
    });

  formats
    .command('upload <model@n> <format> <file>')
    .description('upload (or replace) the file of a format: pkl, joblib, rda, rds, pmml or onnx ("-" reads stdin)')
    .option('--file-name <name>', 'the name stored with the file (default: the file\'s base name)')
    .option('--sha256 <hex>', 'the expected sha256; the server refuses the upload when the bytes differ')
    .addHelpText('after', '\nExample:\n  modelry formats upload iris@1 pkl ./model.pkl')
    .action(async (ref: string, format: string, file: string, options: { fileName?: string; sha256?: string }, command: Command) => {
      const { client, ctx, json } = await commandContext(command.optsWithGlobals());
      const { model, n } = await resolveVersionRef(client, ctx, ref);
      const source = file === '-' ? process.stdin : file;
      const progress = progressBar(`upload ${format}`, !json);
      try {
        const uploaded = await client.formats.upload(ctx, model.id, n, format, source, { ...options, onProgress: progress.onProgress });
        progress.stop();
        if (json) return printJson(uploaded);
        printLine(`Uploaded ${uploaded.fileName ?? format} to ${model.name}@${n} (${formatBytes(uploaded.size)}, sha256 ${uploaded.sha256})`);
        printLine(inspectionLine(uploaded.inspection));
        warnIfDangerous(uploaded);
      } finally {
        progress.stop();
      }
    });

  formats
    .command('download <model@n> <format>')
    .description('download the file of a format (sha256 checked) to the current directory, a directory, a path, or stdout')
    .option('-o, --output <path>', 'a file, a directory, or "-" for stdout (default: the stored file name here)')
    .action(async (ref: string, format: string, options: { output?: string }, command: Command) => {
      const { client, ctx, json } = await commandContext(command.optsWithGlobals());
      const { model, n } = await resolveVersionRef(client, ctx, ref);
      if (options.output === '-') {
        const download = await client.formats.download(ctx, model.id, n, format);
        await pipeline(Readable.fromWeb(download.body as never), process.stdout);
        return;
      }
      const meta = await client.formats.get(ctx, model.id, n, format);
      const destination = await destinationOf(options.output, meta.fileName ?? `${model.name}-${n}.${format}`);
      const progress = progressBar(`download ${format}`, !json);
      try {
        const saved = await client.formats.downloadToFile(ctx, model.id, n, format, destination, { onProgress: progress.onProgress });
        progress.stop();
        if (json) return printJson({ path: saved.path, size: saved.size, sha256: saved.sha256, fileName: saved.fileName, format });
        printLine(`Downloaded ${saved.path} (${formatBytes(saved.size)}, sha256 ${saved.sha256})`);
      } finally {
        progress.stop();
      }
    });

  formats
    .command('inspect <model@n> <format>')
    .description('run the server\'s current inspector over the stored file again and print its verdict (needs model:edit)')
    .addHelpText(
      'after',
      '\nPrints the verdict (safe, suspicious or dangerous), the summary, the globals a pickle would import that make it\n' +
        'dangerous or suspicious, and the signature of a PMML or ONNX file. --json prints the Format with its inspection.\n' +
        '\nExample:\n  modelry formats inspect churn@3 pkl',
    )
    .action(async (ref: string, format: string, _options: unknown, command: Command) => {
      const { client, ctx, json } = await commandContext(command.optsWithGlobals());
      const { model, n } = await resolveVersionRef(client, ctx, ref);
      const inspected = await client.formats.inspect(ctx, model.id, n, format);
      if (json) return printJson(inspected);
      for (const line of inspectionReport(`${inspected.format} of ${model.name}@${n}`, inspected)) printLine(line);
    });

  formats
    .command('rm <model@n> <format>')
    .description('delete a format and its file')
    .action(async (ref: string, format: string, _options: unknown, command: Command) => {
      const { client, ctx, json } = await commandContext(command.optsWithGlobals());
      const { model, n } = await resolveVersionRef(client, ctx, ref);
      await client.formats.delete(ctx, model.id, n, format);
      if (json) return printJson({ deleted: true, modelId: model.id, number: n, format });
      printLine(`Deleted ${format} of ${model.name}@${n}`);
    });
}

/** A dangerous file the server stored anyway (policy `warn`) is worth a line on stderr, where people look for trouble. */
function warnIfDangerous(format: Format): void {
  if (format.inspection?.verdict !== 'dangerous') return;
  const globals = namedGlobals(format.inspection, 'dangerousGlobals');
  notice(`modelry: warning: loading this file would run code that can reach the system${globals.length > 0 ? ` (${globals.join(', ')})` : ''}`);
}
