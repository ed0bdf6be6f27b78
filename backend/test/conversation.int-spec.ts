import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type ScriptLine, scriptTruth, synthesize, wavBytes } from '../src/modules/conversation/testing/scripted-call';
import { createWorld, sql, type World } from './fixtures';

// Issue 16, part 5: a call's recording (a scripted stereo WAV) analysed into conversation figures,
// stored per call, shown on the call's API to those who may see the call, summed per rep by the
// Conversations report; a Seller sees only her own. The service (backend/dist) runs in a process of
// its own, conversation-runner.cjs (the recordings module will call it after storing a recording),
// against the world's database, its socket sends recorded; the API is the real backend's.
let world: World;
const sent: { rooms: string[]; event: string; payload: unknown }[] = [];
const run = promisify(execFile);
/** ConversationService.analyseRecording(input) in backend/dist; its socket sends are added to `sent`. */
const service = {
  async analyseRecording(input: { callId: string; wavPath: string; repChannel: 0 | 1 | null; pauses: { fromSec: number; toSec: number }[] }) {
    const { stdout } = await run(process.execPath, [join(__dirname, 'conversation-runner.cjs'), JSON.stringify({ databaseUrl: world.backend.databaseUrl, input })]);
    const out = JSON.parse(stdout.trim().split('\n').at(-1)!);
    if (out.error) throw new Error(out.error);
    sent.push(...out.sent);
    return out.outcome;
  },
};
const dir = mkdtempSync(join(tmpdir(), 'conversation-int-'));
const day = (offset = 0) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const PERIOD = `from=${day(-6)}&to=${day(0)}`;

// Alice's call: the caller 1-8 s, Alice explains 9-31 s, the caller 32-40 s, Alice cuts in at 38 s.
const ALICE_SCRIPT: ScriptLine[] = [
  { side: 'caller', fromSec: 1, toSec: 8 },
  { side: 'rep', fromSec: 9, toSec: 31 },
  { side: 'caller', fromSec: 32, toSec: 40 },
  { side: 'rep', fromSec: 38, toSec: 45 },
];
// Bob's call: Bob listens most of the time.
const BOB_SCRIPT: ScriptLine[] = [
  { side: 'rep', fromSec: 1, toSec: 4 },
  { side: 'caller', fromSec: 5, toSec: 35 },
  { side: 'rep', fromSec: 36, toSec: 40 },
];
const wav = (name: string, lines: ScriptLine[], repChannel: 0 | 1, durationSec = 48) => {
  const path = join(dir, name);
  writeFileSync(path, wavBytes(synthesize({ sampleRate: 8000, durationSec, repChannel, lines }), 8000, 2));
  return path;
};
const within = (actual: number, expected: number, share = 0.05) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(expected * share);

let n = 0;
async function call(c: { direction: 'inbound' | 'outbound'; userId?: string | null; answeredBy?: string | null; dealId?: string | null }) {
  const at = new Date(Date.now() - 60_000);
  const [row] = await sql(
    world,
    `INSERT INTO calls (sip_call_id, direction, user_id, answered_by, offered_at, answered_at, ended_at, outcome, duration_sec, deal_id)
     VALUES ($1, $2, $3, $4, $5, $5, $5, 'completed', 48, $6) RETURNING id`,
    [`conv-${++n}`, c.direction, c.userId ?? null, c.answeredBy ?? null, at, c.dealId ?? null],
  );
  return row.id as string;
}
const conversations = () => sql(world, `SELECT * FROM call_conversations ORDER BY call_id`);

beforeAll(async () => {
  world = await createWorld();
});

