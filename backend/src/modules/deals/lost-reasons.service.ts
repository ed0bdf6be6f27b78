import { Injectable } from '@nestjs/common';
import type { LostReasonsSettings } from '@callboard/contracts';
import { Transactions, type Tx } from '../../common/database/transactions';
import { DealException } from './deals.exception';

export const LOST_REASONS_KEY = 'sales.lost_reasons';
export const DEFAULT_LOST_REASONS: LostReasonsSettings = { reasons: ['other'], required: false };

/**
 * The Head's rule for a person closing a deal as lost: the reason must be one of the list, and
 * may be left out only when the Head did not make it required. Returns the reason to store.
 */
export function checkLostReason(settings: LostReasonsSettings, reason: string | null | undefined): string | null {
  if (!reason) {
    if (settings.required) throw new DealException('LOST_REASON_REQUIRED', 'Say why the deal was lost', { reasons: settings.reasons });
    return null;
  }
  if (!settings.reasons.includes(reason)) {
    throw new DealException('LOST_REASON_UNKNOWN', `"${reason}" is not one of the lost reasons`, { reasons: settings.reasons });
  }
  return reason;
}

/** The Head's lost-reason settings, applied to moves made by people (rules bring their own reason). */
@Injectable()
export class LostReasonsService {
  constructor(private readonly tx: Transactions) {}

  async settings(tx?: Tx): Promise<LostReasonsSettings> {
    const row = await this.tx.db(tx).one<{ value: LostReasonsSettings }>(`SELECT value FROM settings WHERE key = $1`, [LOST_REASONS_KEY]);
    return row?.value ?? DEFAULT_LOST_REASONS;
  }

  async save(value: LostReasonsSettings): Promise<void> {
    await this.tx.db().rows(
      `INSERT INTO settings (key, value) VALUES ($2, $1::jsonb)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [JSON.stringify(value), LOST_REASONS_KEY],
    );
  }

  async check(reason: string | null | undefined, tx?: Tx): Promise<string | null> {
    return checkLostReason(await this.settings(tx), reason);
  }
}
