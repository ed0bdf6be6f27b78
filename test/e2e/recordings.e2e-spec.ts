import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { eventually, launchBrowser, signedInPage, type TestBrowser } from './browser';

// Recordings (issue 16) in a real browser: a Head sets the policy in Admin; the recording on a
// call entry of a deal plays in an <audio> element and seeks (Range requests answered 206).
// The media side is the in-memory adapter (RECORDING_MEDIA=memory); the finished file is fed as
// the spool watcher would.

const WAIT = 10_000;

/** A 16-bit PCM stereo WAV of `seconds`: a tone on each channel. */
function wav(seconds: number, rate = 8000): Buffer {
  const frames = rate * seconds;
  const data = frames * 4;
  const b = Buffer.alloc(44 + data);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + data, 4);
  b.write('WAVEfmt ', 8, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(2, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 4, 28);
  b.writeUInt16LE(4, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(data, 40);
  for (let i = 0; i < frames; i++) {
    b.writeInt16LE(Math.round(6000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 4);
    b.writeInt16LE(Math.round(6000 * Math.sin((2 * Math.PI * 1000 * i) / rate)), 46 + i * 4);
  }
  return b;
}

describe('Recordings in the browser', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  let pbx: Api;
  let head: Api;
  let dir: string;
  const pageErrors: string[] = [];
  let seq = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cb-e2e-recordings-'));
    [backend, chromium] = await Promise.all([
      startBackend({ seed: 'users', env: { RECORDING_MEDIA: 'memory', RECORDINGS_DIR: dir } }),
      launchBrowser(['--autoplay-policy=no-user-gesture-required']),
    ]);
    pbx = new Api(backend.url, backend.env.PBX_SERVICE_TOKEN);
    ({ api: head } = await new Api(backend.url).login('head@example.com'));
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  it('should save the policy a Head sets in Admin', async () => {
    const page = await signedInPage(chromium, backend.url, 'head@example.com', pageErrors);
    await page.goto(`${backend.url}/admin?tab=recordings`);
    await page.getByTestId('recordings-admin').waitFor({ timeout: WAIT });
    await page.getByTestId('recordings-default-policy').selectOption('every_call');
    await page.getByTestId('recordings-number-add').click();
    await page.getByTestId('recordings-number').fill('+36 1 234 5678');
    await page.getByTestId('recordings-number-policy').selectOption('on_demand');
    await page.getByTestId('recordings-retention').fill('45');
    await page.getByTestId('recordings-save').click();
    const saved = await eventually(
      async () => (await head.get('/api/recordings/settings')).body,
      (s) => s.retentionDays === 45,
      'the saved recording settings',
    );
    expect(saved).toMatchObject({ defaultPolicy: 'every_call', numbers: [{ number: '+3612345678', policy: 'on_demand' }], retentionDays: 45, available: true });
    // a malformed number is refused in the form, with the reason, and nothing is saved
    await page.getByTestId('recordings-number').fill('12');
    await page.getByTestId('recordings-save').click();
    await page.getByText('A number with its country code').waitFor({ timeout: WAIT });
    expect((await head.get('/api/recordings/settings')).body.numbers).toEqual([{ number: '+3612345678', policy: 'on_demand' }]);
    await page.context().close();
  });

  it('should play the recording on the call entry of the deal and seek in it (206)', async () => {
    const callId = `${randomUUID()}@trunk`;
    const ev = (type: string, fields: Record<string, unknown>) => ({ callId, type, origin: { pbx: 'e2e', boot: 'rec', seq: ++seq }, at: new Date().toISOString(), ...fields });
    const send = async (...events: unknown[]) => expect((await pbx.post('/api/internal/call-events', { events })).status).toBe(200);
    await send(ev('offered', { direction: 'inbound', from: '+36301112233', fromName: null, to: '+3612345679' }), ev('ringing', { extension: '1001' }));
    await send(ev('answered', { extension: '1001' }));
    await send(ev('ended', { hangupBy: 'caller' }));
    const [call] = (await head.get(`/api/calls?kind=inbound`)).body.filter((c: any) => c.sipCallId === callId);
    const name = `${randomUUID()}.wav`;
    writeFileSync(join(dir, 'spool', name), wav(10));
    const at = new Date(Date.now() - 12_000);
    const ingested = await pbx.post('/api/internal/recordings/finished', {
      status: 'finished', sipCallId: callId, spoolFile: name, channels: 2, repChannel: 1,
      startedAt: at.toISOString(), endedAt: new Date(at.getTime() + 10_000).toISOString(), pauses: [],
    });
    expect(ingested.status).toBe(200);
    const recordingId = ingested.body.recording.id;

    const page: Page = await signedInPage(chromium, backend.url, 'alice@example.com', pageErrors);
    const audioStatuses: number[] = [];
    page.on('response', (r) => {
      if (r.url().includes(`/api/recordings/${recordingId}/audio`)) audioStatuses.push(r.status());
    });
    await page.goto(`${backend.url}/deals/${call.dealId}`);
    const entry = page.getByTestId('call-recording');
    await entry.waitFor({ timeout: WAIT });
    await entry.getByTestId('call-recording-play').click();
    const audio = page.getByTestId('call-recording-audio');
    await audio.waitFor({ timeout: WAIT });
    const duration = await audio.evaluate(
      (el: HTMLAudioElement) =>
        new Promise<number>((resolve, reject) => {
          if (el.readyState >= 1) return resolve(el.duration);
          el.addEventListener('loadedmetadata', () => resolve(el.duration), { once: true });
          el.addEventListener('error', () => reject(new Error(`media error ${el.error?.code}`)), { once: true });
        }),
    );
    expect(duration).toBeCloseTo(10, 0);
    const seekedTo = await audio.evaluate(
      (el: HTMLAudioElement) =>
        new Promise<number>((resolve) => {
          el.addEventListener('seeked', () => resolve(el.currentTime), { once: true });
          el.currentTime = 7;
        }),
    );
    expect(seekedTo).toBeGreaterThanOrEqual(7);
    expect(seekedTo).toBeLessThan(8);
    expect(audioStatuses).toContain(206);
    // one playback, however many range requests the element made
    const listens = (await head.get(`/api/recordings/listens?recordingId=${recordingId}`)).body;
    expect(listens).toHaveLength(1);

    // the call's row on the calls page has it too
    await page.goto(`${backend.url}/calls`);
    await page.locator(`[data-testid="calls-row"] [data-recording-id="${recordingId}"]`).waitFor({ timeout: WAIT });
    await page.context().close();
  });
});
