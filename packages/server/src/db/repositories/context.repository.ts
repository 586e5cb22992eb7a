import type { Kysely, Selectable } from 'kysely';
import type { ContextTable, Database } from '../schema.js';

export type ContextRow = Selectable<ContextTable>;

export interface ContextWithRoles {
  readonly context: ContextRow;
  readonly roles: string[];
}

/** Contexts, and the roles a user holds in them directly or through a group. */
export class ContextRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** One query: the context by id or slug, with every role bound to the user or one of its groups there. */
  async findWithRoles(ref: string, userId: string): Promise<ContextWithRoles | undefined> {
    const rows = await this.db
      .selectFrom('contexts as c')
      .leftJoin('role_bindings as rb', (join) =>
        join
          .onRef('rb.context_id', '=', 'c.id')
          .on((eb) =>
            eb.or([
              eb.and([eb('rb.subject_type', '=', 'user'), eb('rb.subject_id', '=', userId)]),
              eb.and([
                eb('rb.subject_type', '=', 'group'),
                eb('rb.subject_id', 'in', eb.selectFrom('group_members').select('group_id').where('user_id', '=', userId)),
              ]),
            ]),
          ),
      )
      .select(['c.id', 'c.slug', 'c.name', 'c.created_at', 'c.created_by', 'rb.role'])
      .where((eb) => eb.or([eb('c.id', '=', ref), eb('c.slug', '=', ref)]))
      .execute();
    const first = rows[0];
    if (first === undefined) return undefined;
    const { role: _role, ...context } = first;
    return { context, roles: rows.flatMap((row) => (row.role === null ? [] : [row.role])) };
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

  async findByRef(ref: string): Promise<ContextRow | undefined> {
    return this.db
      .selectFrom('contexts')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', ref), eb('slug', '=', ref)]))
      .executeTakeFirst();
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
