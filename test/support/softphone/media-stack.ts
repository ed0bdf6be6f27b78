import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackend, type StartedBackend } from '../backend';
import { BridgeProcess } from '../sip/bridge';
import { startTestKamailio, type TestKamailio } from '../sip/kamailio';
import { startTestRtpengine, type TestRtpengine } from './rtpengine';

export const SALES_NUMBER = '+3612345678';
export const SIP_DOMAIN = 'callboard.test';

/** The softphone suite's ports: 23000+, away from 5060/8088/3000 and the 21000+ telephony block. */
export function softphonePorts(base = Number(process.env.SOFTPHONE_PORT_BASE ?? 23000)) {
  return {
    ng: base + 1,
    sip: base + 10,
    ws: base + 11,
    evapi: base + 12,
    rpc: base + 13,
    sippUac: base + 20,
    sippUacControl: base + 21,
    sippUacMedia: base + 30,
    sippUas: base + 40,
    sippUasControl: base + 41,
    sippUasMedia: base + 50,
    /** A relay in front of the WebSocket port (network-loss tests). */
    wsProxy: base + 14,
    rtpMin: base + 100,
    rtpMax: base + 299,
  };
}

/**
 * The whole path with real parts: rtpengine (first, pinged) → Kamailio with media hooks → the
 * bridge → the real backend on a fresh database (it serves frontend/dist).
 */
export class MediaStack {
  /** Spec files that run side by side take different bases (a block spans 300 ports). */
  constructor(
    readonly ports = softphonePorts(),
    /** The WebSocket URL browsers are given (defaults to Kamailio's own WS port). */
    private readonly browserWsUrl = `ws://127.0.0.1:${ports.ws}`,
    /** More backend settings (e.g. TLS_CERT_FILE for an https page). */
    private readonly backendEnv: Record<string, string> = {},
    /** rtpengine's recording spool (issue 16): recorded calls' pcap stretches go there. */
    readonly recordingDir?: string,
  ) {}

  backend!: StartedBackend;
  rtpengine!: TestRtpengine;
  kamailio!: TestKamailio;
  bridge!: BridgeProcess;

  async start(): Promise<this> {
    this.backend = await startBackend({
      seed: 'users',
      env: { SIP_WS_URL: this.browserWsUrl, SIP_DOMAIN, ...this.backendEnv },
    });
    this.rtpengine = await startTestRtpengine({ ngPort: this.ports.ng, portMin: this.ports.rtpMin, portMax: this.ports.rtpMax, recordingDir: this.recordingDir });
    this.kamailio = await startTestKamailio({
      sipPort: this.ports.sip,
      wsPort: this.ports.ws,
      evapiPort: this.ports.evapi,
      rpcPort: this.ports.rpc,
      backendUrl: this.backend.url,
      serviceToken: this.backend.env.PBX_SERVICE_TOKEN!,
      sharedSecret: this.backend.env.SIP_SHARED_SECRET!,
      trunkAddresses: ['127.0.0.1'],
      salesNumbers: [SALES_NUMBER],
      trunkOutbound: `127.0.0.1:${this.ports.sippUas}`,
      sipDomain: SIP_DOMAIN,
      rtpengineSocket: this.rtpengine.socket,
    });
    this.bridge = await new BridgeProcess({
      backendUrl: this.backend.url,
      serviceToken: this.backend.env.PBX_SERVICE_TOKEN!,
      evapiPort: this.ports.evapi,
      rpcPort: this.ports.rpc,
      dataDir: mkdtempSync(join(tmpdir(), 'cb-sp-bridge-')),
    }).start();
    return this;
  }

  get sipTarget(): string {
    return `127.0.0.1:${this.ports.sip}`;
  }

  async stop(): Promise<void> {
    await this.bridge?.stop().catch(() => undefined);
    await this.kamailio?.stop().catch(() => undefined);
    await this.rtpengine?.stop().catch(() => undefined);
    await this.backend?.destroy().catch(() => undefined);
  }
}

/** G.711 µ-law encoding of one 16-bit linear sample. */
function linearToUlaw(sample: number): number {
  const BIAS = 0x84;
  const sign = sample < 0 ? 0x80 : 0;
  let s = Math.min(Math.abs(sample), 32635) + BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** Writes `seconds` of a `hz` tone (440 Hz by default) as raw 8 kHz µ-law (what sipp's rtp_stream plays). */
export function writeUlawTone(seconds = 2, hz = 440): string {
  const samples = new Int16Array(8000 * seconds);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / 8000));
  return writeUlaw(samples, 'tone.ulaw');
}

/** Writes 8 kHz 16-bit samples as raw µ-law (what sipp's rtp_stream plays); returns the file. */
export function writeUlaw(samples: Int16Array, name = 'audio.ulaw'): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cb-audio-')), name);
  writeFileSync(file, Buffer.from(Array.from(samples, linearToUlaw)));
  return file;
}

/** A scenario from test/softphone/scenarios with its AUDIO_FILE placeholder set to `audioFile`. */
export function scenarioWithAudio(name: string, audioFile: string): string {
  const xml = readFileSync(join(__dirname, '..', '..', 'softphone', 'scenarios', name), 'utf8').replace('rtp_stream="AUDIO_FILE', `rtp_stream="${audioFile}`);
  const out = join(mkdtempSync(join(tmpdir(), 'cb-sipp-sc-')), name);
  writeFileSync(out, xml);
  return out;
}
