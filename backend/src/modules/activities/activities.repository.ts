import { Injectable } from '@nestjs/common';
import type { Activity, LostReasonsSettings } from '@callboard/contracts';
import { Transactions, type Tx } from '../../common/database/transactions';

const COLUMNS = `a.id, a.deal_id AS "dealId", a.kind, a.visit_type AS "visitType", a.visit_status AS "visitStatus", a.body,
  a.occurred_at AS "occurredAt", a.author_id AS "authorId", u.name AS "authorName", a.created_at AS "createdAt"`;

@Injectable()
export class ActivitiesRepository {
  constructor(private readonly tx: Transactions) {}

  list(dealId: string): Promise<Activity[]> {
    return this.tx
      .db()
      .rows<Activity>(
        `SELECT ${COLUMNS} FROM activities a LEFT JOIN users u ON u.id = a.author_id WHERE a.deal_id = $1 ORDER BY a.occurred_at DESC, a.id DESC`,
        [dealId],
      )
      .then((r) => r.map(iso));
  }

  async insert(
    a: { dealId: string; kind: string; visitType: string | null; visitStatus: string | null; body: string; occurredAt: Date; authorId: string },
    tx: Tx,
  ): Promise<Activity> {
    const row = await this.tx.db(tx).one<{ id: string }>(
      `INSERT INTO activities (deal_id, kind, visit_type, visit_status, body, occurred_at, author_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [a.dealId, a.kind, a.visitType, a.visitStatus, a.body, a.occurredAt, a.authorId],
    );
    const full = await this.tx.db(tx).one<Activity>(`SELECT ${COLUMNS} FROM activities a LEFT JOIN users u ON u.id = a.author_id WHERE a.id = $1`, [row!.id]);
    return iso(full!);
  }

  lostStageOf(pipelineId: string, tx: Tx): Promise<{ id: string } | null> {
    return this.tx.db(tx).one(
      `SELECT id FROM stages WHERE pipeline_id = $1 AND "group" = 'lost' ORDER BY (system_key = 'lost') DESC NULLS LAST, sort_order LIMIT 1`,
      [pipelineId],
    );
  }
}

function iso(row: Activity): Activity {
  const r = row as Record<string, unknown>;
  for (const key of ['occurredAt', 'createdAt']) if (r[key] instanceof Date) r[key] = (r[key] as Date).toISOString();
  return row;
}
