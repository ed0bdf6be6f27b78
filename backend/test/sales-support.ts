import { Api } from '../../test/support/api';
import { sql, type World } from './fixtures';

/** The service-token client (internal routes: clock, events, scheduler pass). */
export function internal(world: World): Api {
  return new Api(world.backend.url, world.backend.env.PBX_SERVICE_TOKEN);
}

/** Polls until `check` returns a truthy value; fails with the last value after `ms`. */
export async function eventually<T>(check: () => Promise<T>, ms = 10_000, what = 'condition'): Promise<T> {
  const until = Date.now() + ms;
  let last: T | undefined;
  for (;;) {
    last = await check();
    if (last) return last;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function stageOf(world: World, dealId: string): Promise<string> {
  const [row] = await sql(world, `SELECT s.name FROM deals d JOIN stages s ON s.id = d.stage_id WHERE d.id = $1`, [dealId]);
  return row?.name;
}

/** Waits until the deal is in `stage` (by name). */
export function waitForStage(world: World, dealId: string, stage: string, ms = 10_000): Promise<string> {
  return eventually(async () => ((await stageOf(world, dealId)) === stage ? stage : null), ms, `deal ${dealId} in ${stage}`).catch(async (e) => {
    throw new Error(`${e.message} (is in ${await stageOf(world, dealId)})`);
  });
}

let callSeq = 0;

/** A call on a deal as the calls module records it, then its domain event, as the calls module emits it. */
export async function call(
  world: World,
  dealId: string,
  outcome: 'answered' | 'missed',
  direction: 'inbound' | 'outbound' = 'outbound',
  userId: string | null = null,
): Promise<string> {
  const sipCallId = `test-${process.pid}-${++callSeq}-${Date.now()}`;
  await sql(
    world,
    `INSERT INTO calls (sip_call_id, direction, deal_id, user_id, offered_at, answered_at, answered_by, outcome, missed_reason, deal_created)
     VALUES ($1, $2, $3, $4, now(), CASE WHEN $5 = 'answered' THEN now() END, CASE WHEN $5 = 'answered' THEN $4::uuid END,
             CASE WHEN $5 = 'answered' THEN 'answered' ELSE 'missed' END, CASE WHEN $5 = 'missed' THEN 'no_answer' END, true)`,
    [sipCallId, direction, dealId, userId, outcome],
  );
  await emitCall(world, sipCallId, dealId, outcome, direction, userId);
  return sipCallId;
}

export async function emitCall(world: World, callId: string, dealId: string, outcome: 'answered' | 'missed', direction: string, userId: string | null = null) {
  const res = await internal(world).post('/api/internal/test/events', {
    event: outcome === 'answered' ? 'call.answered' : 'call.missed',
    callId,
    dealId,
    direction,
    ...(outcome === 'answered' ? { userId } : { reason: 'no_answer' }),
  });
  if (res.status !== 202) throw new Error(`test event refused: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Runs of the default rule with this system key. */
export async function runsOf(world: World, key: string, dealId: string): Promise<any[]> {
  return sql(
    world,
    `SELECT r.* FROM automation_runs r JOIN automation_rules x ON x.id = r.rule_id WHERE x.system_key = $1 AND r.deal_id = $2`,
    [key, dealId],
  );
}

/**
 * Restarts the backend and waits until it answers. (StartedBackend.restart() can resolve on the
 * first run's "listening" line still in its output buffer, before the new process listens.)
 */
export async function restart(world: World): Promise<void> {
  await world.backend.restart();
  await eventually(async () => (await world.anon.get('/api/health').catch(() => ({ status: 0 }))).status === 200, 30_000, 'the restarted backend');
}

export interface SalesFixtures {
  aliceTask: string;
  aliceOffer: string;
  aliceOrder: string;
  ruleId: string;
}

const fixtureCache = new WeakMap<World, Promise<SalesFixtures>>();

/** Alice's task and draft offer on her deal, an order on another of her deals, and a rule (for the visibility matrix). */
export function salesFixtures(world: World, aliceDeal: string): Promise<SalesFixtures> {
  let made = fixtureCache.get(world);
  if (!made) {
    made = (async () => {
      const ok = <T extends { status: number; body: any }>(r: T, what: string) => {
        if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
        return r.body;
      };
      const items = [{ product: 'Chair', quantity: '2', unitPrice: '10.00' }];
      const aliceTask = ok(await world.alice.post('/api/tasks', { title: 'Alice secret task', dealId: aliceDeal }), 'task').id;
      const aliceOffer = ok(await world.alice.post('/api/offers', { dealId: aliceDeal, items }), 'offer').id;
      const orderDeal = ok(await world.alice.post('/api/deals', { title: 'Alice order deal' }), 'deal').id;
      const sold = ok(await world.alice.post('/api/offers', { dealId: orderDeal, items }), 'offer').id;
      ok(await world.alice.post(`/api/offers/${sold}/status`, { status: 'sent' }), 'sent');
      const accepted = ok(await world.alice.post(`/api/offers/${sold}/status`, { status: 'accepted' }), 'accepted');
      const ruleId = ok(await world.head.get('/api/automation/rules'), 'rules')[0].id;
      return { aliceTask, aliceOffer, aliceOrder: accepted.orderId, ruleId };
    })();
    fixtureCache.set(world, made);
  }
  return made;
}
