import type { Kysely, Selectable } from 'kysely';
import type { Database, TokenTable } from '../schema.js';

export type TokenRow = Selectable<TokenTable>;

export interface TokenOwner {
  readonly token_id: string;
  readonly expires_at: string | null;
  readonly revoked_at: string | null;
  readonly last_used_at: string | null;
  readonly user_id: string;
  readonly username: string;
  readonly is_admin: number;
  readonly disabled_at: string | null;
}

export class TokenRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: TokenRow): Promise<void> {
    await this.db.insertInto('tokens').values(row).execute();
  }

  /** The token and its user in one indexed lookup: this runs on every API request. */
  async findOwnerByHash(tokenHash: string): Promise<TokenOwner | undefined> {
    return this.db
      .selectFrom('tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select([
        't.id as token_id',
        't.expires_at',
        't.revoked_at',
        't.last_used_at',
        'u.id as user_id',
        'u.username',
        'u.is_admin',
        'u.disabled_at',
      ])
      .where('t.token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  async find(id: string): Promise<TokenRow | undefined> {
    return this.db.selectFrom('tokens').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async listForUser(userId: string | undefined): Promise<TokenRow[]> {
    let select = this.db.selectFrom('tokens').selectAll();
    if (userId !== undefined) select = select.where('user_id', '=', userId);
    return select.orderBy('created_at').orderBy('id').execute();
  }

  async revoke(id: string, at: string): Promise<void> {
    await this.db.updateTable('tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }

  /** Records use at most once a minute per token, so reads do not turn into a write per request. */
  async markUsed(id: string, at: string, notSince: string): Promise<void> {
    await this.db
      .updateTable('tokens')
      .set({ last_used_at: at })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', notSince)]))
      .execute();
  }
}
