/* A SIP user agent in Node standing in for a rep's browser softphone: sip.js 0.21 over WebSocket
 * with a static-SDP session description handler (no WebRTC in Node). */
import WebSocket, { type ClientOptions } from 'ws';
import { mintSipCredentials } from './credentials';
import { waitFor } from './wait';

const socketOptions = new Map<string, ClientOptions>();
/** Options for sip.js's WebSocket to one server URL, e.g. the CA to trust for wss://. */
export function setWebSocketOptions(url: string, options: ClientOptions): void {
  socketOptions.set(url, options);
}
/** `ws` with per-server options: sip.js constructs `new WebSocket(url, 'sip')` itself. */
class TestWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols, socketOptions.get(String(url)));
  }
}
(globalThis as { WebSocket?: unknown }).WebSocket ??= TestWebSocket;

type SipJs = typeof import('sip.js');
let sipjs: Promise<SipJs> | null = null;
/** sip.js is ESM-only: loaded lazily (jest transforms it to CommonJS). */
export function loadSipJs(): Promise<SipJs> {
  sipjs ??= import('sip.js');
  return sipjs;
}

const STATIC_SDP = (ip: string) =>
  [
    'v=0',
    `o=agent 1 1 IN IP4 ${ip}`,
    's=-',
    `c=IN IP4 ${ip}`,
    't=0 0',
    'm=audio 40000 RTP/AVP 0',
    'a=rtpmap:0 PCMU/8000',
    'a=sendrecv',
    '',
  ].join('\r\n');

class StaticSdh {
  constructor(private readonly ip: string) {}
  close(): void {}
  async getDescription(): Promise<{ body: string; contentType: string }> {
    return { body: STATIC_SDP(this.ip), contentType: 'application/sdp' };
  }
  hasDescription(contentType: string): boolean {
    return contentType === 'application/sdp';
  }
  async setDescription(): Promise<void> {}
  sendDtmf(): boolean {
    return false;
  }
  async rollbackDescription(): Promise<void> {}
}

export type IncomingPolicy = 'manual' | 'answer' | { answerAfterMs: number } | 'decline' | 'busy';

export interface AgentOptions {
  extension: string;
  wsUrl: string;
  domain: string;
  secret: string;
  /** Override the credentials (wrong / expired password tests). */
  username?: string;
  password?: string;
  policy?: IncomingPolicy;
}

export interface AgentCall {
  callId: string;
  /** The final failure status of an outgoing call (403, 480, ...), when it got one. */
  status?: number;
  fromName?: string;
  /** The caller's URI user (an incoming call's From), and when the INVITE reached the agent (performance.now()). */
  fromUser?: string;
  invitedAt?: number;
  state: 'ringing' | 'answered' | 'cancelled' | 'declined' | 'ended';
  session: unknown;
  log: string[];
  /** The final failure response to an outgoing INVITE, when it was refused. */
  refused?: { statusCode: number; reasonPhrase: string; warning?: string; refusal?: string };
}

/** The answer to an in-dialog request (REFER): its status line and the headers a test checks. */
export interface RequestOutcome {
  statusCode: number;
  reasonPhrase: string;
  warning?: string;
}

/** Wraps a sip.js UserAgent + Registerer; records every incoming call and what happened to it. */
export class SipAgent {
  readonly calls: AgentCall[] = [];
  registerResult: 'none' | 'registered' | 'rejected' = 'none';
  registerStatus = 0;
  private ua: any;
  private registerer: any;
  private sip!: SipJs;

  constructor(readonly options: AgentOptions) {}

  async start(): Promise<this> {
    this.sip = await loadSipJs();
    const { UserAgent } = this.sip;
    const creds = mintSipCredentials(this.options.secret, this.options.extension);
    this.ua = new UserAgent({
      uri: UserAgent.makeURI(`sip:${this.options.extension}@${this.options.domain}`),
      transportOptions: { server: this.options.wsUrl, traceSip: !!process.env.SIP_TRACE },
      authorizationUsername: this.options.username ?? creds.username,
      authorizationPassword: this.options.password ?? creds.password,
      sessionDescriptionHandlerFactory: () => new StaticSdh('127.0.0.1') as never,
      logBuiltinEnabled: !!process.env.SIP_TRACE,
      logLevel: process.env.SIP_TRACE ? 'debug' : 'error',
      noAnswerTimeout: 120,
      delegate: { onInvite: (inv: any) => this.onInvite(inv) },
    });
    await this.ua.start();
    return this;
  }

  async register(): Promise<boolean> {
    const { Registerer } = this.sip;
    this.registerer = new Registerer(this.ua, { expires: 300, refreshFrequency: 90 });
    await new Promise<void>((resolve) => {
      this.registerer
        .register({
          requestDelegate: {
            onAccept: () => {
              this.registerResult = 'registered';
              resolve();
            },
            onReject: (res: any) => {
              this.registerResult = 'rejected';
              this.registerStatus = res.message.statusCode;
              resolve();
            },
          },
        })
        .catch(() => {
          this.registerResult = 'rejected';
          resolve();
        });
    });
    return this.registerResult === 'registered';
  }

