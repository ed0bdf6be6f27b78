import { Injectable } from '@nestjs/common';
import type { SaveWebFormRequest, WebForm, WebFormField } from '@callboard/contracts';
import { Transactions, type Tx } from '../../common/database/transactions';

/** A form as the public endpoint needs it. */
export interface FormRecord {
  id: string;
  name: string;
  pipelineId: string;
  fields: WebFormField[];
  redirectUrl: string | null;
  allowedOrigins: string[];
  active: boolean;
}

const FORM_COLUMNS = `f.id, f.name, f.public_token AS "publicToken", f.pipeline_id AS "pipelineId", f.fields, f.redirect_url AS "redirectUrl",
  f.allowed_origins AS "allowedOrigins", f.active, f.created_at AS "createdAt"`;

const STATS = `(SELECT json_build_object(
    'created', count(*) FILTER (WHERE x.outcome = 'created'),
    'attached', count(*) FILTER (WHERE x.outcome = 'attached'),
    'spam', count(*) FILTER (WHERE x.outcome = 'spam'),
    'lastAt', max(x.received_at))
  FROM web_form_submissions x WHERE x.form_id = f.id) AS stats`;

type FormRow = Omit<WebForm, 'createdAt' | 'stats'> & { createdAt: Date; stats: { created: number; attached: number; spam: number; lastAt: string | null } };

const toForm = (r: FormRow): WebForm => ({
  ...r,
  createdAt: r.createdAt.toISOString(),
  stats: { ...r.stats, lastAt: r.stats.lastAt ? new Date(r.stats.lastAt).toISOString() : null },
});

@Injectable()
export class WebFormsRepository {
  constructor(private readonly tx: Transactions) {}

  async list(): Promise<WebForm[]> {
    return (await this.tx.db().rows<FormRow>(`SELECT ${FORM_COLUMNS}, ${STATS} FROM web_forms f ORDER BY f.created_at, f.id`)).map(toForm);
  }

  async get(id: string, tx?: Tx): Promise<WebForm | null> {
    const row = await this.tx.db(tx).one<FormRow>(`SELECT ${FORM_COLUMNS}, ${STATS} FROM web_forms f WHERE f.id = $1`, [id]);
    return row && toForm(row);
  }

  async insert(input: SaveWebFormRequest, token: string, createdBy: string): Promise<string> {
    const row = await this.tx.db().one<{ id: string }>(
      `INSERT INTO web_forms (name, public_token, pipeline_id, fields, redirect_url, allowed_origins, active, created_by)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6::text[], $7, $8) RETURNING id`,
      [input.name, token, input.pipelineId, JSON.stringify(input.fields), input.redirectUrl, input.allowedOrigins, input.active, createdBy],
    );
    return row!.id;
  }

  async update(id: string, input: SaveWebFormRequest): Promise<boolean> {
    const rows = await this.tx.db().rows(
      `UPDATE web_forms SET name = $2, pipeline_id = $3, fields = $4::jsonb, redirect_url = $5, allowed_origins = $6::text[], active = $7, updated_at = now()
       WHERE id = $1 RETURNING id`,
      [id, input.name, input.pipelineId, JSON.stringify(input.fields), input.redirectUrl, input.allowedOrigins, input.active],
    );
    return rows.length > 0;
  }

  async remove(id: string): Promise<boolean> {
    return (await this.tx.db().rows(`DELETE FROM web_forms WHERE id = $1 RETURNING id`, [id])).length > 0;
  }

  /** The form behind a public token (active or not: the caller decides). */
  byToken(token: string): Promise<FormRecord | null> {
    return this.tx.db().one<FormRecord>(
      `SELECT id, name, pipeline_id AS "pipelineId", fields, redirect_url AS "redirectUrl", allowed_origins AS "allowedOrigins", active
       FROM web_forms WHERE public_token = $1`,
      [token],
    );
  }

  async logSubmission(
    s: { formId: string; outcome: 'created' | 'attached' | 'spam'; dealId: string | null; contactId: string | null; origin: string | null; senderHash: string; data: Record<string, unknown> },
    tx?: Tx,
  ): Promise<void> {
    await this.tx
      .db(tx)
      .rows(`INSERT INTO web_form_submissions (form_id, outcome, deal_id, contact_id, origin, sender_hash, data) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`, [
        s.formId,
        s.outcome,
        s.dealId,
        s.contactId,
        s.origin,
        s.senderHash,
        JSON.stringify(s.data),
      ]);
  }
}
