import { Injectable } from '@nestjs/common';
import { Transactions } from '../../common/database/transactions';

const DEFAULT_SLA_MINUTES = 10;

/** The figures' settings that live elsewhere: the speed-to-lead SLA is the default rule's timer. */
@Injectable()
export class ReportSettingsRepository {
  constructor(private readonly tx: Transactions) {}

  /** The speed-to-lead rule's minutes (a Head edits them in Automation); 10 when it is gone. */
  async speedToLeadSlaMinutes(): Promise<number> {
    const r = await this.tx.db().one<{ amount: number | null; unit: string | null }>(
      `SELECT (trigger->>'amount')::int AS amount, trigger->>'unit' AS unit FROM automation_rules WHERE system_key = 'speed_to_lead'`,
    );
    if (!r?.amount || r.amount <= 0) return DEFAULT_SLA_MINUTES;
    const perUnit: Record<string, number> = { minutes: 1, hours: 60, days: 1440 };
    return r.amount * (perUnit[r.unit ?? 'minutes'] ?? 1);
  }
}
