#!/usr/bin/env node
// `modelry`: the command-line client. Exit codes: 0 ok, 1 refused by the server (or a local failure),
// 2 usage error, 3 the server could not be reached.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { registerFormats } from './commands/formats.js';
import { registerModels } from './commands/models.js';
import { registerPull } from './commands/pull.js';
import { registerServer } from './commands/server.js';
import { registerSession } from './commands/session.js';
import { registerVersions } from './commands/versions.js';
import { describeFailure, EXIT } from './errors.js';

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

export function buildProgram(): Command {
  const program = new Command('modelry')
    .description('Modelry model registry: models, versions and their files, from the command line')
    .version(version())
    .addOption(new Option('--url <url>', 'server URL').env('MODELRY_URL'))
    .addOption(new Option('--token <token>', 'API token').env('MODELRY_TOKEN'))
    .addOption(new Option('-c, --context <context>', 'context id or slug (default: "default")').env('MODELRY_CONTEXT'))
    .option('--json', 'print machine-readable JSON on stdout')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ showGlobalOptions: true })
    .exitOverride();
  registerSession(program);
  registerModels(program);
  registerVersions(program);
  registerFormats(program);
  registerPull(program);
  registerServer(program);
  for (const command of program.commands) {
    command.exitOverride();
    for (const sub of command.commands) sub.exitOverride();
  }
  return program;
}

export async function run(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (or the help/version text).
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const { message, code } = describeFailure(error);
    process.stderr.write(`modelry: ${message}\n`);
    return code;
  }
}

process.exitCode = await run(process.argv.slice(2));
