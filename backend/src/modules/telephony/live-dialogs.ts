/** Kamailio's dialog states (dialog module, dlg_hash.h): 5 = deleted, on its way out. */
const DLG_STATE_DELETED = 5;

/**
 * The Call-IDs of the SIP server's live dialogs, from a `dlg.list` answer: one object per dialog
 * with "call-id" and "state" (Kamailio 5.6). Read leniently (an answer of another shape gives no
 * Call-IDs, never a crash); a dialog in the deleted state is not live.
 */
export function liveCallIds(result: unknown): Set<string> {
  const ids = new Set<string>();
  const visit = (node: unknown, depth: number): void => {
    if (depth > 4 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    const record = node as Record<string, unknown>;
    const callId = record['call-id'];
    if (typeof callId === 'string' && callId.length > 0) {
      if (record.state !== DLG_STATE_DELETED) ids.add(callId);
      return;
    }
    for (const value of Object.values(record)) visit(value, depth + 1);
  };
  visit(result, 0);
  return ids;
}

/**
 * What has been missing since when. A call row or an on_call rep with no live dialog is acted on
 * only when it is still missing `graceMs` after it was first seen missing: an `ended` event that
 * is on its way from the bridge gets there first and keeps its real hang-up side and time.
 */
export class MissingSince {
  private readonly since = new Map<string, number>();

  constructor(private readonly graceMs: number) {}

  /** Records `missing` as seen at `now`, forgets everything else; answers the keys now due. */
  due(missing: Iterable<string>, now: number): string[] {
    const seen = new Set(missing);
    for (const key of this.since.keys()) if (!seen.has(key)) this.since.delete(key);
    const due: string[] = [];
    for (const key of seen) {
      const first = this.since.get(key);
      if (first === undefined) this.since.set(key, now);
      if (now - (first ?? now) >= this.graceMs) due.push(key);
    }
    return due;
  }

  /** Something is waiting out its grace period (worth a sweep before the next interval). */
  get pending(): boolean {
    return this.since.size > 0;
  }

  forget(key: string): void {
    this.since.delete(key);
  }
}
