import { Injectable } from '@nestjs/common';
import type { Device } from '@callboard/contracts';
import { type Actor, isHead } from '../../common/access/access.decorators';
import { Transactions } from '../../common/database/transactions';

interface DeviceRow extends Omit<Device, 'createdAt' | 'lastRegisteredAt' | 'registeredUntil'> {
  createdAt: Date;
  lastRegisteredAt: Date | null;
  registeredUntil: Date | null;
}

/** What a removal needs to take the phone's registration away. */
export interface RemovedDevice {
  id: string;
  userId: string;
  extension: string;
  lastContact: string | null;
}

const COLUMNS = `
  d.id, d.user_id AS "userId", u.name AS "userName", u.active AS "userActive", u.extension, d.label, d.username,
  d.created_at AS "createdAt",
  COALESCE(d.registered_until > now(), false) AS registered,
  d.last_registered_at AS "lastRegisteredAt", d.registered_until AS "registeredUntil",
  d.last_address AS "lastAddress", d.last_transport AS "lastTransport", d.last_user_agent AS "lastUserAgent"`;

/** The one visibility rule of devices: a Head sees all, anyone else only their own. */
function visibleTo(actor: Actor, params: unknown[]): string {
  if (isHead(actor)) return 'true';
  params.push(actor.id);
  return `d.user_id = $${params.length}`;
}

@Injectable()
export class DevicesRepository {
  constructor(private readonly tx: Transactions) {}

  async list(actor: Actor, userId?: string): Promise<Device[]> {
    const params: unknown[] = [];
    const where = [visibleTo(actor, params)];
    if (userId) {
      params.push(userId);
      where.push(`d.user_id = $${params.length}`);
    }
    const rows = await this.tx
      .db()
      .rows<DeviceRow>(
        `SELECT ${COLUMNS} FROM sip_devices d JOIN users u ON u.id = d.user_id
          WHERE ${where.join(' AND ')} ORDER BY u.name, d.created_at, d.id`,
        params,
      );
    return rows.map(toDevice);
  }

  /**
   * Adds a phone unless the user already has `max`; null when at the limit. The user's row is
   * locked first, so two adds at once cannot both pass the count.
   */
  create(input: { userId: string; label: string; username: string; ha1: string; createdBy: string; max: number }): Promise<Device | null> {
    return this.tx.run(async (tx) => {
      const db = this.tx.db(tx);
      await db.rows(`SELECT id FROM users WHERE id = $1 FOR UPDATE`, [input.userId]);
      const count = await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM sip_devices WHERE user_id = $1`, [input.userId]);
      if ((count?.n ?? 0) >= input.max) return null;
      const inserted = await db.one<{ id: string }>(
        `INSERT INTO sip_devices (user_id, label, username, ha1, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [input.userId, input.label, input.username, input.ha1, input.createdBy],
      );
      const row = await db.one<DeviceRow>(`SELECT ${COLUMNS} FROM sip_devices d JOIN users u ON u.id = d.user_id WHERE d.id = $1`, [
        inserted!.id,
      ]);
      return toDevice(row!);
    });
  }

  /** Deletes a device the actor may see; null when there is none (or it is someone else's). */
  remove(actor: Actor, id: string): Promise<RemovedDevice | null> {
    const params: unknown[] = [id];
    const visible = visibleTo(actor, params);
    return this.tx.db().one<RemovedDevice>(
      `DELETE FROM sip_devices d USING users u
        WHERE d.id = $1 AND u.id = d.user_id AND ${visible}
        RETURNING d.id, d.user_id AS "userId", u.extension, d.last_contact AS "lastContact"`,
      params,
    );
  }
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toDevice(row: DeviceRow): Device {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    lastRegisteredAt: iso(row.lastRegisteredAt),
    registeredUntil: iso(row.registeredUntil),
  };
}
