import { Injectable } from '@nestjs/common';
import type { TeamSettings } from '@callboard/contracts';
import { Transactions, type Tx } from '../../common/database/transactions';

/** The `settings` row holding the team's settings (a JSON object of the fields a Head chose). */
export const TEAM_SETTINGS_KEY = 'team.settings';

/** What a Head chose; a field nobody chose is absent (its install default applies). */
export type StoredTeamSettings = Partial<TeamSettings>;

@Injectable()
export class TeamSettingsRepository {
  constructor(private readonly tx: Transactions) {}

  /** What a Head saved; null when nobody has yet. */
  async stored(tx?: Tx): Promise<StoredTeamSettings | null> {
    const row = await this.tx.db(tx).one<{ value: StoredTeamSettings }>(`SELECT value FROM settings WHERE key = $1`, [TEAM_SETTINGS_KEY]);
    return row?.value ?? null;
  }

  /** Merges `change` into the stored settings in one statement (two Heads' partial saves both land); returns the row before. */
  async merge(change: StoredTeamSettings, tx?: Tx): Promise<StoredTeamSettings | null> {
    const row = await this.tx.db(tx).one<{ before: StoredTeamSettings | null }>(
      `WITH before AS (SELECT value FROM settings WHERE key = $1)
       INSERT INTO settings (key, value) VALUES ($1, $2::jsonb)
       ON CONFLICT (key) DO UPDATE SET value = settings.value || EXCLUDED.value, updated_at = now()
       RETURNING (SELECT value FROM before) AS before`,
      [TEAM_SETTINGS_KEY, JSON.stringify(change)],
    );
    return row?.before ?? null;
  }

  /** Whether PostgreSQL knows the zone by this exact name (what every AT TIME ZONE here relies on). */
  async knowsZone(name: string, tx?: Tx): Promise<boolean> {
    return !!(await this.tx.db(tx).one(`SELECT 1 FROM pg_timezone_names WHERE name = $1`, [name]));
  }
}
