import type { Transactions } from '../../common/database/transactions';

/**
 * One report statement with its own settings (`set_config(..., true)`: this transaction only), e.g.
 * `work_mem` for a report's groups or `plan_cache_mode` for a drill-down page.
 */
export function rowsWith<T>(tx: Transactions, settings: Record<string, string>, sql: string, values: unknown[]): Promise<T[]> {
  return tx.run(async (t) => {
    for (const [name, value] of Object.entries(settings)) await tx.db(t).rows(`SELECT set_config($1, $2, true)`, [name, value]);
    return tx.db(t).rows<T>(sql, values);
  });
}
