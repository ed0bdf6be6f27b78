import { Injectable } from '@nestjs/common';
import type { RoutingSettings } from '@callboard/contracts';
import { Transactions } from '../../common/database/transactions';

const ROUTING_KEY = 'telephony.routing';
const DEFAULTS: RoutingSettings = { ownerFirstSeconds: 15, ringAllSeconds: 45 };

@Injectable()
export class TelephonyRepository {
  constructor(private readonly tx: Transactions) {}

  async routingSettings(): Promise<RoutingSettings> {
    const row = await this.tx.db().one<{ value: RoutingSettings }>(`SELECT value FROM settings WHERE key = $1`, [ROUTING_KEY]);
    return { ...DEFAULTS, ...(row?.value ?? {}) };
  }

  async saveRoutingSettings(value: RoutingSettings): Promise<void> {
    await this.tx.db().rows(
      `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = $2, updated_at = now()`,
      [ROUTING_KEY, JSON.stringify(value)],
    );
  }
}
