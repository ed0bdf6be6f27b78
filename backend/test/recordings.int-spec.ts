import { createHash, randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api } from '../../test/support/api';
import { RecordingSocket } from '../../test/support/socket';
import { createWorld, sql, type World } from './fixtures';

/**
 * Recordings (issue 16, part 3) against the real backend and PostgreSQL, with the in-memory media
 * adapter (RECORDING_MEDIA=memory, test only) in place of rtpengine: the policy decides what the
 * media side is asked; finished recordings are fed as the spool watcher would, with WAV files
 * written into a temporary spool folder.
 */
let world: World;
let pbx: Api;
let dir: string;
let alice: RecordingSocket;
let head: RecordingSocket;
let seq = 0;
const EXT = { alice: '1001', bob: '1002' };
const SALES = '+3612345678';
const OTHER_LINE = '+3612345679';
const QUIET_LINE = '+3612345670';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cb-recordings-'));
  world = await createWorld({ env: { RECORDING_MEDIA: 'memory', RECORDINGS_DIR: dir, RECORDINGS_RETENTION_DAYS: '30' } });
  pbx = new Api(world.backend.url, world.backend.env.PBX_SERVICE_TOKEN);
  [alice, head] = await Promise.all([RecordingSocket.connect(world.backend.url, world.tokens.alice), RecordingSocket.connect(world.backend.url, world.tokens.head)]);
  const set = await world.head.request('PUT', '/api/recordings/settings', {
    defaultPolicy: 'off',
    pipelines: [{ pipelineId: world.pipelineId, policy: 'on_demand' }],
    numbers: [
      { number: SALES, policy: 'every_call' },
      { number: QUIET_LINE, policy: 'off' },
    ],
    retentionDays: 30,
  });
  expect(set.status).toBe(200);
});

