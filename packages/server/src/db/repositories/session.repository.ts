import type { Kysely, Selectable } from 'kysely';
import type { Database, SessionTable } from '../schema.js';

export type SessionRow = Selectable<SessionTable>;

export interface SessionOwner {
  readonly csrf_token: string;
  readonly expires_at: string;
  readonly user_id: string;
  readonly username: string;
  readonly is_admin: number;
  readonly disabled_at: string | null;
}

/** Dashboard sessions live in the database, so any replica can serve any request. */
export class SessionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: SessionRow): Promise<void> {
    await this.db.insertInto('sessions').values(row).execute();
  }

  async findOwnerByHash(idHash: string): Promise<SessionOwner | undefined> {
    return this.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.csrf_token', 's.expires_at', 'u.id as user_id', 'u.username', 'u.is_admin', 'u.disabled_at'])
      .where('s.id_hash', '=', idHash)
      .executeTakeFirst();
  }

  async delete(idHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }

  async deleteExpired(now: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<', now).execute();
  }
}
