import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema as it was, not as the types say today */

/**
 * When an upload last claimed the blob. Between the claim and the commit of its format row an upload's
 * reference is not visible in `formats`, so garbage collection leaves recently claimed blobs alone
 * rather than recounting them to zero under a running upload.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('blobs').addColumn('claimed_at', 'text').execute();
}
