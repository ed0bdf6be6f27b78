import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { expectAccessible, expectNoSidewaysScroll } from './a11y';
import { eventually, launchBrowser, signedInPage, type TestBrowser } from './browser';

// Recordings (issue 16) in a real browser: a Head sets the policy in Admin; the recording on a
// call entry of a deal plays in an <audio> element and seeks (Range requests answered 206); the
// Heads' listen log (Admin → Recording → Listen log) shows who played which call, and a Seller
// gets the not-allowed page there.
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

  /** An inbound call from `from` answered by Alice (1001), ended, its recording of `seconds` stored. */
  async function storedCall(from: string, seconds = 10): Promise<{ callId: string; dealId: string; recordingId: string }> {
    const callId = `${randomUUID()}@trunk`;
    const ev = (type: string, fields: Record<string, unknown>) => ({ callId, type, origin: { pbx: 'e2e', boot: 'rec', seq: ++seq }, at: new Date().toISOString(), ...fields });
    const send = async (...events: unknown[]) => expect((await pbx.post('/api/internal/call-events', { events })).status).toBe(200);
    await send(ev('offered', { direction: 'inbound', from, fromName: null, to: '+3612345679' }), ev('ringing', { extension: '1001' }));
    await send(ev('answered', { extension: '1001' }));
    await send(ev('ended', { hangupBy: 'caller' }));
    const [call] = (await head.get(`/api/calls?kind=inbound`)).body.filter((c: any) => c.sipCallId === callId);
    const name = `${randomUUID()}.wav`;
    writeFileSync(join(dir, 'spool', name), wav(seconds));
    const at = new Date(Date.now() - (seconds + 2) * 1000);
    const ingested = await pbx.post('/api/internal/recordings/finished', {
      status: 'finished', sipCallId: callId, spoolFile: name, channels: 2, repChannel: 1,
      startedAt: at.toISOString(), endedAt: new Date(at.getTime() + seconds * 1000).toISOString(), pauses: [],
    });
    expect(ingested.status).toBe(200);
    return { callId, dealId: call.dealId, recordingId: ingested.body.recording.id };
  }

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
    const { dealId, recordingId } = await storedCall('+36301112233');
    const call = { dealId };

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
    expect(listens.total).toBe(1);

    // the call's row on the calls page has it too
    await page.goto(`${backend.url}/calls`);
    await page.locator(`[data-testid="calls-row"] [data-recording-id="${recordingId}"]`).waitFor({ timeout: WAIT });
    await page.context().close();
  });

  it("should show a Head Alice's listen in the listen log, narrow it by listener and period, count it on the deal's call and download it as CSV", async () => {
    const alicesCall = await storedCall('+36301234501', 3);
    const headsCall = await storedCall('+36301234502', 3);
    const aliceId = (await new Api(backend.url).login('alice@example.com')).user.id;
    // a deal title typed with markup is shown as text
    const markup = '<img src=x onerror="window.__listenXss=1">Cranes <b>deal</b>';
    expect((await head.patch(`/api/deals/${alicesCall.dealId}`, { title: markup })).status).toBe(200);

    // Alice plays her call's recording on its deal page
    const alice = await signedInPage(chromium, backend.url, 'alice@example.com', pageErrors);
    await alice.goto(`${backend.url}/deals/${alicesCall.dealId}`);
    await alice.getByTestId('call-recording-play').click();
    await alice.getByTestId('call-recording-audio').waitFor({ timeout: WAIT });
    // a Seller sees no count of plays
    expect(await alice.getByTestId('call-recording-listens').count()).toBe(0);
    await alice.context().close();
    // the Head plays the other call's (through the API)
    expect((await head.post(`/api/recordings/${headsCall.recordingId}/playback`)).status).toBe(200);

    const page = await signedInPage(chromium, backend.url, 'head@example.com', pageErrors);
    await page.goto(`${backend.url}/admin?tab=recordings&view=listens`);
    await page.getByTestId('listens-view').waitFor({ timeout: WAIT });
    const rows = page.getByTestId('listens-row');
    const alicesRow = page.locator(`[data-testid="listens-row"][data-recording-id="${alicesCall.recordingId}"]`);
    await alicesRow.waitFor({ timeout: WAIT });
    expect(await alicesRow.getAttribute('data-listener-id')).toBe(aliceId);
    expect(await alicesRow.getByTestId('listens-listener').textContent()).toBe('Alice Seller');
    // the caller's number once (the contact is named by it: the number is the contact's link)
    expect((await alicesRow.getByTestId('listens-call').textContent())!.split('+36301234501')).toHaveLength(2);
    expect(await alicesRow.getByTestId('listens-call').locator('a').getAttribute('href')).toMatch(/^\/contacts\//);
    // newest first: the Head's play of the other call is above Alice's
    expect(await rows.first().getAttribute('data-recording-id')).toBe(headsCall.recordingId);
    const deal = alicesRow.getByTestId('listens-deal');
    expect(await deal.getAttribute('href')).toBe(`/deals/${alicesCall.dealId}`);
    expect(await deal.textContent()).toBe(markup);
    expect(await alicesRow.locator('img, b').count()).toBe(0);
    expect(await page.evaluate(() => (window as any).__listenXss)).toBeUndefined();
    await expectAccessible(page, 'the listen log with rows', '[data-testid="listens-view"]');

    // the listener filter: Alice's lines only (the address keeps it)
    await page.getByTestId('listens-filter-listener').selectOption(aliceId);
    await eventually(
      async () => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-listener-id'))),
      (ids) => ids.length > 0 && ids.every((id) => id === aliceId),
      "only Alice's listens",
    );
    expect(new URL(page.url()).searchParams.get('listener')).toBe(aliceId);
    expect(await page.locator(`[data-testid="listens-row"][data-recording-id="${headsCall.recordingId}"]`).count()).toBe(0);
    // a period that starts tomorrow holds none
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId('listens-filter-from').fill(tomorrow);
    await page.getByText('No listens match these filters.').waitFor({ timeout: WAIT });
    expect(await rows.count()).toBe(0);
    await page.getByTestId('listens-clear').click();
    await alicesRow.waitFor({ timeout: WAIT });

    // the CSV of what the filters select, through the API's one CSV writer
    await page.getByTestId('listens-filter-listener').selectOption(aliceId);
    await page.locator(`[data-testid="listens-row"][data-recording-id="${headsCall.recordingId}"]`).waitFor({ state: 'detached', timeout: WAIT });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT }), page.getByTestId('listens-csv').click()]);
    expect(download.suggestedFilename()).toBe('recording-listens-start-now.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain('Alice Seller');
    expect(csv).toContain(alicesCall.recordingId);
    expect(csv).not.toContain(headsCall.recordingId);

    // on the deal's call entry the Head sees how often it was played, and the link opens those listens
    await page.goto(`${backend.url}/deals/${alicesCall.dealId}`);
    const count = page.getByTestId('call-recording-listens');
    await count.waitFor({ timeout: WAIT });
    expect(await count.textContent()).toBe('Played 1 time');
    await count.click();
    await page.getByTestId('listens-recording-filter').waitFor({ timeout: WAIT });
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-recording-id')))).toEqual([alicesCall.recordingId]);
    await page.context().close();
  });

  it('should give a Seller the not-allowed page at the listen log’s address, no Admin in the menu, and 403 from the API', async () => {
    const page = await signedInPage(chromium, backend.url, 'alice@example.com', pageErrors);
    expect(await page.getByTestId('nav-admin').count()).toBe(0);
    await page.goto(`${backend.url}/admin?tab=recordings&view=listens`);
    await page.getByTestId('not-allowed').waitFor({ timeout: WAIT });
    expect(await page.getByTestId('listens-view').count()).toBe(0);
    const { api: aliceApi } = await new Api(backend.url).login('alice@example.com');
    expect((await aliceApi.get('/api/recordings/listens')).status).toBe(403);
    await page.context().close();
  });

  it('should lay the listen log out right to left in Hebrew, the numbers left to right, and as cards on a phone', async () => {
    const { recordingId } = await storedCall('+36301234503', 3);
    expect((await head.post(`/api/recordings/${recordingId}/playback`)).status).toBe(200);
    expect((await head.request('PUT', '/api/auth/language', { language: 'he' })).status).toBe(200);
    try {
      const page = await signedInPage(chromium, backend.url, 'head@example.com', pageErrors);
      await page.goto(`${backend.url}/admin?tab=recordings&view=listens`);
      await page.getByTestId('listens-row').first().waitFor({ timeout: WAIT });
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      const headers = page.locator('[data-testid="listens-table"] th');
      const first = (await headers.first().boundingBox())!;
      const last = (await headers.last().boundingBox())!;
      // "When" is the first column: on the right
      expect(first.x).toBeGreaterThan(last.x);
      expect(await headers.first().textContent()).toBe('מתי');
      // the words of the page are Hebrew too (a message whose English has an apostrophe once fell back to English)
      expect(await page.getByTestId('listens-intro').textContent()).toContain('אזור הזמן של הצוות');
      // and on the policy tab, whose English intro has an apostrophe ("A sales number's policy")
      await page.getByTestId('recordings-view-settings').click();
      const intro = page.locator('[data-testid="recordings-admin"] p.muted');
      await intro.waitFor({ timeout: WAIT });
      expect(await intro.textContent()).not.toContain('media server');
      await page.getByTestId('recordings-view-listens').click();
      await page.getByTestId('listens-row').first().waitFor({ timeout: WAIT });
      const number = page.getByTestId('listens-call').first().locator('bdi[dir="ltr"]');
      expect(await number.textContent()).toMatch(/^\+36\d+$/);
      await page.context().close();
      // on a phone: one card per listen, nothing sideways
      const phone = await signedInPage(chromium, backend.url, 'head@example.com', pageErrors, WAIT, { width: 390, height: 844 });
      await phone.goto(`${backend.url}/admin?tab=recordings&view=listens`);
      await phone.getByTestId('listens-row').first().waitFor({ timeout: WAIT });
      await expectNoSidewaysScroll(phone, 'the listen log in Hebrew on a phone');
      await expectAccessible(phone, 'the listen log in Hebrew on a phone', '[data-testid="listens-view"]');
      await phone.context().close();
    } finally {
      expect((await head.request('PUT', '/api/auth/language', { language: null })).status).toBe(200);
    }
  });
});
