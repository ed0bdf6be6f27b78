import { Injectable } from '@nestjs/common';
import { Transactions, type Tx } from '../../common/database/transactions';

/** The `settings` row holding the default assignee of missed calls' call-backs. */
export const MISSED_CALL_SETTINGS_KEY = 'tasks.missed_call_assignee';

@Injectable()
export class MissedCallSettingsRepository {
  constructor(private readonly tx: Transactions) {}

  /** The chosen user with their name and whether they are still active; null when none is set (or the user is gone). */
  defaultAssignee(tx?: Tx): Promise<{ id: string; name: string; active: boolean } | null> {
    return this.tx.db(tx).one<{ id: string; name: string; active: boolean }>(
      `SELECT u.id, u.name, u.active FROM settings s JOIN users u ON u.id = (s.value->>'userId')::uuid WHERE s.key = $1`,
      [MISSED_CALL_SETTINGS_KEY],
    );
  }

  async setDefaultAssignee(userId: string | null, tx?: Tx): Promise<void> {
    await this.tx.db(tx).rows(
      `INSERT INTO settings (key, value) VALUES ($1, $2::jsonb)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [MISSED_CALL_SETTINGS_KEY, JSON.stringify({ userId })],
    );
  }
}
