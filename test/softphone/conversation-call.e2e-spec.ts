import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ScriptLine, scriptTruth, synthesize, wavBytes } from '../../backend/src/modules/conversation/testing/scripted-call';
import { Api } from '../support/api';
import { startBaresip, type Baresip } from '../support/sip/baresip';
import { runSipp } from '../support/sip/sipp';
import { waitFor } from '../support/sip/wait';
import { launchSoftphoneBrowser, type SoftphoneBrowser } from '../support/softphone/browser';
import { RecordingSocket } from '../support/socket';
import { MediaStack, SALES_NUMBER, SIP_DOMAIN, scenarioWithAudio, softphonePorts, writeUlaw } from '../support/softphone/media-stack';

// Issue 16's "Done when" for the conversation figures on a real call: a carrier call (sipp) through
// Kamailio and rtpengine, answered by a baresip desk phone, recorded by the policy "every call";
// both sides speak a script (who talks when, in seconds from the answer): sipp's RTP is the
// caller's lines, baresip's microphone file the rep's. Speech is the analyser specs' voice-like
// signal (syllables of a 140/210 Hz tone with harmonics, 200 ms on and 50 ms down to the line's
// -50 dBFS noise), so what is measured is the real path (µ-law both ways, RTP jitter, rtpengine's
// pcap and our converter, the notice) and not a synthesized WAV fed to the analyser
// (backend/test/conversation.int-spec.ts does that). The backend analyses the stored recording;
// the rep's talk/listen ratio and the longest monologue must be within 5 % of the script's.

const PORTS = softphonePorts(Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 6600);
const CALLER_NUMBER = '+36201234581';

/**
 * The script, seconds from the answer. The first 6 s are only the line's noise: the recording
 * starts at the answer with the notice (~2 s of English, both sides blocked till it ends, plus the
 * backend's and rtpengine's start-up). Turns are 1.5 s apart and never overlap, so a few hundred
 * ms between sipp's start (at its ACK) and baresip's (at its answer) changes nothing. The rep's
 * long turn is three phrases with half-second breaths: one monologue, less talk than its length.
 */
const SCRIPT: ScriptLine[] = [
  { side: 'caller', fromSec: 6, toSec: 13 },
  { side: 'rep', fromSec: 14.5, toSec: 18.5 },
  { side: 'rep', fromSec: 19, toSec: 22.5 },
  { side: 'rep', fromSec: 23.1, toSec: 26.5 },
  { side: 'caller', fromSec: 28, toSec: 33 },
  { side: 'rep', fromSec: 34.5, toSec: 40.5 },
];
/** The call is hung up this long after the answer (the last line's end and some noise). */
const HANG_UP_SEC = 42.5;
/** The audio files run on past the hang-up (sipp loops its file; baresip's aufile stops at its end). */
const AUDIO_SEC = 60;

/**
 * What the script says. Talk: the rep 4 + 3.5 + 3.4 + 6 = 16.9 s, the caller 7 + 5 = 12 s, so the
 * rep's talk/listen ratio is 16.9 / 28.9 = 0.585. Longest monologue: the rep's 14.5-26.5 s, 12 s
 * (its phrases joined across breaths under 1 s; every turn is cut by the other side's next one).
 * The analyser holds each utterance 0.2 s (its hangover), so it should read 17.7 / 30.1 = 0.588
 * and 12.2 s: inside the 5 % the issue allows.
 */
const REP = scriptTruth(SCRIPT, 'rep');
const CALLER = scriptTruth(SCRIPT, 'caller');
const EXPECTED_SHARE = REP.talkSec / (REP.talkSec + CALLER.talkSec);
/**
 * A side's longest monologue in the script, as docs/reports.md defines it: its lines joined across
 * its own breaks of up to 1 s, cut by the other side saying something of 1 s or more.
 */
