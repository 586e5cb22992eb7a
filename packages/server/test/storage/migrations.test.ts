import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Migrator, sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { selectedBackend } from '../helpers/backend.js';
import { createScratchDatabase, type ScratchDatabase } from '../helpers/postgres.js';

/** A fresh empty database of the dialect MODELRY_TEST_BACKEND selects. */
async function emptyDatabase(): Promise<{ handle: DatabaseHandle; dispose: () => Promise<void> }> {
  if (selectedBackend() === 'sqlite') {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'modelry-migrate-'));
    const handle = openDatabase({ sqlitePath: path.join(dir, 'modelry.db') });
    return { handle, dispose: async () => (await handle.close(), await fs.rm(dir, { recursive: true, force: true })) };
  }
  const scratch: ScratchDatabase = await createScratchDatabase();
  const handle = openDatabase({ url: scratch.url, sqlitePath: '' });
  return { handle, dispose: async () => (await handle.close(), await scratch.drop()) };
}

const ALL = Object.keys(await migrationProvider.getMigrations()).sort();

describe(`migrations (${selectedBackend() === 'sqlite' ? 'sqlite' : 'postgres'})`, () => {
  test('from an empty database every migration applies in order, and a second run applies nothing', async () => {
    const { handle, dispose } = await emptyDatabase();
    try {
      assert.deepEqual(await migrateToLatest(handle.db), ALL);
      assert.deepEqual(await migrateToLatest(handle.db), []);
    } finally {
      await dispose();
    }
  });

  test('from the previous schema (0001 with data) the rest applies and the data survives', async () => {
    const { handle, dispose } = await emptyDatabase();
    try {
      const migrator = new Migrator({ db: handle.db, provider: migrationProvider });
      const first = await migrator.migrateTo('0001_init');
      assert.equal(first.error, undefined);
      const now = new Date().toISOString();
      await sql`insert into contexts (id, slug, name, created_at, created_by) values ('c1', 'ctx', 'Ctx', ${now}, 'admin')`.execute(handle.db);
      await sql`insert into models (id, context_id, name, name_key, description, tags, created_at, created_by, updated_at, updated_by, next_version, version_count)
                values ('m1', 'c1', 'Churn', 'churn', '', '[]', ${now}, 'admin', ${now}, 'admin', 1, 0)`.execute(handle.db);
      await sql`insert into model_terms (model_id, context_id, term) values ('m1', 'c1', 'churn')`.execute(handle.db);
      await sql`insert into blobs (sha256, size, ref_count, created_at) values (${'a'.repeat(64)}, 3, 1, ${now})`.execute(handle.db);
      assert.deepEqual(await migrateToLatest(handle.db), ALL.slice(1));
      const terms = await handle.db.selectFrom('model_terms').select('term').where('term', '>=', 'ch').where('term', '<', 'ch\u{10ffff}').execute();
      assert.deepEqual(terms, [{ term: 'churn' }]);
      const blob = await handle.db.selectFrom('blobs').selectAll().executeTakeFirstOrThrow();
      assert.equal(blob.claimed_at, null, 'blobs from before 0003 have no claim time');
      assert.equal(Number(blob.ref_count), 1);
    } finally {
      await dispose();
    }
  });
});

if (selectedBackend() !== 'sqlite') {
  describe('PostgreSQL search index', () => {
    let db: Awaited<ReturnType<typeof emptyDatabase>>;
    before(async () => {
      db = await emptyDatabase();
      await migrateToLatest(db.handle.db);
    });
    after(() => db.dispose());

    test('search terms compare bytewise (COLLATE "C"), whatever the database collation', async () => {
      const rows = await sql<{ collation_name: string }>`
        select collation_name from information_schema.columns where table_name = 'model_terms' and column_name = 'term'`.execute(db.handle.db);
      assert.equal(rows.rows[0]?.collation_name, 'C');
    });

    test('a prefix search walks the (context_id, term) index rather than scanning', async () => {
      // A near-empty table is cheaper to scan; turning scans off on this connection shows the index can serve the range.
      const plan = await db.handle.db.connection().execute(async (connection) => {
        await sql`set enable_seqscan = off`.execute(connection);
        return sql<{ 'QUERY PLAN': string }>`
          explain select model_id from model_terms where context_id = 'c1' and term >= 'chu' and term < ${'chu\u{10ffff}'}`.execute(connection);
      });
      const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
      assert.match(text, /Index (Only )?Scan using model_terms_lookup/);
      assert.match(text, /term >= 'chu'::text/);
    });
  });
}
