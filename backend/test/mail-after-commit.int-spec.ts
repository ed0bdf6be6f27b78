import { createWorld, sql, type World } from './fixtures';
import { eventually, internal } from './sales-support';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

// Issue 12 item 5 (mail): an email is a row written in the transaction of the change that causes
// it, and SMTP runs after that commit, with no transaction of its own open; a change rolled back
// sends nothing. Rules with an email action drive it, through a real (loopback) SMTP server.
let world: World;
let smtp: SmtpSink;
/** While set, the SMTP server holds the mail to this address until `release` is called. */
let hold: { to: string; arrived: () => void; gate: Promise<void> } | null = null;
let release = () => {};

beforeAll(async () => {
  smtp = await startSmtpSink({
    beforeAccept: async (mail) => {
      if (hold && mail.to.includes(hold.to)) {
        hold.arrived();
        await hold.gate;
      }
    },
  });
  world = await createWorld({ env: { SMTP_URL: smtp.url, AUTOMATION_POLL_MS: '200' } });
});

afterAll(async () => {
  release();
  await world?.backend.destroy();
  await smtp?.close();
});

async function rule(name: string, actions: unknown[]): Promise<string> {
  const res = await world.head.post('/api/automation/rules', { name, trigger: { type: 'event', event: 'deal.created' }, conditions: [], actions });
  if (res.status !== 201) throw new Error(`rule refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}
const email = (to: string, subject: string) => ({ type: 'email', to, subject, body: 'Deal {deal.title}' });
const rowsTo = (to: string) => sql(world, `SELECT * FROM outbound_emails WHERE to_address = $1`, [to]);

describe('mail after commit', () => {
  it('should hand an email to SMTP with no database transaction open and no row locked', async () => {
    let arrived!: () => void;
    const reached = new Promise<void>((r) => (arrived = r));
    const gate = new Promise<void>((r) => (release = r));
    hold = { to: 'slow-smtp@example.com', arrived, gate };
    const ruleId = await rule('Mail through a slow SMTP server', [email('slow-smtp@example.com', 'Slow server')]);
    try {
      await world.alice.post('/api/deals', { title: 'Slow mail' });
      await reached; // the SMTP server now holds the message and has not answered
      const [row] = await rowsTo('slow-smtp@example.com');
      expect(row.status).toBe('pending');
      // the row being sent is not locked by the mailer: another session takes its lock at once
      const locked = await sql(world, `SELECT id FROM outbound_emails WHERE id = $1 FOR UPDATE NOWAIT`, [row.id]);
      expect(locked).toHaveLength(1);
      // and no session of the backend sits in an open transaction waiting on something else (SMTP)
      await new Promise((r) => setTimeout(r, 700)); // a transaction held across the send would have been idle that long
      const open = await sql(
        world,
        `SELECT pid, state, query FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid()
           AND state LIKE 'idle in transaction%' AND state_change < now() - interval '500 milliseconds'`,
      );
      expect(open).toEqual([]);
    } finally {
      release();
      hold = null;
    }
    await eventually(async () => (await rowsTo('slow-smtp@example.com'))[0]?.status === 'sent', 10_000, 'the email marked sent');
    expect(smtp.mails.filter((m) => m.to.includes('slow-smtp@example.com'))).toHaveLength(1);
    await world.head.patch(`/api/automation/rules/${ruleId}`, { enabled: false });
  });

  it('should send nothing for a change that was rolled back, and send the committed one', async () => {
    // a stage of another pipeline: moving a deal there fails after the rule queued its email
    const [other] = await sql(world, `INSERT INTO pipelines (name) VALUES ('Partners') RETURNING id`);
    const [foreign] = await sql(world, `INSERT INTO stages (pipeline_id, name, "group", sort_order) VALUES ($1, 'Intro', 'active', 0) RETURNING id`, [other.id]);
    const failing = await rule('Mail, then an impossible move', [email('rolled-back@example.com', 'Never sent'), { type: 'move_stage', stageId: foreign.id }]);
    await rule('Mail only', [email('committed@example.com', 'Sent')]);

    const deal = (await world.alice.post('/api/deals', { title: 'Rollback check' })).body;
    const failure = await eventually(
      async () => (await sql(world, `SELECT * FROM automation_runs WHERE rule_id = $1 AND deal_id = $2`, [failing, deal.id]))[0],
      10_000,
      'the failed run',
    );
    expect(failure.outcome).toBe('failed');
    await eventually(async () => smtp.mails.find((m) => m.to.includes('committed@example.com')), 15_000, 'the committed email');
    // every pass the mailer makes now finds nothing for the rolled-back change
    expect((await internal(world).post('/api/internal/automation/tick')).status).toBe(200);
    expect(await rowsTo('rolled-back@example.com')).toEqual([]);
    expect(smtp.mails.filter((m) => m.to.includes('rolled-back@example.com'))).toEqual([]);
  });
});
