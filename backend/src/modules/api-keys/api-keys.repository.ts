import { Injectable } from '@nestjs/common';
import type { ApiKeyAccess, ApiKeyInfo, ApiKeyResource } from '@callboard/contracts';
import { Transactions } from '../../common/database/transactions';

const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const KEY_COLUMNS = `k.id, k.name, 'cbk_' || left(replace(k.id::text, '-', ''), 8) AS prefix, k.access, k.resources,
  ${ISO('k.created_at')} AS "createdAt", k.created_by AS "createdById", u.name AS "createdByName",
  ${ISO('k.last_used_at')} AS "lastUsedAt", ${ISO('k.revoked_at')} AS "revokedAt"`;

/** A key as the guard needs it: the stored hash, its scopes, and whether its Head may still act. */
export interface StoredApiKey {
  id: string;
  name: string;
  tokenHash: Buffer;
  access: ApiKeyAccess;
  resources: ApiKeyResource[];
  revoked: boolean;
  createdBy: string;
  /** The Head who created it is still an active Head. */
  creatorIsHead: boolean;
  /** last_used_at is over a minute old (or never set): the next use writes it. */
  stale: boolean;
}

@Injectable()
export class ApiKeysRepository {
  constructor(private readonly tx: Transactions) {}

  async insert(k: { id: string; name: string; tokenHash: Buffer; access: ApiKeyAccess; resources: ApiKeyResource[]; createdBy: string }): Promise<ApiKeyInfo> {
    const row = await this.tx.db().one<ApiKeyInfo>(
      `WITH k AS (INSERT INTO api_keys (id, name, token_hash, access, resources, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *)
       SELECT ${KEY_COLUMNS} FROM k LEFT JOIN users u ON u.id = k.created_by`,
      [k.id, k.name, k.tokenHash, k.access, k.resources, k.createdBy],
    );
    return row!;
  }

  /** Every key, live first, newest first; never the hash. */
  list(): Promise<ApiKeyInfo[]> {
    return this.tx
      .db()
      .rows<ApiKeyInfo>(`SELECT ${KEY_COLUMNS} FROM api_keys k LEFT JOIN users u ON u.id = k.created_by ORDER BY (k.revoked_at IS NULL) DESC, k.created_at DESC, k.id`);
  }

  /** Sets revoked_at once; null when there is no such key. */
  revoke(id: string, by: string): Promise<ApiKeyInfo | null> {
    return this.tx.db().one<ApiKeyInfo>(
      `WITH k AS (UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()), revoked_by = COALESCE(revoked_by, $2) WHERE id = $1 RETURNING *)
       SELECT ${KEY_COLUMNS} FROM k LEFT JOIN users u ON u.id = k.created_by`,
      [id, by],
    );
  }

  /** The key with this id (one primary-key read), for the guard to check. */
  find(id: string): Promise<StoredApiKey | null> {
    return this.tx.db().one<StoredApiKey>(
      `SELECT k.id, k.name, k.token_hash AS "tokenHash", k.access, k.resources, k.revoked_at IS NOT NULL AS revoked,
              k.created_by AS "createdBy", (u.active AND u.role = 'head') AS "creatorIsHead",
              (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute') AS stale
         FROM api_keys k JOIN users u ON u.id = k.created_by WHERE k.id = $1`,
      [id],
    );
  }

  /** Marks the key used, at most once a minute (the condition holds under concurrent requests too). */
  async touch(id: string): Promise<void> {
    await this.tx
      .db()
      .rows(`UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, [id]);
  }
}
