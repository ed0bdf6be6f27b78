import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BridgeProcess } from './bridge';
import { CrmStub } from './crm-stub';
import { startTestKamailio, type TestKamailio } from './kamailio';
import { portBlock } from './ports';
import { startAgent, type IncomingPolicy, type SipAgent } from './sip-agent';

export const SALES_NUMBER = '+3612345678';
export const SIP_DOMAIN = 'callboard.test';

/** Kamailio + bridge + CRM stub on test ports: what each telephony spec file starts once. */
export class TelephonyStack {
  readonly secret = 'test-shared-secret-' + Math.random().toString(36).slice(2);
  readonly token = 'test-service-token-' + Math.random().toString(36).slice(2);
  readonly port: (n: number) => number;
  crm!: CrmStub;
  kamailio!: TestKamailio;
  bridge!: BridgeProcess;
  readonly dataDir = mkdtempSync(join(tmpdir(), 'cb-bridge-'));
  private agents: SipAgent[] = [];
  private sippPort = 60;

  constructor(offset = 0) {
    this.port = portBlock(offset);
  }

  get sipTarget(): string {
    return `127.0.0.1:${this.port(0)}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port(1)}`;
  }

  /** A fresh sipp port pair (SIP, control). */
  sippPorts(): { port: number; controlPort: number } {
    const p = this.sippPort;
    this.sippPort += 2;
    if (this.sippPort > 190) this.sippPort = 60;
    return { port: this.port(p), controlPort: this.port(p + 1) };
  }

  async start(extra: Record<string, unknown> = {}): Promise<this> {
    this.crm = await new CrmStub(this.token).start(this.port(4));
    await this.startKamailio(extra);
    this.bridge = await new BridgeProcess({
      backendUrl: this.crm.url,
      serviceToken: this.token,
      evapiPort: this.port(2),
      rpcPort: this.port(3),
      dataDir: this.dataDir,
    }).start();
    return this;
  }

  async startKamailio(extra: Record<string, unknown> = {}): Promise<void> {
    this.kamailio = await startTestKamailio({
      sipPort: this.port(0),
      wsPort: this.port(1),
      evapiPort: this.port(2),
      rpcPort: this.port(3),
      backendUrl: this.crm.url,
      serviceToken: this.token,
      sharedSecret: this.secret,
      trunkAddresses: ['127.0.0.1'],
      salesNumbers: [SALES_NUMBER],
      trunkOutbound: `127.0.0.1:${this.port(50)}`,
      sipDomain: SIP_DOMAIN,
      ...extra,
    });
  }

  async agent(extension: string, policy: IncomingPolicy = 'manual'): Promise<SipAgent> {
    const a = await startAgent({ extension, wsUrl: this.wsUrl, domain: SIP_DOMAIN, secret: this.secret, policy });
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
