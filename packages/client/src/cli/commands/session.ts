import type { Command } from 'commander';
import { ModelryClient } from '../../index.node.js';
import { configPath, readConfig, resolveSettings, writeConfig } from '../config.js';
import { commandContext, type CommonOptions } from '../context.js';
import { UsageError } from '../errors.js';
import { printJson, printLine, printTable } from '../output.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

export function registerSession(program: Command): void {
  program
    .command('login')
    .description('check a server URL and token, then keep them in the config file (mode 0600)')
    .option('--token-stdin', 'read the token from standard input')
    .addHelpText('after', '\nExample:\n  modelry login --url http://127.0.0.1:8080 --token "$MODELRY_TOKEN"')
    .action(async (options: { tokenStdin?: boolean }, command: Command) => {
      const flags = command.optsWithGlobals<CommonOptions>();
      const settings = await resolveSettings(flags);
      const token = options.tokenStdin === true ? await readStdin() : settings.token;
      if (settings.url === undefined) throw new UsageError('login needs --url (or MODELRY_URL)');
      if (token === undefined || token === '') throw new UsageError('login needs --token, --token-stdin or MODELRY_TOKEN');
      const me = await new ModelryClient({ baseUrl: settings.url, token }).me();
      const stored = await readConfig();
      const file = configPath();
      await writeConfig({ ...stored, url: settings.url, token, context: flags.context ?? stored.context });
      if (flags.json === true) return printJson({ url: settings.url, configPath: file, user: me.user, contexts: me.contexts });
      printLine(`Logged in to ${settings.url} as ${me.user.username}; saved to ${file}`);
    });

  program
    .command('logout')
    .description('forget the token kept in the config file')
    .action(async (_options: unknown, command: Command) => {
      const { token: _dropped, ...rest } = await readConfig();
      await writeConfig(rest);
      if (command.optsWithGlobals<CommonOptions>().json === true) return printJson({ loggedOut: true, configPath: configPath() });
      printLine(`Logged out (${configPath()})`);
    });

  program
    .command('contexts')
    .description('list the contexts you can see and your permissions in each')
    .action(async (_options: unknown, command: Command) => {
      const { client, ctx, json } = await commandContext(command.optsWithGlobals());
      const contexts = await client.contexts.list();
      if (json) return printJson(contexts.items);
      printTable(
        ['', 'SLUG', 'NAME', 'PERMISSIONS'],
        contexts.items.map((c) => [c.slug === ctx || c.id === ctx ? '*' : '', c.slug, c.name, c.permissions.join(' ')]),
        '(no contexts visible to this token)',
      );
    });
}