function scriptMonologue(side: ScriptLine['side']): number {
  let best = 0;
  let run: { from: number; to: number } | null = null;
  for (const l of [...SCRIPT].sort((a, b) => a.fromSec - b.fromSec)) {
    if (l.side !== side) {
      if (l.toSec - l.fromSec >= 1) run = null;
    } else if (run && l.fromSec - run.to <= 1) run.to = Math.max(run.to, l.toSec);
    else run = { from: l.fromSec, to: l.toSec };
    if (run) best = Math.max(best, run.to - run.from);
  }
  return best;
}
/** The rep's 14.5-26.5 s (12 s) and the caller's 6-13 s (7 s). */
const EXPECTED_LONGEST = scriptMonologue('rep');
const EXPECTED_CALLER_LONGEST = scriptMonologue('caller');

/** Each side's audio, 8 kHz 16-bit: the script synthesized as a two-channel call (caller 0, rep 1), split. */
function sides(): { caller: Int16Array; rep: Int16Array } {
  const both = synthesize({ sampleRate: 8000, durationSec: AUDIO_SEC, repChannel: 1, lines: SCRIPT, seed: 16 });
  const caller = new Int16Array(both.length / 2);
  const rep = new Int16Array(both.length / 2);
  for (let i = 0; i < caller.length; i++) [caller[i], rep[i]] = [both[2 * i]!, both[2 * i + 1]!];
  return { caller, rep };
}

const within = (actual: number, expected: number, share = 0.05) => Math.abs(actual - expected) <= Math.abs(expected) * share;

