import { ModelryClient } from '../index.node.js';
import { resolveSettings, type GlobalFlags } from './config.js';
import { UsageError } from './errors.js';

export interface CommandContext {
  readonly client: ModelryClient;
  /** The context (id or slug) commands work in. */
  readonly ctx: string;
  readonly json: boolean;
}

export interface CommonOptions extends GlobalFlags {
  readonly json?: boolean;
}

/** A client for the resolved URL and token; refuses early when the user never logged in. */
export async function commandContext(options: CommonOptions): Promise<CommandContext> {
  const settings = await resolveSettings(options);
  if (settings.url === undefined) {
    throw new UsageError('no server URL: run `modelry login --url URL --token TOKEN`, or set MODELRY_URL, or pass --url');
  }
  if (settings.token === undefined) {
    throw new UsageError('no token: run `modelry login --url URL --token TOKEN`, or set MODELRY_TOKEN, or pass --token');
  }
  return {
    client: new ModelryClient({ baseUrl: settings.url, token: settings.token }),
    ctx: settings.context,
    json: options.json === true,
  };
}
