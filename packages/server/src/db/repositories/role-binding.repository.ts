import type { Kysely, Selectable } from 'kysely';
import type { Database, RoleBindingTable } from '../schema.js';

export type RoleBindingRow = Selectable<RoleBindingTable>;

export interface RoleBindingView extends RoleBindingRow {
  readonly subject_name: string | null;
}

export class RoleBindingRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: RoleBindingRow): Promise<void> {
    await this.db.insertInto('role_bindings').values(row).execute();
  }

  async find(id: string): Promise<RoleBindingRow | undefined> {
    return this.db.selectFrom('role_bindings').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Bindings with the subject's display name, joined rather than fetched one by one. */
  async list(contextId: string | undefined): Promise<RoleBindingView[]> {
    let select = this.db
      .selectFrom('role_bindings as rb')
      .leftJoin('users as u', (join) => join.onRef('u.id', '=', 'rb.subject_id').on('rb.subject_type', '=', 'user'))
      .leftJoin('groups as g', (join) => join.onRef('g.id', '=', 'rb.subject_id').on('rb.subject_type', '=', 'group'))
      .selectAll('rb')
      .select((eb) => eb.fn.coalesce('u.username', 'g.name').as('subject_name'));
    if (contextId !== undefined) select = select.where('rb.context_id', '=', contextId);
    return select.orderBy('rb.created_at').orderBy('rb.id').execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('role_bindings').where('id', '=', id).execute();
  }
}
