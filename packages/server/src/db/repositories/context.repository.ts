import type { Kysely, Selectable } from 'kysely';
import type { ContextTable, Database } from '../schema.js';

export type ContextRow = Selectable<ContextTable>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ContextWithRoles {
  readonly context: ContextRow;
  readonly roles: string[];
}

/** Contexts, and the roles a user holds in them directly or through a group. */
export class ContextRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * The context by id or slug, with every role bound to the user directly or through one of its groups.
   * This runs on every request, so it is two plain indexed lookups rather than one clever join.
   */
  async findWithRoles(ref: string, userId: string): Promise<ContextWithRoles | undefined> {
    const context = await this.findByRef(ref);
    if (context === undefined) return undefined;
    const direct = this.db
      .selectFrom('role_bindings')
      .select('role')
      .where('context_id', '=', context.id)
      .where('subject_type', '=', 'user')
      .where('subject_id', '=', userId);
    const viaGroups = this.db
      .selectFrom('role_bindings as rb')
      .innerJoin('group_members as gm', 'gm.group_id', 'rb.subject_id')
      .select('rb.role')
      .where('rb.context_id', '=', context.id)
      .where('rb.subject_type', '=', 'group')
      .where('gm.user_id', '=', userId);
    const rows = await direct.unionAll(viaGroups).execute();
    return { context, roles: rows.map((row) => row.role) };
  }

  /** Every context with the roles the user holds in it (admins see all, so roles may be empty). */
  async listWithRoles(userId: string): Promise<ContextWithRoles[]> {
    const contexts = await this.db.selectFrom('contexts').selectAll().orderBy('slug').execute();
    const bindings = await this.db
      .selectFrom('role_bindings')
      .select(['context_id', 'role'])
      .where((eb) =>
        eb.or([
          eb.and([eb('subject_type', '=', 'user'), eb('subject_id', '=', userId)]),
          eb.and([
            eb('subject_type', '=', 'group'),
            eb('subject_id', 'in', eb.selectFrom('group_members').select('group_id').where('user_id', '=', userId)),
          ]),
        ]),
      )
      .execute();
    return contexts.map((context) => ({
      context,
      roles: bindings.filter((binding) => binding.context_id === context.id).map((binding) => binding.role),
    }));
  }

  /** By id when the reference is one, else by slug (each a unique index lookup). */
  async findByRef(ref: string): Promise<ContextRow | undefined> {
    const byId = UUID.test(ref) ? await this.db.selectFrom('contexts').selectAll().where('id', '=', ref).executeTakeFirst() : undefined;
    return byId ?? this.db.selectFrom('contexts').selectAll().where('slug', '=', ref).executeTakeFirst();
  }

  async insert(row: ContextRow): Promise<void> {
    await this.db.insertInto('contexts').values(row).execute();
  }

  async update(id: string, changes: Partial<Pick<ContextRow, 'slug' | 'name'>>): Promise<void> {
    await this.db.updateTable('contexts').set(changes).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('contexts').where('id', '=', id).execute();
  }

  async countModels(id: string): Promise<number> {
    const row = await this.db
      .selectFrom('models')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('context_id', '=', id)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