afterAll(async () => {
  for (const s of [alice, head]) s?.close();
  await world?.backend.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function ev(callId: string, type: string, fields: Record<string, unknown>, at = new Date()) {
  return { callId, type, origin: { pbx: 'test', boot: 'rec', seq: ++seq }, at: at.toISOString(), ...fields };
}

async function send(...events: unknown[]) {
  const res = await pbx.post('/api/internal/call-events', { events });
  expect(res.status).toBe(200);
  expect(res.body.results.every((r: any) => r.status === 'accepted')).toBe(true);
}

/** An inbound call to `to` from a new number, answered by Alice; returns its Call-ID and deal. */
async function answeredCall(to: string): Promise<{ callId: string; dealId: string; from: string }> {
  const callId = `${randomUUID()}@trunk`;
  const from = `+3630${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  await send(ev(callId, 'offered', { direction: 'inbound', from, fromName: null, to }), ev(callId, 'ringing', { extension: EXT.alice }));
  await send(ev(callId, 'answered', { extension: EXT.alice }));
  const answered = await alice.waitFor('call.answered', (p) => p.callId === callId);
  return { callId, dealId: answered.payload.deal.id, from };
}

async function mediaCommands(callId: string): Promise<any[]> {
  const res = await pbx.get('/api/internal/test/recording-media');
  expect(res.status).toBe(200);
  return res.body.commands.filter((c: any) => c.sipCallId === callId);
}

/** A 16-bit PCM WAV: a tone on each channel. */
function wav(channels: 1 | 2, seconds: number, rate = 8000): Buffer {
  const frames = rate * seconds;
  const data = frames * channels * 2;
  const b = Buffer.alloc(44 + data);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + data, 4);
  b.write('WAVEfmt ', 8, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(channels, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * channels * 2, 28);
  b.writeUInt16LE(channels * 2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(data, 40);
  for (let i = 0; i < frames; i++) for (let c = 0; c < channels; c++) b.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * (440 + 400 * c) * i) / rate)), 44 + (i * channels + c) * 2);
  return b;
}

function finished(callId: string, spoolFile: string, startedAt = new Date(Date.now() - 10_000)) {
  return {
    status: 'finished',
    sipCallId: callId,
    spoolFile,
    channels: 2,
    repChannel: 1,
    startedAt: startedAt.toISOString(),
    endedAt: new Date(startedAt.getTime() + 3000).toISOString(),
    pauses: [{ fromSec: 1, toSec: 1.5 }],
  };
}

/** A finished, stored recording of a call answered by Alice; its id, bytes and deal. */
async function storedRecording(to = SALES, startedAt?: Date) {
  const call = await answeredCall(to);
  await send(ev(call.callId, 'ended', { hangupBy: 'caller' }));
  const bytes = wav(2, 3);
  const name = `${randomUUID()}.wav`;
  writeFileSync(join(dir, 'spool', name), bytes);
  const res = await pbx.post('/api/internal/recordings/finished', finished(call.callId, name, startedAt));
  expect(res.status).toBe(200);
  expect(res.body.status).toBe('stored');
  return { ...call, id: res.body.recording.id as string, bytes, name, state: res.body };
}

const listenCount = async (recordingId: string) => Number((await sql(world, `SELECT count(*)::int AS n FROM recording_listens WHERE recording_id = $1`, [recordingId]))[0].n);

describe('policy decides at the answer', () => {
  it('should start recording with the notice in the team language when the sales number says every call', async () => {
    const { callId } = await answeredCall(SALES);
    const state = await alice.waitFor('call.recording', (p) => p.sipCallId === callId);
    expect(state.payload).toMatchObject({ policy: 'every_call', status: 'recording' });
    expect(await mediaCommands(callId)).toEqual([{ command: 'start', sipCallId: callId, notice: 'en', noticeTo: 'caller' }]);
  });

  it('should wait for Record when only the pipeline says on demand, and record from the press (notice too)', async () => {
    const { callId } = await answeredCall(OTHER_LINE);
    const ready = await alice.waitFor('call.recording', (p) => p.sipCallId === callId);
    expect(ready.payload).toMatchObject({ policy: 'on_demand', status: 'ready' });
    expect(await mediaCommands(callId)).toEqual([]);

    // Bob is not on the call: refused, nothing asked of the media side
    expect((await world.bob.post(`/api/calls/${encodeURIComponent(callId)}/recording/start`)).status).toBe(403);
    expect(await mediaCommands(callId)).toEqual([]);

    const started = await world.alice.post(`/api/calls/${encodeURIComponent(callId)}/recording/start`);
    expect(started.status).toBe(200);
    expect(started.body.status).toBe('recording');
    expect((await world.alice.post(`/api/calls/${encodeURIComponent(callId)}/recording/start`)).status).toBe(409);
    const paused = await world.alice.post(`/api/calls/${encodeURIComponent(callId)}/recording/pause`);
    expect(paused.body.status).toBe('paused');
    await alice.waitFor('call.recording', (p) => p.sipCallId === callId && p.status === 'paused');
    expect((await world.alice.post(`/api/calls/${encodeURIComponent(callId)}/recording/resume`)).body.status).toBe('recording');
    expect((await mediaCommands(callId)).map((c) => c.command)).toEqual(['start', 'pause', 'resume']);
    expect((await mediaCommands(callId))[0].notice).toBe('en');
  });

  it('should not record when the number says off, even though the pipeline says on demand', async () => {
    const { callId } = await answeredCall(QUIET_LINE);
    const state = await world.alice.get(`/api/calls/${encodeURIComponent(callId)}/recording`);
    expect(state.body).toMatchObject({ policy: 'off', recording: null });
    expect((await world.alice.post(`/api/calls/${encodeURIComponent(callId)}/recording/start`)).status).toBe(409);
    expect(await mediaCommands(callId)).toEqual([]);
  });

  it('should refuse a policy for a pipeline that does not exist, and a malformed number', async () => {
    const body = { defaultPolicy: 'off', pipelines: [{ pipelineId: randomUUID(), policy: 'on_demand' }], numbers: [], retentionDays: 30 };
    expect((await world.head.request('PUT', '/api/recordings/settings', body)).status).toBe(404);
    expect((await world.head.request('PUT', '/api/recordings/settings', { ...body, pipelines: [], numbers: [{ number: '12', policy: 'off' }] })).status).toBe(400);
    expect((await world.alice.request('PUT', '/api/recordings/settings', { ...body, pipelines: [] })).status).toBe(403);
  });
});

describe('ingest', () => {
  it('should move the spool file into the store with its SHA-256 and attach it to the call on the deal', async () => {
    const rec = await storedRecording();
    expect(existsSync(join(dir, 'spool', rec.name))).toBe(false);
    const sha = createHash('sha256').update(rec.bytes).digest('hex');
    expect(rec.state.recording).toMatchObject({ sha256: sha, sizeBytes: rec.bytes.length, channels: 2, durationSec: 3, pauses: [{ fromSec: 1, toSec: 1.5 }] });
    const [row] = await sql(world, `SELECT file_path, sha256 FROM recordings WHERE id = $1`, [rec.id]);
    expect(createHash('sha256').update(readFileSync(join(dir, row.file_path))).digest('hex')).toBe(sha);
    const onDeal = await world.alice.get(`/api/recordings?dealId=${rec.dealId}`);
    expect(onDeal.body.map((r: any) => r.recording?.id)).toContain(rec.id);
    const onPage = await world.alice.get(`/api/recordings?sipCallIds=${encodeURIComponent(`${rec.callId},no-such-call@x`)}`);
    expect(onPage.body.map((r: any) => r.recording?.id)).toEqual([rec.id]);
    // delivered twice: the stored recording stays as it is
    const again = await pbx.post('/api/internal/recordings/finished', finished(rec.callId, rec.name));
    expect(again.body.recording.id).toBe(rec.id);
  });

  it('should refuse a spool name with a path, and a file that is not a WAV (the recording marked failed)', async () => {
    const call = await answeredCall(SALES);
    expect((await pbx.post('/api/internal/recordings/finished', finished(call.callId, '../etc.wav'))).status).toBe(400);
    writeFileSync(join(dir, 'spool', 'not-audio.wav'), 'hello, this is not a RIFF file at all; '.repeat(4));
    const res = await pbx.post('/api/internal/recordings/finished', finished(call.callId, 'not-audio.wav'));
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/not a WAV/);
    const [row] = await sql(world, `SELECT status, failure FROM recordings r JOIN calls c ON c.id = r.call_id WHERE c.sip_call_id = $1`, [call.callId]);
    expect(row).toEqual({ status: 'failed', failure: 'media_error' });
  });
});

describe('rights and listens', () => {
  it('should let Alice play her call with Range (206, 416) and log one listen per playback start', async () => {
    const rec = await storedRecording();
    const play = await world.alice.post(`/api/recordings/${rec.id}/playback`);
    expect(play.status).toBe(200);
    const url = `${world.backend.url}${play.body.url}`;
    const part = await fetch(url, { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-type')).toBe('audio/wav');
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${rec.bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(rec.bytes.subarray(100, 200))).toBe(true);
    const tail = await fetch(url, { headers: { range: 'bytes=0-' } });
    expect(tail.status).toBe(206);
    expect((await tail.arrayBuffer()).byteLength).toBe(rec.bytes.length);
    expect((await fetch(url, { headers: { range: `bytes=${rec.bytes.length}-` } })).status).toBe(416);
    expect((await fetch(url)).status).toBe(200);
    // one playback, however many range requests
    expect(await listenCount(rec.id)).toBe(1);
    const log = await world.head.get(`/api/recordings/listens?recordingId=${rec.id}`);
    expect(log.body).toMatchObject({ total: 1, offset: 0, rows: [expect.objectContaining({ recordingId: rec.id, userId: world.ids.alice, userName: expect.any(String) })] });
    expect((await world.alice.get('/api/recordings/listens')).status).toBe(403);
  });

  it("should refuse Bob Alice's recording with 403 and log nothing", async () => {
    const rec = await storedRecording();
    expect((await world.bob.post(`/api/recordings/${rec.id}/playback`)).status).toBe(403);
    const direct = await fetch(`${world.backend.url}/api/recordings/${rec.id}/audio`, { headers: { authorization: `Bearer ${world.tokens.bob}`, range: 'bytes=0-' } });
    expect(direct.status).toBe(403);
    // Alice's ticket is hers: Bob cannot use it for another recording, nor forge one
    const forged = await fetch(`${world.backend.url}/api/recordings/${rec.id}/audio?ticket=${world.ids.bob}.9999999999.${'A'.repeat(43)}`);
    expect(forged.status).toBe(401);
    expect((await world.bob.get(`/api/recordings?dealId=${rec.dealId}`)).body).toEqual([]);
    expect((await world.bob.get(`/api/recordings?sipCallIds=${encodeURIComponent(rec.callId)}`)).body).toEqual([]);
    expect(await listenCount(rec.id)).toBe(0);
    // the Head hears every call; a bearer GET from byte 0 is a playback start
    expect((await fetch(`${world.backend.url}/api/recordings/${rec.id}/audio`, { headers: { authorization: `Bearer ${world.tokens.head}` } })).status).toBe(200);
    expect(await listenCount(rec.id)).toBe(1);
  });
});

describe('the listen log', () => {
  /** Alice plays `rec` `times` times (each a playback start: one line each). */
  const play = async (api: Api, id: string, times = 1) => {
    for (let i = 0; i < times; i++) expect((await api.post(`/api/recordings/${id}/playback`)).status).toBe(200);
  };

  it('should page the log newest first, name the call (direction, number, contact, rep, deal), and narrow by listener and recording', async () => {
    const rec = await storedRecording();
    await play(world.alice, rec.id, 3);
    await play(world.head, rec.id);
    const first = await world.head.get(`/api/recordings/listens?recordingId=${rec.id}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 4, offset: 0 });
    expect(first.body.rows.map((r: any) => r.userId)).toEqual([world.ids.head, world.ids.alice]);
    const second = await world.head.get(`/api/recordings/listens?recordingId=${rec.id}&limit=2&offset=2`);
    expect(second.body).toMatchObject({ total: 4, offset: 2 });
    expect(second.body.rows.map((r: any) => r.userId)).toEqual([world.ids.alice, world.ids.alice]);
    const ids = [...first.body.rows, ...second.body.rows].map((r: any) => r.id);
    expect(new Set(ids).size).toBe(4);
    const ats = [...first.body.rows, ...second.body.rows].map((r: any) => r.at);
    expect([...ats].sort().reverse()).toEqual(ats);
    // past the end: no rows, the total still told
    expect((await world.head.get(`/api/recordings/listens?recordingId=${rec.id}&offset=10`)).body).toEqual({ total: 4, totalAtLeast: false, offset: 10, rows: [] });
    expect(first.body.totalAtLeast).toBe(false);

    const [call] = await sql(world, `SELECT c.id, c.contact_id FROM calls c WHERE c.sip_call_id = $1`, [rec.callId]);
    expect(first.body.rows[0]).toMatchObject({
      recordingId: rec.id,
      callId: call.id,
      recordingKept: true,
      call: { sipCallId: rec.callId, direction: 'inbound', number: rec.from, contactId: call.contact_id, repId: world.ids.alice, repName: expect.stringContaining('Alice'), dealId: rec.dealId },
    });

    const byAlice = await world.head.get(`/api/recordings/listens?recordingId=${rec.id}&userId=${world.ids.alice}`);
    expect(byAlice.body.total).toBe(3);
    expect(byAlice.body.rows.every((r: any) => r.userId === world.ids.alice)).toBe(true);
    const byCall = await world.head.get(`/api/recordings/listens?callId=${call.id}&userId=${world.ids.head}`);
    expect(byCall.body.total).toBe(1);
    // the Head's deal timeline counts the plays; a Seller's does not see the count
    const headView = (await world.head.get(`/api/recordings?dealId=${rec.dealId}`)).body.find((r: any) => r.recording?.id === rec.id);
    expect(headView.recording.listenCount).toBe(4);
    const aliceView = (await world.alice.get(`/api/recordings?dealId=${rec.dealId}`)).body.find((r: any) => r.recording?.id === rec.id);
    expect(aliceView.recording).not.toHaveProperty('listenCount');
  });

  it('should count a long log up to 10 000 and say "at least", the lines past it still paged', async () => {
    const rec = await storedRecording();
    await sql(world, `INSERT INTO recording_listens (recording_id, user_id, listened_at) SELECT $1, $2, now() - (g || ' seconds')::interval FROM generate_series(1, 10001) g`, [rec.id, world.ids.head]);
    const page = await world.head.get(`/api/recordings/listens?recordingId=${rec.id}&limit=1`);
    expect(page.body).toMatchObject({ total: 10_000, totalAtLeast: true });
    const last = await world.head.get(`/api/recordings/listens?recordingId=${rec.id}&offset=10000`);
    expect(last.body).toMatchObject({ total: 10_000, totalAtLeast: true, offset: 10_000 });
    expect(last.body.rows).toHaveLength(1);
    await sql(world, `DELETE FROM recording_listens WHERE recording_id = $1`, [rec.id]);
  });

  it("should narrow by a period of days in the team's time zone, and refuse a period that runs backwards", async () => {
    const rec = await storedRecording();
    await play(world.alice, rec.id, 2);
    const lines = await sql(world, `SELECT id FROM recording_listens WHERE recording_id = $1 ORDER BY id`, [rec.id]);
    // 23:30 UTC on 10 March is 00:30 on 11 March in Budapest; the other line is a day earlier
    await sql(world, `UPDATE recording_listens SET listened_at = '2025-03-10T23:30:00Z' WHERE id = $1`, [lines[0].id]);
    await sql(world, `UPDATE recording_listens SET listened_at = '2025-03-09T12:00:00Z' WHERE id = $1`, [lines[1].id]);
    expect((await world.head.request('PUT', '/api/team-settings', { timeZone: 'Europe/Budapest' })).status).toBe(200);
    try {
      const on = async (q: string) => (await world.head.get(`/api/recordings/listens?recordingId=${rec.id}&${q}`)).body.rows.map((r: any) => r.id);
      expect(await on('from=2025-03-11&to=2025-03-11')).toEqual([String(lines[0].id)]);
      expect(await on('from=2025-03-10&to=2025-03-10')).toEqual([]);
      expect(await on('to=2025-03-09')).toEqual([String(lines[1].id)]);
      expect(await on('from=2025-03-09')).toEqual([String(lines[0].id), String(lines[1].id)]);
      expect((await world.head.get(`/api/recordings/listens?from=2025-03-12&to=2025-03-11`)).status).toBe(400);
      expect((await world.head.get(`/api/recordings/listens?limit=501`)).status).toBe(400);
      expect((await world.head.get(`/api/recordings/listens?userId=nobody`)).status).toBe(400);
    } finally {
      expect((await world.head.request('PUT', '/api/team-settings', { timeZone: 'UTC' })).status).toBe(200);
    }
  });

  it('should refuse the log and its CSV to a Seller, even filtered to their own listens', async () => {
    const rec = await storedRecording();
    await play(world.alice, rec.id);
    for (const path of ['/api/recordings/listens', `/api/recordings/listens?userId=${world.ids.alice}`, '/api/recordings/listens/csv', `/api/recordings/listens/csv?recordingId=${rec.id}`]) {
      const res = await world.alice.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
      expect(JSON.stringify(res.body)).not.toContain(rec.id);
    }
  });

  it('should give names with markup as they were typed, and a CSV through the one writer (formulas neutralised, markup as text)', async () => {
    const rec = await storedRecording();
    const [call] = await sql(world, `SELECT contact_id FROM calls WHERE sip_call_id = $1`, [rec.callId]);
    const contactName = '=HYPERLINK("http://evil.example/","<b>click</b>")';
    const dealTitle = '<img src=x onerror="alert(1)">Deal';
    await sql(world, `UPDATE contacts SET name = $2 WHERE id = $1`, [call.contact_id, contactName]);
    await sql(world, `UPDATE deals SET title = $2 WHERE id = $1`, [rec.dealId, dealTitle]);
    await play(world.alice, rec.id);
    const log = await world.head.get(`/api/recordings/listens?recordingId=${rec.id}`);
    expect(log.body.rows[0].call).toMatchObject({ contactName, dealTitle });

    const csv = await fetch(`${world.backend.url}/api/recordings/listens/csv?recordingId=${rec.id}&from=2000-01-01`, { headers: { authorization: `Bearer ${world.tokens.head}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="recording-listens-2000-01-01-now.csv"');
    const text = (await csv.text()).replace(/^\uFEFF/, '');
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('Listened at (UTC),Listener,Call at (UTC),Direction,Number,Contact,Rep,Deal,Deal id,Recording id,Recording kept');
    expect(lines).toHaveLength(2);
    // the contact's formula is neutralised (leading '), quoted for its comma and quotes; the E.164 number stays a number; markup is text
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example/"",""<b>click</b>"")"`);
    expect(lines[1]).toContain(`,${rec.from},`);
    expect(lines[1]).toContain(`"<img src=x onerror=""alert(1)"">Deal"`);
    expect(lines[1]).toContain(`,${rec.dealId},${rec.id},yes`);
  });

  it('should keep the lines of a recording that retention or erasure deleted, marked as no longer kept', async () => {
    const rec = await storedRecording();
    await play(world.alice, rec.id);
    const [call] = await sql(world, `SELECT contact_id FROM calls WHERE sip_call_id = $1`, [rec.callId]);
    expect((await world.head.delete(`/api/contacts/${call.contact_id}`)).status).toBe(200);
    const log = await world.head.get(`/api/recordings/listens?recordingId=${rec.id}`);
    expect(log.body.total).toBe(1);
    // the call stays, anonymised: no number, no contact
    expect(log.body.rows[0]).toMatchObject({ recordingKept: false, call: { sipCallId: rec.callId, number: null, contactId: null } });
  });
});

