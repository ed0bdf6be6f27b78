import { Injectable } from '@nestjs/common';
import { Transactions, type Tx } from '../../common/database/transactions';

/** The SQL of an erasure request (DELETE /api/contacts/:id), all in the caller's transaction. */
@Injectable()
export class ContactErasureRepository {
  constructor(private readonly tx: Transactions) {}

  lockContact(id: string, tx: Tx): Promise<{ id: string; name: string } | null> {
    return this.tx.db(tx).one(`SELECT id, name FROM contacts WHERE id = $1 FOR UPDATE`, [id]);
  }

  async phonesOf(id: string, tx: Tx): Promise<string[]> {
    return (await this.tx.db(tx).rows<{ e164: string }>(`SELECT e164 FROM contact_phones WHERE contact_id = $1`, [id])).map((r) => r.e164);
  }

  /** The contact's calls: linked to them, or on deals of theirs. */
  async callsOf(id: string, tx: Tx): Promise<{ id: string; sipCallId: string }[]> {
    return this.tx.db(tx).rows(
      `SELECT c.id, c.sip_call_id AS "sipCallId" FROM calls c
       WHERE c.contact_id = $1 OR c.deal_id IN (SELECT d.id FROM deals d WHERE d.contact_id = $1)
       ORDER BY c.id FOR UPDATE OF c`,
      [id],
    );
  }

  /** Deletes the calls' recording rows; the stored files' paths. */
  async deleteRecordings(callIds: string[], tx: Tx): Promise<{ id: string; filePath: string | null }[]> {
    if (!callIds.length) return [];
    return this.tx.db(tx).rows(`DELETE FROM recordings WHERE call_id = ANY($1::uuid[]) RETURNING id, file_path AS "filePath"`, [callIds]);
  }

  /** The calls stay (the team's figures) without the person's number and name. */
  async anonymiseCalls(callIds: string[], tx: Tx): Promise<number> {
    if (!callIds.length) return 0;
    const rows = await this.tx.db(tx).rows(
      `UPDATE calls SET contact_id = NULL,
         from_raw = CASE WHEN direction = 'outbound' THEN from_raw END, from_number = CASE WHEN direction = 'outbound' THEN from_number END,
         from_name = CASE WHEN direction = 'outbound' THEN from_name END,
         to_raw = CASE WHEN direction = 'outbound' THEN NULL ELSE to_raw END, to_number = CASE WHEN direction = 'outbound' THEN NULL ELSE to_number END,
         updated_at = now()
       WHERE id = ANY($1::uuid[]) RETURNING id`,
      [callIds],
    );
    return rows.length;
  }

  /** The calls' timeline entries lose the caller's number and name. */
  async scrubCallEntries(sipCallIds: string[], tx: Tx): Promise<void> {
    if (!sipCallIds.length) return;
    await this.tx.db(tx).rows(
      `UPDATE deal_events SET data = data - 'from' - 'fromName' - 'to' WHERE type = 'call' AND data->>'callId' = ANY($1::text[])`,
      [sipCallIds],
    );
  }

  /**
   * The deals stay (the sales history), unlinked; a title naming the person ("Call from +36…",
   * their name) gets `erased` in place of it. Offers and orders are unlinked too.
   */
  async unlinkDeals(contactId: string, words: string[], erased: string, tx: Tx): Promise<number> {
    const db = this.tx.db(tx);
    const deals = await db.rows<{ id: string; title: string }>(`SELECT id, title FROM deals WHERE contact_id = $1 ORDER BY id FOR UPDATE`, [contactId]);
    for (const d of deals) {
      let title = d.title;
      for (const w of words.filter((x) => x.trim().length >= 3)) title = title.split(w).join(erased);
      await db.rows(`UPDATE deals SET contact_id = NULL, title = $2, updated_at = now() WHERE id = $1`, [d.id, title.slice(0, 200)]);
    }
    await db.rows(`UPDATE offers SET contact_id = NULL WHERE contact_id = $1`, [contactId]);
    await db.rows(`UPDATE orders SET contact_id = NULL WHERE contact_id = $1`, [contactId]);
    // a task on a deal stays with the deal; a task only about the person goes with them (ON DELETE CASCADE)
    await db.rows(`UPDATE tasks SET contact_id = NULL WHERE contact_id = $1 AND deal_id IS NOT NULL`, [contactId]);
    return deals.length;
  }

  async deleteContact(id: string, tx: Tx): Promise<void> {
    await this.tx.db(tx).rows(`DELETE FROM contacts WHERE id = $1`, [id]);
  }
}
