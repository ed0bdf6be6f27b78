import { WebhookPayload } from '@callboard/contracts';
import { Api } from '../support/api';
import { queryDatabase } from '../support/backend';
import { callerRow, runSipp } from '../support/sip/sipp';
import { MediaStack, SALES_NUMBER, softphonePorts } from '../support/softphone/media-stack';
import { verifyWebhookSignature, WebhookReceiver } from '../support/webhook-receiver';

// Issue 17: "a loopback receiver gets a signed payload for a trunk call that becomes a deal". The
// real chain: sipp as the carrier → Kamailio → bridge → backend (the call's transaction writes
// the webhook deliveries with the deal and the call) → drainer → a receiver on loopback that the
// Head allowed explicitly. Nobody is registered, so the call is missed; the new caller's deal
// lands in Unsorted.
const PASSWORD = 'callboard';
const ports = softphonePorts(Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 7200);
const WAIT = 20_000;

describe('webhooks: a trunk call that becomes a deal is delivered signed to a loopback receiver', () => {
  const stack = new MediaStack(ports);
  let receiver: WebhookReceiver;
  const sql = <T = any>(text: string, params: unknown[] = []) => queryDatabase<T>(stack.backend.databaseUrl, text, params);

  beforeAll(async () => {
    receiver = await new WebhookReceiver().listen();
    await stack.start();
  }, 120_000);

  afterAll(async () => {
    await stack.stop();
    await receiver?.close();
  }, 30_000);

  it('should deliver deal.created, call.missed and call.ended for the call, each signed and verifiable by the documented check', async () => {
    const { api: head } = await new Api(stack.backend.url).login('head@example.com', PASSWORD);
    const created = await head.post('/api/webhooks', {
      name: 'CRM mirror',
      url: receiver.url('/callboard'),
      events: ['deal.created', 'call.missed', 'call.ended'],
      allowedHosts: ['127.0.0.1'],
    });
    expect(created.status).toBe(201);
    const { secret, webhook } = created.body;

    const caller = '+36204447217';
    const sipp = runSipp({
      scenario: 'uac-expect-480.xml',
      target: stack.sipTarget,
      service: SALES_NUMBER,
      port: ports.sippUac,
      controlPort: ports.sippUacControl,
      inject: [callerRow('Webhook Caller', caller)],
      timeoutSec: 30,
    });
    const done = await sipp.done;
    expect({ code: done.code, output: done.code === 0 ? '' : done.output }).toEqual({ code: 0, output: '' });

    const [call] = await (async () => {
      for (const until = Date.now() + WAIT; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
        const rows = await sql(`SELECT sip_call_id, deal_id FROM calls WHERE from_raw = $1 AND deal_id IS NOT NULL`, [caller]);
        if (rows.length) return rows;
      }
      throw new Error('the call never reached the CRM with a deal');
    })();

    const dealCreated = await receiver.next((r) => r.body.includes('"deal.created"') && r.body.includes(call.deal_id), WAIT);
    const missed = await receiver.next((r) => r.body.includes('"call.missed"') && r.body.includes(call.sip_call_id), WAIT);
    const ended = await receiver.next((r) => r.body.includes('"call.ended"') && r.body.includes(call.sip_call_id), WAIT);

    for (const got of [dealCreated, missed, ended]) {
      expect(got.path).toBe('/callboard');
      expect(verifyWebhookSignature(got.headers['callboard-signature'] as string, got.body, secret)).toBe('ok');
      expect(WebhookPayload.safeParse(JSON.parse(got.body)).success).toBe(true);
    }
    const deal = JSON.parse(dealCreated.body).data.deal;
    expect(deal).toMatchObject({ id: call.deal_id, contactPhone: caller, status: 'open' });
    expect(JSON.parse(missed.body).data).toMatchObject({ callId: call.sip_call_id, dealId: call.deal_id, direction: 'inbound' });
    // the call's deliveries were written in the call's own transaction (same commit as the deal)
    const rows = await sql(
      `SELECT e.type FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE d.webhook_id = $1 AND d.status = 'delivered' ORDER BY e.type`,
      [webhook.id],
    );
    expect(rows.map((r) => r.type)).toEqual(['call.ended', 'call.missed', 'deal.created']);
    // ...the very transaction: PostgreSQL's now() is the transaction's start, the same for the deal and its webhook event
    const [same] = await sql(
      `SELECT e.created_at = d.created_at AS same FROM webhook_events e JOIN deals d ON d.id = $1 WHERE e.type = 'deal.created' AND e.body LIKE '%' || $1 || '%'`,
      [call.deal_id],
    );
    expect(same).toEqual({ same: true });
    // each event once, whatever the bus did after the commit
    expect(receiver.received.filter((r) => r.body.includes(call.sip_call_id) || r.body.includes(call.deal_id))).toHaveLength(3);
  }, 120_000);
});