describe('disk full', () => {
  it('should mark the recording failed, leave the call alone and tell the Heads in their language', async () => {
    const call = await answeredCall(SALES);
    const before = (await sql(world, `SELECT answered_at, ended_at, outcome FROM calls WHERE sip_call_id = $1`, [call.callId]))[0];
    const res = await pbx.post('/api/internal/recordings/finished', { status: 'failed', sipCallId: call.callId, reason: 'disk_full', at: new Date().toISOString() });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'failed', failure: 'disk_full' });
    const note = await head.waitFor('notification', (n) => n.body.includes(call.callId));
    expect(note.payload.title).toBe('A call recording failed: the disk is full');
    expect((await sql(world, `SELECT answered_at, ended_at, outcome FROM calls WHERE sip_call_id = $1`, [call.callId]))[0]).toEqual(before);
    expect((await world.alice.get('/api/notifications')).body.some((n: any) => n.body.includes(call.callId))).toBe(false);
  });
});

describe('disk full while storing', () => {
  it('should mark the recording failed and tell the Heads when the store runs out of space (ENOSPC), keeping the spool file', async () => {
    expect(process.getuid?.()).toBe(0); // the suite runs as root, as CI does: a tiny tmpfs is the full disk
    // the store's folder for the year 2031 is a 16 kB file system: the move becomes a copy, which fills it
    const year = join(dir, '2031');
    mkdirSync(year);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', year]);
    try {
      const call = await answeredCall(SALES);
      const name = `${randomUUID()}.wav`;
      writeFileSync(join(dir, 'spool', name), wav(2, 3));
      const res = await pbx.post('/api/internal/recordings/finished', finished(call.callId, name, new Date('2031-01-02T10:00:00Z')));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'failed', failure: 'disk_full', recording: null });
      await head.waitFor('notification', (n) => n.body.includes(call.callId));
      expect(existsSync(join(dir, 'spool', name))).toBe(true);
      expect(readdirSync(join(year, '01'))).toEqual([]);
    } finally {
      execFileSync('umount', [year]);
    }
  });
});

