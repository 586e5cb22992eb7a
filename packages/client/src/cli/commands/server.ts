import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';

/**
 * The server's admin entry point (packages/server/dist/cli.js): from the installed @modelry/server package,
 * or from the monorepo checkout beside this one.
 */
function serverCli(): string {
  try {
    const manifest = createRequire(import.meta.url).resolve('@modelry/server/package.json');
    const candidate = path.join(path.dirname(manifest), 'dist', 'cli.js');
    if (existsSync(candidate)) return candidate;
  } catch {
    // Not installed as a package: try the monorepo layout below.
  }
  const here = path.dirname(fileURLToPath(import.meta.url));
  // src/cli/commands or dist/cli/commands → packages/server/dist/cli.js
  const sibling = path.resolve(here, '../../../../server/dist/cli.js');
  if (existsSync(sibling)) return sibling;
  throw new UsageError('the Modelry server is not installed here (npm install @modelry/server, or `npm run build` in the repository)');
}

/** Runs `modelry-server <args>` in a child process with this environment; resolves with its exit code. */
function runServer(args: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, [serverCli(), ...args], { stdio: 'inherit', env: process.env });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      // A child ended by a signal exits like a shell reports it: 128 + the signal's number.
      resolve(code ?? (signal === null ? 1 : 128 + (constants.signals[signal] ?? 0)));
    });
  });
}

const SETTINGS_HELP =
  '\nThe server reads MODELRY_* environment variables (MODELRY_HOST, MODELRY_PORT, MODELRY_DATA_DIR, MODELRY_ADMIN_TOKEN,\n' +
  'MODELRY_DATABASE_URL, ...); see the README.';

export function registerServer(program: Command): void {
  program
    .command('serve')
    .description('start the Modelry server (migrates the database, listens on MODELRY_HOST:MODELRY_PORT)')
    .addHelpText('after', SETTINGS_HELP)
    .action(async () => {
      process.exitCode = await runServer(['serve']);
    });

  program
    .command('migrate')
    .description('bring the database schema up to date, then exit')
    .addHelpText('after', SETTINGS_HELP)
    .action(async () => {
      process.exitCode = await runServer(['migrate']);
    });

  program
    .command('gc')
    .description('recount blob references and delete unreferenced blobs and upload leftovers')
    .option('--dry-run', 'report what would be deleted, delete nothing')
    .option('--older-than-minutes <n>', 'grace period for recent uploads', '60')
    .addHelpText('after', SETTINGS_HELP)
    .action(async (options: { dryRun?: boolean; olderThanMinutes: string }) => {
      const args = ['gc', '--older-than-minutes', options.olderThanMinutes, ...(options.dryRun === true ? ['--dry-run'] : [])];
      process.exitCode = await runServer(args);
    });
}
