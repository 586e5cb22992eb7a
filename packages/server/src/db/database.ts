import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Dialect } from './dialect.js';
import type { Database } from './schema.js';

export type { Dialect } from './dialect.js';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… ; when absent, SQLite at `sqlitePath`. */
  readonly url?: string | undefined;
  readonly sqlitePath: string;
  readonly poolSize?: number;
}

function openSqlite(file: string): DatabaseHandle {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets readers proceed during a write; NORMAL sync is crash-safe in WAL mode (a power cut may
  // lose the last commit, never corrupt); blobs are fsynced separately before their rows commit.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

// PostgreSQL returns BIGINT (type 20) as text to avoid precision loss; file sizes stay far below 2^53.
pg.types.setTypeParser(20, (text) => Number(text));

function openPostgres(url: string, poolSize: number): DatabaseHandle {
  // A request waits at most 10 s for a free connection rather than hanging when the pool is exhausted.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 10_000 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  return options.url === undefined ? openSqlite(options.sqlitePath) : openPostgres(options.url, options.poolSize ?? 10);
}