describe('erasure', () => {
  it('should refuse a Seller (DB unchanged), and for a Head delete the contact and their recordings, anonymising calls', async () => {
    const rec = await storedRecording();
    const [{ contact_id: contactId, file_path: filePath }] = await sql(world, `SELECT c.contact_id, r.file_path FROM calls c JOIN recordings r ON r.call_id = c.id WHERE r.id = $1`, [rec.id]);
    expect(contactId).toBeTruthy();
    expect((await world.alice.delete(`/api/contacts/${contactId}`)).status).toBe(403);
    expect(await sql(world, `SELECT id FROM contacts WHERE id = $1`, [contactId])).toHaveLength(1);
    expect(await sql(world, `SELECT id FROM recordings WHERE id = $1`, [rec.id])).toHaveLength(1);
    expect(existsSync(join(dir, filePath))).toBe(true);

    const res = await world.head.delete(`/api/contacts/${contactId}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ contactId, recordingsDeleted: 1, filesDeleted: 1, callsAnonymised: 1, dealsUnlinked: 1 });
    expect(await sql(world, `SELECT id FROM contacts WHERE id = $1`, [contactId])).toHaveLength(0);
    expect(await sql(world, `SELECT id FROM recordings WHERE id = $1`, [rec.id])).toHaveLength(0);
    expect(existsSync(join(dir, filePath))).toBe(false);
    const [call] = await sql(world, `SELECT from_number, from_raw, contact_id FROM calls WHERE sip_call_id = $1`, [rec.callId]);
    expect(call).toEqual({ from_number: null, from_raw: null, contact_id: null });
    const [deal] = await sql(world, `SELECT title, contact_id FROM deals WHERE id = $1`, [rec.dealId]);
    expect(deal.contact_id).toBeNull();
    expect(deal.title).not.toContain(rec.from);
    const timeline = await sql(world, `SELECT data FROM deal_events WHERE type = 'call' AND data->>'callId' = $1`, [rec.callId]);
    expect(JSON.stringify(timeline)).not.toContain(rec.from);
    expect((await world.head.delete(`/api/contacts/${contactId}`)).status).toBe(404);
  });
});

describe('retention', () => {
  it('should delete an expired file and its row once, across restarts (one missing on disk too)', async () => {
    const kept = await storedRecording(SALES, new Date(Date.now() - 2 * 86_400_000));
    const gone = await storedRecording(SALES, new Date(Date.now() - 2 * 86_400_000));
    const fresh = await storedRecording(SALES, new Date());
    expect((await pbx.post('/api/internal/recordings/retention')).body).toEqual({ deleted: 0 });
    const paths = Object.fromEntries(
      (await sql(world, `SELECT id, file_path FROM recordings WHERE id = ANY($1::uuid[])`, [[kept.id, gone.id, fresh.id]])).map((r) => [r.id, join(dir, r.file_path)]),
    );
    unlinkSync(paths[gone.id]);

    // while the backend is down, 29 days pass: the two-day-old ones are past 30, the new one is not (the test clock's offset is kept in the database)
    await world.backend.stop();
    await sql(world, `INSERT INTO settings (key, value) VALUES ('test.clock_offset_ms', $1::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [JSON.stringify(29 * 86_400_000)]);
    const logFrom = world.backend.output().length;
    await world.backend.restart();
    // the boot's pass finds its run due (missed while down) and deletes both expired recordings
    await waitUntil(async () => (await sql(world, `SELECT id FROM recordings WHERE id = ANY($1::uuid[])`, [[kept.id, gone.id]])).length === 0);
    expect(existsSync(paths[kept.id])).toBe(false);
    expect(existsSync(paths[fresh.id])).toBe(true);
    expect(await sql(world, `SELECT id FROM recordings WHERE id = $1`, [fresh.id])).toHaveLength(1);

    await world.backend.restart();
    expect((await pbx.post('/api/internal/recordings/retention')).body).toEqual({ deleted: 0 });
    const log = world.backend.output().slice(logFrom);
    expect(log.match(new RegExp(`retention: deleted recording ${kept.id}`, 'g'))).toHaveLength(1);
    expect(log.match(new RegExp(`retention: deleted recording ${gone.id}.*already missing`, 'g'))).toHaveLength(1);
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
