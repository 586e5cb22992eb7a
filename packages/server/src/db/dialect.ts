import { PostgresAdapter, type Kysely } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/** Which SQL dialect a Kysely instance (or transaction) speaks, for the few statements that differ. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- works on any schema, including migrations'
export function dialectOf(db: Kysely<any>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
