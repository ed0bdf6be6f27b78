import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BridgeProcess } from './bridge';
import { CrmStub } from './crm-stub';
import { startTestKamailio, type TestKamailio } from './kamailio';
import { portBlock } from './ports';
import type { TelephonyCredentials } from '@callboard/contracts';
import { startAgent, type IncomingPolicy, type SipAgent } from './sip-agent';

export const SALES_NUMBER = '+3612345678';
export const SIP_DOMAIN = 'callboard.test';

export interface StackOptions {
  /** Offset inside the worker's port block (see ports.ts). */
  offset?: number;
  /** First port of the range (ports.ts PORT_RANGES); 21000 by default. */
  firstPort?: number;
  /** A real backend instead of the CRM stub: Kamailio's routing and the bridge's deliveries go there. */
  backendUrl?: string;
  /** Must equal the backend's PBX_SERVICE_TOKEN / SIP_SHARED_SECRET when backendUrl is given. */
  token?: string;
  secret?: string;
  /** Extra environment for the bridge process. */
  bridgeEnv?: Record<string, string>;
}

/**
 * Kamailio + bridge + CRM (the stub, or a real backend given by `backendUrl`) on test ports:
 * what each telephony spec file starts once.
 */
export class TelephonyStack {
  readonly secret: string;
  readonly token: string;
  readonly port: (n: number) => number;
  readonly backendUrl: string | null;
  /** Only when no backendUrl was given. */
  crm!: CrmStub;
  kamailio!: TestKamailio;
  bridge!: BridgeProcess;
  readonly dataDir = mkdtempSync(join(tmpdir(), 'cb-bridge-'));
  private agents: SipAgent[] = [];
  private sippPort = 60;

  constructor(options: number | StackOptions = 0) {
    const o: StackOptions = typeof options === 'number' ? { offset: options } : options;
    this.port = portBlock(o.offset ?? 0, o.firstPort);
    this.backendUrl = o.backendUrl ?? null;
    this.secret = o.secret ?? 'test-shared-secret-' + Math.random().toString(36).slice(2);
    this.token = o.token ?? 'test-service-token-' + Math.random().toString(36).slice(2);
    this.bridgeEnv = o.bridgeEnv ?? {};
  }

  private readonly bridgeEnv: Record<string, string>;

  /** Where Kamailio asks for routing and the bridge delivers events. */
  get crmUrl(): string {
    return this.backendUrl ?? this.crm.url;
  }

  get sipTarget(): string {
    return `127.0.0.1:${this.port(0)}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port(1)}`;
  }

  /** SIP over TLS and WSS (only when started with `tls`); the test certificate names localhost. */
  get tlsPort(): number {
    return this.port(7);
  }

  get wssUrl(): string {
    return `wss://localhost:${this.port(8)}`;
  }

  /** A fresh sipp port pair (SIP, control). */
  sippPorts(): { port: number; controlPort: number } {
    const p = this.sippPort;
    this.sippPort += 2;
    if (this.sippPort > 190) this.sippPort = 60;
    return { port: this.port(p), controlPort: this.port(p + 1) };
  }

  async start(extra: Record<string, unknown> = {}): Promise<this> {
    if (!this.backendUrl) this.crm = await new CrmStub(this.token).start(this.port(4));
    await this.startKamailio(extra);
    this.bridge = await new BridgeProcess({
      backendUrl: this.crmUrl,
      serviceToken: this.token,
      evapiPort: this.port(2),
      rpcPort: this.port(3),
      dataDir: this.dataDir,
      env: this.bridgeEnv,
    }).start();
    return this;
  }

  private kamailioExtra: Record<string, unknown> = {};

  /** Starts (or restarts) Kamailio; `extra` options are kept for later restarts. */
  async startKamailio(extra: Record<string, unknown> = this.kamailioExtra): Promise<void> {
    this.kamailioExtra = extra;
    this.kamailio = await startTestKamailio({
      sipPort: this.port(0),
      wsPort: this.port(1),
      evapiPort: this.port(2),
      rpcPort: this.port(3),
      backendUrl: this.crmUrl,
      serviceToken: this.token,
      sharedSecret: this.secret,
      trunkAddresses: ['127.0.0.1'],
      salesNumbers: [SALES_NUMBER],
      trunkOutbound: `127.0.0.1:${this.port(50)}`,
      sipDomain: SIP_DOMAIN,
      tlsPort: this.tlsPort,
      wssPort: this.port(8),
      ...extra,
    });
  }

  async agent(extension: string, policy: IncomingPolicy = 'manual'): Promise<SipAgent> {
    const a = await startAgent({ extension, wsUrl: this.wsUrl, domain: SIP_DOMAIN, secret: this.secret, policy });
    this.agents.push(a);
    return a;
  }

  /**
   * An agent registered with credentials as the backend issued them (GET /api/telephony/credentials):
   * its URI, auth username, password and WebSocket URL are used as given.
   */
  async agentWithCredentials(creds: TelephonyCredentials, policy: IncomingPolicy = 'manual'): Promise<SipAgent> {
    const m = /^sip:([^@]+)@(.+)$/.exec(creds.sipUri);
    if (!m) throw new Error(`unexpected sipUri ${creds.sipUri}`);
    const a = await startAgent({
      extension: m[1],
      domain: m[2],
      // the stack's backend has SIP_WS_URL set; without it a browser derives the URL from its page
      wsUrl: creds.wsUrl ?? this.wsUrl,
      secret: '',
      username: creds.authUsername,
      password: creds.password,
      policy,
    });
    this.agents.push(a);
    return a;
  }

  /** Closes the SIP server's CRM circuit breaker (it stays open for a while after a CRM failure). */
  async resetCrmBreaker(): Promise<void> {
    await this.kamailio.rpc('htable.delete', ['cb', 'open']).catch(() => undefined);
  }

  async stopAgents(): Promise<void> {
    await Promise.all(this.agents.map((a) => a.stop()));
    this.agents = [];
  }

  async stop(): Promise<void> {
    await this.stopAgents();
    await this.bridge?.stop();
    await this.kamailio?.stop();
    await this.crm?.stop();
  }
}
