import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Conversation figures of a recorded call (issue 16), one row per call, computed from its
 * recording's two channels (modules/conversation). A later analysis of the same call replaces it.
 */
export class CallConversations1732300000224 implements MigrationInterface {
  name = 'CallConversations1732300000224';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE call_conversations (
        call_id uuid PRIMARY KEY REFERENCES calls(id) ON DELETE CASCADE,
        analysed_at timestamptz NOT NULL DEFAULT now(),
        sample_rate integer NOT NULL CHECK (sample_rate > 0),
        analysed_sec double precision NOT NULL CHECK (analysed_sec >= 0),
        paused_sec double precision NOT NULL CHECK (paused_sec >= 0),
        rep_talk_sec double precision NOT NULL CHECK (rep_talk_sec >= 0),
        caller_talk_sec double precision NOT NULL CHECK (caller_talk_sec >= 0),
        overlap_sec double precision NOT NULL CHECK (overlap_sec >= 0),
        silence_sec double precision NOT NULL CHECK (silence_sec >= 0),
        rep_talk_share double precision NULL CHECK (rep_talk_share BETWEEN 0 AND 1),
        silence_share double precision NULL CHECK (silence_share BETWEEN 0 AND 1),
        rep_longest_monologue_sec double precision NOT NULL CHECK (rep_longest_monologue_sec >= 0),
        caller_longest_monologue_sec double precision NOT NULL CHECK (caller_longest_monologue_sec >= 0),
        longest_monologue_by varchar(6) NULL CHECK (longest_monologue_by IN ('rep', 'caller')),
        rep_interruptions integer NOT NULL CHECK (rep_interruptions >= 0),
        caller_interruptions integer NOT NULL CHECK (caller_interruptions >= 0)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS call_conversations`);
  }
}
