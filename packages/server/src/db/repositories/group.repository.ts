import type { Kysely, Selectable } from 'kysely';
import type { Database, GroupTable } from '../schema.js';

export type GroupRow = Selectable<GroupTable>;

export class GroupRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: GroupRow): Promise<void> {
    await this.db.insertInto('groups').values(row).execute();
  }

  async findByRef(ref: string): Promise<GroupRow | undefined> {
    return this.db
      .selectFrom('groups')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', ref), eb('name_key', '=', ref.toLowerCase())]))
      .executeTakeFirst();
  }

  async list(): Promise<GroupRow[]> {
    return this.db.selectFrom('groups').selectAll().orderBy('name_key').execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('role_bindings').where('subject_type', '=', 'group').where('subject_id', '=', id).execute();
    await this.db.deleteFrom('groups').where('id', '=', id).execute();
  }

  /** Usernames of the members of each group, in one query. */
  async members(groupIds: readonly string[]): Promise<Array<{ group_id: string; user_id: string; username: string }>> {
    if (groupIds.length === 0) return [];
    return this.db
      .selectFrom('group_members as gm')
      .innerJoin('users as u', 'u.id', 'gm.user_id')
      .select(['gm.group_id', 'gm.user_id', 'u.username'])
      .where('gm.group_id', 'in', groupIds)
      .orderBy('u.username_key')
      .execute();
  }

  async addMember(groupId: string, userId: string): Promise<void> {
    await this.db
      .insertInto('group_members')
      .values({ group_id: groupId, user_id: userId })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async removeMember(groupId: string, userId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('group_members')
      .where('group_id', '=', groupId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
