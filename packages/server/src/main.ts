import path from 'node:path';
import { buildApp } from './app.js';
import { openBlobStore } from './blobs/open-blob-store.js';
import { isEntryPoint } from './entry-point.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { webPlugin } from './http/web.js';
import { migrateToLatest } from './db/migrate.js';
import { Store } from './db/repositories/index.js';
import { bootstrapIfEmpty, type BootstrapResult } from './services/bootstrap.service.js';
import { DirectoryService } from './services/directory.service.js';
import { AccessService } from './services/access.service.js';
import { TokenService } from './services/token.service.js';

function announce(result: BootstrapResult, url: string): void {
  // Printed to the terminal once, on the first start only; never written to the log.
  process.stdout.write(
    [
      '',
      'Modelry is set up. Keep these; they are not shown again:',
      `  dashboard   ${url}  (user admin)`,
      `  password    ${result.passwordWasGenerated ? result.password : '(from MODELRY_ADMIN_PASSWORD)'}`,
      `  API token   ${result.tokenWasGenerated ? result.token : '(from MODELRY_ADMIN_TOKEN)'}`,
      '',
    ].join('\n') + '\n',
  );
}

/** Starts the server (also `modelry-server serve` / `modelry serve`). */
export async function main(): Promise<void> {
  const config = loadConfig();
  const database = openDatabase({ url: config.databaseUrl, sqlitePath: path.join(config.dataDir, 'modelry.db'), poolSize: config.dbPoolSize });
  await migrateToLatest(database.db);
  const store = new Store(database.db);
  const blobs = openBlobStore(config);
  const access = new AccessService(store);
  const firstStart = await bootstrapIfEmpty(store, new DirectoryService(store, access), new TokenService(store, access), {
    password: config.adminPassword,
    token: config.adminToken,
  });
  const app = await buildApp({ store, blobs, limits: config, logLevel: config.logLevel, secureCookies: config.secureCookies, plugins: [webPlugin()] });
  const address = await app.listen({ host: config.host, port: config.port });
  if (firstStart !== undefined) announce(firstStart, address);
  const stop = async (): Promise<void> => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

if (isEntryPoint(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`modelry: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
