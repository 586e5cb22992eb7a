import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema as it was, not as the types say today */

/**
 * Columns that are searched by range or sorted for keyset paging. SQLite compares text byte by byte
 * (BINARY); PostgreSQL uses the database's collation, under which the prefix search
 * `term >= w AND term < w || U+10FFFF` is wrong for a linguistic locale and paging order differs between
 * dialects. "C" makes PostgreSQL compare bytes too. SQLite needs nothing: this migration is a no-op there.
 */
const BYTE_ORDERED_COLUMNS: ReadonlyArray<readonly [table: string, column: string]> = [
  ['model_terms', 'term'],
  ['model_tags', 'tag_key'],
  ['models', 'name_key'],
  ['models', 'created_at'],
  ['models', 'updated_at'],
  ['contexts', 'slug'],
  ['users', 'username_key'],
  ['groups', 'name_key'],
];

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  for (const [table, column] of BYTE_ORDERED_COLUMNS) {
    // Rebuilds the indexes on the column with the new collation.
    await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} type text collate "C"`.execute(db);
  }
}