describe('softphone: conversation figures of a real recorded call with scripted speech', () => {
  const recordingsDir = mkdtempSync(join(tmpdir(), 'cb-recordings-'));
  const stack = new MediaStack(PORTS, undefined, { RTPENGINE_NG: `127.0.0.1:${PORTS.ng}`, RECORDINGS_DIR: recordingsDir }, join(recordingsDir, 'spool'));
  const audio = sides();
  let browser: SoftphoneBrowser | undefined;

  beforeAll(async () => {
    await stack.start();
    const head = (await new Api(stack.backend.url).login('head@example.com')).api;
    const settings = await head.get('/api/recordings/settings');
    expect(settings.body.available).toBe(true);
    const put = await head.request('PUT', '/api/recordings/settings', { defaultPolicy: 'every_call', pipelines: [], numbers: [], retentionDays: settings.body.retentionDays });
    expect(put.status).toBe(200);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stack.stop();
    rmSync(recordingsDir, { recursive: true, force: true });
  }, 30_000);

  it("should give the rep's talk/listen ratio and the longest monologue within 5% of the script when each side speaks at known times", async () => {
    const { api: alice, token } = await new Api(stack.backend.url).login('alice@example.com');
    const socket = await RecordingSocket.connect(stack.backend.url, token);
    const c = (await alice.get('/api/telephony/credentials')).body as { authUsername: string; password: string; sipUri: string };
    const desk: Baresip = await startBaresip({
      user: /^sip:([^@]+)@/.exec(c.sipUri)![1]!,
      domain: SIP_DOMAIN,
      authUser: c.authUsername,
      password: c.password,
      server: { host: '127.0.0.1', port: PORTS.sip, transport: 'udp' },
      listen: `127.0.0.1:${PORTS.sippUas + 30}`,
      sourceWav: wavBytes(audio.rep, 8000, 1),
    });
    const sipp = runSipp({
      scenario: scenarioWithAudio('uac-audio.xml', writeUlaw(audio.caller, 'caller.ulaw')),
      target: stack.sipTarget,
      service: SALES_NUMBER,
      port: PORTS.sippUac,
      controlPort: PORTS.sippUacControl,
      inject: [['Carol Customer', CALLER_NUMBER]],
      extra: ['-mp', String(PORTS.sippUacMedia)],
      timeoutSec: 90,
    });
    let call: { id: string; sipCallId: string } | undefined;
    try {
      await desk.registered(10_000);
      expect(await desk.waitFor(/Call established/i, 15_000)).toBeTruthy();
      // both scripts run from here: sipp's from its ACK, baresip's from its answer
      const answeredAt = Date.now();
      call = await waitFor(
        async () => {
          const calls = (await alice.get('/api/calls?limit=5')).body as Array<{ id: string; sipCallId: string; fromNumber: string | null }>;
          return calls.find((x) => x.fromNumber === CALLER_NUMBER) ?? null;
        },
        'the desk call in the CRM',
        10_000,
      );
      await waitFor(
        async () => {
          const s = ((await alice.get(`/api/recordings?sipCallIds=${encodeURIComponent(call!.sipCallId)}`)).body as any[]).find((x) => x.sipCallId === call!.sipCallId);
          if (s && ['failed', 'unavailable'].includes(s.status)) throw new Error(`recording not started: ${JSON.stringify(s)}`);
          return s?.status === 'recording';
        },
        'the recording started at the answer',
        10_000,
      );
      // the script's length (a duration, not an event)
      await new Promise((r) => setTimeout(r, Math.max(0, answeredAt + HANG_UP_SEC * 1000 - Date.now())));
    } finally {
      // baresip hangs up as it exits: the carrier gets its BYE
      await desk.stop();
      const done = await sipp.done;
      if (done.code !== 0) throw new Error(`sipp exited ${done.code}\n${done.output.slice(-3000)}`);
    }

    // the backend stores the recording, analyses it and tells the rep's views
    await socket.waitFor('call.conversation', (p) => p.callId === call!.id, 60_000);
    socket.close();
    const figures = (await alice.get(`/api/calls/${call!.id}/conversation`)).body.conversation;
    const measured = { repTalkShare: figures.repTalkShare, longestMonologueSec: figures.repLongestMonologueSec, by: figures.longestMonologueBy };
    const script = { repTalkShare: EXPECTED_SHARE, longestMonologueSec: EXPECTED_LONGEST, callerLongestMonologueSec: EXPECTED_CALLER_LONGEST, by: 'rep' };
    // the figures measured on this run, for the docs (docs/reports.md, "Conversations")
    console.log(`conversation figures of a real call: ${JSON.stringify(figures)}; script: ${JSON.stringify({ ...script, repTalkSec: REP.talkSec, callerTalkSec: CALLER.talkSec })}`);
    expect({ ...measured, shareWithin5: within(measured.repTalkShare, EXPECTED_SHARE), longestWithin5: within(measured.longestMonologueSec, EXPECTED_LONGEST) }).toEqual({
      ...measured,
      shareWithin5: true,
      longestWithin5: true,
      by: 'rep',
    });
    // the caller's longest (7 s, cut at 14.5 s by the rep's reply) too
    expect({ callerLongest: figures.callerLongestMonologueSec, within5: within(figures.callerLongestMonologueSec, EXPECTED_CALLER_LONGEST) }).toEqual({
      callerLongest: figures.callerLongestMonologueSec,
      within5: true,
    });

    // and the rep sees them under the call in the call history
    browser = await launchSoftphoneBrowser();
    const page = await browser.login(stack.backend.url, 'alice@example.com', 'callboard');
    await page.goto(`${stack.backend.url}/calls`);
    const row = page.locator(`[data-testid="calls-row"][data-call-id="${call!.id}"]`);
    await row.waitFor({ timeout: 15_000 });
    await row.getByTestId('conversation-toggle').locator('summary').click();
    const shown = row.getByTestId('conversation-figures');
    await shown.waitFor({ timeout: 15_000 });
    const [talkPct, listenPct] = [Math.round(figures.repTalkShare * 100), Math.round((1 - figures.repTalkShare) * 100)];
    expect(await shown.getByTestId('conversation-talk-listen').textContent()).toMatch(new RegExp(`${talkPct}\\s?%.*${listenPct}\\s?%`));
    const longest = Math.round(figures.repLongestMonologueSec);
    expect(await shown.getByTestId('conversation-longest').textContent()).toContain(`0:${String(longest).padStart(2, '0')}`);
  }, 180_000);
});