afterAll(async () => {
  await world?.backend.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('conversation figures of recorded calls', () => {
  let aliceCall: string;
  let bobCall: string;
  let bobDealCall: string;

  beforeAll(async () => {
    aliceCall = await call({ direction: 'inbound', userId: world.ids.alice, answeredBy: world.ids.alice });
    bobCall = await call({ direction: 'outbound', userId: world.ids.bob, answeredBy: world.ids.bob });
    const deal = await world.bob.post('/api/deals', { title: 'Bob deal', amount: '10.00' });
    expect(deal.status).toBe(201);
    bobDealCall = await call({ direction: 'inbound', userId: world.ids.bob, answeredBy: world.ids.bob, dealId: deal.body.id });
  });

  it('should store the figures of a scripted call and tell the call rooms when analyseRecording runs', async () => {
    const out = await service.analyseRecording({ callId: aliceCall, wavPath: wav('alice.wav', ALICE_SCRIPT, 1), repChannel: 1, pauses: [] });
    expect(out.status).toBe('stored');
    const [row] = await conversations();
    expect(row.call_id).toBe(aliceCall);
    within(row.rep_talk_sec, scriptTruth(ALICE_SCRIPT, 'rep').talkSec);
    within(row.rep_longest_monologue_sec, 22);
    expect(row.rep_interruptions).toBe(1);
    expect(sent).toContainEqual({ rooms: expect.arrayContaining(['role:head', `user:${world.ids.alice}`]), event: 'call.conversation', payload: { callId: aliceCall, dealId: null } });
    const rooms = sent.find((s) => s.event === 'call.conversation')!.rooms;
    expect(rooms).not.toContain(`user:${world.ids.bob}`);
    expect(rooms).not.toContain('inbox');
    expect(sent).toContainEqual({ rooms: ['role:head', `user:${world.ids.alice}`], event: 'figures.changed', payload: { scope: 'calls' } });
  });

  it("should show the figures on the call's API to its rep and a Head, within 5% of the script", async () => {
    const rep = scriptTruth(ALICE_SCRIPT, 'rep');
    const caller = scriptTruth(ALICE_SCRIPT, 'caller');
    for (const api of [world.alice, world.head]) {
      const res = await api.get(`/api/calls/${aliceCall}/conversation`);
      expect(res.status).toBe(200);
      const c = res.body.conversation;
      expect(c.callId).toBe(aliceCall);
      within(c.repTalkShare, rep.talkSec / (rep.talkSec + caller.talkSec));
      within(c.repLongestMonologueSec, 22);
      expect(c.longestMonologueBy).toBe('rep');
      expect(c.repInterruptions).toBe(1);
      expect(c.callerInterruptions).toBe(0);
      within(c.analysedSec, 48, 0.001);
    }
  });

  it("should refuse another Seller the call's figures (404, as for a call that does not exist) and change nothing", async () => {
    const before = await conversations();
    expect((await world.bob.get(`/api/calls/${aliceCall}/conversation`)).status).toBe(404);
    expect((await world.alice.get(`/api/calls/00000000-0000-4000-8000-000000000009/conversation`)).status).toBe(404);
    expect((await world.alice.get(`/api/calls/not-an-id/conversation`)).status).toBe(400);
    expect((await world.anon.get(`/api/calls/${aliceCall}/conversation`)).status).toBe(401);
    expect(await conversations()).toEqual(before);
  });

  it('should answer null for a call not analysed yet', async () => {
    const res = await world.bob.get(`/api/calls/${bobCall}/conversation`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ conversation: null });
  });

  it('should send the event to the rooms of the call deal when the call is on a deal', async () => {
    sent.length = 0;
    const out = await service.analyseRecording({ callId: bobDealCall, wavPath: wav('bob-deal.wav', BOB_SCRIPT, 0), repChannel: 0, pauses: [{ fromSec: 40, toSec: 48 }] });
    expect(out.status).toBe('stored');
    const ev = sent.find((s) => s.event === 'call.conversation')!;
    expect(ev.rooms.sort()).toEqual(['role:head', `user:${world.ids.bob}`].sort());
    expect((ev.payload as { dealId: string }).dealId).toBeTruthy();
    const c = (await world.bob.get(`/api/calls/${bobDealCall}/conversation`)).body.conversation;
    within(c.pausedSec, 8, 0.01);
    within(c.analysedSec, 40, 0.01);
    expect(c.longestMonologueBy).toBe('caller');
  });

  it('should sum the figures per rep in the Conversations report, drill down to the calls and write the CSV', async () => {
    await service.analyseRecording({ callId: bobCall, wavPath: wav('bob.wav', BOB_SCRIPT, 0), repChannel: 0, pauses: [] });
    const rows = await conversations();
    const of = (id: string) => rows.find((r) => r.call_id === id);
    const res = await world.head.get(`/api/reports/conversations?${PERIOD}`);
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r.calls).toBe(3);
    const alice = r.perRep.find((x: any) => x.userId === world.ids.alice);
    const bob = r.perRep.find((x: any) => x.userId === world.ids.bob);
    expect(r.perRep).toHaveLength(2);
    expect(alice.calls).toBe(1);
    expect(bob.calls).toBe(2);
    expect(alice.repTalkSec).toBeCloseTo(of(aliceCall).rep_talk_sec, 1);
    expect(bob.repTalkSec).toBeCloseTo(of(bobCall).rep_talk_sec + of(bobDealCall).rep_talk_sec, 1);
    expect(bob.repTalkShare).toBeCloseTo(bob.repTalkSec / (bob.repTalkSec + bob.callerTalkSec), 3);
    expect(r.repTalkSec).toBeCloseTo(alice.repTalkSec + bob.repTalkSec, 1);
    expect(r.analysedSec).toBeCloseTo(48 + 48 + 40, 0);
    expect(r.repInterruptions).toBe(alice.repInterruptions + bob.repInterruptions);
    expect(r.callsRepInterrupted).toBe(1);
    expect(r.longestMonologueSec).toBeCloseTo(Math.max(of(aliceCall).rep_longest_monologue_sec, of(bobCall).rep_longest_monologue_sec, of(bobDealCall).rep_longest_monologue_sec), 1);
    expect(bob.avgLongestMonologueSec).toBeCloseTo((of(bobCall).rep_longest_monologue_sec + of(bobDealCall).rep_longest_monologue_sec) / 2, 1);

    const all = await world.head.get(`/api/reports/conversations/records?${PERIOD}&cell=calls`);
    expect(all.body.kind).toBe('calls');
    expect(all.body.total).toBe(3);
    expect(all.body.rows.map((x: any) => x.id).sort()).toEqual([aliceCall, bobCall, bobDealCall].sort());
    const bobs = await world.head.get(`/api/reports/conversations/records?${PERIOD}&cell=calls&rep=${world.ids.bob}`);
    expect(bobs.body.rows.map((x: any) => x.id).sort()).toEqual([bobCall, bobDealCall].sort());
    const cut = await world.head.get(`/api/reports/conversations/records?${PERIOD}&cell=rep-interrupted`);
    expect(cut.body.rows.map((x: any) => x.id)).toEqual([aliceCall]);

    const csv = await world.head.get(`/api/reports/conversations/csv?${PERIOD}`);
    expect(csv.status).toBe(200);
    const lines = String(csv.body).trim().split(/\r?\n/);
    expect(lines[0]).toContain('Rep talk share');
    expect(lines.find((l) => l.startsWith('Alice Seller'))).toContain(`,${alice.repTalkShare.toFixed(4)},`);
    expect(lines.at(-1)).toMatch(/^Team,3,/);
  });

  it('should show a Seller only her own conversations and refuse her a colleague', async () => {
    const before = await conversations();
    const own = await world.alice.get(`/api/reports/conversations?${PERIOD}`);
    expect(own.status).toBe(200);
    expect(own.body.calls).toBe(1);
    expect(own.body.perRep.map((x: any) => x.userId)).toEqual([world.ids.alice]);
    expect((await world.alice.get(`/api/reports/conversations?${PERIOD}&rep=${world.ids.bob}`)).status).toBe(403);
    expect((await world.alice.get(`/api/reports/conversations/records?${PERIOD}&cell=calls&rep=${world.ids.bob}`)).status).toBe(403);
    const records = await world.alice.get(`/api/reports/conversations/records?${PERIOD}&cell=calls`);
    expect(records.body.rows.map((x: any) => x.id)).toEqual([aliceCall]);
    const csv = String((await world.alice.get(`/api/reports/conversations/csv?${PERIOD}`)).body);
    expect(csv).not.toContain('Bob Seller');
    expect(await conversations()).toEqual(before);
  });

  it('should store nothing when the recording is malformed, one-channel, or the call unknown', async () => {
    const before = await conversations();
    const bad = join(dir, 'bad.wav');
    writeFileSync(bad, Buffer.from('RIFF\x10\x00\x00\x00WAVEjunk'));
    const other = await call({ direction: 'inbound', userId: world.ids.alice, answeredBy: world.ids.alice });
    expect(await service.analyseRecording({ callId: other, wavPath: bad, repChannel: 0, pauses: [] })).toEqual({ status: 'refused', problem: 'not_wav' });
    const mono = join(dir, 'mono.wav');
    writeFileSync(mono, wavBytes(new Int16Array(8000), 8000, 1));
    expect(await service.analyseRecording({ callId: other, wavPath: mono, repChannel: 0, pauses: [] })).toEqual({ status: 'refused', problem: 'not_stereo' });
    expect(await service.analyseRecording({ callId: other, wavPath: mono, repChannel: null, pauses: [] })).toEqual({ status: 'one_channel' });
    const path = wav('x.wav', ALICE_SCRIPT, 1, 10);
    expect(await service.analyseRecording({ callId: '00000000-0000-4000-8000-000000000009', wavPath: path, repChannel: 1, pauses: [] })).toEqual({ status: 'no_call' });
    await expect(service.analyseRecording({ callId: other, wavPath: 'relative.wav', repChannel: 1, pauses: [] })).rejects.toThrow();
    expect(await conversations()).toEqual(before);
  });

  it('should replace the figures when a call is analysed again', async () => {
    await service.analyseRecording({ callId: aliceCall, wavPath: wav('alice-2.wav', BOB_SCRIPT, 1), repChannel: 1, pauses: [] });
    const rows = (await conversations()).filter((r) => r.call_id === aliceCall);
    expect(rows).toHaveLength(1);
    expect(rows[0].longest_monologue_by).toBe('caller');
  });
});
