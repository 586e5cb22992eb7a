import type { Kysely, Selectable } from 'kysely';
import type { Database, UserTable } from '../schema.js';

export type UserRow = Selectable<UserTable>;

export class UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: UserRow): Promise<void> {
    await this.db.insertInto('users').values(row).execute();
  }

  async find(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findByUsernameKey(key: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('username_key', '=', key).executeTakeFirst();
  }

  /** Accepts an id or a username, as admin paths do. */
  async findByRef(ref: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', ref), eb('username_key', '=', ref.toLowerCase())]))
      .executeTakeFirst();
  }

  async list(): Promise<UserRow[]> {
    return this.db.selectFrom('users').selectAll().orderBy('username_key').execute();
  }

  async update(id: string, changes: Partial<Omit<UserRow, 'id' | 'username' | 'username_key' | 'created_at'>>): Promise<void> {
    await this.db.updateTable('users').set(changes).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('role_bindings').where('subject_type', '=', 'user').where('subject_id', '=', id).execute();
    await this.db.deleteFrom('users').where('id', '=', id).execute();
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
