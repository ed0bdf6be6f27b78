import { Injectable } from '@nestjs/common';
import type { Language, Presence, Role, User } from '@callboard/contracts';
import { Transactions, type Tx } from '../../common/database/transactions';

import { toUser, type UserRecord } from './users.types';

export { toUser, type UserRecord };

const COLUMNS = `id, email, name, role, active, extension, presence, language, open_deal_on_answer AS "openDealOnAnswer", password_hash AS "passwordHash"`;

@Injectable()
export class UsersRepository {
  constructor(private readonly tx: Transactions) {}

  findByEmail(email: string): Promise<UserRecord | null> {
    return this.tx.db().one(`SELECT ${COLUMNS} FROM users WHERE lower(email) = lower($1)`, [email]);
  }

  findById(id: string, tx?: Tx): Promise<UserRecord | null> {
    return this.tx.db(tx).one(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
  }

  findByExtension(extension: string): Promise<UserRecord | null> {
    return this.tx.db().one(`SELECT ${COLUMNS} FROM users WHERE extension = $1`, [extension]);
  }

  list(includeInactive: boolean): Promise<UserRecord[]> {
    return this.tx
      .db()
      .rows(`SELECT ${COLUMNS} FROM users ${includeInactive ? '' : 'WHERE active'} ORDER BY name, id`);
  }

  /** The users' own languages (null: they follow the team's), by id; unknown ids are left out. */
  languages(ids: readonly string[], tx?: Tx): Promise<{ id: string; language: Language | null }[]> {
    return this.tx.db(tx).rows(`SELECT id, language FROM users WHERE id = ANY($1::uuid[])`, [ids]);
  }

  count(tx?: Tx): Promise<number> {
    return this.tx.db(tx).one<{ n: string }>(`SELECT count(*) AS n FROM users`).then((r) => Number(r?.n ?? 0));
  }

  async create(
    input: { email: string; name: string; role: Role; passwordHash: string; extension?: string },
    tx?: Tx,
  ): Promise<UserRecord> {
    const row = await this.tx.db(tx).one<UserRecord>(
      `INSERT INTO users (email, name, role, password_hash, extension)
       VALUES ($1, $2, $3, $4, COALESCE($5, nextval('user_extension_seq')::text))
       RETURNING ${COLUMNS}`,
      [input.email, input.name, input.role, input.passwordHash, input.extension ?? null],
    );
    return row!;
  }

  /** A call was answered: on_call, remembering the presence to give back. */
  markOnCall(userId: string, tx: Tx): Promise<UserRecord | null> {
    return this.tx.db(tx).one(
      `UPDATE users SET presence_before_call = presence, presence = 'on_call', updated_at = now()
       WHERE id = $1 AND presence <> 'on_call' RETURNING ${COLUMNS}`,
      [userId],
    );
  }

  /** A call ended: back to the earlier presence, unless another answered call is still up. */
  async releaseFromCall(userId: string, callId: string, tx: Tx): Promise<UserRecord | null> {
    // Two calls of one rep ending at once would each see the other still up (write skew):
    // lock the rep first, so the second one looks after the first has committed. NO KEY UPDATE,
    // not UPDATE: the key-share locks that foreign keys to users take (deal owner, calls.answered_by)
    // must not block it, or two call transactions of one rep deadlock (40P01, issue 12).
    await this.tx.db(tx).rows(`SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE`, [userId]);
    return this.tx.db(tx).one(
      `UPDATE users SET presence = COALESCE(presence_before_call, 'available'), presence_before_call = NULL, updated_at = now()
       WHERE id = $1 AND presence = 'on_call'
         AND NOT EXISTS (SELECT 1 FROM calls WHERE answered_by = $1 AND answered_at IS NOT NULL AND ended_at IS NULL AND id <> $2)
       RETURNING ${COLUMNS}`,
      [userId, callId],
    );
  }

  async update(
    id: string,
    patch: Partial<{ name: string; role: Role; active: boolean; passwordHash: string; presence: Presence; extension: string; language: Language | null; openDealOnAnswer: boolean }>,
    tx?: Tx,
  ): Promise<UserRecord | null> {
    const columns: Record<string, string> = {
      name: 'name',
      role: 'role',
      active: 'active',
      passwordHash: 'password_hash',
      presence: 'presence',
      extension: 'extension',
      language: 'language',
      openDealOnAnswer: 'open_deal_on_answer',
    };
    const sets: string[] = [];
    const params: unknown[] = [id];
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      params.push(value);
      sets.push(`${columns[key]} = $${params.length}`);
    }
    if (!sets.length) return this.findById(id, tx);
    return this.tx
      .db(tx)
      .one(`UPDATE users SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`, params);
  }
}

