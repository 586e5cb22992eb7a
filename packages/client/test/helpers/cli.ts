import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { CLIENT_ROOT, tempDir } from './env.js';

/** The built CLI, run the way a user runs it (`npm test` builds first). */
export const CLI = path.join(CLIENT_ROOT, 'dist/cli/main.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout as bytes (for binary output). */
  readonly bytes: Buffer;
}

export interface CliHome {
  /** HOME of the runs; the config lives in `${configHome}/modelry/config.json`. */
  readonly home: string;
  readonly configHome: string;
  readonly configFile: string;
  /** Runs `modelry ...args` with this home; stdout and stderr are pipes, as in a script. */
  run(args: readonly string[], options?: { env?: Record<string, string>; cwd?: string; input?: string; binary?: boolean }): Promise<CliResult>;
  /** Runs with --json and parses stdout; fails with stderr when the exit code is not 0. */
  json<T = any>(args: readonly string[], options?: { env?: Record<string, string>; cwd?: string }): Promise<T>;
  cleanup(): Promise<void>;
}

/**
 * A fresh HOME and XDG_CONFIG_HOME for CLI runs, with no MODELRY_* variables inherited. The CLI is spawned
 * asynchronously: the server under test runs in this process and must keep answering.
 */
export async function cliHome(): Promise<CliHome> {
  const { dir, cleanup } = await tempDir('modelry-cli-');
  const configHome = path.join(dir, 'config');
  await mkdir(configHome);
  const baseEnv: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: dir, XDG_CONFIG_HOME: configHome, NO_COLOR: '1' };
  const run: CliHome['run'] = (args, options = {}) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? dir, env: { ...baseEnv, ...options.env } });
      const out: Buffer[] = [];
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.once('error', reject);
      child.once('close', (code) => {
        const bytes = Buffer.concat(out);
        resolve({ code, stdout: bytes.toString('utf8'), stderr, bytes });
      });
      child.stdin.end(options.input ?? '');
    });
  return {
    home: dir,
    configHome,
    configFile: path.join(configHome, 'modelry', 'config.json'),
    run,
    async json(args, options) {
      const result = await run([...args, '--json'], options);
      if (result.code !== 0) throw new Error(`modelry ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
      return JSON.parse(result.stdout);
    },
    cleanup,
  };
}
