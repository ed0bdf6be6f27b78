import { Injectable } from '@nestjs/common';
import type { Role } from '@callboard/contracts';
import { Transactions, type Tx } from '../../common/database/transactions';

export type RevokeReason = 'signed_out' | 'password_changed' | 'password_reset' | 'deactivated';

export interface SessionState {
  sessionId: string;
  userId: string;
  role: Role;
  name: string;
  expiresAt: Date;
  /** All three must hold for the token to be good. */
  open: boolean;
  unexpired: boolean;
  userActive: boolean;
}

/** Sign-ins (ADR 0010): a token is good while its row is live and its user active. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly tx: Transactions) {}

  async create(input: { userId: string; ttlSeconds: number; address: string; userAgent: string | null }, tx?: Tx) {
    const row = await this.tx.db(tx).one<{ id: string; expiresAt: Date }>(
      `INSERT INTO sessions (user_id, expires_at, address, user_agent)
       VALUES ($1, now() + make_interval(secs => $2), $3, $4) RETURNING id, expires_at AS "expiresAt"`,
      [input.userId, input.ttlSeconds, input.address.slice(0, 64), input.userAgent?.slice(0, 200) ?? null],
    );
    return row!;
  }

  /** The session and its user's current role, with what still holds. One primary-key lookup per request. */
  find(sessionId: string, userId: string): Promise<SessionState | null> {
    return this.tx.db().one<SessionState>(
      `SELECT s.id AS "sessionId", u.id AS "userId", u.role, u.name, s.expires_at AS "expiresAt",
              s.revoked_at IS NULL AS open, s.expires_at > now() AS unexpired, u.active AS "userActive"
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.user_id = $2`,
      [sessionId, userId],
    );
  }

  /** Of these session ids, those no longer live (revoked, expired, user gone or inactive). */
  async stale(sessionIds: string[]): Promise<string[]> {
    if (!sessionIds.length) return [];
    const live = await this.tx.db().rows<{ id: string }>(
      `SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = ANY($1::uuid[]) AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active`,
      [sessionIds],
    );
    const ok = new Set(live.map((r) => r.id));
    return sessionIds.filter((id) => !ok.has(id));
  }

  async revoke(sessionId: string, reason: RevokeReason): Promise<boolean> {
    const row = await this.tx.db().one(
      `UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
      [sessionId, reason],
    );
    return !!row;
  }

  /** Revokes every live session of a user but `keep`; returns the revoked ids. */
  async revokeAllOf(userId: string, reason: RevokeReason, keep: string | null = null, tx?: Tx): Promise<string[]> {
    const rows = await this.tx.db(tx).rows<{ id: string }>(
      `UPDATE sessions SET revoked_at = now(), revoked_reason = $2
        WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid) RETURNING id`,
      [userId, reason, keep],
    );
    return rows.map((r) => r.id);
  }

  async prune(): Promise<void> {
    await this.tx.db().rows(`DELETE FROM sessions WHERE expires_at < now() - interval '30 days'`);
  }
}

/** The first Head's one-time setup link: only the token's SHA-256 is kept. */
@Injectable()
export class SetupTokensRepository {
  constructor(private readonly tx: Transactions) {}

  /** Replaces any unused token by this one. */
  async replace(tokenHash: string, ttlHours: number, tx: Tx): Promise<void> {
    await this.tx.db(tx).rows(`DELETE FROM setup_tokens WHERE used_at IS NULL`);
    await this.tx.db(tx).rows(
      `INSERT INTO setup_tokens (token_hash, expires_at) VALUES ($1, now() + make_interval(hours => $2))`,
      [tokenHash, ttlHours],
    );
  }

  /** Marks the token used if it is unused and unexpired; false otherwise. */
  async consume(tokenHash: string, tx: Tx): Promise<boolean> {
    const row = await this.tx.db(tx).one(
      `UPDATE setup_tokens SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING token_hash`,
      [tokenHash],
    );
    return !!row;
  }
}
