import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, SqliteDialect, type SqliteDatabase } from 'kysely';
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

/**
 * Kysely prepares a statement for every query it runs; with better-sqlite3 that preparation costs as much
 * as running a typical query. Statements are reusable, so the most recently used ones are kept by SQL text.
 * (Kysely runs one query at a time per connection and never leaves an iteration open, so reuse is safe.)
 */
function withStatementCache(sqlite: SQLite.Database, capacity = 256): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let statement = statements.get(text);
      if (statement === undefined) {
        statement = sqlite.prepare(text);
        if (statements.size >= capacity) statements.delete(statements.keys().next().value as string);
      } else {
        statements.delete(text);
      }
      statements.set(text, statement);
      return statement;
    },
  };
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
  // The default page cache (2 MiB) thrashes on the search index of a large registry.
  sqlite.pragma('cache_size = -65536');
  // The planner needs table statistics to choose between its index plans (without them a rare search
  // word sorted by name walks every model); `optimize` gathers them when they are missing or stale,
  // bounded by analysis_limit, at start and then every quarter of an hour.
  sqlite.pragma('analysis_limit = 1000');
  sqlite.pragma('optimize = 0x10002');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  const optimizer = setInterval(() => void sql`pragma optimize`.execute(db).catch(() => undefined), 15 * 60_000);
  optimizer.unref();
  return {
    db,
    dialect: 'sqlite',
    close: async () => {
      clearInterval(optimizer);
      await db.destroy();
    },
  };
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