  private onInvite(inv: any): void {
    const call: AgentCall = {
      callId: inv.request.callId,
      fromName: inv.request.from.displayName,
      fromUser: inv.request.from.uri.user,
      invitedAt: performance.now(),
      state: 'ringing',
      session: inv,
      log: ['invite'],
    };
    this.calls.push(call);
    const { SessionState } = this.sip;
    inv.stateChange.addListener((s: string) => {
      call.log.push(s);
      if (s === SessionState.Established) call.state = 'answered';
      if (s === SessionState.Terminated) {
        if (call.state === 'ringing') call.state = 'cancelled';
        else if (call.state === 'answered') call.state = 'ended';
      }
    });
    // in-dialog ACK and BYE are logged: "ack via=<Via count> tag=<our to-tag>", "bye via=<n> <Reason>"
    // (a request the SIP server made itself has one Via, one relayed from the carrier two)
    const vias = (req: any) => req.getHeaders('via').length;
    inv.delegate = {
      onAck: (ack: any) => call.log.push(`ack via=${vias(ack.request)} tag=${ack.request.toTag}`),
      onBye: (bye: any) => {
        call.log.push(`bye via=${vias(bye.request)} ${bye.request.getHeader('Reason') ?? ''}`.trim());
        bye.accept().catch(() => undefined);
      },
    };
    inv.progress().catch(() => undefined);
    const policy = this.options.policy ?? 'manual';
    if (policy === 'answer') void this.answer(call);
    else if (policy === 'decline') void this.decline(call);
    else if (policy === 'busy') void this.decline(call, 486);
    else if (typeof policy === 'object') setTimeout(() => void this.answer(call), policy.answerAfterMs);
  }

  async answer(call: AgentCall): Promise<void> {
    if (call.state !== 'ringing') return;
    await (call.session as any).accept().catch((e: unknown) => call.log.push(`accept failed: ${String(e)}`));
  }

  async decline(call: AgentCall, statusCode = 480): Promise<void> {
    if (call.state !== 'ringing') return;
    call.state = 'declined';
    await (call.session as any).reject({ statusCode }).catch(() => undefined);
  }

  async hangup(call: AgentCall): Promise<void> {
    await (call.session as any).bye();
  }

  /** Places a call (outbound through the trunk, or to another extension). */
  async dial(target: string, extraHeaders: string[] = []): Promise<AgentCall> {
    const { Inviter, UserAgent, SessionState } = this.sip;
    const inviter = new Inviter(this.ua, UserAgent.makeURI(`sip:${target}@${this.options.domain}`)!, { extraHeaders });
    const call: AgentCall = { callId: inviter.request.callId, state: 'ringing', session: inviter, log: ['dial'] };
    this.calls.push(call);
    inviter.stateChange.addListener((s: string) => {
      call.log.push(s);
      if (s === SessionState.Established) call.state = 'answered';
      if (s === SessionState.Terminated) call.state = call.state === 'answered' ? 'ended' : 'cancelled';
    });
    await inviter.invite({
      requestDelegate: {
        onReject: (res: any) => {
          const m = res.message;
          call.status = m.statusCode;
          call.refused = {
            statusCode: m.statusCode,
            reasonPhrase: m.reasonPhrase,
            warning: m.getHeader('Warning'),
            refusal: m.getHeader('X-Callboard-Refusal'),
          };
        },
      },
    });
    return call;
  }

  /** Gives up a call that is still ringing (CANCEL). */
  async cancel(call: AgentCall): Promise<void> {
    await (call.session as any).cancel();
  }

  /** Sends REFER inside an established call and resolves with the answer to it. */
  refer(call: AgentCall, referTo: string): Promise<RequestOutcome> {
    const { UserAgent } = this.sip;
    const target = UserAgent.makeURI(referTo);
    if (!target) throw new Error(`not a URI: ${referTo}`);
    return new Promise<RequestOutcome>((resolve, reject) => {
      const outcome = (res: any): RequestOutcome => ({
        statusCode: res.message.statusCode,
        reasonPhrase: res.message.reasonPhrase,
        warning: res.message.getHeader('Warning'),
      });
      (call.session as any)
        .refer(target, { requestDelegate: { onAccept: (r: any) => resolve(outcome(r)), onReject: (r: any) => resolve(outcome(r)) } })
        .catch(reject);
    });
  }

  /** The agent's tab is gone: its WebSocket is torn down under it (no BYE, no un-REGISTER, no close frame). */
  vanish(): void {
    (this.ua.transport.ws as WebSocket).terminate();
  }

  waitForCall(label = 'an incoming call', timeoutMs = 10_000, index = 0): Promise<AgentCall> {
    return waitFor(() => this.calls[index], `${this.options.extension}: ${label}`, timeoutMs);
  }

  async stop(): Promise<void> {
    try {
      if (this.registerer && this.registerResult === 'registered') await this.registerer.unregister().catch(() => undefined);
      await this.ua?.stop();
    } catch {
      /* already gone */
    }
  }
}

export async function startAgent(options: AgentOptions, register = true): Promise<SipAgent> {
  const agent = await new SipAgent(options).start();
  if (register) {
    const ok = await agent.register();
    if (!ok) await agent.stop();
    if (!ok) throw new Error(`${options.extension}: REGISTER refused (${agent.registerStatus})`);
  }
  return agent;
}
