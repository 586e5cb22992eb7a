import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from './errors.js';

/** What `modelry login` keeps: the server URL, the token and an optional default context. */
export interface StoredConfig {
  readonly url?: string;
  readonly token?: string;
  readonly context?: string;
}

/** The settings a command runs with, after flags > environment > config file. */
export interface Settings {
  readonly url: string | undefined;
  readonly token: string | undefined;
  readonly context: string;
}

export interface GlobalFlags {
  readonly url?: string;
  readonly token?: string;
  readonly context?: string;
}

export const DEFAULT_CONTEXT = 'default';

/** `$XDG_CONFIG_HOME/modelry/config.json`, else `~/.config/modelry/config.json`. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME !== undefined && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : path.join(os.homedir(), '.config');
  return path.join(base, 'modelry', 'config.json');
}

export async function readConfig(file = configPath()): Promise<StoredConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as StoredConfig;
  } catch {
    throw new UsageError(`${file} is not valid JSON; fix it or run \`modelry login\` again`);
  }
}

/** Writes the config readable by its owner only (file 0600, directory 0700): it holds a token. */
export async function writeConfig(config: StoredConfig, file = configPath()): Promise<void> {
  const directory = path.dirname(file);
  await mkdir(directory, { recursive: true, mode: 0o700 });
  await chmod(directory, 0o700);
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, file);
}

export async function resolveSettings(flags: GlobalFlags, env: NodeJS.ProcessEnv = process.env): Promise<Settings> {
  const stored = await readConfig(configPath(env));
  return {
    url: flags.url ?? nonEmpty(env.MODELRY_URL) ?? stored.url,
    token: flags.token ?? nonEmpty(env.MODELRY_TOKEN) ?? stored.token,
    context: flags.context ?? nonEmpty(env.MODELRY_CONTEXT) ?? stored.context ?? DEFAULT_CONTEXT,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
