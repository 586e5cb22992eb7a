#!/usr/bin/env node
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Migrator } from 'kysely';
import { openBlobStore } from './blobs/open-blob-store.js';
import { loadConfig, type Config } from './config.js';
import { openDatabase, type DatabaseHandle } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { migrationProvider } from './db/migrations/index.js';
import { Store } from './db/repositories/index.js';
import { isEntryPoint } from './entry-point.js';
import { main } from './main.js';
import { GarbageCollector, type GcReport } from './services/garbage-collector.js';

/**
 * The server's admin commands (`modelry-server`; the `modelry` CLI delegates `serve`, `migrate` and
 * `gc` here). Each reads the same MODELRY_* settings as the server.
 */
const USAGE = `usage: modelry-server <command>

  serve                       run the HTTP server (the default)
  migrate                     bring the database schema up to date, then exit
  gc [--dry-run] [--older-than-minutes N]
                              recount blob references, delete unreferenced blobs, remove staging
                              leftovers and unfinished multipart uploads older than N minutes (60)
`;

export interface GcCommandOptions {
  readonly dryRun?: boolean;
  /** Grace period for recent claims and staging leftovers; keep it above your longest upload. */
  readonly olderThanMinutes?: number;
  readonly config?: Config;
  readonly out?: (line: string) => void;
}

function openDatabaseFor(config: Config): DatabaseHandle {
  return openDatabase({ url: config.databaseUrl, sqlitePath: path.join(config.dataDir, 'modelry.db'), poolSize: config.dbPoolSize });
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

export async function runServe(): Promise<void> {
  await main();
}

/** Applies pending migrations and returns their names. */
export async function runMigrate(config: Config = loadConfig(), out: (line: string) => void = print): Promise<string[]> {
  const database = openDatabaseFor(config);
  try {
    const applied = await migrateToLatest(database.db);
    out(applied.length === 0 ? 'the database schema is up to date' : `applied ${applied.join(', ')}`);
    return applied;
  } finally {
    await database.close();
  }
}

export async function runGc(options: GcCommandOptions = {}): Promise<GcReport> {
  const config = options.config ?? loadConfig();
  const out = options.out ?? print;
  const database = openDatabaseFor(config);
  try {
    await requireCurrentSchema(database);
    const collector = new GarbageCollector(new Store(database.db), openBlobStore(config));
    const dryRun = options.dryRun ?? false;
    const report = await collector.run({ olderThanMs: (options.olderThanMinutes ?? 60) * 60_000, dryRun });
    describe(report, dryRun, out);
    return report;
  } finally {
    await database.close();
  }
}

async function requireCurrentSchema(database: DatabaseHandle): Promise<void> {
  const migrations = await new Migrator({ db: database.db, provider: migrationProvider }).getMigrations();
  const pending = migrations.filter((migration) => migration.executedAt === undefined);
  if (pending.length > 0) {
    throw new Error(`the database schema is behind (${pending.map((m) => m.name).join(', ')} pending); run \`modelry migrate\` first`);
  }
}

function describe(report: GcReport, dryRun: boolean, out: (line: string) => void): void {
  const verb = dryRun ? 'would ' : '';
  for (const change of report.recounted) out(`${verb}recount blob ${change.sha256}: ${change.from} → ${change.to} references`);
  for (const sha256 of report.deleted) out(`${verb}delete unreferenced blob ${sha256}`);
  if (report.recent.length > 0) out(`left alone ${report.recent.length} blob(s) claimed by an upload within the grace period`);
  out(
    report.staging === undefined
      ? 'staging leftovers: not swept in a dry run'
      : `removed ${report.staging} staging leftover(s) (partial uploads and unfinished multipart uploads)`,
  );
  out(`${dryRun ? 'dry run: ' : ''}${report.deleted.length} blob(s) deleted, ${report.recounted.length} recounted`);
}

async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      'older-than-minutes': { type: 'string', default: '60' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0] ?? 'serve';
  if (values.help || positionals.length > 1) {
    process.stdout.write(USAGE);
    return;
  }
  if (command === 'serve') return runServe();
  if (command === 'migrate') {
    await runMigrate();
    return;
  }
  if (command === 'gc') {
    const minutes = Number(values['older-than-minutes']);
    if (!Number.isFinite(minutes) || minutes < 0) throw new Error('--older-than-minutes must be a number of minutes, 0 or more');
    await runGc({ dryRun: values['dry-run'], olderThanMinutes: minutes });
    return;
  }
  throw new Error(`unknown command "${command}"\n${USAGE}`);
}

if (isEntryPoint(import.meta.url)) {
  run(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`modelry-server: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
