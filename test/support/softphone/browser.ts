import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../e2e/browser';

// The e2e Chromium plus a fake microphone, loopback ICE and autoplay.
const ARGS = [
  ...CHROMIUM_ARGS,
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
];

// Keeps every RTCPeerConnection the page creates, so the test can read getStats().
const TRACK_PEER_CONNECTIONS = `(() => {
  const Native = window.RTCPeerConnection;
  window.__pcs = [];
  window.RTCPeerConnection = function (...args) {
    const pc = new Native(...args);
    window.__pcs.push(pc);
    return pc;
  };
  window.RTCPeerConnection.prototype = Native.prototype;
  Object.setPrototypeOf(window.RTCPeerConnection, Native);
})();`;

export interface SoftphoneBrowser {
  /** A page logged in as `email` (its own isolated context). */
  login(baseUrl: string, email: string, password: string): Promise<Page>;
  /** A fresh isolated context's page, not signed in (same microphone and peer-connection tracking). */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export interface SoftphoneBrowserOptions {
  /** Another Chromium launcher (the cross-machine spec's `ip netns exec` wrapper). */
  executablePath?: string;
}

export async function launchSoftphoneBrowser(extraArgs: string[] = [], o: SoftphoneBrowserOptions = {}): Promise<SoftphoneBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'cb-softphone-chromium-'));
  const persistent: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: o.executablePath ?? CHROMIUM,
    headless: true,
    args: [...ARGS, ...extraArgs],
  });
  const browser = persistent.browser()!;
  const newPage = async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, permissions: ['microphone'] });
    await context.addInitScript(TRACK_PEER_CONNECTIONS);
    return context.newPage();
  };
  return {
    newPage,
    async login(baseUrl, email, password) {
      const page = await newPage();
      await page.goto(`${baseUrl}/login`);
      await page.getByTestId('login-email').fill(email);
      await page.getByTestId('login-password').fill(password);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('board').waitFor();
      return page;
    },
    async close() {
      await persistent.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** RTP counters of the page's live audio peer connection (inbound/outbound-rtp). */
export async function audioStats(page: Page): Promise<{ received: number; sent: number; connected: boolean }> {
  return page.evaluate(async () => {
    const pcs = ((window as unknown as { __pcs: RTCPeerConnection[] }).__pcs ?? []).filter((pc) => pc.connectionState !== 'closed');
    let received = 0;
    let sent = 0;
    let connected = false;
    for (const pc of pcs) {
      if (pc.iceConnectionState === 'connected' || pc.iceConnectionState === 'completed') connected = true;
      const stats = await pc.getStats();
      stats.forEach((s: { type: string; kind?: string; packetsReceived?: number; packetsSent?: number }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') received += s.packetsReceived ?? 0;
        if (s.type === 'outbound-rtp' && s.kind === 'audio') sent += s.packetsSent ?? 0;
      });
    }
    return { received, sent, connected };
  });
}

/**
 * The microphone side of the live call: whether each audio sender's track is enabled, the
 * energy of what it captured (media-source totalAudioEnergy) and the RTP packets sent.
 */
export async function micStats(page: Page): Promise<{ enabled: boolean[]; energy: number; sent: number }> {
  return page.evaluate(async () => {
    const pcs = ((window as unknown as { __pcs: RTCPeerConnection[] }).__pcs ?? []).filter((pc) => pc.connectionState !== 'closed');
    const enabled: boolean[] = [];
    let energy = 0;
    let sent = 0;
    for (const pc of pcs) {
      for (const sender of pc.getSenders()) if (sender.track?.kind === 'audio') enabled.push(sender.track.enabled);
      const stats = await pc.getStats();
      stats.forEach((s: { type: string; kind?: string; totalAudioEnergy?: number; packetsSent?: number }) => {
        if (s.type === 'media-source' && s.kind === 'audio') energy += s.totalAudioEnergy ?? 0;
        if (s.type === 'outbound-rtp' && s.kind === 'audio') sent += s.packetsSent ?? 0;
      });
    }
    return { enabled, energy, sent };
  });
}

// Keeps every text frame the page's WebSockets receive (SIP over WS; socket.io frames too).
const RECORD_WS_FRAMES = `(() => {
  const Native = window.WebSocket;
  window.__wsIn = [];
  window.WebSocket = function (...args) {
    const ws = new Native(...args);
    ws.addEventListener('message', (e) => { if (typeof e.data === 'string') window.__wsIn.push(e.data); });
    return ws;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.setPrototypeOf(window.WebSocket, Native);
})();`;

/** Records what the page's WebSockets receive from now on (reloads the page so the SIP socket is wrapped). */
export async function recordWebSocketFrames(page: Page): Promise<void> {
  await page.context().addInitScript(RECORD_WS_FRAMES);
  await page.reload();
}

/** The SIP requests of `method` the page received over WebSocket since {@link recordWebSocketFrames}. */
export async function receivedSipRequests(page: Page, method: string): Promise<string[]> {
  const frames = await page.evaluate(() => (window as unknown as { __wsIn?: string[] }).__wsIn ?? []);
  return frames.filter((f) => f.startsWith(`${method} sip:`));
}
